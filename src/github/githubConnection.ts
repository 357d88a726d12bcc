import * as vscode from 'vscode';
import { describeError } from '../common/describeError';
import { ContextKeys } from '../host/ids';
import type { Logger } from '../host/logger';
import { readSettings } from '../host/settings';
import { createGitHubClient, type GitHubOctokit, type RateLimitEvent } from './core/client';
import { detectGitHubRepository, type DetectedRepository } from './core/detectRepository';
import { buildRepositoryInfo, type RepositoryRef } from './core/queries';
import { redactSecrets } from './core/redact';
import type { GitHubHost } from './core/remotes';
import { mapRepositoryInfo, queryRepository } from './core/treeModel';

/** The scopes the views need: private repositories' PRs and issues, org membership for teams. */
export const githubScopes = ['repo', 'read:org'];

/** VS Code's authentication provider for a server: `github` or `github-enterprise`. */
export function authProviderFor(server: GitHubHost): 'github' | 'github-enterprise' {
  return server.kind === 'github.com' ? 'github' : 'github-enterprise';
}

/** Where the GitHub views stand: what they can show or what the user must do first. */
export type ConnectionState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'noRepository'; readonly message: string }
  | {
      readonly kind: 'signedOut';
      readonly repository: DetectedRepository;
      readonly provider: 'github' | 'github-enterprise';
    }
  | {
      readonly kind: 'ready';
      readonly repository: DetectedRepository;
      /** The repository whose PRs and issues are shown (a fork's parent). */
      readonly queryRepository: RepositoryRef;
      readonly octokit: GitHubOctokit;
      /** The token, only to redact it from messages. */
      readonly token: string;
    };

/**
 * Finds the workspace's GitHub repository and the signed-in session for its server, and builds
 * the Octokit both views share. Re-connects when settings, sessions or workspace folders change;
 * the session is asked for without prompting (`createIfNone: false`): the welcome view's
 * "Sign in to GitHub" is the only thing that prompts.
 */
export class GitHubConnection implements vscode.Disposable {
  private current: ConnectionState = { kind: 'loading' };
  private connecting: Promise<ConnectionState> | undefined;
  private readonly changed = new vscode.EventEmitter<ConnectionState>();
  /** Fires after every (re)connection. */
  readonly onDidChange = this.changed.event;
  private readonly rateLimited = new vscode.EventEmitter<RateLimitEvent>();
  /** Fires when the client hits a rate limit it does not wait out. */
  readonly onRateLimit = this.rateLimited.event;
  private readonly subscriptions: { dispose(): unknown }[];

