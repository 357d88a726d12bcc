import path from 'node:path';
import { version } from '../../package.json';
import { runCli } from './runCli';
import { tuneV8ForShortRuns } from './v8Flags';
import { describeError } from '../common/describeError';

tuneV8ForShortRuns();

// A reader that stops early (`| head`) closes the pipe: stop quietly, as other CLIs do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exit(process.exitCode ?? 0);
  }
  throw error;
});

runCli(process.argv.slice(2), version, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  schemasDir: path.resolve(__dirname, '..', 'schemas'),
  isTty: process.stdout.isTTY,
  errIsTty: process.stderr.isTTY,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`infra-workbench: internal error: ${describeError(error, true)}\n`);
    process.exitCode = 2;
  },
);
