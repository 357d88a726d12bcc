// One fresh process of the in-process throughput bench (spawned by bench.ts, bundled):
//   node out/bench/throughputChild.mjs <ours|yls> <folder> [--warm]
// Creates the engine and loads its schema by validating one small Deployment ("schemas
// preloaded", as the issue measured yaml-language-server), then validates every YAML file below
// the folder in turn, reading each from disk. With --warm, then does it all again in the same
// process with a new engine and no parse cached (our parses are forgotten; yaml-language-server
// gets new document versions): the same work with the JIT warm. Prints one JSON line
// (ThroughputChildResult).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { forgetParse } from '../../src/common/yamlModel';
import { countDocuments, yamlFilesUnder } from './benchInputs';
import { createEngine, type EngineName } from './engines';
import { peakRssMb } from './processStats';

export interface ThroughputChildResult {
  readonly engine: EngineName;
  readonly files: number;
  readonly documents: number;
  /** Creating the engine and validating the warm-up document. */
  readonly setupMs: number;
  /** Reading and validating every file. */
  readonly validateMs: number;
  /** CPU time (user + system) of the same, ms: steadier than wall time on a shared machine. */
  readonly validateCpuMs: number;
  readonly errors: number;
  readonly warnings: number;
  readonly peakRssMb: number;
  /** With --warm: the second pass (new engine, same process), wall and CPU time, ms. */
  readonly warm?: { readonly validateMs: number; readonly validateCpuMs: number };
}

interface Pass {
  readonly setupMs: number;
  readonly validateMs: number;
  readonly validateCpuMs: number;
  readonly errors: number;
  readonly warnings: number;
}

/** Creates the engine, validates the warm-up document, then every file. */
async function pass(
  engineName: EngineName,
  folder: string,
  files: readonly string[],
): Promise<Pass> {
  let t0 = performance.now();
  const engine = await createEngine(engineName);
  await engine.validate('warm-up.yaml', warmUp);
  const setupMs = performance.now() - t0;

  let errors = 0;
  let warnings = 0;
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const diagnostics = await engine.validate(path.relative(folder, file), text);
    for (const d of diagnostics) {
      if (d.severity === 'error') {
        errors++;
      } else if (d.severity === 'warning') {
        warnings++;
      }
    }
  }
  const validateMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { setupMs, validateMs, validateCpuMs: (cpu.user + cpu.system) / 1000, errors, warnings };
}

const warmUp = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: warm-up
spec:
  selector:
    matchLabels: { app: warm-up }
  template:
    metadata:
      labels: { app: warm-up }
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

async function main(): Promise<void> {
  const [engineName, folder, flag] = process.argv.slice(2);
  if (
    (engineName !== 'ours' && engineName !== 'yls') ||
    folder === undefined ||
    (flag !== undefined && flag !== '--warm')
  ) {
    throw new Error('usage: throughputChild <ours|yls> <folder> [--warm]');
  }
  const files = yamlFilesUnder(folder);
  // Counted before the clock starts, with our parser (the same count for both engines).
  const documents = files.reduce((n, f) => n + countDocuments(readFileSync(f, 'utf8')), 0);

  const cold = await pass(engineName, folder, files);
  let warm: Pass | undefined;
  if (flag === '--warm') {
    for (const file of files) {
      forgetParse(readFileSync(file, 'utf8'));
    }
    warm = await pass(engineName, folder, files);
    if (warm.errors !== cold.errors || warm.warnings !== cold.warnings) {
      throw new Error(
        `the warm pass found ${warm.errors} errors and ${warm.warnings} warnings, the first ${cold.errors} and ${cold.warnings}`,
      );
    }
  }
  const result: ThroughputChildResult = {
    engine: engineName,
    files: files.length,
    documents,
    setupMs: cold.setupMs,
    validateMs: cold.validateMs,
    validateCpuMs: cold.validateCpuMs,
    errors: cold.errors,
    warnings: cold.warnings,
    peakRssMb: peakRssMb(),
    ...(warm === undefined
      ? {}
      : { warm: { validateMs: warm.validateMs, validateCpuMs: warm.validateCpuMs } }),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
