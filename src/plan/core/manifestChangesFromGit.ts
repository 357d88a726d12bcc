import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeText } from '../../common/decodeText';
import { describeError } from '../../common/describeError';
import {
  findRepositoryRoot,
  listChangedFiles,
  listChangedFilesBetween,
  resolveDefaultBase,
  resolveRevision,
  type ChangedFile,
  type ResolvedBase,
} from '../../git/core/gitRepository';
import { readFilesAtRevision } from '../../git/core/readFilesAtRevision';
import {
  compareManifests,
  type ManifestComparison,
  type ManifestCounts,
  type ManifestResourceChange,
} from './manifestChanges';
import {
  isManifestPath,
  readManifestResources,
  type ManifestProblem,
  type ManifestResource,
} from './manifestResources';

/** Which revision a problem or note is about. */
export type ManifestSide = 'base' | 'working tree';

/** A manifest that could not be read at one revision: its first problem's file:line and why. */
export interface ManifestSideProblem extends ManifestProblem {
  readonly side: ManifestSide;
}

/** A file left out of the comparison on purpose, and why (Helm template, too large, binary). */
export interface ManifestNote {
  readonly file: string;
  readonly side: ManifestSide;
  readonly message: string;
}

/**
 * The Kubernetes changes between a git revision and the working tree, as plain data (what the
 * preview renders, `diff --format json` prints, and both summaries are built from).
 */
export interface ManifestChangesReport {
  /** The repository root (absolute). Every `file` below is relative to it, `/`-separated. */
  readonly root: string;
  /** The folder compared, relative to the root ("" for the whole repository). */
  readonly scope: string;
  readonly base: ResolvedBase;
  /** The revision compared with the base; undefined: the working tree. */
  readonly head?: ResolvedBase;
  readonly summary: { readonly headline: string; readonly counts: ManifestCounts };
  readonly changes: readonly ManifestResourceChange[];
  readonly moved: ManifestComparison['moved'];
  /** The changed manifest files that were compared. */
  readonly files: readonly ChangedFile[];
  readonly problems: readonly ManifestSideProblem[];
  readonly notes: readonly ManifestNote[];
}

/** Options of {@link manifestChangesFromGit}. */
export interface ManifestChangesOptions {
  /** A folder (or file) in the repository: only manifests under it are compared. */
  readonly folder: string;
  /** The base revision; default: the merge base of HEAD with the default branch. */
  readonly base?: string;
  /**
   * A revision to compare the base with instead of the working tree (a pull request's head);
   * its manifests are read from git, the working tree is not looked at.
   */
  readonly head?: string;
}

/** Manifests above this size are left out with a note (they are generated bundles, not reviewed). */
export const maxManifestBytes = 10 * 1024 * 1024;

/**
 * Reads the manifests changed between the base and the working tree (committed, staged,
 * unstaged and untracked changes alike) and compares their resources by identity. Git failures
 * are {@link GitError}s (not a repository, no commits, no default branch, unknown revision); a
 * manifest that does not parse at one revision is a problem entry, never a throw.
 */
