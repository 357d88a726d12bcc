import { readFileSync } from 'node:fs';

/**
 * Runs code we generated ahead of time and ship beside a schema (precompiled ajv validators):
 * the file's text, only when its first line is `firstLine` (which records a hash of what it was
 * generated from, so a stale file is never run), with `variables` as its free variables. False
 * when the file is missing or stale. Never give it a file from a workspace: it is code.
 */
export function runGeneratedCode(
  file: string,
  firstLine: string,
  variables: Readonly<Record<string, unknown>>,
): boolean {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (!source.startsWith(`${firstLine}\n`)) {
    return false;
  }
  const names = Object.keys(variables);
  // Our own generated code: ajv runs the same code through `new Function` when it compiles at
  // run time.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const run = new Function(...names, source) as (...values: unknown[]) => void;
  run(...names.map((name) => variables[name]));
  return true;
}
