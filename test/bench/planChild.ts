// One fresh process of the plan bench (spawned by bench.ts, bundled):
//   node out/bench/planChild.mjs <plan.json>
// Reads the plan once and times each step as `infra-workbench plan` runs it: parse and check,
// the masked model with its dependency graph, the report (attribute diffs and the blast radius
// of every destroy and replacement), the text and Markdown summaries; then what the Plan Preview
// does before its panel can draw: the view model and its serialisation. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildPlanModel } from '../../src/plan/core/buildPlanModel';
import { formatPlanMarkdown } from '../../src/plan/core/formatPlanMarkdown';
import { formatPlanText } from '../../src/plan/core/formatPlanText';
import { buildPlanReport } from '../../src/plan/core/planReport';
import { PlanPreviewData } from '../../src/plan/core/planView';
import { readPlanJson } from '../../src/plan/core/readPlanJson';
import { peakRssMb } from './processStats';

export interface PlanChildResult {
  readonly bytes: number;
  readonly resources: number;
  readonly dangerous: number;
  readonly dependents: number;
  readonly readMs: number;
  readonly parseMs: number;
  readonly modelMs: number;
  readonly reportMs: number;
  readonly formatMs: number;
  /** Parse + model + report + formatting (reading the file excluded). */
  readonly totalMs: number;
  /** The Plan Preview's view model (blast radii, drift relevance) from the model. */
  readonly previewMs: number;
  /** JSON.stringify of the message that carries the view model to the webview. */
  readonly serializeMs: number;
  readonly previewBytes: number;
  /** Resources the preview lists (no-ops left out). */
  readonly previewResources: number;
  /** Parse + model + view model + serialisation: the extension host's part of opening a preview. */
  readonly previewTotalMs: number;
  readonly headline: string;
  readonly peakRssMb: number;
}

function main(): void {
  const file = process.argv[2];
  if (file === undefined) {
    throw new Error('usage: planChild <plan.json>');
  }
  let t = performance.now();
  const text = readFileSync(file, 'utf8');
  const readMs = performance.now() - t;
  t = performance.now();
  const raw = readPlanJson(text);
  const parseMs = performance.now() - t;
  t = performance.now();
  const model = buildPlanModel(raw);
  const modelMs = performance.now() - t;
  t = performance.now();
  const report = buildPlanReport(model);
  const reportMs = performance.now() - t;
  t = performance.now();
  const output = formatPlanText(report).length + formatPlanMarkdown(report).length;
  const formatMs = performance.now() - t;
  t = performance.now();
  const preview = new PlanPreviewData(model, 'plan.json');
  const previewMs = performance.now() - t;
  t = performance.now();
  const message = JSON.stringify({ type: 'plan', view: preview.view });
  const serializeMs = performance.now() - t;
  const dangerous = report.resources.filter((r) => r.dangerous);
  const result: PlanChildResult = {
    bytes: Buffer.byteLength(text),
    resources: model.resourceChanges.length,
    dangerous: dangerous.length,
    dependents: dangerous.reduce((n, r) => n + (r.dependents?.length ?? 0), 0),
    readMs,
    parseMs,
    modelMs,
    reportMs,
    formatMs,
    totalMs: parseMs + modelMs + reportMs + formatMs,
    previewMs,
    serializeMs,
    previewBytes: Buffer.byteLength(message),
    previewResources: preview.view.resources.length,
    previewTotalMs: parseMs + modelMs + previewMs + serializeMs,
    headline: output > 0 ? model.summary.headline : '',
    peakRssMb: peakRssMb(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
