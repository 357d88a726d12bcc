/**
 * The git steps of the GitHub workflow: fetching a pull request's commits, starting a branch for
 * an issue off the remote's default branch. Real git through simple-git; failures are GitErrors
 * with git's own message.
 */
import { GitError, openGit, run } from './gitRepository';

/** Whether `commit` (a full id) is an object of the repository at `root`. */
export async function hasCommit(root: string, commit: string): Promise<boolean> {
  if (!/^[0-9a-f]{40,64}$/i.test(commit)) {
    return false;
  }
  const out = await run(openGit(root), ['rev-parse', '--verify', '--quiet', `${commit}^{commit}`]);
  return out.trim() !== '';
}

/**
 * Fetches what a pull request needs locally: its head (`refs/pull/N/head`, which GitHub keeps
 * on the base repository, forks included) and its base branch, from `remote`.
 */
export async function fetchPullRequest(
  root: string,
  remote: string,
  number: number,
  baseRef: string,
): Promise<void> {
  if (!Number.isInteger(number) || number <= 0) {
    throw new GitError('unknown-ref', `#${String(number)} is not a pull request number`);
  }
  await run(openGit(root), [
    'fetch',
    '--no-tags',
    '--',
    remote,
    `refs/pull/${String(number)}/head`,
    `+refs/heads/${baseRef}:refs/remotes/${remote}/${baseRef}`,
  ]);
}

/** The best common ancestor of two commits (GitHub's three-dot diff base); undefined when none. */
export async function mergeBase(root: string, a: string, b: string): Promise<string | undefined> {
  try {
    const out = (await run(openGit(root), ['merge-base', a, b])).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}

/** The branch `remote`'s HEAD points at, asked of the remote (`git ls-remote --symref`). */
export async function remoteDefaultBranch(root: string, remote: string): Promise<string> {
  const out = await run(openGit(root), ['ls-remote', '--symref', '--', remote, 'HEAD']);
  const match = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(out);
  if (match?.[1] === undefined) {
    throw new GitError(
      'no-default-branch',
      `the remote ${remote} did not say which branch is its default (no HEAD symref)`,
    );
  }
  return match[1];
}

/** The branch checked out at `root`; undefined on a detached HEAD. */
export async function currentBranch(root: string): Promise<string | undefined> {
  const out = (await run(openGit(root), ['symbolic-ref', '-q', '--short', 'HEAD'])).trim();
  return out === '' ? undefined : out;
}

/** What {@link startBranch} did. */
export interface StartedBranch {
  readonly branch: string;
  /** True when the branch was created; false when it existed and was switched to unchanged. */
  readonly created: boolean;
  /** `origin/main`: where a created branch starts. */
  readonly startPoint: string;
}

/**
 * Checks out `branch` for new work: when it exists locally it is switched to as it is (never
 * reset); otherwise the remote's default branch is fetched and the branch created from it (not
 * tracking it: the branch is pushed under its own name later). Git refuses when uncommitted
 * changes would be overwritten; that refusal is the GitError.
 */
export async function startBranch(
  root: string,
  remote: string,
  branch: string,
): Promise<StartedBranch> {
  const git = openGit(root);
  const defaultBranch = await remoteDefaultBranch(root, remote);
  const startPoint = `${remote}/${defaultBranch}`;
  const exists =
    (await run(git, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`])).trim() !== '';
  if (exists) {
    await run(git, ['switch', branch]);
    return { branch, created: false, startPoint };
  }
  await run(git, [
    'fetch',
    '--no-tags',
    '--',
    remote,
    `+refs/heads/${defaultBranch}:refs/remotes/${startPoint}`,
  ]);
  await run(git, ['switch', '--no-track', '-c', branch, startPoint]);
  return { branch, created: true, startPoint };
}
