import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Folders never worth walking into for infrastructure files. */
const skippedFolders = new Set(['.git', 'node_modules', '.terraform', '.vscode-test']);

/** Thrown for a path on the command line that does not exist. */
export class MissingPathError extends Error {
  constructor(readonly missingPath: string) {
    super(`no such file or directory: ${missingPath}`);
  }
}

/**
 * Expands the command line's paths into the YAML files to check: files are taken as given,
 * folders are walked (skipping .git, node_modules, .terraform). Sorted, without duplicates.
 */
export async function findYamlFiles(paths: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    if (info === undefined) {
      throw new MissingPathError(given);
    }
    if (info.isDirectory()) {
      await walk(given, found);
    } else {
      found.add(given);
    }
  }
  return [...found].sort();
}

async function walk(folder: string, found: Set<string>): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name)) {
        await walk(full, found);
      }
    } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) {
      found.add(full);
    }
  }
}
