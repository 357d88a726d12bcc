// Shared by both launchers: where things live, the throwaway workspace, and reading the results.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { isSuiteResults, type SuiteResults } from './results';

/** The repository root (launchers run from out/test/). */
export const repoRoot = path.resolve(__dirname, '..', '..');
/** Ignored folder for the test host's runs, workspaces, logs and screenshots. */
export const workRoot = path.join(repoRoot, '.vscode-test');
export const demoRepo = path.join(repoRoot, 'test', 'fixtures', 'demo-repo');
export const suiteEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
export const screenshotsDir = path.join(workRoot, 'screenshots');

/** A fresh folder for one run: a copy of the demo repository (tests may edit it) and a log folder. */
export function prepareRun(): {
  runDir: string;
  workspace: string;
  resultsFile: string;
  logsDir: string;
} {
  const runDir = path.join(workRoot, 'runs', `${Date.now()}-${process.pid}`);
  const workspace = path.join(runDir, 'workspace');
  const logsDir = path.join(runDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  cpSync(demoRepo, workspace, { recursive: true });
  return { runDir, workspace, resultsFile: path.join(runDir, 'results.json'), logsDir };
}

/** Removes the folders of earlier runs, keeping the newest few for diagnosis. */
export function pruneOldRuns(keep = 3): void {
  const runs = path.join(workRoot, 'runs');
  if (!existsSync(runs)) {
    return;
  }
  const all = readdirSync(runs).sort();
  for (const old of all.slice(0, Math.max(0, all.length - keep))) {
    rmSync(path.join(runs, old), { recursive: true, force: true });
  }
}

/** Reads and checks the results file; undefined when it is missing or malformed. */
export function readResults(resultsFile: string): SuiteResults | undefined {
  if (!existsSync(resultsFile)) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(readFileSync(resultsFile, 'utf8'));
    return isSuiteResults(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Prints the results; returns true when every test passed and at least one ran. */
export function reportResults(results: SuiteResults): boolean {
  console.log(`\nIntegration tests ran in VS Code ${results.vscodeVersion}`);
  for (const title of results.passed) {
    console.log(`  ✓ ${title}`);
  }
  for (const title of results.pending) {
    console.log(`  - ${title} (pending)`);
  }
  for (const { title, error } of results.failed) {
    console.log(`  ✗ ${title}\n${error.replace(/^/gm, '      ')}`);
  }
  console.log(
    `${results.passed.length} passing, ${results.failed.length} failing, ${results.pending.length} pending`,
  );
  return results.failed.length === 0 && results.passed.length > 0;
}

/** Writes a file, creating its folder. */
export function writeFileEnsuringDir(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}
