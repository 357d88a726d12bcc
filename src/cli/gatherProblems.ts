import { existsSync, readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../common/describeError';
import { lineStarts } from '../common/lines';
import { CustomSchemas } from '../validation/core/customSchemas';
import {
  findModelines,
  repoConfigFile,
  SchemaMappings,
  type SchemaMapping,
} from '../validation/core/schemaOverrides';
import { defaultMaxFileSize, YamlValidator } from '../validation/core/yamlValidator';
import { defaultCrossFileOptions, type CrossFileOptions } from '../workspace/core/crossFileChecks';
import { MissingPathError, syncDiscoveryFs, toRelativeKey } from '../workspace/core/discoverFiles';
import { IndexCodes, WorkspaceIndex } from '../workspace/core/workspaceIndex';
import {
  locateProblem,
  type FileProblem,
  type GatheredProblems,
  type UnreadableFile,
} from './checkReport';
import { compareCodeUnits } from '../common/compareText';

/** How far gathering is, for a progress line. */
export interface GatherProgress {
  readonly phase: 'checking';
  readonly done: number;
  readonly total: number;
}

/** What {@link gatherProblems} validates with. */
export interface GatherOptions {
  /** The working directory: the paths given and the paths in the results are relative to it. */
  readonly cwd: string;
  /**
   * The repository root the paths are in (see {@link repositoryRoot}): the cross-file checks see
   * every file below it, `.gitignore` files and relative runbook links apply from it. Without
   * one, the working directory stands in for it, but only the files below the paths are read:
   * where the repository ends is not known.
   */
  readonly root?: string | undefined;
  /** The bundled schemas. */
  readonly schemasDir: string;
  /** Where fetched schemas are cached. */
  readonly cacheDir: string;
  readonly kubernetesVersion: string;
  /** Glob mappings of the repository config (`--config`). */
  readonly mappings: readonly SchemaMapping[];
  /** Cross-file options of the repository config. */
  readonly crossFile?: CrossFileOptions;
  /** Never fetch remote schemas. */
  readonly offline: boolean;
  readonly onProgress?: (progress: GatherProgress) => void;
}

/** Skipped whatever `.gitignore` says: dependencies and tool state, never the repository's own files. */
export const cliExcludes = ['**/node_modules/**', '**/.terraform/**', '**/.vscode-test/**'];

/**
 * Finds and validates the YAML files below `paths` (files and folders, relative to `cwd`) with
 * the workspace index the editor uses: `.gitignore` honoured, the CRDs among them describing the
 * custom resources among them, remote schemas named by mappings and modelines fetched (or
 * revalidated) first, and the cross-file checks run over everything found. A file that cannot
 * be read is listed in `unreadable` and the others are still checked. Throws
 * {@link MissingPathError} for a path that does not exist; never for a file's content.
 */
export async function gatherProblems(
  paths: readonly string[],
  options: GatherOptions,
): Promise<GatheredProblems> {
  const unreadable: UnreadableFile[] = [];
  const root = options.root ?? options.cwd;
  const scope =
    options.root === undefined
      ? undefined
      : checkScope(
          paths.map((p) => path.resolve(options.cwd, p)),
          root,
        );
  const index = await indexFiles(paths, options, scope);
  const shown = shownFrom(options.cwd, root);
  const problems: FileProblem[] = [];
  let files = 0;
  let documents = 0;
  const indexed = [...index.files()]
    .filter((f) => scope?.(f.path) ?? true)
    .sort((a, b) => compareCodeUnits(a.path, b.path));
  for (const file of indexed) {
    const own = index.problemsOf(file.path);
    const cannotRead = own.find((p) => p.code === IndexCodes.unreadableFile);
    if (cannotRead !== undefined) {
      unreadable.push({
        file: shown(file.path),
        reason: cannotRead.message.replace(/^Cannot read the file: /, ''),
      });
      continue;
    }
    files++;
    documents += file.documents;
    if (own.length > 0) {
      // Most files have no problem: their lines are not worth finding.
      const starts = lineStarts(file.text);
      for (const p of own) {
        problems.push(locateProblem(shown(file.path), starts, p));
      }
    }
  }
  return { files, documents, problems, unreadable };
}

/**
 * How a file of the index (relative to `root`) is shown: relative to the working directory, as
 * `check` reports and `graph` draws files.
 */
export function shownFrom(cwd: string, root: string): (file: string) => string {
  return root === cwd ? (file) => file : (file) => toRelativeKey(cwd, path.resolve(root, file));
}

/**
 * Finds, reads and validates the YAML files below `paths` with the workspace index the editor
 * uses (see {@link gatherProblems}): `check` reports its problems, `graph` draws its facts.
 * Throws {@link MissingPathError} for a path that does not exist.
 */
export async function indexFiles(
  paths: readonly string[],
  options: GatherOptions,
  /** Validate only these files, reading every file below the root for the cross-file checks (see {@link checkScope}). */
  validates?: (relativePath: string) => boolean,
): Promise<WorkspaceIndex> {
  const root = options.root ?? options.cwd;
  const customSchemas = new CustomSchemas({
    baseDir: root,
    cacheDir: options.cacheDir,
    allowRemote: !options.offline,
  });
  const validator = new YamlValidator({
    schemasDir: options.schemasDir,
    kubernetesVersion: options.kubernetesVersion,
    mappings: new SchemaMappings(options.mappings),
    customSchemas,
    maxFileSize: defaultMaxFileSize,
  });
  const index = new WorkspaceIndex(
    {
      root,
      exclude: cliExcludes,
      crossFile: options.crossFile ?? defaultCrossFileOptions,
      readFile: readRegularFile,
      discovery: syncDiscoveryFs,
      keepParses: 'none',
      ...(validates === undefined ? {} : { validates }),
    },
    validator,
  );
  // The paths given, relative to the root.
  let within = paths.map((p) => path.relative(root, path.resolve(options.cwd, p)) || '.');
  if (validates !== undefined) {
    // Everything below the root, and the files named (validated whatever their extension, even
    // when .gitignore leaves them out).
    const named: string[] = [];
    for (const p of within) {
      const info = await stat(path.resolve(root, p)).catch(() => undefined);
      if (info === undefined) {
        throw new MissingPathError(path.resolve(root, p));
      }
      if (!info.isDirectory()) {
        named.push(p);
      }
    }
    within = ['.', ...named];
  }
  await index.scan({
    within,
    onProgress: (done, total) => options.onProgress?.({ phase: 'checking', done, total }),
    beforeValidating: (files) =>
      customSchemas.prefetch([
        ...options.mappings.flatMap((m) => (m.target.kind === 'schema' ? [m.target.ref] : [])),
        ...files.flatMap(({ text }) =>
          findModelines(text).flatMap((m) => (m.target.kind === 'schema' ? [m.target.ref] : [])),
        ),
      ]),
  });
  return index;
}

/**
 * Which files `check paths…` reports on, when the paths are parts of the repository (`root`):
 * the cross-file checks still need every file (a Service in `k8s/` selects pods of `apps/`, an
 * alert in `monitoring/` links a runbook in `runbooks/`), so the whole repository is read and
 * only the files below the paths are validated and reported. Undefined (read and check only the
 * paths) when they name the whole repository or reach outside it.
 */
export function checkScope(
  paths: readonly string[],
  root: string,
): ((relativePath: string) => boolean) | undefined {
  const keys: string[] = [];
  for (const p of paths) {
    const relative = path.relative(root, path.resolve(root, p));
    if (relative === '') {
      return undefined; // the whole repository
    }
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      return undefined;
    }
    keys.push(relative.split(path.sep).join('/'));
  }
  return (relativePath) => keys.some((k) => relativePath === k || relativePath.startsWith(`${k}/`));
}

