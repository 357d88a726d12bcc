import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

/** Folders never worth walking into for infrastructure files, whatever the settings say. */
const alwaysSkipped = new Set(['.git', '.hg', '.svn']);

/** Thrown for a path given to {@link discoverFiles} that does not exist. */
export class MissingPathError extends Error {
  constructor(readonly missingPath: string) {
    super(`no such file or directory: ${missingPath}`);
  }
}

export interface DiscoverOptions {
  /** The folder paths are relative to (the workspace folder, the CLI's working directory). */
  readonly root: string;
  /**
   * Files and folders to look at (absolute, or relative to root); default: the whole root. A
   * file given here is taken even when ignored; folders are walked.
   */
  readonly within?: readonly string[] | undefined;
  /** Glob patterns (relative to root, e.g. `**\/node_modules/**`) of files and folders to skip. */
  readonly exclude?: readonly string[];
  /** Honour `.gitignore` files (the root's, every folder's below it, and `.git/info/exclude`). Default true. */
  readonly gitignore?: boolean;
}

/** What {@link discoverFiles} found. */
export interface DiscoveredFiles {
  /** Every file found (any extension), relative to root with forward slashes, sorted. */
  readonly files: readonly string[];
  /** Folders that could not be read, with the reason (permissions, a vanished folder). */
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
}

interface IgnoreScope {
  /** The folder the rules are relative to ('' for the root). */
  readonly folder: string;
  readonly rules: Ignore;
}

/** Converts a relative path to the index's form: forward slashes, no leading `./`. */
export function toRelativeKey(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

/**
 * Finds the files of a folder the way git sees it: `.gitignore` rules apply (each folder's to
 * what is below it, negations included), `exclude` globs and VCS folders are skipped, symbolic
 * links are not followed (no cycles). Never throws for an unreadable folder below the root: it
 * is reported in `unreadable`. Throws {@link MissingPathError} for a missing `within` path.
 */
export async function discoverFiles(options: DiscoverOptions): Promise<DiscoveredFiles> {
  const root = path.resolve(options.root);
  const excluded = picomatch([...(options.exclude ?? [])], { dot: true });
  const useGitignore = options.gitignore ?? true;
  const found = new Set<string>();
  const unreadable: { path: string; reason: string }[] = [];

  const isIgnored = (key: string, isFolder: boolean, scopes: readonly IgnoreScope[]): boolean => {
    // A folder pattern like `**/node_modules/**` matches what is inside the folder.
    if (excluded(key) || (isFolder && excluded(`${key}/x`))) {
      return true;
    }
    for (const scope of scopes) {
      const inScope = scope.folder === '' ? key : key.slice(scope.folder.length + 1);
      if (scope.rules.ignores(isFolder ? `${inScope}/` : inScope)) {
        return true;
      }
    }
    return false;
  };

  const readRules = async (folderAbs: string, file: string): Promise<Ignore | undefined> => {
    try {
      return ignore().add(await readFile(path.join(folderAbs, file), 'utf8'));
    } catch {
      return undefined; // no such file (the common case)
    }
  };

  const walk = async (folderAbs: string, scopes: readonly IgnoreScope[]): Promise<void> => {
    const folderKey = toRelativeKey(root, folderAbs);
    let entries;
    try {
      entries = await readdir(folderAbs, { withFileTypes: true });
    } catch (error) {
      unreadable.push({
        path: folderKey || '.',
        reason: (error as NodeJS.ErrnoException).code ?? String(error),
      });
      return;
    }
    let here = scopes;
    if (useGitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const rules = await readRules(folderAbs, '.gitignore');
      if (rules !== undefined) {
        here = [...scopes, { folder: folderKey, rules }];
      }
    }
    for (const entry of entries) {
      const key = folderKey === '' ? entry.name : `${folderKey}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!alwaysSkipped.has(entry.name) && !isIgnored(key, true, here)) {
          await walk(path.join(folderAbs, entry.name), here);
        }
      } else if (entry.isFile() && !isIgnored(key, false, here)) {
        found.add(key);
      }
    }
  };

  /** The ignore scopes in force at a folder below the root: every ancestor's `.gitignore`. */
  const scopesAt = async (folderAbs: string): Promise<IgnoreScope[]> => {
    const scopes: IgnoreScope[] = [];
    if (!useGitignore) {
      return scopes;
    }
    const info = await readRules(path.join(root, '.git', 'info'), 'exclude');
    if (info !== undefined) {
      scopes.push({ folder: '', rules: info });
    }
    const key = toRelativeKey(root, folderAbs);
    if (key.startsWith('..') || path.isAbsolute(key)) {
      return []; // outside the root: no repository rules apply
    }
    // Every ancestor's .gitignore, root first; the folder's own is read by walk().
    const parts = key === '' ? [] : key.split('/');
    for (let i = 0; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const rules = await readRules(path.join(root, folder), '.gitignore');
      if (rules !== undefined) {
        scopes.push({ folder, rules });
      }
    }
    return scopes;
  };

  for (const given of options.within ?? [root]) {
    const absolute = path.resolve(root, given);
    const info = await stat(absolute).catch(() => undefined);
    if (info === undefined) {
      throw new MissingPathError(absolute);
    }
    if (info.isDirectory()) {
      await walk(absolute, await scopesAt(absolute));
    } else {
      found.add(toRelativeKey(root, absolute));
    }
  }
  return { files: [...found].sort(), unreadable };
}
