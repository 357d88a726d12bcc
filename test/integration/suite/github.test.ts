import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InfraWorkbenchApi } from '../../../src/extension';
import type { SearchNode, SearchTree } from '../../../src/github/searchTree';
import { seedDemo } from '../../github-double/demoSeed';
import { GitHubDouble } from '../../github-double/githubDouble';
import {
  connectionState,
  connectWorkspaceToDouble,
  TestGitHubEnterpriseAuth,
} from './githubTestAuth';
import { extensionId } from './helpers';

/** Each category of a tree with its items' numbers, as the view shows them. */
async function categoriesOf(
  tree: SearchTree,
): Promise<{ label: string; numbers: number[]; descriptions: string[] }[]> {
  const categories = await tree.getChildren();
  return Promise.all(
    categories.map(async (category) => {
      const children = await tree.getChildren(category);
      const items = children.filter(
        (c): c is Extract<SearchNode, { type: 'item' }> => c.type === 'item',
      );
      return {
        label: labelOf(tree.getTreeItem(category)),
        numbers: items.map((i) => i.item.number),
        descriptions: items.map((i) => String(tree.getTreeItem(i).description)),
      };
    }),
  );
}

function labelOf(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

describe('GitHub views (against the GitHub API double)', () => {
  const double = new GitHubDouble();
  const auth = new TestGitHubEnterpriseAuth();
  let api: InfraWorkbenchApi;
  let disconnect: (() => Promise<void>) | undefined;
  let root: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<InfraWorkbenchApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    const started = Date.now();
    await double.start();
    seedDemo(double);
    console.log(`    github-double started in ${String(Date.now() - started)} ms`);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    root = folder.uri.fsPath;
    // The throwaway workspace becomes a repository whose origin is acme/infra on the double.
    disconnect = await connectWorkspaceToDouble(root, double, auth);
  });

  after(async () => {
    await double.stop();
    await disconnect?.();
    await api.github.connection.reconnect();
    double.assertNoFailures();
  });

  it('finds the repository on the enterprise host and asks to sign in (no session, no prompt)', async () => {
    const state = await api.github.connection.reconnect();
    assert.ok(state.kind === 'signedOut', JSON.stringify(state));
    assert.equal(state.provider, 'github-enterprise');
    assert.deepEqual(await api.github.pullRequests.getChildren(), [], 'welcome view, no tree');
    assert.equal(double.requests.length, 0, 'nothing asked of GitHub without a session');
  });

  it('signs in through the Accounts menu request and connects to acme/infra', async () => {
    const commands = await vscode.commands.getCommands(true);
    const signIn = commands.find(
      (c) => c.startsWith('github-enterprise:') && c.includes(':signIn'),
    );
    assert.ok(signIn, 'VS Code added no "Sign in to use Infra Workbench" request');
    const ready = connectionState(api, 'ready');
    await vscode.commands.executeCommand(signIn);
    const state = await ready;
    assert.equal(auth.created, 1);
    assert.ok(state.kind === 'ready');
    assert.deepEqual(state.queryRepository, { owner: 'acme', repo: 'infra' });
    assert.equal(state.repository.remote.server.graphqlUrl, double.graphqlUrl);
  });

  it('fills each Pull Requests category with ONE GraphQL request, then renders from the cache', async () => {
    const before = double.count('graphql', 'PullRequestSearch');
    const categories = await categoriesOf(api.github.pullRequests);
    assert.deepEqual(
      categories.map(({ label, numbers }) => ({ label, numbers })),
      [
        { label: 'Waiting for my review', numbers: [1] },
        { label: 'Created by me', numbers: [2] },
        { label: 'Assigned to me', numbers: [3] },
        { label: 'All open', numbers: [3, 2, 1] },
      ],
    );
    assert.equal(double.count('graphql', 'PullRequestSearch') - before, 4, 'one per category');
    assert.equal(double.count('rest'), 0, 'no REST call behind the tree');
    const all = categories[3];
    assert.deepEqual(all?.descriptions, [
      'carol · changes requested',
      'alice · draft · review required',
      'bob · review required · kubernetes, env:prod',
    ]);
    await categoriesOf(api.github.pullRequests);
    assert.equal(double.count('graphql', 'PullRequestSearch') - before, 4, 're-render: no request');
  });

  it('fills each Issues category with one request', async () => {
    const before = double.count('graphql', 'IssueSearch');
    const categories = await categoriesOf(api.github.issues);
    assert.deepEqual(
      categories.map(({ label, numbers }) => ({ label, numbers })),
      [
        { label: 'Assigned to me', numbers: [5] },
        { label: 'Created by me', numbers: [6] },
        { label: 'Mentioning me', numbers: [7] },
      ],
    );
    assert.equal(double.count('graphql', 'IssueSearch') - before, 3);
  });

  it('shows the cached items marked (stale) and one message when GitHub cannot be reached', async () => {
    await double.stop();
    await api.github.pullRequests.refresh();
    const categories = await categoriesOf(api.github.pullRequests);
    assert.deepEqual(
      categories.map((c) => c.numbers),
      [[1], [2], [3], [3, 2, 1]],
    );
    for (const category of categories) {
      for (const description of category.descriptions) {
        assert.match(description, /\(stale\)$/);
      }
    }
    const message = api.github.pullRequests.message;
    assert.ok(message?.includes('stale'), String(message));
    const top = await api.github.pullRequests.getChildren();
    assert.match(
      String(api.github.pullRequests.getTreeItem(top[3] ?? assert.fail()).description),
      /^3 \(stale\)$/,
    );
  });
});
