/**
 * A workspace-relative path without `.` and `..` segments, doubled or trailing slashes, or a
 * leading `./` or `/` (paths are taken from the repository root); undefined when it climbs out
 * of the repository.
 */
export function normalizePath(path: string): string | undefined {
  const out: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (out.length === 0) {
        return undefined;
      }
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out.join('/');
}

/** The folder of a workspace-relative file path (`` for a file at the root). */
export function folderOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}
