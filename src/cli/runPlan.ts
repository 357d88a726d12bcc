import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../common/describeError';
import { readPlanModel } from '../plan/core/buildPlanModel';
import { formatPlanMarkdown } from '../plan/core/formatPlanMarkdown';
import { formatPlanText } from '../plan/core/formatPlanText';
import { buildPlanReport } from '../plan/core/planReport';
import { PlanReadError } from '../plan/core/readPlanJson';
import type { CliIo } from './runCli';

/** The output formats of `plan`. */
export type PlanFormat = 'text' | 'markdown' | 'json';

/**
 * `plan <plan.json>`: reads the file once, builds the masked model and prints its summary.
 * Resolves to 0, or 2 when the file cannot be read or is not a plan (the reason on stderr).
 */
export async function runPlan(file: string, format: PlanFormat, io: CliIo): Promise<number> {
  const shown = path.relative(io.cwd, path.resolve(io.cwd, file)) || file;
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    io.err(`infra-workbench: ${shown}: cannot read: ${describeError(error)}\n`);
    return 2;
  }
  let report;
  try {
    report = buildPlanReport(readPlanModel(text));
  } catch (error) {
    if (error instanceof PlanReadError) {
      io.err(`infra-workbench: ${shown}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  switch (format) {
    case 'text':
      io.out(formatPlanText(report));
      break;
    case 'markdown':
      io.out(formatPlanMarkdown(report));
      break;
    case 'json':
      io.out(`${JSON.stringify(report, null, 2)}\n`);
      break;
  }
  return 0;
}
