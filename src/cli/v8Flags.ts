import { setFlagsFromString } from 'node:v8';

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
//
// The bench's parse-floor children set the same flags, so that what they measure is comparable.
/** Sets the CLI's V8 flags (above), each unless node's own command line gives it. */
export function tuneV8ForShortRuns(): void {
  for (const [name, flag] of [
    ['interrupt-budget', '--interrupt-budget=800000'],
    ['turbo-inlining', '--no-turbo-inlining'],
  ] as const) {
    if (!process.execArgv.some((arg) => arg.replace(/^--no-/, '--').startsWith(`--${name}`))) {
      setFlagsFromString(flag);
    }
  }
}
