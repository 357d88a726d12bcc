import * as vscode from 'vscode';
import { Commands, ContextKeys, Views } from '../host/ids';
import type { Logger } from '../host/logger';
import { GitHubConnection } from './githubConnection';
import {
  PullRequestActions,
  type CreatePullRequestOptions,
  type MergeOptions,
  type PullRequestTarget,
  type ReviewOptions,
} from './pullRequestActions';
import { IssueActions, OpenIssueCodeActions } from './issueActions';
import { PullRequestDetails } from './pullRequestDetails';
import { readSettings } from '../host/settings';
import { SearchTree, type SearchNode } from './searchTree';

/** The GitHub views; their trees and connection are exposed for tests. */
export interface GitHubFeature {
  dispose(): void;
  readonly connection: GitHubConnection;
  readonly pullRequests: SearchTree;
  readonly issues: SearchTree;
  /** What expanding a pull request loaded (files, checks, infrastructure areas). */
  readonly pullRequestDetails: PullRequestDetails;
}

/**
 * Registers the Pull Requests and Issues views, their refresh commands, Load more, Open in
 * browser and Sign in to GitHub. Nothing talks to GitHub until a view is shown.
 */
export function registerGitHub(deps: {
  readonly logger: Logger;
  readonly version: string;
}): GitHubFeature {
  void vscode.commands.executeCommand('setContext', ContextKeys.githubState, 'loading');
  const connection = new GitHubConnection(deps.logger, `infra-workbench/${deps.version}`);
  const pullRequests = new SearchTree('pullRequests', connection, deps.logger);
  const issues = new SearchTree('issues', connection, deps.logger);
  const pullRequestsView = vscode.window.createTreeView(Views.pullRequests, {
    treeDataProvider: pullRequests,
    showCollapseAll: true,
  });
  const issuesView = vscode.window.createTreeView(Views.issues, {
    treeDataProvider: issues,
    showCollapseAll: true,
  });
  pullRequests.attach(pullRequestsView);
  issues.attach(issuesView);
  const actions = new PullRequestActions(connection, pullRequests, deps.logger);
  // Pull request details and issue actions (issue 8).
  const details = new PullRequestDetails(connection, deps.logger);
  const issueActions = new IssueActions(connection, deps.logger);
  const refreshTimer = new IntervalRefresh([pullRequests, issues]);
  const disposable = vscode.Disposable.from(
    pullRequests,
    issues,
    pullRequestsView,
    issuesView,
    connection,
    vscode.commands.registerCommand(Commands.githubSignIn, () => connection.signIn()),
    vscode.commands.registerCommand(Commands.refreshPullRequests, () => pullRequests.refresh()),
    vscode.commands.registerCommand(Commands.refreshIssues, () => issues.refresh()),
    vscode.commands.registerCommand(Commands.githubLoadMore, (node?: SearchNode) =>
      node?.type === 'loadMore'
        ? (node.kind === 'pullRequests' ? pullRequests : issues).loadMore(node)
        : undefined,
    ),
    vscode.commands.registerCommand(Commands.githubOpenInBrowser, (node?: SearchNode) =>
      node?.type === 'item' ? vscode.env.openExternal(vscode.Uri.parse(node.item.url)) : undefined,
    ),
    // Pull request actions: a tree item (context menu) or `{ number }`, then an options object
    // with the answers the command would otherwise ask for.
    vscode.commands.registerCommand(
      Commands.createPullRequest,
      (options?: CreatePullRequestOptions) => actions.createPullRequest(options),
    ),
    vscode.commands.registerCommand(Commands.checkoutPullRequest, (target?: PullRequestTarget) =>
      actions.checkoutPullRequest(target),
    ),
    vscode.commands.registerCommand(
      Commands.approvePullRequest,
      (target?: PullRequestTarget, options?: ReviewOptions) =>
        actions.review('APPROVE', target, options),
    ),
    vscode.commands.registerCommand(
      Commands.requestChanges,
      (target?: PullRequestTarget, options?: ReviewOptions) =>
        actions.review('REQUEST_CHANGES', target, options),
    ),
    vscode.commands.registerCommand(
      Commands.commentOnPullRequest,
      (target?: PullRequestTarget, options?: ReviewOptions) => actions.comment(target, options),
    ),
    vscode.commands.registerCommand(
      Commands.mergePullRequest,
      (target?: PullRequestTarget, options?: MergeOptions) => actions.merge(target, options),
    ),
    // Pull request details and issue actions (issue 8).
    details,
    details.registerSummaryProvider(),
    pullRequests.attachDetails(details),
    refreshTimer,
    vscode.commands.registerCommand(Commands.githubOpenPullRequestFile, (node?: SearchNode) =>
      details.openFile(node?.type === 'detail' ? node.detail : undefined),
    ),
    vscode.commands.registerCommand(Commands.githubShowCheckSummary, (node?: SearchNode) =>
      details.showCheckSummary(node?.type === 'detail' ? node.detail : undefined),
    ),
    vscode.commands.registerCommand(
      Commands.githubPreviewInfrastructureChange,
      (node?: SearchNode) =>
        details.previewInfrastructureChange(
          node?.type === 'detail'
            ? node.detail
            : node?.type === 'item' && node.item.kind === 'pull-request'
              ? node.item
              : undefined,
        ),
    ),
    vscode.commands.registerCommand(
      Commands.githubStartWorkOnIssue,
      (target?: Parameters<IssueActions['startWork']>[0]) => issueActions.startWork(target),
    ),
    vscode.commands.registerCommand(
      Commands.githubCommentOnIssue,
      (target?: Parameters<IssueActions['comment']>[0], options?: IssueOptionsArg) =>
        issueActions.comment(target, options),
    ),
    vscode.commands.registerCommand(Commands.githubCreateIssue, (options?: IssueOptionsArg) =>
      issueActions.create(options),
    ),
    vscode.commands.registerCommand(
      Commands.githubCreateIssueForProblem,
      (uri?: unknown, diagnostic?: unknown, options?: IssueOptionsArg) =>
        issueActions.createForProblem(uri, diagnostic, options),
    ),
    vscode.languages.registerCodeActionsProvider(
      { scheme: 'file' },
      new OpenIssueCodeActions(Commands.githubCreateIssueForProblem),
      { providedCodeActionKinds: OpenIssueCodeActions.kinds },
    ),
  );
  return {
    connection,
    pullRequests,
    issues,
    pullRequestDetails: details,
    dispose: () => {
      disposable.dispose();
    },
  };
}

type IssueOptionsArg = Parameters<IssueActions['create']>[0];

/**
 * Refreshes the visible GitHub views every `github.refreshInterval` seconds (hidden views wait:
 * their next render fetches). A failed refresh says so once in the view's message line, as a
 * refresh on demand does.
 */
class IntervalRefresh implements vscode.Disposable {
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly trees: readonly SearchTree[]) {
    this.restart();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('infraWorkbench.github.refreshInterval')) {
        this.restart();
      }
    });
  }

  private restart(): void {
    if (this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    const seconds = readSettings().githubRefreshInterval;
    if (seconds > 0) {
      this.timer = setInterval(() => {
        for (const tree of this.trees) {
          if (tree.visible) {
            void tree.refresh();
          }
        }
      }, seconds * 1000);
    }
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearInterval(this.timer);
    }
    this.subscription.dispose();
  }
}
