import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { InfraWorkbenchApi } from '../../../src/extension';
import type { StartedWork } from '../../../src/github/issueActions';
import type { SearchNode, SearchTree } from '../../../src/github/searchTree';
import { Commands } from '../../../src/host/ids';
import type { PlanPreviewReady } from '../../../src/plan/planPreviewPanel';
import { seedDemo } from '../../github-double/demoSeed';
import { GitHubDouble } from '../../github-double/githubDouble';
import {
  connectWorkspaceToDouble,
  signInThroughAccountsMenu,
  TestGitHubEnterpriseAuth,
} from './githubTestAuth';
import { closeAllEditors, diagnosticsOf, extensionId, workspaceFile } from './helpers';

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bob',
  GIT_AUTHOR_EMAIL: 'bob@example.com',
  GIT_COMMITTER_NAME: 'Bob',
  GIT_COMMITTER_EMAIL: 'bob@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** git in `cwd`, synchronously: only for repositories on disk (the double answers HTTP in-process). */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
}

/** git against the double's HTTP URL: asynchronous, so the double (same process) can answer. */
async function gitAsync(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, { cwd, env: gitEnv });
  return stdout;
}

const manifest = (replicas: number): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingest
  namespace: ingest
spec:
  replicas: ${String(replicas)}
  selector:
    matchLabels: {app: ingest}
  template:
    metadata:
      labels: {app: ingest}
    spec:
      containers:
        - name: ingest
          image: ingest:1
`;

const tfcmtSummary = [
  '## Plan Result (gh8-infra/terraform)',
  '',
  '```',
  'Plan: 1 to add, 0 to change, 0 to destroy.',
  '```',
].join('\n');

