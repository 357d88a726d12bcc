import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { seedDemo } from '../../github-double/demoSeed';
import { GitHubDouble } from '../../github-double/githubDouble';
import type { InfraWorkbenchApi } from '../../../src/extension';
import { signInThroughAccountsMenu, TestGitHubEnterpriseAuth } from './githubTestAuth';
import { extensionId } from './helpers';

/**
 * The `extensionTestsPath` of the GitHub UI check (not a test): in the window's extension host it
 * starts the GitHub API double with the demo seed, points the workspace's `origin` at it, sets
 * the enterprise URL and signs alice in to its `github-enterprise` provider, then keeps the
 * window open (never resolves) while the launcher drives the views and takes the screenshot.
 */
export async function run(): Promise<void> {
  const api = await vscode.extensions.getExtension<InfraWorkbenchApi>(extensionId)?.activate();
  if (api === undefined) {
    throw new Error('Infra Workbench is not installed in this window');
  }
  const double = new GitHubDouble();
  await double.start();
  seedDemo(double);
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (root === undefined) {
    throw new Error('the GitHub UI check needs a workspace folder');
  }
  if (!existsSync(path.join(root, '.git'))) {
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  }
  execFileSync('git', ['remote', 'add', 'origin', `${double.url}/acme/infra.git`], { cwd: root });
  vscode.authentication.registerAuthenticationProvider(
    'github-enterprise',
    'GitHub Enterprise (UI check)',
    new TestGitHubEnterpriseAuth(),
  );
  await vscode.workspace
    .getConfiguration('infraWorkbench.github')
    .update('enterpriseUrl', double.url, vscode.ConfigurationTarget.Workspace);
  await api.github.connection.reconnect();
  await signInThroughAccountsMenu(api);
  await new Promise<never>(() => undefined);
}
