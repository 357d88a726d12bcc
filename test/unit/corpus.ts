import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared real-world corpus (files nobody here wrote). Found through INFRA_WORKBENCH_CORPUS,
 * beside the repository (../shared/corpus), or at /work/shared/corpus; a missing corpus fails
 * the tests that need it rather than skipping them.
 */
export function corpusDir(): string {
  const candidates = [
    process.env.INFRA_WORKBENCH_CORPUS,
    path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus'),
    '/work/shared/corpus',
  ].filter((c): c is string => c !== undefined);
  const found = candidates.find((c) => existsSync(path.join(c, 'README.md')));
  if (found === undefined) {
    throw new Error(
      `corpus not found (tried ${candidates.join(', ')}); set INFRA_WORKBENCH_CORPUS`,
    );
  }
  return found;
}

/** Every file under `dir`, as paths relative to it with `/` separators. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of readdirSync(path.join(dir, sub))) {
      const rel = sub === '' ? entry : `${sub}/${entry}`;
      if (statSync(path.join(dir, rel)).isDirectory()) {
        walk(rel);
      } else {
        out.push(rel);
      }
    }
  };
  walk('');
  return out.sort();
}
