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
import { SearchTree, type SearchNode } from './searchTree';

/** The GitHub views; their trees and connection are exposed for tests. */
export interface GitHubFeature {
  dispose(): void;
  readonly connection: GitHubConnection;
  readonly pullRequests: SearchTree;
  readonly issues: SearchTree;
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
  );
  return {
    connection,
    pullRequests,
    issues,
    dispose: () => {
      disposable.dispose();
    },
  };
}
