/**
 * A repository's remotes as configured (`remote.<name>.url` and `.pushurl`, raw, before any
 * `url.<base>.insteadOf` rewrite) and its url rewrites, read with `git config --get-regexp`.
 * `git remote -v` is not used: it prints URLs already rewritten, and the GitHub core must see
 * both the configured URL and the rewrite to explain what it resolved.
 */
import { GitError, openGit, run } from './gitRepository';

/** A remote as configured: its first `url` and its first `pushurl`. */
export interface ConfiguredRemote {
  readonly name: string;
  readonly url: string;
  readonly pushUrl?: string;
}

/** What {@link readRemoteConfig} reads. */
export interface RemoteConfig {
  /** In the order git lists them (config file order). */
  readonly remotes: readonly ConfiguredRemote[];
  /** `git config -z --get-regexp '^url\.'` output, for `parseUrlRewrites`. */
  readonly urlRewrites: string;
}

/**
 * Runs `git config -z --get-regexp <pattern>`; git exits 1 when no variable matches, which is
 * an empty answer here, not a failure.
 */
async function configMatching(root: string, pattern: string): Promise<string> {
  try {
    return await run(openGit(root), ['config', '-z', '--get-regexp', pattern]);
  } catch (error) {
    if (error instanceof GitError && /git failed:\s*$/.test(error.message)) {
      return '';
    }
    throw error;
  }
}

/**
 * Parses `git config -z --get-regexp '^remote\..*\.(url|pushurl)$'` output (`key\nvalue\0` per
 * entry). A remote name may contain dots (`remote.team.a.url`): the name is what lies between
 * `remote.` and the last `.url`/`.pushurl`. A remote with several urls fetches from the first.
 */
export function parseRemoteConfig(output: string): ConfiguredRemote[] {
  const byName = new Map<string, { url?: string; pushUrl?: string }>();
  for (const entry of output.split('\0')) {
    if (entry.trim() === '') {
      continue;
    }
    const newline = entry.indexOf('\n');
    const key = newline < 0 ? entry : entry.slice(0, newline);
    const value = newline < 0 ? '' : entry.slice(newline + 1);
    const match = /^remote\.(.+)\.(url|pushurl)$/i.exec(key);
    const name = match?.[1];
    if (name === undefined || value === '') {
      continue;
    }
    const remote = byName.get(name) ?? {};
    if (match?.[2]?.toLowerCase() === 'url') {
      remote.url ??= value;
    } else {
      remote.pushUrl ??= value;
    }
    byName.set(name, remote);
  }
  const remotes: ConfiguredRemote[] = [];
  for (const [name, { url, pushUrl }] of byName) {
    if (url !== undefined) {
      remotes.push({ name, url, ...(pushUrl !== undefined ? { pushUrl } : {}) });
    }
  }
  return remotes;
}

/** The remotes and url rewrites of the repository at `root` (repository, global and system config). */
export async function readRemoteConfig(root: string): Promise<RemoteConfig> {
  const [remotes, urlRewrites] = await Promise.all([
    configMatching(root, '^remote\\..*\\.(url|pushurl)$'),
    configMatching(root, '^url\\.'),
  ]);
  return { remotes: parseRemoteConfig(remotes), urlRewrites };
}
