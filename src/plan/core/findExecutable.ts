import path from 'node:path';

/**
 * The first of `names` found in the folders of a PATH value, checked with `isExecutable`
 * (injected, so this stays testable without touching the disk). On Windows, PATHEXT's
 * extensions are tried too.
 */
export async function findExecutable(
  names: readonly string[],
  env: { readonly PATH?: string; readonly PATHEXT?: string },
  isExecutable: (file: string) => Promise<boolean>,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  const separator = platform === 'win32' ? ';' : ':';
  const dirs = (env.PATH ?? '').split(separator).filter((d) => d !== '');
  const extensions =
    platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const name of names) {
    for (const dir of dirs) {
      for (const extension of extensions) {
        const file = path.join(dir, name + extension.toLowerCase());
        if (await isExecutable(file)) {
          return file;
        }
      }
    }
  }
  return undefined;
}
