import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { describeError } from '../../common/describeError';

/** What went wrong talking to git, for callers that react differently (a pick list, a hint). */
export type GitErrorKind =
  | 'git-missing'
  | 'not-a-repository'
  | 'no-commits'
  | 'no-default-branch'
  | 'unknown-ref'
  | 'no-merge-base'
  | 'failed';

/** A git failure with a message meant for the user and a {@link GitErrorKind} meant for code. */
export class GitError extends Error {
  constructor(
    readonly kind: GitErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/** A revision resolved to a commit, with how it was chosen (for the summary and the panel title). */
export interface ResolvedBase {
  /** What the user gave, or what was chosen: `origin/main`, `v1.2`, `HEAD~3`. */
  readonly ref: string;
  /** The full commit id compared against. */
  readonly commit: string;
  /** How the base was chosen, e.g. "merge base of HEAD and origin/main" or "v1.2". */
  readonly description: string;
}

/** One file that differs between a commit and the working tree. */
export interface ChangedFile {
  readonly status: 'added' | 'modified' | 'deleted' | 'renamed';
  /** Path in the working tree (for deleted files: the path it had), `/`-separated, from the root. */
  readonly path: string;
  /** Path at the base revision when it differs from {@link path} (renames). */
  readonly oldPath?: string;
  /** Not tracked by git (and not ignored): new in the working tree. */
  readonly untracked?: boolean;
}

/**
 * Variables simple-git 4 refuses to pass on explicitly (a guard against command injection
 * through editors, pagers, ssh and config paths): every `GIT_*` and these. It drops them from the
 * ambient environment itself; they must not be passed back through `.env()`. None matters to the
 * read-only commands here, and a GIT_DIR left by a hook would point git elsewhere.
 */
const guardedEnv = new Set(['editor', 'visual', 'pager', 'prefix', 'ssh_askpass']);

/**
 * The environment of git: the process's, without what simple-git guards, and with untranslated
 * messages (matched to tell "not a repository" from other failures).
 */
function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase().trim();
    if (value !== undefined && !guardedEnv.has(lower) && !lower.startsWith('git')) {
      env[key] = value;
    }
  }
  return { ...env, LC_ALL: 'C', LANGUAGE: 'C' };
}

function openGit(folder: string): SimpleGit {
  if (!existsSync(folder)) {
    throw new GitError('failed', `${folder}: no such file or directory`);
  }
  const dir = statSync(folder).isDirectory() ? folder : path.dirname(folder);
  return simpleGit({ baseDir: dir, maxConcurrentProcesses: 4, trimmed: false }).env(gitEnv());
}

/** Runs git, turning its failures into {@link GitError}s. */
async function run(git: SimpleGit, args: readonly string[]): Promise<string> {
  try {
    return await git.raw([...args]);
  } catch (error) {
    throw toGitError(error);
  }
}

function toGitError(error: unknown): GitError {
  if (error instanceof GitError) {
    return error;
  }
  const message = describeError(error).trim();
  if (message.includes('ENOENT') && message.includes('spawn')) {
    return new GitError(
      'git-missing',
      'git was not found on PATH: install git to compare revisions',
    );
  }
  if (/not a git repository/i.test(message)) {
    return new GitError('not-a-repository', 'not a git repository (nor inside one)');
  }
  return new GitError('failed', `git failed: ${message.replace(/^fatal:\s*/, '')}`);
}

