// Launcher for a desktop machine with internet access: @vscode/test-electron downloads VS Code
// and runs the same suite. It cannot run on the offline CI machines (see launchOffline.ts).
import { runTests } from '@vscode/test-electron';
import { prepareRun, readResults, repoRoot, reportResults, suiteEntry } from './launchCommon';
import { resultsEnv } from './results';

async function main(): Promise<void> {
  const run = prepareRun();
  await runTests({
    version: '1.139.1',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suiteEntry,
    launchArgs: [run.workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { [resultsEnv]: run.resultsFile },
  }).catch(() => undefined); // judged by the results file, like the offline launcher
  const results = readResults(run.resultsFile);
  if (results === undefined) {
    console.error(`No results at ${run.resultsFile}: the suite did not run.`);
    process.exitCode = 1;
    return;
  }
  process.exitCode = reportResults(results) ? 0 : 1;
}

void main();
