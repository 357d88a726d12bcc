import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { version } from '../../package.json';
import { runCli } from './runCli';
import { describeError } from '../common/describeError';

// The CLI is a short-lived process: most of its code runs a few thousand times and is then done.
// With V8's default tier-up budget, TurboFan compiles the YAML composer, the yaml package and the
// schema validators early, and compiles many of them again after their first deoptimisations; on
// one core those compiles take their time from the run. Measured on `check` over the Kubernetes
// corpus (2,329 documents) pinned to one core: 0.9 s of its 1.8 s CPU time went to V8's compiler
// threads. A budget 12 times the default (67,584 bytes of bytecode in Node 20) lets V8 optimise
// only the code that stays hot: that run takes 1.1 s instead of 1.8 s, and the run over 50,000
// synthetic documents is as fast as before (test/bench, README's Performance section). For the same
// reason TurboFan does not inline: its compiles are smaller and the code it makes is as fast here
// (the corpus, 9 interleaved runs: median 1,345 -> 1,296 ms; 50,000 synthetic documents and
// `plan` on 50,000 resources: the same within their noise). Either flag given on node's own
// command line wins.
for (const [name, flag] of [
  ['interrupt-budget', '--interrupt-budget=800000'],
  ['turbo-inlining', '--no-turbo-inlining'],
] as const) {
  if (!process.execArgv.some((arg) => arg.replace(/^--no-/, '--').startsWith(`--${name}`))) {
    setFlagsFromString(flag);
  }
}

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
