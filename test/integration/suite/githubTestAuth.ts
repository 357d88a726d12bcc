import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { InfraWorkbenchApi } from '../../../src/extension';
import type { ConnectionState } from '../../../src/github/githubConnection';
import { demoToken } from '../../github-double/demoSeed';
import type { GitHubDouble } from '../../github-double/githubDouble';

function aliceSession(scopes: readonly string[]): vscode.AuthenticationSession {
  return {
    id: 'alice-session',
    accessToken: demoToken,
    account: { id: 'alice', label: 'alice' },
    scopes: [...scopes],
  };
}

/**
 * The test's stand-in for VS Code's GitHub Enterprise account: no session until the user signs
 * in (through the Accounts menu entry VS Code adds when an extension asks without prompting),
 * then alice's session on the double. Production code only calls vscode.authentication.
 */
export class TestGitHubEnterpriseAuth implements vscode.AuthenticationProvider {
  private readonly changed =
    new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private sessions: vscode.AuthenticationSession[] = [];
  created = 0;

  getSessions(): Promise<vscode.AuthenticationSession[]> {
    return Promise.resolve(this.sessions);
  }

  createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    this.created += 1;
    const session = aliceSession(scopes);
    this.sessions = [session];
    this.changed.fire({ added: [session], removed: [], changed: [] });
    return Promise.resolve(session);
  }

  removeSession(): Promise<void> {
    const removed = this.sessions;
    this.sessions = [];
    this.changed.fire({ added: [], removed, changed: [] });
    return Promise.resolve();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Resolves with the connection state once it has `kind` (now or after a later reconnect). */
export function connectionState(
  api: InfraWorkbenchApi,
  kind: ConnectionState['kind'],
): Promise<ConnectionState> {
  const connection = api.github.connection;
  if (connection.state.kind === kind) {
    return Promise.resolve(connection.state);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`the GitHub connection did not become ${kind}: ${connection.state.kind}`));
    }, 20_000);
    const listener = connection.onDidChange((state) => {
      if (state.kind === kind) {
        clearTimeout(timer);
        listener.dispose();
        resolve(state);
      }
    });
  });
}

/**
 * Signs alice in the way a user does: the extension asked for a session without prompting, so
 * VS Code's Accounts menu carries a "sign in to use Infra Workbench" request; running it
 * creates the session and grants the extension access (a session that exists without that grant
 * is not handed out). Resolves once the connection is ready.
 */
export async function signInThroughAccountsMenu(api: InfraWorkbenchApi): Promise<ConnectionState> {
  await connectionState(api, 'signedOut');
  const commands = await vscode.commands.getCommands(true);
  const signIn = commands.find((c) => c.startsWith('github-enterprise:') && c.includes(':signIn'));
  if (signIn === undefined) {
    throw new Error('VS Code added no "Sign in to use Infra Workbench" request');
  }
  const ready = connectionState(api, 'ready');
  await vscode.commands.executeCommand(signIn);
  return ready;
}

/**
 * Makes the workspace folder `root` a repository whose origin is acme/infra on the double,
 * registers `auth` as the `github-enterprise` provider and sets the enterprise URL to the
 * double's: what a GitHub Enterprise user has. Resolves with the undo (the repository included).
 */
export async function connectWorkspaceToDouble(
  root: string,
  double: GitHubDouble,
  auth: TestGitHubEnterpriseAuth,
): Promise<() => Promise<void>> {
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  execFileSync('git', ['remote', 'add', 'origin', `${double.url}/acme/infra.git`], { cwd: root });
  const undo = await useDoubleAsEnterprise(double, auth);
  return async () => {
    await undo();
    rmSync(path.join(root, '.git'), { recursive: true, force: true });
  };
}

/**
 * Points the extension at the double the way a GitHub Enterprise user does (the enterprise URL
 * setting) with `auth` as VS Code's `github-enterprise` account, for a workspace whose
 * repository the caller set up; resolves with the undo.
 */
export async function useDoubleAsEnterprise(
  double: GitHubDouble,
  auth: TestGitHubEnterpriseAuth,
): Promise<() => Promise<void>> {
  const registration = vscode.authentication.registerAuthenticationProvider(
    'github-enterprise',
    'GitHub Enterprise (test)',
    auth,
  );
  await vscode.workspace
    .getConfiguration('infraWorkbench.github')
    .update('enterpriseUrl', double.url, vscode.ConfigurationTarget.Workspace);
  return async () => {
    registration.dispose();
    auth.dispose();
    await vscode.workspace
      .getConfiguration('infraWorkbench.github')
      .update('enterpriseUrl', undefined, vscode.ConfigurationTarget.Workspace);
  };
}
