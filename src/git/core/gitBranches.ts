/**
 * Branch work for the pull request actions: the current branch and its upstream, commits between
 * two revisions, push, fetch, remotes and local branches. Real git through simple-git; failures
 * are {@link GitError}s whose message says what git said.
 */
import { GitError, openGit, run } from './gitRepository';

/** A local branch: its commit and the remote branch it tracks (`origin/feature`), if any. */
export interface LocalBranch {
  readonly name: string;
  readonly commit: string;
  readonly upstream?: string;
}

/** Where a branch pushes and pulls: `branch.<name>.remote` and the branch name there. */
export interface Upstream {
  readonly remote: string;
  /** The branch name on the remote (`branch.<name>.merge` without `refs/heads/`). */
  readonly branch: string;
}

/** A commit of a range, oldest first. */
export interface CommitInfo {
  readonly sha: string;
  readonly subject: string;
  readonly body: string;
}

const unitSeparator = '\x1f';
const recordSeparator = '\x1e';

/** The checked-out branch; undefined when HEAD is detached. */
export async function currentBranch(root: string): Promise<string | undefined> {
  try {
    const name = (await run(openGit(root), ['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim();
    return name === '' ? undefined : name;
  } catch (error) {
    if (error instanceof GitError && error.kind === 'failed') {
      return undefined;
    }
    throw error;
  }
}

async function configValue(root: string, key: string): Promise<string | undefined> {
  try {
    const value = (await run(openGit(root), ['config', '--get', key])).trim();
    return value === '' ? undefined : value;
  } catch {
    // git config exits 1 when the key is unset.
    return undefined;
  }
}

/** The upstream of `branch` as configured; undefined when it tracks nothing (or a local branch). */
export async function upstreamOf(root: string, branch: string): Promise<Upstream | undefined> {
  const [remote, merge] = await Promise.all([
    configValue(root, `branch.${branch}.remote`),
    configValue(root, `branch.${branch}.merge`),
  ]);
  if (remote === undefined || remote === '.' || merge === undefined) {
    return undefined;
  }
  return { remote, branch: merge.replace(/^refs\/heads\//, '') };
}

/** Whether `ref` names a commit. */
export async function refExists(root: string, ref: string): Promise<boolean> {
  const out = await run(openGit(root), ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return out.trim() !== '';
}

/** The commit `ref` names; a GitError `unknown-ref` when none. */
export async function commitOf(root: string, ref: string): Promise<string> {
  const out = (
    await run(openGit(root), ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
  ).trim();
  if (out === '') {
    throw new GitError('unknown-ref', `unknown revision '${ref}'`);
  }
  return out;
}

/** How many commits `head` has that `base` has not (ahead) and the other way round (behind). */
export async function aheadBehind(
  root: string,
  head: string,
  base: string,
): Promise<{ ahead: number; behind: number }> {
  const out = (
    await run(openGit(root), ['rev-list', '--left-right', '--count', `${head}...${base}`])
  ).trim();
  const [ahead = '0', behind = '0'] = out.split(/\s+/);
  return { ahead: Number(ahead), behind: Number(behind) };
}

/** The commits of `head` that `base` does not have, oldest first, at most `max`. */
export async function commitsBetween(
  root: string,
  base: string | undefined,
  head: string,
  max = 250,
): Promise<CommitInfo[]> {
  const range = base === undefined ? [head] : [`${base}..${head}`];
  const out = await run(openGit(root), [
    'log',
    `--max-count=${max}`,
    `--format=%H${unitSeparator}%s${unitSeparator}%b${recordSeparator}`,
    ...range,
    '--',
  ]);
  return out
    .split(recordSeparator)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.trim() !== '')
    .map((record) => {
      const [sha = '', subject = '', body = ''] = record.split(unitSeparator);
      return { sha, subject, body: body.trim() };
    })
    .reverse();
}

/** The merge base of two revisions; undefined when they share no commit. */
export async function mergeBase(root: string, a: string, b: string): Promise<string | undefined> {
  try {
    const out = (await run(openGit(root), ['merge-base', a, b])).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}

/**
 * Pushes local `branch` to `remoteBranch` on `remote` and makes it the branch's upstream
 * (`git push --set-upstream`).
 */
export async function pushBranch(
  root: string,
  remote: string,
  branch: string,
  remoteBranch: string = branch,
): Promise<void> {
  await run(openGit(root), [
    'push',
    '--set-upstream',
    '--porcelain',
    remote,
    `refs/heads/${branch}:refs/heads/${remoteBranch}`,
  ]);
}

/**
 * Fetches `branch` of `remote` into `refs/remotes/<remote>/<branch>` (forced, as a plain
 * `git fetch` updates remote-tracking branches).
 */
export async function fetchBranch(root: string, remote: string, branch: string): Promise<void> {
  await run(openGit(root), [
    'fetch',
    '--no-tags',
    remote,
    `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`,
  ]);
}

/** Adds a remote. */
export async function addRemote(root: string, name: string, url: string): Promise<void> {
  await run(openGit(root), ['remote', 'add', '--', name, url]);
}

/** The local branches with their commits and upstreams. */
export async function listLocalBranches(root: string): Promise<LocalBranch[]> {
  const out = await run(openGit(root), [
    'for-each-ref',
    `--format=%(refname:strip=2)${unitSeparator}%(objectname)${unitSeparator}%(upstream:short)`,
    'refs/heads',
  ]);
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', commit = '', upstream = ''] = line.split(unitSeparator);
      return { name, commit, ...(upstream !== '' ? { upstream } : {}) };
    });
}

/** Creates `branch` at `remote/remoteBranch`, tracking it, and checks it out. */
export async function checkoutNewTrackingBranch(
  root: string,
  branch: string,
  remote: string,
  remoteBranch: string,
): Promise<void> {
  await run(openGit(root), [
    'checkout',
    '-b',
    branch,
    '--track',
    `refs/remotes/${remote}/${remoteBranch}`,
  ]);
}

/** Checks out an existing local branch. */
export async function switchBranch(root: string, branch: string): Promise<void> {
  await run(openGit(root), ['checkout', branch, '--']);
}

/** Fast-forwards the checked-out branch to `ref`; fails when the branch has its own commits. */
export async function fastForward(root: string, ref: string): Promise<void> {
  await run(openGit(root), ['merge', '--ff-only', ref]);
}
