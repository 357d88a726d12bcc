// One fresh process of the edit-latency bench (spawned by bench.ts, bundled to out/bench/):
//   node out/bench/editChild.mjs <ours|yls> <stream file> <edits>
// Creates the engine, validates the file once (cold), then times <edits> one-line edits that
// change a line and <edits> that add one (warm), then validates the text with the planted problem. Prints one JSON line (EditChildResult).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { applyEdit, plantProblem, type EditKind } from './edits';
import { createEngine, type BenchDiagnostic, type EngineName } from './engines';
import { peakRssMb } from './processStats';

/** What one child reports. */
export interface EditChildResult {
  readonly engine: EngineName;
  readonly lines: number;
  /** Creating the engine: loading its code and configuring it. */
  readonly setupMs: number;
  /** The first validation of the file (schemas loaded and compiled on the way). */
  readonly coldMs: number;
  /** Each warm one-line edit that changes a line, in order. */
  readonly editMs: readonly number[];
  /** Then each warm one-line edit that adds a line (a comment), in order. */
  readonly addLineMs: readonly number[];
  /** Diagnostics of the unedited file. */
  readonly baseline: readonly BenchDiagnostic[];
  /** Diagnostics of the file with the planted problem, and the planted line. */
  readonly planted: readonly BenchDiagnostic[];
  readonly plantedLine: number;
  /** Peak resident set size of the whole process, MB. */
  readonly peakRssMb: number;
}

async function main(): Promise<void> {
  const [engineName, file, editsArg] = process.argv.slice(2);
  if ((engineName !== 'ours' && engineName !== 'yls') || file === undefined) {
    throw new Error('usage: editChild <ours|yls> <stream file> <edits>');
  }
  const edits = Number(editsArg ?? 5);
  const text = readFileSync(file, 'utf8');
  const relativePath = 'k8s/bench-stream.yaml';

  let t0 = performance.now();
  const engine = await createEngine(engineName);
  const setupMs = performance.now() - t0;

  t0 = performance.now();
  const baseline = await engine.validate(relativePath, text);
  const coldMs = performance.now() - t0;

  const timeEdits = async (kind: EditKind, from: number): Promise<number[]> => {
    const times: number[] = [];
    for (let i = from; i < from + edits; i++) {
      current = applyEdit(current, i, kind).text;
      t0 = performance.now();
      await engine.validate(relativePath, current);
      times.push(performance.now() - t0);
    }
    return times;
  };
  let current = text;
  const editMs = await timeEdits('change', 0);
  const addLineMs = await timeEdits('add', edits);

  const planted = plantProblem(text);
  const plantedDiagnostics = await engine.validate(relativePath, planted.text);

  const result: EditChildResult = {
    engine: engineName,
    lines: text.split('\n').length - 1,
    setupMs,
    coldMs,
    editMs,
    addLineMs,
    baseline,
    planted: plantedDiagnostics,
    plantedLine: planted.line,
    peakRssMb: peakRssMb(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
