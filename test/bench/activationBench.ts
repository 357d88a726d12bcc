// Activation in the real VS Code (the offline test host of test/integration/launchOffline.ts):
// one VS Code server, then `runs` fresh windows in turn, each with its own extension host that
// loads the extension from dist/ and runs test/integration/activationBench as its tests entry,
// which records the extension's own activation time. The first window is the cold one.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ActivationSample } from '../integration/activationBench/index';
import { prepareRun, pruneOldRuns, writeFileEnsuringDir } from '../integration/launchCommon';
import {
  ensureHost,
  freePort,
  launchBrowser,
  openPage,
  startServer,
  workbenchUrl,
  type Server,
} from '../integration/launchOffline';
import { repoRoot } from './benchInputs';

/** Where the bench bundles the tests entry (see bench.ts). */
export const activationEntry = path.join(repoRoot, 'out', 'bench', 'activation', 'index.js');

export interface ActivationResult {
  readonly vscodeVersion: string;
  /** Each window's activation, in order; the first is after the server's start (cold). */
  readonly samplesMs: readonly number[];
  /** dist/extension.js (what the .vsix ships, schema data apart), bytes. */
  readonly bundleBytes: number;
}

/** The size of the extension bundle as built now (the bench builds it with --production). */
export function extensionBundleBytes(): number {
  return statSync(path.join(repoRoot, 'dist', 'extension.js')).size;
}

const windowTimeoutMs = 120_000;

export async function runActivationBench(
  runs: number,
  log: (message: string) => void,
): Promise<ActivationResult> {
  ensureHost();
  if (!existsSync(activationEntry)) {
    throw new Error(`${activationEntry} is missing: the bench builds it first`);
  }
  pruneOldRuns();
  const run = prepareRun();
  writeFileEnsuringDir(
    path.join(run.workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true }),
  );
  const samplesFile = path.join(run.runDir, 'activation.jsonl');
  rmSync(samplesFile, { force: true });
  writeFileSync(samplesFile, '');
  const consoleLog = path.join(run.logsDir, 'browser-console.log');
  let server: Server | undefined;
  const browser = await launchBrowser();
  try {
    server = await startServer(run.runDir, await freePort(), {
      INFRA_WORKBENCH_BENCH_ACTIVATION: samplesFile,
    });
    for (let i = 0; i < runs; i++) {
      const page = await openPage(
        browser,
        workbenchUrl(server.port, run.workspace, activationEntry),
        consoleLog,
      );
      await waitForSamples(samplesFile, i + 1, server);
      await page.close();
      log(`activation: window ${i + 1}/${runs}`);
    }
  } catch (error) {
    const tail = existsSync(consoleLog)
      ? readFileSync(consoleLog, 'utf8').split('\n').slice(-40).join('\n')
      : '';
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n(logs in ${run.logsDir})\n${tail}`,
    );
  } finally {
    await browser.close().catch(() => undefined);
    server?.process.kill();
  }
  const samples = readSamples(samplesFile);
  return {
    vscodeVersion: samples[0]?.vscodeVersion ?? 'unknown',
    samplesMs: samples.map((s) => s.activationMs),
    bundleBytes: extensionBundleBytes(),
  };
}

function readSamples(file: string): ActivationSample[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ActivationSample);
}

async function waitForSamples(file: string, count: number, server: Server): Promise<void> {
  const deadline = Date.now() + windowTimeoutMs;
  while (readSamples(file).length < count) {
    if (Date.now() > deadline) {
      throw new Error(
        `no activation sample from window ${count} after ${windowTimeoutMs / 1000} s`,
      );
    }
    if (server.process.exitCode !== null) {
      throw new Error('the VS Code server exited');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