export async function manifestChangesFromGit(
  options: ManifestChangesOptions,
): Promise<ManifestChangesReport> {
  const folder = path.resolve(options.folder);
  const root = await findRepositoryRoot(folder);
  const scope = toPosix(path.relative(root, folder));
  const base =
    options.base === undefined
      ? await resolveDefaultBase(root)
      : await resolveRevision(root, options.base);
  const head = options.head === undefined ? undefined : await resolveRevision(root, options.head);
  const changed =
    head === undefined
      ? await listChangedFiles(root, base.commit, scope)
      : await listChangedFilesBetween(root, base.commit, head.commit, scope);
  const files = changed.filter(
    (f) => isManifestPath(f.path) || (f.oldPath !== undefined && isManifestPath(f.oldPath)),
  );
  const basePaths = files.filter((f) => f.status !== 'added').map((f) => f.oldPath ?? f.path);
  const baseBytes = await readFilesAtRevision(root, base.commit, basePaths);
  const headBytes =
    head === undefined
      ? undefined
      : await readFilesAtRevision(
          root,
          head.commit,
          files.filter((f) => f.status !== 'deleted').map((f) => f.path),
        );
  const problems: ManifestSideProblem[] = [];
  const notes: ManifestNote[] = [];
  const baseResources: ManifestResource[] = [];
  const headResources: ManifestResource[] = [];
  const read = (
    file: string,
    bytes: Uint8Array | undefined,
    side: ManifestSide,
    into: ManifestResource[],
  ): void => {
    if (bytes === undefined) {
      return;
    }
    if (bytes.length > maxManifestBytes) {
      notes.push({
        file,
        side,
        message: `larger than ${maxManifestBytes / 1024 / 1024} MB: not compared`,
      });
      return;
    }
    const decoded = decodeText(bytes);
    if (decoded.problem !== undefined) {
      notes.push({ file, side, message: `${decoded.problem.message} Not compared.` });
      return;
    }
    const found = readManifestResources(file, decoded.text);
    if (found.skipped !== undefined) {
      notes.push({ file, side, message: found.skipped });
    }
    // One mistake can upset the parser for the rest of the file: the first problem says where.
    const [first, ...more] = found.problems;
    if (first !== undefined) {
      problems.push({
        ...first,
        side,
        message:
          more.length === 0
            ? first.message
            : `${first.message} (and ${more.length} more problem${more.length === 1 ? '' : 's'} in this file)`,
      });
    }
    into.push(...found.resources);
  };
  for (const f of files) {
    if (f.status !== 'added') {
      const basePath = f.oldPath ?? f.path;
      if (isManifestPath(basePath)) {
        read(basePath, baseBytes.get(basePath), 'base', baseResources);
      }
    }
    if (f.status !== 'deleted' && isManifestPath(f.path)) {
      const bytes = headBytes ? headBytes.get(f.path) : await readWorkingFile(root, f.path, notes);
      read(f.path, bytes, 'working tree', headResources);
    }
  }
  const comparison = compareManifests(baseResources, headResources);
  const changes = comparison.changes.map((c) => withParseCaveat(c, files, problems));
  return {
    root,
    scope,
    base,
    ...(head === undefined ? {} : { head }),
    summary: { headline: manifestHeadline(comparison.counts), counts: comparison.counts },
    changes,
    moved: comparison.moved,
    files,
    problems,
    notes: dedupeNotes(notes),
  };
}

/** "Kubernetes: 2 to add, 1 to change, 1 to remove", or "Kubernetes: no changes". */
export function manifestHeadline(counts: ManifestCounts): string {
  const parts = [
    counts.add > 0 ? `${counts.add} to add` : '',
    counts.change > 0 ? `${counts.change} to change` : '',
    counts.remove > 0 ? `${counts.remove} to remove` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? 'Kubernetes: no changes' : `Kubernetes: ${parts.join(', ')}`;
}

async function readWorkingFile(
  root: string,
  file: string,
  notes: ManifestNote[],
): Promise<Uint8Array | undefined> {
  const full = path.join(root, file);
  try {
    const info = await stat(full);
    if (!info.isFile()) {
      return undefined;
    }
    if (info.size > maxManifestBytes) {
      notes.push({
        file,
        side: 'working tree',
        message: `larger than ${maxManifestBytes / 1024 / 1024} MB: not compared`,
      });
      return undefined;
    }
    return await readFile(full);
  } catch (error) {
    notes.push({ file, side: 'working tree', message: `cannot read: ${describeError(error)}` });
    return undefined;
  }
}

/**
 * An added resource whose file did not parse at the base (or a removed one whose file does not
 * parse now) may not be new (or gone): say so on the change.
 */
function withParseCaveat(
  change: ManifestResourceChange,
  files: readonly ChangedFile[],
  problems: readonly ManifestSideProblem[],
): ManifestResourceChange {
  if (change.action === 'change') {
    return change;
  }
  const other: ManifestSide = change.action === 'add' ? 'base' : 'working tree';
  const here = change.head?.file ?? change.base?.file;
  const file = files.find(
    (f) => (change.action === 'add' ? f.path : (f.oldPath ?? f.path)) === here,
  );
  if (file === undefined) {
    return change;
  }
  const otherPath = other === 'base' ? (file.oldPath ?? file.path) : file.path;
  const problem = problems.find((p) => p.side === other && p.file === otherPath);
  if (problem === undefined) {
    return change;
  }
  return {
    ...change,
    note: `${otherPath}:${problem.line} could not be parsed at the ${other === 'base' ? 'base' : 'working tree'}, so this resource may not be ${change.action === 'add' ? 'new' : 'gone'}`,
  };
}

function dedupeNotes(notes: readonly ManifestNote[]): ManifestNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = `${n.file}\0${n.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