function labelOf(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** The children of `node` with their tree items. */
async function childrenOf(
  tree: SearchTree,
  node?: SearchNode,
): Promise<{ node: SearchNode; item: vscode.TreeItem }[]> {
  const children = await tree.getChildren(node);
  return children.map((child) => ({ node: child, item: tree.getTreeItem(child) }));
}

async function child(
  tree: SearchTree,
  parent: SearchNode | undefined,
  label: string,
): Promise<SearchNode> {
  const children = await childrenOf(tree, parent);
  const found = children.find((c) => labelOf(c.item) === label);
  assert.ok(found, `no "${label}" among ${children.map((c) => labelOf(c.item)).join(', ')}`);
  return found.node;
}

describe('GitHub pull request details and issue actions (double + real git)', function () {
  this.timeout(60_000);
  const double = new GitHubDouble();
  const auth = new TestGitHubEnterpriseAuth();
  let api: InfraWorkbenchApi;
  let disconnect: (() => Promise<void>) | undefined;
  let root: string;
  let temp: string;
  let prNumber: number;
  let headSha: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<InfraWorkbenchApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    temp = realpathSync(mkdtempSync(path.join(tmpdir(), 'iw-gh8-')));
    // The bare origin the double serves over git's smart HTTP at {url}/acme/infra.git.
    const bare = double.state.git.create('acme/infra');
    // Bob's clone: main with a manifest and Terraform, then his pull request's commit.
    const bob = path.join(temp, 'bob');
    mkdirSync(bob);
    git(bob, 'init', '-q', '-b', 'main');
    mkdirSync(path.join(bob, 'gh8-infra', 'k8s', 'ingest'), { recursive: true });
    mkdirSync(path.join(bob, 'gh8-infra', 'terraform'), { recursive: true });
    writeFileSync(path.join(bob, 'gh8-infra', 'k8s', 'ingest', 'deployment.yaml'), manifest(2));
    writeFileSync(path.join(bob, 'gh8-infra', 'terraform', 'main.tf'), 'locals {}\n');
    git(bob, 'add', '-A');
    git(bob, 'commit', '-q', '-m', 'base');
    const baseSha = git(bob, 'rev-parse', 'HEAD').trim();
    git(bob, 'remote', 'add', 'origin', bare);
    git(bob, 'push', '-q', 'origin', 'main');
    git(bob, 'switch', '-q', '-c', 'bob/ingest-replicas');
    writeFileSync(path.join(bob, 'gh8-infra', 'k8s', 'ingest', 'deployment.yaml'), manifest(4));
    writeFileSync(path.join(bob, 'gh8-infra', 'terraform', 'bucket.tf'), 'locals { a = 1 }\n');
    git(bob, 'add', '-A');
    git(bob, 'commit', '-q', '-m', 'Scale ingest to 4');
    headSha = git(bob, 'rev-parse', 'HEAD').trim();

    await double.start();
    seedDemo(double);
    const pr = double.state.addPullRequest('acme/infra', {
      title: 'Scale ingest to 4 replicas',
      author: 'bob',
      head: { ref: 'bob/ingest-replicas', sha: headSha },
      base: { ref: 'main', sha: baseSha },
      files: [
        {
          filename: 'gh8-infra/k8s/ingest/deployment.yaml',
          status: 'modified',
          additions: 1,
          deletions: 1,
        },
        { filename: 'gh8-infra/terraform/bucket.tf', status: 'added', additions: 1, deletions: 0 },
      ],
    });
    prNumber = pr.number;
    // GitHub keeps every pull request's head at refs/pull/N/head of the base repository.
    git(bob, 'push', '-q', 'origin', `HEAD:refs/pull/${String(prNumber)}/head`);
    double.state.addCheckRun('acme/infra', {
      headSha,
      name: 'tfcmt plan',
      status: 'completed',
      conclusion: 'success',
      output: { title: 'Plan result', summary: tfcmtSummary },
    });
    double.state.addCheckRun('acme/infra', {
      headSha,
      name: 'kubeconform',
      status: 'completed',
      conclusion: 'failure',
      output: { title: '1 invalid manifest', summary: 'replicas must be an integer' },
    });

    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    root = folder.uri.fsPath;
    disconnect = await connectWorkspaceToDouble(root, double, auth);
    await api.github.connection.reconnect();
    await signInThroughAccountsMenu(api);
  });

  after(async () => {
    await closeAllEditors();
    await double.stop();
    await disconnect?.();
    rmSync(path.join(root, 'gh8-infra'), { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
    await api.github.connection.reconnect();
    double.assertNoFailures();
  });

  /** The PR's node under "All open". */
  async function pullRequestNode(): Promise<SearchNode> {
    const tree = api.github.pullRequests;
    const allOpen = await child(tree, undefined, 'All open');
    return child(tree, allOpen, `#${String(prNumber)} Scale ingest to 4 replicas`);
  }

  it('previews the plan JSON a PR carries, read at its head', async () => {
    // A second pull request of bob's: a plan committed as an artifact.
    const bob = path.join(temp, 'bob');
    git(bob, 'switch', '-q', '-c', 'bob/plan-artifact', 'main');
    const plan = readFileSync(path.join(root, 'terraform', 'plan.json'), 'utf8');
    writeFileSync(path.join(bob, 'gh8-infra', 'terraform', 'plan.json'), plan);
    git(bob, 'add', '-A');
    git(bob, 'commit', '-q', '-m', 'Plan artifact');
    const head = git(bob, 'rev-parse', 'HEAD').trim();
    const number = double.state.addPullRequest('acme/infra', {
      title: 'Plan for the ingest bucket',
      author: 'bob',
      head: { ref: 'bob/plan-artifact', sha: head },
      base: { ref: 'main', sha: git(bob, 'rev-parse', 'main').trim() },
      files: [
        { filename: 'gh8-infra/terraform/plan.json', status: 'added', additions: 1, deletions: 0 },
      ],
    }).number;
    git(bob, 'push', '-q', 'origin', `HEAD:refs/pull/${String(number)}/head`);
    await api.github.pullRequests.refresh();
    const tree = api.github.pullRequests;
    const node = await child(
      tree,
      await child(tree, undefined, 'All open'),
      `#${String(number)} Plan for the ingest bucket`,
    );
    const titles: string[] = [];
    const plans = new Promise<PlanPreviewReady>((resolve) => {
      const listener = api.plan.onDidPreviewReady((r) => {
        titles.push(r.title);
        if (r.message.view !== 'kubernetes') {
          listener.dispose();
          resolve(r);
        }
      });
    });
    assert.equal(
      await vscode.commands.executeCommand<boolean>(
        Commands.githubPreviewInfrastructureChange,
        node,
      ),
      true,
    );
    const ready = await plans;
    assert.equal(ready.title, `Plan in #${String(number)}: gh8-infra/terraform/plan.json`);
    assert.equal(ready.message.view, 'plan', JSON.stringify(ready.message));
    await closeAllEditors();
  });

  it('expands a PR into its infrastructure areas, files and checks with three REST calls', async () => {
    const tree = api.github.pullRequests;
    const pr = await pullRequestNode();
    const before = double.requests.length;
    const restBefore = double.count('rest');
    assert.equal(tree.getTreeItem(pr).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const sections = await childrenOf(tree, pr);
    assert.deepEqual(
      sections.map((s) => [labelOf(s.item), s.item.description]),
      [
        ['Infrastructure', '2'],
        ['Files', '2'],
        ['Checks', '2'],
      ],
    );
    const files = await childrenOf(tree, await child(tree, pr, 'Files'));
    assert.deepEqual(
      files.map((f) => [labelOf(f.item), f.item.description]),
      [
        ['deployment.yaml', 'gh8-infra/k8s/ingest'],
        ['bucket.tf', 'gh8-infra/terraform · added'],
      ],
    );
    const checks = await childrenOf(tree, await child(tree, pr, 'Checks'));
    assert.deepEqual(
      checks.map((c) => [labelOf(c.item), c.item.description]),
      [
        ['kubeconform', '1 invalid manifest'],
        ['tfcmt plan', 'Plan result · +1 ~0 -0'],
      ],
    );
    const tooltip = checks[1]?.item.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.ok(tooltip.value.includes('Plan: 1 to add, 0 to change, 0 to destroy.'), tooltip.value);
    // The head is not in the local repository yet: Kubernetes areas by folder.
    const areas = await childrenOf(tree, await child(tree, pr, 'Infrastructure'));
    assert.deepEqual(
      areas.map((a) => [labelOf(a.item), a.item.description]),
      [
        ['gh8-infra/k8s/ingest', 'Kubernetes manifests (folder)'],
        ['gh8-infra/terraform', 'Terraform folder'],
      ],
    );
    assert.deepEqual(
      double.requests
        .slice(before)
        .filter((r) => r.kind === 'rest')
        .map((r) => r.operation),
      [
        'GET /repos/{owner}/{repo}/pulls/{pull_number}',
        'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
        'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
      ],
    );
    await childrenOf(tree, pr);
    assert.equal(double.count('rest') - restBefore, 3, 'expanding again is served from the cache');
  });

  it('opens a changed file in the diff editor (head fetched over git), then reads namespaces', async () => {
    const tree = api.github.pullRequests;
    const pr = await pullRequestNode();
    const [file] = await tree.getChildren(await child(tree, pr, 'Files'));
    assert.ok(file);
    const opened = await vscode.commands.executeCommand<boolean>(
      Commands.githubOpenPullRequestFile,
      file,
    );
    assert.equal(opened, true);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, String(tab?.label));
    const [left, right] = await Promise.all([
      vscode.workspace.openTextDocument(tab.input.original),
      vscode.workspace.openTextDocument(tab.input.modified),
    ]);
    assert.match(left.getText(), /replicas: 2/);
    assert.match(right.getText(), /replicas: 4/);
    assert.ok(double.count('git') > 0, 'the head came from the double over git');
    const areas = await childrenOf(tree, await child(tree, pr, 'Infrastructure'));
    assert.deepEqual(
      areas.map((a) => labelOf(a.item)),
      ['namespace ingest', 'gh8-infra/terraform'],
    );
  });

  it('shows a check summary as Markdown', async () => {
    const tree = api.github.pullRequests;
    const pr = await pullRequestNode();
    const checks = await tree.getChildren(await child(tree, pr, 'Checks'));
    const document = await vscode.commands.executeCommand<vscode.TextDocument>(
      Commands.githubShowCheckSummary,
      checks[1],
    );
    assert.equal(document.languageId, 'markdown');
    assert.match(document.getText(), /^# tfcmt plan\n/);
    assert.ok(document.getText().includes(tfcmtSummary));
  });

  it("previews the PR's Kubernetes change between its merge base and head", async () => {
    const ready = new Promise<PlanPreviewReady>((resolve) => {
      const listener = api.plan.onDidPreviewReady((r) => {
        listener.dispose();
        resolve(r);
      });
    });
    const done = await vscode.commands.executeCommand<boolean>(
      Commands.githubPreviewInfrastructureChange,
      await pullRequestNode(),
    );
    assert.equal(done, true);
    const { message } = await ready;
    // Against the working tree the workspace's untracked demo manifests would all be added.
    assert.equal(message.view, 'kubernetes');
    assert.equal(message.headline, 'Kubernetes: 1 to change');
  });

  it('starts work on an issue: branch off origin/main, checked out, assigned, Fixes #N', async () => {
    const issue = double.state.issues.find((i) => i.title === 'Document the failover');
    assert.ok(issue);
    assert.deepEqual(issue.assignees, []);
    const tree = api.github.issues;
    const createdByMe = await child(tree, undefined, 'Created by me');
    const node = await child(tree, createdByMe, `#${String(issue.number)} Document the failover`);
    const started = await vscode.commands.executeCommand<StartedWork>(
      Commands.githubStartWorkOnIssue,
      node,
    );
    const branch = `alice/${String(issue.number)}-document-the-failover`;
    assert.deepEqual(
      { ...started, commitMessage: undefined },
      { branch, created: true, assignee: 'alice', commitMessage: undefined },
    );
    assert.equal(git(root, 'branch', '--show-current').trim(), branch);
    assert.equal(
      git(root, 'rev-parse', 'HEAD').trim(),
      (await gitAsync(root, 'ls-remote', 'origin', 'refs/heads/main')).split('\t')[0],
    );
    assert.deepEqual(issue.assignees, ['alice']);
    const fixes = `Fixes #${String(issue.number)}`;
    if (started.commitMessage === 'git-input') {
      const gitApi = vscode.extensions
        .getExtension<{
          getAPI(v: 1): { repositories: { rootUri: vscode.Uri; inputBox: { value: string } }[] };
        }>('vscode.git')
        ?.exports.getAPI(1);
      const repository = gitApi?.repositories.find((r) => r.rootUri.fsPath === root);
      assert.ok(repository?.inputBox.value.includes(fixes));
    } else {
      assert.equal(await vscode.env.clipboard.readText(), fixes);
    }
    // Again from another branch: switched to, not reset.
    git(root, 'switch', '-q', '-c', 'elsewhere');
    const again = await vscode.commands.executeCommand<StartedWork>(
      Commands.githubStartWorkOnIssue,
      { number: issue.number, title: issue.title },
    );
    assert.equal(again.created, false);
    assert.equal(git(root, 'branch', '--show-current').trim(), branch);
  });

  it('comments on an issue', async () => {
    const issue = double.state.issues.find((i) => i.title === 'Alerts too noisy');
    assert.ok(issue);
    const url = await vscode.commands.executeCommand<string>(
      Commands.githubCommentOnIssue,
      { number: issue.number, title: issue.title },
      { body: 'Muted the flapping rule for now.' },
    );
    assert.match(url, new RegExp(`/acme/infra/issues/${String(issue.number)}#issuecomment-`));
    const comment = double.state.comments.at(-1);
    assert.deepEqual(
      [comment?.number, comment?.user, comment?.body],
      [issue.number, 'alice', 'Muted the flapping rule for now.'],
    );
  });

  it('creates an issue from the quick fix of a diagnostic, naming file, line, code and message', async () => {
    const issueNumber = double.state.issues.find(
      (i) => i.title === 'Document the failover',
    )?.number;
    assert.ok(issueNumber !== undefined);
    const uri = workspaceFile('broken/deployment-typos.yaml');
    await vscode.window.showTextDocument(uri);
    const [diagnostic] = await diagnosticsOf(uri);
    assert.ok(diagnostic);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
    );
    const action = actions.find((a) => a.title === 'Open an issue for this problem');
    assert.ok(action?.command, actions.map((a) => a.title).join(', '));
    const created = await vscode.commands.executeCommand<{ number: number; url: string }>(
      action.command.command,
      ...((action.command.arguments ?? []) as unknown[]),
    );
    const issue = double.state.issues.find((i) => i.number === created.number);
    assert.ok(issue);
    const line = diagnostic.range.start.line + 1;
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    assert.ok(
      issue.title.startsWith(`broken/deployment-typos.yaml:${String(line)}: `),
      issue.title,
    );
    assert.ok(
      issue.body.includes(
        `- **File:** \`broken/deployment-typos.yaml\`, line ${String(line)}, column ${String(diagnostic.range.start.character + 1)}`,
      ),
      issue.body,
    );
    assert.ok(issue.body.includes(`- **Check:** ${String(diagnostic.source)} \`${String(code)}\``));
    assert.ok(issue.body.includes(diagnostic.message.split('\n')[0] ?? ''), issue.body);
    assert.ok(
      issue.body.includes(`${double.url}/acme/infra/blob/alice/`),
      'the link follows the branch: the file is not committed',
    );
  });
});