/**
 * The root of the repository the paths (relative to `cwd`) are in: the nearest folder at or
 * above the first of them that holds `.git` (a folder, or a file in a worktree or submodule) or
 * the repository config `.infra-workbench.yaml`. Running `check` from a subfolder, or on a
 * repository from outside it, then sees the repository as running it at the root does: the same
 * cross-file checks, runbook links resolved from the root. Undefined when no such folder is
 * found or a path lies outside the one found: then only the paths are read (checking a folder
 * of `/tmp` from `/tmp` read every file below `/tmp`).
 */
export function repositoryRoot(paths: readonly string[], cwd: string): string | undefined {
  const absolute = paths.map((p) => path.resolve(cwd, p));
  const first = absolute[0] ?? cwd;
  let folder = isDirectory(first) ? first : path.dirname(first);
  for (;;) {
    if (existsSync(path.join(folder, '.git')) || existsSync(path.join(folder, repoConfigFile))) {
      const inside = absolute.every((p) => {
        const relative = path.relative(folder, p);
        return !relative.startsWith('..') && !path.isAbsolute(relative);
      });
      return inside ? folder : undefined;
    }
    const parent = path.dirname(folder);
    if (parent === folder) {
      return undefined;
    }
    folder = parent;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false; // a missing path is reported when the files are gathered
  }
}

/**
 * Reads a file; a FIFO or device named on the command line would block a read forever, so only
 * regular files are read. Synchronously: the CLI has nothing else to do meanwhile, and a
 * repository of small files is read in about half the time without the thread pool's round trips.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- the index takes a promise
async function readRegularFile(file: string): Promise<Uint8Array> {
  // A stat error is thrown as it is: a file gone (ENOENT) leaves the index.
  if (!statSync(file).isFile()) {
    throw new Error('not a regular file');
  }
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(describeError(error));
  }
}
