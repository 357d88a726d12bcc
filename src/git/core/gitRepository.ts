import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SimpleGit } from 'simple-git';
import { describeError } from '../../common/describeError';
import { compareCodeUnits } from '../../common/compareText';

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

/** A simple-git instance for `folder` (or a file's folder) with the environment git needs here. */
export function openGit(folder: string): SimpleGit {
  if (!existsSync(folder)) {
    throw new GitError('failed', `${folder}: no such file or directory`);
  }
  const dir = statSync(folder).isDirectory() ? folder : path.dirname(folder);
  // Loaded on first use: simple-git and its dependencies took about 10 ms of every CLI start,
  // `check` and `plan` included, which never run git.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { simpleGit } = require('simple-git') as typeof import('simple-git');
  return simpleGit({ baseDir: dir, maxConcurrentProcesses: 4, trimmed: false }).env(gitEnv());
}

/** Runs git, turning its failures into {@link GitError}s. */
export async function run(git: SimpleGit, args: readonly string[]): Promise<string> {
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
  const spec = pathspecArgs(pathspec);
  const raw = parseRawDiff(await rawDiff(git, [commit], spec));
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
  const tracked = new Set(raw.map((f) => f.file.path));
  const newFiles: ChangedFile[] = untracked
    .filter((p) => !tracked.has(p))
    .map((p) => ({ status: 'added', path: p, untracked: true }));
  const files = await pairUnstagedMoves(git, root, raw, newFiles);
  return files.sort((a, b) => compareCodeUnits(a.path, b.path));
}

/**
 * The files that differ between two commits (`git diff base head`, renames at git's 50%
 * similarity), under `pathspec` (relative to the root; whole repository when empty).
 */
export async function listChangedFilesBetween(
  root: string,
  base: string,
  head: string,
  pathspec = '',
): Promise<ChangedFile[]> {
  const diff = await rawDiff(openGit(root), [base, head], pathspecArgs(pathspec));
  return parseRawDiff(diff)
    .map((e) => e.file)
    .sort((a, b) => compareCodeUnits(a.path, b.path));
}

function pathspecArgs(pathspec: string): string[] {
  return pathspec === '' || pathspec === '.' ? [] : [`:(top,literal)${pathspec}`];
}

/** `git diff --raw -z` of one commit against the working tree, or of two commits. */
function rawDiff(git: SimpleGit, revisions: readonly string[], spec: readonly string[]) {
  return run(git, [
    '-c',
    'core.quotepath=off',
    'diff',
    '--raw',
    '--no-abbrev',
    '-z',
    '-M',
    '--no-ext-diff',
    '--no-textconv',
    ...revisions,
    '--',
    ...spec,
  ]);
}

/** One entry of `git diff --raw`: the file and its content id at the base (all zeros if none). */
interface RawEntry {
  readonly file: ChangedFile;
  readonly oldId: string;
}

/**
 * Parses `git diff --raw --no-abbrev -z`: `:mode mode oldId newId S\0path\0`, or for renames
 * and copies `...R100\0old\0new\0`.
 */
export function parseRawDiff(out: string): RawEntry[] {
  const parts = out.split('\0');
  const entries: RawEntry[] = [];
  for (let i = 0; i < parts.length;) {
    const header = parts[i++] ?? '';
    if (!header.startsWith(':')) {
      continue;
    }
    const [, , oldId = '', , status = ''] = header.slice(1).split(' ');
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      const oldPath = parts[i++] ?? '';
      const newPath = parts[i++] ?? '';
      entries.push({
        oldId,
        file:
          letter === 'R'
            ? { status: 'renamed', path: newPath, oldPath }
            : { status: 'added', path: newPath },
      });
      continue;
    }
    const path = parts[i++] ?? '';
    // M, T (type change), U (unmerged), X: the content may differ; compare it.
    const kind = letter === 'A' ? 'added' : letter === 'D' ? 'deleted' : 'modified';
    entries.push({ oldId, file: { status: kind, path } });
  }
  return entries;
}

/**
 * A deleted file and an untracked file with the same content: a move the user has not staged.
 * Such pairs become one rename (content ids of the untracked files from `git hash-object`, in
 * batches to stay under the command line's length limit).
 */
