// The `extensionTestsPath` entry of the activation bench (test/bench/activationBench.ts), not a
// test: VS Code loads it in the extension host of a fresh window; it waits for the extension's
// activation and appends one JSON line (ActivationSample) to the file the bench names.
import { appendFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { InfraWorkbenchApi } from '../../../src/extension';

/** Environment variable naming the file the samples are appended to. */
export const activationSamplesEnv = 'INFRA_WORKBENCH_BENCH_ACTIVATION';

/** One activation, as measured by the extension itself. */
export interface ActivationSample {
  readonly vscodeVersion: string;
  /** From the start of `activate()` to every feature registered (the extension's own clock). */
  readonly activationMs: number;
}

export async function run(): Promise<void> {
  const file = process.env[activationSamplesEnv];
  if (file === undefined) {
    throw new Error(`${activationSamplesEnv} is not set`);
  }
  const extension = vscode.extensions.getExtension<InfraWorkbenchApi>(
    'infra-workbench.infra-workbench',
  );
  if (extension === undefined) {
    throw new Error('infra-workbench.infra-workbench is not installed in the test host');
  }
  const api = await extension.activate();
  if (typeof api.activationMs !== 'number') {
    throw new Error('the extension exports no activationMs');
  }
  const sample: ActivationSample = {
    vscodeVersion: vscode.version,
    activationMs: api.activationMs,
  };
  appendFileSync(file, `${JSON.stringify(sample)}\n`);
}
