import path from 'node:path';
import { runCli, type CliIo } from '../../../src/cli/runCli';

/** What one CLI run wrote and returned. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process in `cwd` with the repository's schemas, capturing what it writes. */
export async function captureCli(
  args: readonly string[],
  cwd: string,
  io: Partial<CliIo> = {},
): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(args, '9.9.9', {
    out: (t) => (out += t),
    err: (t) => (err += t),
    cwd,
    schemasDir: path.resolve(__dirname, '..', '..', '..', 'schemas'),
    ...io,
  });
  return { code, out, err };
}