async function pairUnstagedMoves(
  git: SimpleGit,
  root: string,
  raw: readonly RawEntry[],
  newFiles: readonly ChangedFile[],
): Promise<ChangedFile[]> {
  const deleted = raw.filter((e) => e.file.status === 'deleted');
  if (deleted.length === 0 || newFiles.length === 0) {
    return [...raw.map((e) => e.file), ...newFiles];
  }
  const byId = new Map<string, ChangedFile[]>();
  for (let start = 0; start < newFiles.length; start += 200) {
    const batch = newFiles.slice(start, start + 200);
    const ids = (
      await run(git, ['hash-object', '--', ...batch.map((f) => path.join(root, f.path))])
    )
      .split('\n')
      .filter((h) => h !== '');
    batch.forEach((file, i) => {
      const id = ids[i];
      if (id !== undefined) {
        byId.set(id, [...(byId.get(id) ?? []), file]);
      }
    });
  }
  const taken = new Set<ChangedFile>();
  const files = raw.map((entry) => {
    if (entry.file.status !== 'deleted') {
      return entry.file;
    }
    const moved = byId.get(entry.oldId)?.find((f) => !taken.has(f));
    if (moved === undefined) {
      return entry.file;
    }
    taken.add(moved);
    const rename: ChangedFile = {
      status: 'renamed',
      path: moved.path,
      oldPath: entry.file.path,
      untracked: true,
    };
    return rename;
  });
  return [...files, ...newFiles.filter((f) => !taken.has(f))];
}

/** A revision to offer as a base (a quick pick of branches, tags and recent commits). */
export interface RevisionChoice {
  readonly kind: 'branch' | 'remote-branch' | 'tag' | 'commit';
  /** What to pass as the base: `main`, `origin/main`, `v1.2`, or a full commit id. */
  readonly ref: string;
  readonly commit: string;
  /** The commit's subject line. */
  readonly subject: string;
  /** Committer date, ISO 8601. */
  readonly date: string;
}

/**
 * Branches (local, then remote), tags (newest first) and the last `commits` commits of HEAD,
 * for choosing a base. Empty in a repository with no commits.
 */
export async function listRevisions(root: string, commits = 20): Promise<RevisionChoice[]> {
  if (!(await hasCommits(root))) {
    return [];
  }
  const git = openGit(root);
  const sep = '\x1f';
  const refs = await run(git, [
    'for-each-ref',
    '--sort=-committerdate',
    `--format=%(refname)${sep}%(objectname)${sep}%(*objectname)${sep}%(subject)${sep}%(*subject)${sep}%(committerdate:iso-strict)${sep}%(*committerdate:iso-strict)`,
    'refs/heads',
    'refs/remotes',
    'refs/tags',
  ]);
  const out: RevisionChoice[] = [];
  for (const line of refs.split('\n')) {
    const [name = '', id = '', peeledId, subject = '', peeledSubject, date = '', peeledDate] =
      line.split(sep);
    if (name === '' || name.endsWith('/HEAD')) {
      continue;
    }
    // An annotated tag points at a tag object: its commit is the peeled one.
    const commit = peeledId !== undefined && peeledId !== '' ? peeledId : id;
    const shown = {
      commit,
      subject: peeledId !== undefined && peeledId !== '' ? (peeledSubject ?? '') : subject,
      date: peeledDate !== undefined && peeledDate !== '' ? peeledDate : date,
    };
    if (name.startsWith('refs/heads/')) {
      out.push({ kind: 'branch', ref: name.slice('refs/heads/'.length), ...shown });
    } else if (name.startsWith('refs/remotes/')) {
      out.push({ kind: 'remote-branch', ref: name.slice('refs/remotes/'.length), ...shown });
    } else if (name.startsWith('refs/tags/')) {
      out.push({ kind: 'tag', ref: name.slice('refs/tags/'.length), ...shown });
    }
  }
  const order = { branch: 0, 'remote-branch': 1, tag: 2, commit: 3 } as const;
  out.sort((a, b) => order[a.kind] - order[b.kind]);
  const log = await run(git, [
    'log',
    `--max-count=${Math.max(0, Math.floor(commits))}`,
    `--format=%H${sep}%s${sep}%cI`,
    'HEAD',
  ]);
  for (const line of log.split('\n')) {
    const [commit = '', subject = '', date = ''] = line.split(sep);
    if (commit !== '') {
      out.push({ kind: 'commit', ref: commit, commit, subject, date });
    }
  }
  return out;
}
