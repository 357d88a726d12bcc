/**
 * The GitHub repository of a folder: its git root, its remotes as configured, the url rewrites
 * and `~/.ssh/config` aliases applied by the core, the first preferred remote that names a
 * GitHub repository chosen. Editor-free: the editor and tests call it with plain options.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { readRemoteConfig } from '../../git/core/gitRemotes';
import { findRepositoryRoot } from '../../git/core/gitRepository';
import { chooseGitHubRemote, type GitHubRemote } from './remotes';
import { parseUrlRewrites } from './urlRewrites';

/** A folder's repository and the GitHub remote chosen for it. */
export interface DetectedRepository {
  /** The git work tree root. */
  readonly root: string;
  readonly remote: GitHubRemote;
}

export interface DetectOptions {
  /** Remote names to try, in order (the `github.remotes` setting). */
  readonly remoteNames: readonly string[];
  /** GitHub Enterprise Server base URLs (the `github.enterpriseUrl` setting). */
  readonly enterpriseUrls: readonly string[];
  /** The ssh config to read; default `~/.ssh/config`. Missing or unreadable: no aliases. */
  readonly sshConfigPath?: string;
}

function readSshConfig(file: string): string | undefined {
  try {
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Detects the GitHub repository of `folder`. Throws `GitError` when the folder is in no git
 * repository, `RemoteError` (listing each preferred remote and why it was not used) when no
 * preferred remote names a GitHub repository, `GitConfigParseError` on unreadable url rewrites.
 */
export async function detectGitHubRepository(
  folder: string,
  options: DetectOptions,
): Promise<DetectedRepository> {
  const root = await findRepositoryRoot(folder);
  const config = await readRemoteConfig(root);
  const sshConfig = readSshConfig(options.sshConfigPath ?? path.join(homedir(), '.ssh', 'config'));
  const remote = chooseGitHubRemote(config.remotes, options.remoteNames, {
    rewrites: parseUrlRewrites(config.urlRewrites),
    ...(sshConfig !== undefined ? { sshConfig } : {}),
    enterpriseUrls: options.enterpriseUrls,
  });
  return { root, remote };
}