  constructor(
    private readonly logger: Logger,
    private readonly userAgent: string,
  ) {
    this.subscriptions = [
      this.changed,
      this.rateLimited,
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === 'github' || e.provider.id === 'github-enterprise') {
          void this.sessionsChanged(e.provider.id);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('infraWorkbench.github')) {
          void this.reconnect();
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        void this.reconnect();
      }),
    ];
  }

  get state(): ConnectionState {
    return this.current;
  }

  /**
   * The current connection, connecting first when none was made yet. A signed-out or
   * repository-less state stays until something changes (session, settings, folders) or the
   * user refreshes: connecting again on every render would re-render the view forever.
   */
  ensure(): Promise<ConnectionState> {
    if (this.current.kind !== 'loading') {
      return Promise.resolve(this.current);
    }
    return this.connecting ?? this.reconnect();
  }

  /** Connects again from scratch (repository, session, client). */
  reconnect(): Promise<ConnectionState> {
    const attempt = this.connect().then((state) => {
      if (this.connecting === attempt) {
        this.connecting = undefined;
      }
      this.current = state;
      void vscode.commands.executeCommand('setContext', ContextKeys.githubState, state.kind);
      this.changed.fire(state);
      return state;
    });
    this.connecting = attempt;
    return attempt;
  }

  /**
   * Reconnects when the session the views use changed. The event also comes for a sign-in they
   * just connected with, and for other accounts: refetching every category then is waste.
   */
  private async sessionsChanged(provider: 'github' | 'github-enterprise'): Promise<void> {
    const current = this.current;
    if (current.kind === 'ready') {
      if (authProviderFor(current.repository.remote.server) !== provider) {
        return;
      }
      const session = await vscode.authentication
        .getSession(provider, githubScopes, { createIfNone: false, silent: true })
        .then(
          (s) => s,
          () => undefined,
        );
      if (session?.accessToken === current.token) {
        return;
      }
    }
    await this.reconnect();
  }

  /** Asks for a session with the sign-in prompt (the welcome view's button). */
  async signIn(): Promise<void> {
    const state = await this.ensure();
    if (state.kind === 'noRepository') {
      void vscode.window.showWarningMessage(`Infra Workbench: ${state.message}`);
      return;
    }
    const provider =
      state.kind === 'signedOut' || state.kind === 'ready'
        ? authProviderFor(state.repository.remote.server)
        : 'github';
    try {
      await vscode.authentication.getSession(provider, githubScopes, { createIfNone: true });
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Infra Workbench: signing in to GitHub failed: ${describeError(error)}`,
      );
      return;
    }
    await this.reconnect();
  }

  private async connect(): Promise<ConnectionState> {
    const settings = readSettings();
    const folders = (vscode.workspace.workspaceFolders ?? []).filter(
      (f) => f.uri.scheme === 'file',
    );
    const problems: string[] = [];
    let repository: DetectedRepository | undefined;
    for (const folder of folders) {
      try {
        repository = await detectGitHubRepository(folder.uri.fsPath, {
          remoteNames: settings.githubRemotes,
          enterpriseUrls:
            settings.githubEnterpriseUrl === undefined ? [] : [settings.githubEnterpriseUrl],
        });
        break;
      } catch (error) {
        problems.push(`${folder.name}: ${describeError(error)}`);
      }
    }
    if (!repository) {
      const message =
        folders.length === 0
          ? 'no folder is open'
          : `no GitHub repository (${problems.join('; ')})`;
      this.logger.info(`GitHub views: ${message}`);
      return { kind: 'noRepository', message };
    }
    const { remote } = repository;
    const provider = authProviderFor(remote.server);
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await vscode.authentication.getSession(provider, githubScopes, {
        createIfNone: false,
      });
    } catch (error) {
      // No such provider (github-enterprise without its URL set in VS Code): signed out.
      this.logger.warn(`GitHub views: no ${provider} session: ${describeError(error)}`);
    }
    if (!session) {
      this.logger.info(
        `GitHub views: ${remote.owner}/${remote.repo} on ${remote.server.host}; not signed in (${provider})`,
      );
      return { kind: 'signedOut', repository, provider };
    }
    const token = session.accessToken;
    const octokit = await createGitHubClient({
      baseUrl: remote.server.apiUrl,
      token,
      userAgent: this.userAgent,
      logger: {
        debug: () => undefined,
        info: (m) => {
          this.logger.info(m);
        },
        warn: (m) => {
          this.logger.warn(m);
        },
        error: (m) => {
          this.logger.error(m);
        },
      },
      onRateLimit: (event) => {
        this.rateLimited.fire(event);
      },
    });
    let shown: RepositoryRef = { owner: remote.owner, repo: remote.repo };
    try {
      const request = buildRepositoryInfo(shown);
      const info = mapRepositoryInfo(
        await octokit.graphql(request.query, { ...request.variables }),
      );
      shown = queryRepository(info);
    } catch (error) {
      // Offline or rate-limited: the remote's own repository (a fork shows its own PRs then).
      this.logger.warn(
        `GitHub views: repository info of ${remote.owner}/${remote.repo} unavailable: ${redactSecrets(describeError(error), [token])}`,
      );
    }
    this.logger.info(
      `GitHub views: ${shown.owner}/${shown.repo} on ${remote.server.host} via remote ${remote.remoteName}, signed in as ${session.account.label}`,
    );
    return { kind: 'ready', repository, queryRepository: shown, octokit, token };
  }

  dispose(): void {
    for (const s of this.subscriptions) {
      s.dispose();
    }
  }
}
