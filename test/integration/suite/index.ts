import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { resultsEnv, type SuiteResults } from '../results';
import { describeError } from '../../../src/common/describeError';

/**
 * The `extensionTestsPath` entry: VS Code loads this module in the extension host and awaits
 * `run()`. Runs every compiled `*.test.js` beside it and writes the results file.
 */
export async function run(): Promise<void> {
  const resultsPath = process.env[resultsEnv];
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // INFRA_WORKBENCH_TEST_FILES=planPreview,formats.test.ts runs only those files (while working on them).
  const only = process.env.INFRA_WORKBENCH_TEST_FILES?.split(',').map(
    (f) => `${f.trim().replace(/(\.test)?\.[jt]s$/, '')}.test.js`,
  );
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && (only === undefined || only.includes(f)))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const passed: string[] = [];
  const failed: { title: string; error: string }[] = [];
  const pending: string[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => {
      resolve();
    });
    runner.on('pass', (test) => passed.push(test.fullTitle()));
    runner.on('pending', (test) => pending.push(test.fullTitle()));
    runner.on('fail', (test, error: unknown) => {
      failed.push({
        title: test.fullTitle(),
        error: describeError(error, true),
      });
    });
  });
  const results: SuiteResults = { vscodeVersion: vscode.version, passed, failed, pending };
  if (resultsPath !== undefined) {
    writeFileSync(resultsPath, JSON.stringify(results, null, 2));
  }
  if (failed.length > 0) {
    throw new Error(`${failed.length} integration test(s) failed`);
  }
}
