/**
 * How a pull request is checked out locally: which remote holds its head (the base repository's
 * remote, or a remote for the fork named after its owner) and which local branch to create or
 * switch to, never moving a local branch of the same name that points elsewhere.
 */
import { refNameProblems } from './branchName';

/** A local branch as `git for-each-ref` lists it. */
export interface LocalBranchState {
  readonly name: string;
  readonly commit: string;
  /** `remote/branch` it tracks. */
  readonly upstream?: string;
}

/** The pull request's head as GitHub reports it, and the remote it is fetched from. */
export interface CheckoutTarget {
  /** The local remote that holds the head repository. */
  readonly remote: string;
  /** The head branch's name in the head repository. */
  readonly headRef: string;
  /** The owner of the head repository (the fork's owner for a fork PR). */
  readonly headOwner: string;
  /** The head commit. */
  readonly headCommit: string;
}

/** What to do locally. */
export type CheckoutPlan =
  | { readonly kind: 'create'; readonly branch: string }
  /** Switch to a branch that already is the PR's; `fastForward` when it is behind its head. */
  | { readonly kind: 'switch'; readonly branch: string; readonly fastForward: boolean };

/** A head branch that cannot become a local branch name. */
export class CheckoutError extends Error {
  override readonly name = 'CheckoutError';
}

/**
 * The local branch for a PR: its head branch's name when that is free or already the PR's (it
 * tracks `remote/headRef` or points at the head commit); otherwise `<owner>/<headRef>`, then
 * `<owner>/<headRef>-2`, `-3`… A local branch of the same name that points elsewhere is never
 * reused or moved. `<owner>-<headRef>` when `<owner>/…` cannot be used: a branch named `<owner>`
 * blocks it, or a remote named `<owner>` (the fork's, usually) would make it ambiguous with that
 * remote's branches (`remoteNames`).
 */
export function planCheckout(
  target: CheckoutTarget,
  branches: readonly LocalBranchState[],
  remoteNames: readonly string[] = [],
): CheckoutPlan {
  const byName = new Map(branches.map((b) => [b.name, b]));
  const owned = `${target.headOwner}/${target.headRef}`;
  // "<owner>-<branch>" for when a branch named like the owner blocks "<owner>/…".
  const flat = `${target.headOwner}-${target.headRef}`;
  const names = [target.headRef, owned, flat];
  for (let n = 2; n <= 99; n++) {
    names.push(`${owned}-${n}`, `${flat}-${n}`);
  }
  const tracking = `${target.remote}/${target.headRef}`;
  for (const name of names) {
    const problems = refNameProblems(name);
    if (problems.length > 0) {
      throw new CheckoutError(
        `the pull request's branch "${target.headRef}" cannot be a local branch name: ${problems.join('; ')}`,
      );
    }
    // A branch "a" blocks "a/b" (and the other way round): git stores refs as files.
    const blocked = branches.some(
      (b) => b.name !== name && (name.startsWith(`${b.name}/`) || b.name.startsWith(`${name}/`)),
    );
    // "carol/x" next to a remote "carol" is ambiguous with its remote-tracking branch.
    const ambiguous = remoteNames.some((remote) => name.startsWith(`${remote}/`));
    if (blocked || ambiguous) {
      continue;
    }
    const existing = byName.get(name);
    if (existing === undefined) {
      return { kind: 'create', branch: name };
    }
    if (existing.upstream === tracking || existing.commit === target.headCommit) {
      return { kind: 'switch', branch: name, fastForward: existing.commit !== target.headCommit };
    }
  }
  throw new CheckoutError(
    `no free local branch name for "${target.headRef}" (tried ${target.headRef}, ${owned}, ${flat} and numbered variants)`,
  );
}

/** A configured remote: its name and fetch URL. */
export interface RemoteUrl {
  readonly name: string;
  readonly url: string;
}

/** A URL reduced to what names a repository (no scheme, credentials, `.git` or case). */
export function repositoryKey(url: string): string {
  const trimmed = url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '');
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(trimmed);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    return `${(scp[1] ?? '').toLowerCase()}/${(scp[2] ?? '').toLowerCase()}`;
  }
  try {
    const parsed = new URL(trimmed);
    return `${parsed.hostname.toLowerCase()}${parsed.pathname.toLowerCase()}`;
  } catch {
    return trimmed.toLowerCase();
  }
}

/**
 * The URL to add a fork's remote with: the SSH URL when the base repository's remote is SSH
 * (the user's keys work there), else the HTTPS clone URL.
 */
export function forkRemoteUrl(
  baseRemoteUrl: string,
  fork: { readonly cloneUrl: string; readonly sshUrl?: string },
): string {
  const ssh = /^(ssh:\/\/|[^@/:]+@[^:/]+:)/i.test(baseRemoteUrl.trim());
  return ssh && fork.sshUrl !== undefined ? fork.sshUrl : fork.cloneUrl;
}

/**
 * The remote for a fork: an existing remote that already points at it (any of `urls`), else a
 * new one named after the fork's owner (`<owner>-fork`, `-fork-2`… when that name is taken by
 * another repository). `add` says whether it must be created.
 */
export function forkRemote(
  owner: string,
  urls: readonly string[],
  remotes: readonly RemoteUrl[],
): { readonly name: string; readonly add: boolean } {
  const keys = new Set(urls.map(repositoryKey));
  const existing = remotes.find((r) => keys.has(repositoryKey(r.url)));
  if (existing) {
    return { name: existing.name, add: false };
  }
  const taken = new Set(remotes.map((r) => r.name));
  const base = owner.replace(/[^A-Za-z0-9._-]/g, '-');
  const candidates = [base, `${base}-fork`];
  for (let n = 2; taken.has(candidates[candidates.length - 1] ?? base); n++) {
    candidates.push(`${base}-fork-${n}`);
  }
  const name = candidates.find((c) => !taken.has(c)) ?? `${base}-fork`;
  return { name, add: true };
}