/** The root of the repository (work tree) that holds `folder`; a {@link GitError} when none does. */
export async function findRepositoryRoot(folder: string): Promise<string> {
  const git = openGit(folder);
  let top: string;
  try {
    top = (await run(git, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    if (error instanceof GitError && error.kind === 'not-a-repository') {
      throw new GitError('not-a-repository', `${folder} is not in a git repository`);
    }
    throw error;
  }
  if (top === '') {
    // Inside .git or a bare repository: there is no working tree to compare.
    throw new GitError('not-a-repository', `${folder} is not in a git working tree`);
  }
  return path.resolve(top);
}

/** Whether the repository has a commit at HEAD (false for a fresh `git init`). */
export async function hasCommits(root: string): Promise<boolean> {
  const out = await run(openGit(root), ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  return out.trim() !== '';
}

/**
 * Resolves a revision (branch, tag, commit, `HEAD~2`) to its commit; a {@link GitError} of kind
 * `unknown-ref` when it names none (and `no-commits` in a repository without any).
 */
export async function resolveRevision(root: string, ref: string): Promise<ResolvedBase> {
  if (ref.startsWith('-') || ref.trim() === '' || ref.includes('\n')) {
    throw new GitError('unknown-ref', `'${ref}' is not a revision`);
  }
  const git = openGit(root);
  const commit = (
    await run(git, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])
  ).trim();
  if (commit === '') {
    if (!(await hasCommits(root))) {
      throw new GitError(
        'no-commits',
        `the repository has no commits yet, so '${ref}' names nothing: commit first`,
      );
    }
    throw new GitError(
      'unknown-ref',
      `unknown revision '${ref}': not a branch, tag or commit of this repository`,
    );
  }
  return { ref, commit, description: ref };
}

/**
 * The branch a pull request would merge into: `origin/HEAD`'s branch when the remote says,
 * else `main` or `master` (local, then on origin). Undefined when there is none.
 */
export async function findDefaultBranch(root: string): Promise<string | undefined> {
  const git = openGit(root);
  const originHead = (await run(git, ['symbolic-ref', '-q', 'refs/remotes/origin/HEAD'])).trim();
  if (originHead.startsWith('refs/remotes/')) {
    const branch = originHead.slice('refs/remotes/'.length);
    if (await refExists(git, originHead)) {
      return branch;
    }
  }
  for (const candidate of [
    'refs/heads/main',
    'refs/heads/master',
    'refs/remotes/origin/main',
    'refs/remotes/origin/master',
  ]) {
    if (await refExists(git, candidate)) {
      return candidate.replace(/^refs\/(heads|remotes)\//, '');
    }
  }
  return undefined;
}

async function refExists(git: SimpleGit, ref: string): Promise<boolean> {
  const out = await run(git, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return out.trim() !== '';
}

/**
 * The default base of a comparison: the merge base of HEAD with the default branch (what a pull
 * request from HEAD would be reviewed against). {@link GitError}s: `no-commits`,
 * `no-default-branch`, `no-merge-base`.
 */
export async function resolveDefaultBase(root: string): Promise<ResolvedBase> {
  if (!(await hasCommits(root))) {
    throw new GitError(
      'no-commits',
      'the repository has no commits yet: there is no base to compare with (commit first, or pass a base revision)',
    );
  }
  const branch = await findDefaultBranch(root);
  if (branch === undefined) {
    throw new GitError(
      'no-default-branch',
      'no default branch: origin/HEAD is not set and there is no main or master branch; pass a base revision (--base <ref>)',
    );
  }
  const git = openGit(root);
  const out = (await run(git, ['merge-base', 'HEAD', branch])).trim();
  if (out === '') {
    throw new GitError(
      'no-merge-base',
      `HEAD and ${branch} have no common commit; pass a base revision (--base <ref>)`,
    );
  }
  return { ref: branch, commit: out, description: `merge base of HEAD and ${branch}` };
}

/**
 * The files that differ between `commit` and the working tree (staged or not), untracked files
 * included (ignored ones are not), under `pathspec` (a path relative to the root; whole
 * repository when empty). Renames are git's (similarity 50%), plus a deleted file whose exact
 * content reappears as an untracked file (a move not yet staged).
 */
export async function listChangedFiles(
  root: string,
  commit: string,
  pathspec = '',
): Promise<ChangedFile[]> {
  const git = openGit(root);
  const spec = pathspec === '' || pathspec === '.' ? [] : [`:(top,literal)${pathspec}`];
  const diff = await run(git, [
    '-c',
    'core.quotepath=off',
    'diff',
    '--name-status',
    '-z',
    '-M',
    '--no-ext-diff',
    '--no-textconv',
    commit,
    '--',
    ...spec,
  ]);
  const files = parseNameStatus(diff);
  const untracked = (
    await run(git, [
      'ls-files',
      '-z',
      '--others',
      '--exclude-standard',
      '--full-name',
      '--',
      ...spec,
    ])
  )
    .split('\0')
    .filter((p) => p !== '');
  const tracked = new Set(files.map((f) => f.path));
  const newFiles: ChangedFile[] = untracked
    .filter((p) => !tracked.has(p))
    .map((p) => ({ status: 'added', path: p, untracked: true }));
  await pairUnstagedMoves(git, root, commit, files, newFiles);
  return [...files, ...newFiles].sort((a, b) => compare(a.path, b.path));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses `git diff --name-status -z`: `S\0path\0` or `R100\0old\0new\0`. */
export function parseNameStatus(out: string): ChangedFile[] {
  const parts = out.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length;) {
    const status = parts[i++] ?? '';
    if (status === '') {
      continue;
    }
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      const oldPath = parts[i++] ?? '';
      const newPath = parts[i++] ?? '';
      files.push(
        letter === 'R'
          ? { status: 'renamed', path: newPath, oldPath }
          : { status: 'added', path: newPath },
      );
      continue;
    }
    const file = parts[i++] ?? '';
    if (letter === 'A') {
      files.push({ status: 'added', path: file });
    } else if (letter === 'D') {
      files.push({ status: 'deleted', path: file });
    } else {
      // M, T (type change), U (unmerged), X: the content may differ; compare it.
      files.push({ status: 'modified', path: file });
    }
  }
  return files;
}

/**
 * A file deleted from the index's view and an untracked file with the same content: a move the
 * user has not staged. Rewrites the pair as one rename (content ids from one `git hash-object`).
 */
async function pairUnstagedMoves(
  git: SimpleGit,
  root: string,
  commit: string,
  files: ChangedFile[],
  newFiles: ChangedFile[],
): Promise<void> {
  const deletedIndexes = files.flatMap((f, i) => (f.status === 'deleted' ? [i] : []));
  if (deletedIndexes.length === 0 || newFiles.length === 0) {
    return;
  }
  const newPaths = newFiles.map((f) => f.path).filter((p) => !p.includes('\n'));
  const hashes = (await run(git, ['hash-object', '--', ...newPaths.map((p) => path.join(root, p))]))
    .split('\n')
    .filter((h) => h !== '');
  const byHash = new Map<string, number[]>();
  hashes.forEach((hash, i) => {
    const index = newFiles.findIndex((f) => f.path === newPaths[i]);
    byHash.set(hash, [...(byHash.get(hash) ?? []), index]);
  });
  const deletedPaths = deletedIndexes.map((i) => files[i]?.path ?? '');
  const oldIds = (
    await run(git, [
      'ls-tree',
      '-z',
      '--full-tree',
      commit,
      '--',
      ...deletedPaths.map((p) => `:(top,literal)${p}`),
    ])
  )
    .split('\0')
    .filter((l) => l !== '');
  const idOf = new Map<string, string>();
  for (const line of oldIds) {
    const tab = line.indexOf('\t');
    const [, , id] = line.slice(0, tab).split(' ');
    if (id !== undefined) {
      idOf.set(line.slice(tab + 1), id);
    }
  }
  const taken = new Set<number>();
  for (const i of deletedIndexes) {
    const deleted = files[i];
    const id = deleted === undefined ? undefined : idOf.get(deleted.path);
    const candidates = id === undefined ? [] : (byHash.get(id) ?? []);
    const match = candidates.find((c) => !taken.has(c));
    const moved = match === undefined ? undefined : newFiles[match];
    if (deleted !== undefined && match !== undefined && moved !== undefined) {
      taken.add(match);
      files[i] = { status: 'renamed', path: moved.path, oldPath: deleted.path, untracked: true };
    }
  }
  const kept = newFiles.filter((_, i) => !taken.has(i));
  newFiles.splice(0, newFiles.length, ...kept);
}
