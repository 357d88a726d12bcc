import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { InfraWorkbenchApi } from '../../../src/extension';
import type { ActionResult } from '../../../src/github/pullRequestActions';
import { Commands } from '../../../src/host/ids';
import { demoToken, seedDemo } from '../../github-double/demoSeed';
import { GitHubDouble } from '../../github-double/githubDouble';
import { testGit as git } from '../../github-double/testGit';
import {
  signInThroughAccountsMenu,
  TestGitHubEnterpriseAuth,
  useDoubleAsEnterprise,
} from './githubTestAuth';
import { extensionId } from './helpers';

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

function deployment(replicas: number, probe = '/healthz'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: pr-ingest
  namespace: ingest
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: pr-ingest }
  template:
    metadata:
      labels: { app: pr-ingest }
    spec:
      containers:
        - name: ingest
          image: ghcr.io/acme/ingest:1.4.2
          readinessProbe:
            httpGet: { path: ${probe}, port: 8080 }
`;
}

const manifest = 'k8s/pr-test/deployment.yaml';
const template = '.github/pull_request_template.md';

/** The value of a result the command reports as done; fails with its message otherwise. */
function done<T>(result: ActionResult<T>): T {
  assert.ok(result, 'the command was cancelled (it asked a question the options should answer)');
  if (!result.ok) {
    assert.fail(result.message);
  }
  return result.value;
}

/** The message of a result the command reports as failed. */
function failure(result: ActionResult<unknown>): string {
  assert.ok(result && !result.ok, `expected a failure, got ${JSON.stringify(result)}`);
  assert.ok(!result.message.includes(demoToken), 'the token appears in the message');
  return result.message;
}

describe('Pull request actions (against the GitHub API double and real git)', () => {
  const double = new GitHubDouble();
  const auth = new TestGitHubEnterpriseAuth();
  let api: InfraWorkbenchApi;
  let undo: (() => Promise<void>) | undefined;
  let root: string;
  let scratch: string;
  let forkPull: number;
  let forkHead: string;

  before(async function () {
    this.timeout(120_000);
    const extension = vscode.extensions.getExtension<InfraWorkbenchApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    await double.start();
    seedDemo(double);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    root = folder.uri.fsPath;
    scratch = mkdtempSync(path.join(tmpdir(), 'iw-pr-test-'));
    const origin = `${double.url}/acme/infra.git`;
    double.state.git.create('acme/infra');
    double.state.git.create('carol/infra');

    // The workspace is acme/infra's main: pushed over HTTP to the double like to GitHub.
    await git(root, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(root, '.git', 'info', 'exclude'), '.vscode/\n');
    write(root, manifest, deployment(1));
    write(root, template, '## Why\n\n## How it was tested\n');
    await git(root, 'add', '-A');
    await git(root, 'commit', '-q', '-m', 'Demo repository');
    await git(root, 'remote', 'add', 'origin', origin);
    await git(root, 'push', '-q', '-u', 'origin', 'main');

    // carol's fork has a branch with a commit main does not have.
    const fork = path.join(scratch, 'carol');
    await git(scratch, 'clone', '-q', origin, fork);
    await git(fork, 'checkout', '-q', '-b', 'fix-probe');
    write(fork, manifest, deployment(1, '/ready'));
    await git(fork, 'commit', '-q', '-am', 'Probe /ready instead of /healthz');
    await git(fork, 'push', '-q', `${double.url}/carol/infra.git`, 'main', 'fix-probe');
    forkHead = await git(fork, 'rev-parse', 'HEAD');
    forkPull = double.state.addPullRequest('acme/infra', {
      title: 'Probe /ready',
      author: 'carol',
      head: { ref: 'fix-probe', sha: forkHead, repo: 'carol/infra' },
      base: { ref: 'main', sha: await git(root, 'rev-parse', 'HEAD') },
    }).number;

    undo = await useDoubleAsEnterprise(double, auth);
    // Signed in as alice the way a user does: the Accounts menu's request for this extension.
    assert.equal((await api.github.connection.reconnect()).kind, 'signedOut');
    await signInThroughAccountsMenu(api);
  });

  after(async () => {
    await double.dispose();
    await undo?.();
    try {
      await git(root, 'checkout', '-q', '-f', 'main');
    } finally {
      rmSync(path.join(root, '.git'), { recursive: true, force: true });
      rmSync(path.join(root, 'k8s', 'pr-test'), { recursive: true, force: true });
      rmSync(path.join(root, template), { force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
    await api.github.connection.reconnect();
    double.assertNoFailures();
  });

  it('refuses to open a pull request for an unpushed branch when pushing is declined', async () => {
    await git(root, 'checkout', '-q', '-b', 'alice/scale-ingest');
    write(root, manifest, deployment(3));
    await git(
      root,
      'commit',
      '-q',
      '-am',
      'Scale ingest to 3 replicas\n\nThe queue lag alert fired twice.',
    );
    const before = double.state.pullRequests.length;
    const message = failure(
      await vscode.commands.executeCommand<ActionResult<unknown>>(Commands.createPullRequest, {
        push: false,
      }),
    );
    assert.match(message, /alice\/scale-ingest" is not on origin/);
    assert.equal(double.state.pullRequests.length, before, 'no pull request was created');
  });

  it('creates a pull request: pushes the branch to origin and opens it with template, commits and Kubernetes summary', async () => {
    const head = await git(root, 'rev-parse', 'HEAD');
    const created = done(
      await vscode.commands.executeCommand<ActionResult<{ number: number; url: string }>>(
        Commands.createPullRequest,
        {
          push: true,
          base: 'main',
          title: 'Scale ingest to 3 replicas',
          includeInfraSummary: true,
          draft: false,
          reviewers: ['bob'],
          labels: ['kubernetes'],
        },
      ),
    );
    // The push reached the bare repository behind the double, and the branch tracks it.
    assert.equal(double.state.git.branchHead('acme/infra', 'alice/scale-ingest'), head);
    assert.equal(
      await git(root, 'rev-parse', '--abbrev-ref', '@{upstream}'),
      'origin/alice/scale-ingest',
    );
    assert.ok(double.count('git') > 0, 'git talked to the double over HTTP');
    const pr = double.state.pullRequest('acme/infra', created.number);
    assert.ok(pr);
    assert.equal(created.url, `${double.url}/acme/infra/pull/${created.number}`);
    assert.equal(pr.title, 'Scale ingest to 3 replicas');
    assert.equal(pr.author, 'alice');
    assert.deepEqual(pr.head, { ref: 'alice/scale-ingest', sha: head, repo: 'acme/infra' });
    assert.equal(pr.base.ref, 'main');
    assert.equal(pr.draft, false);
    assert.deepEqual(pr.requestedReviewers, ['bob']);
    assert.deepEqual(pr.labels, ['kubernetes']);
    // The template as written, the commit list (a template is there), the Kubernetes change.
    assert.match(
      pr.body,
      /^## Why\n\n## How it was tested\n\n### Commits\n\n- Scale ingest to 3 replicas \([0-9a-f]{7}\)\n/,
    );
    assert.match(pr.body, /## Infrastructure change\n\n\*\*Kubernetes: 1 to change\*\*/);
    assert.match(pr.body, /Deployment/);
    // The Pull Requests view was refreshed: "Created by me" lists it.
    const categories = await api.github.pullRequests.getChildren();
    const mine = categories.find(
      (c) => c.type === 'category' && c.category.label === 'Created by me',
    );
    assert.ok(mine);
    const items = await api.github.pullRequests.getChildren(mine);
    assert.ok(
      items.some((i) => i.type === 'item' && i.item.number === created.number),
      'the new pull request is in "Created by me"',
    );
  });

  it("checks out a fork's pull request: adds the fork's remote, never moves a local branch of the same name", async () => {
    // A local fix-probe that is not the PR's: it must stay where it is.
    await git(root, 'branch', 'fix-probe', 'main');
    const main = await git(root, 'rev-parse', 'main');
    const result = done(
      await vscode.commands.executeCommand<ActionResult<{ branch: string; remote: string }>>(
        Commands.checkoutPullRequest,
        { number: forkPull },
      ),
    );
    assert.deepEqual(result, { branch: 'carol-fix-probe', remote: 'carol' });
    assert.equal(await git(root, 'remote', 'get-url', 'carol'), `${double.url}/carol/infra.git`);
    assert.equal(await git(root, 'rev-parse', '--abbrev-ref', 'HEAD'), 'carol-fix-probe');
    assert.equal(
      await git(root, 'rev-parse', 'HEAD'),
      forkHead,
      "the PR's commits are checked out",
    );
    assert.equal(await git(root, 'log', '-1', '--format=%s'), 'Probe /ready instead of /healthz');
    assert.equal(await git(root, 'rev-parse', '--abbrev-ref', '@{upstream}'), 'carol/fix-probe');
    assert.equal(
      await git(root, 'rev-parse', 'fix-probe'),
      main,
      'the local fix-probe was not moved',
    );

    // Checking it out again from elsewhere switches to the same branch, no second remote.
    await git(root, 'checkout', '-q', 'main');
    const again = done(
      await vscode.commands.executeCommand<ActionResult<{ branch: string; remote: string }>>(
        Commands.checkoutPullRequest,
        { number: forkPull },
      ),
    );
    assert.deepEqual(again, { branch: 'carol-fix-probe', remote: 'carol' });
    assert.equal((await git(root, 'remote')).split('\n').length, 2, 'origin and carol');
  });

  it('checks out a same-repository pull request as its branch, tracking origin', async () => {
    await git(root, 'checkout', '-q', 'main');
    await git(root, 'branch', '-D', 'alice/scale-ingest');
    const number = double.state.pullRequests.find(
      (p) => p.head.ref === 'alice/scale-ingest',
    )?.number;
    assert.ok(number !== undefined);
    const result = done(
      await vscode.commands.executeCommand<ActionResult<{ branch: string; remote: string }>>(
        Commands.checkoutPullRequest,
        { number },
      ),
    );
    assert.deepEqual(result, { branch: 'alice/scale-ingest', remote: 'origin' });
    assert.equal(
      await git(root, 'rev-parse', '--abbrev-ref', '@{upstream}'),
      'origin/alice/scale-ingest',
    );
  });

  it('approves, requests changes and comments: the double records them', async () => {
    done(
      await vscode.commands.executeCommand<ActionResult<{ id: number }>>(
        Commands.approvePullRequest,
        { number: 1 },
        { body: 'Looks right' },
      ),
    );
    done(
      await vscode.commands.executeCommand<ActionResult<{ id: number }>>(
        Commands.requestChanges,
        { number: forkPull },
        { body: 'Keep /healthz for the liveness probe' },
      ),
    );
    done(
      await vscode.commands.executeCommand<ActionResult<{ id: number }>>(
        Commands.commentOnPullRequest,
        { number: forkPull },
        { body: 'Deployed to staging' },
      ),
    );
    const reviews = double.state.reviews
      .filter((r) => r.user === 'alice')
      .map((r) => [r.pullNumber, r.state, r.body]);
    assert.deepEqual(reviews, [
      [1, 'APPROVED', 'Looks right'],
      [forkPull, 'CHANGES_REQUESTED', 'Keep /healthz for the liveness probe'],
    ]);
    assert.deepEqual(
      double.state.comments.filter((c) => c.user === 'alice').map((c) => [c.number, c.body]),
      [[forkPull, 'Deployed to staging']],
    );
  });

  it("says GitHub's reason when it refuses an approval (your own pull request)", async () => {
    const own = double.state.pullRequests.find((p) => p.head.ref === 'alice/scale-ingest');
    assert.ok(own);
    const message = failure(
      await vscode.commands.executeCommand<ActionResult<unknown>>(
        Commands.approvePullRequest,
        { number: own.number },
        { body: '' },
      ),
    );
    assert.match(
      message,
      /^Approving the pull request failed: GitHub refused \(422\): .*Can not approve your own pull request/,
    );
  });

  it("merge: reports branch protection in GitHub's words, refuses a method the repository does not allow, then merges", async () => {
    const own = double.state.pullRequests.find((p) => p.head.ref === 'alice/scale-ingest');
    assert.ok(own);
    const protectedMessage = failure(
      await vscode.commands.executeCommand<ActionResult<unknown>>(
        Commands.mergePullRequest,
        { number: own.number },
        { method: 'squash', confirm: true },
      ),
    );
    assert.match(
      protectedMessage,
      /^Merging the pull request failed: GitHub refused \(405\): Repository rule violations found At least 1 approving review is required by reviewers with write access\.$/,
    );
    assert.equal(own.merged, false);

    const infra = double.state.repository('acme/infra');
    assert.ok(infra);
    infra.mergeMethods = ['squash'];
    const disallowed = failure(
      await vscode.commands.executeCommand<ActionResult<unknown>>(
        Commands.mergePullRequest,
        { number: own.number },
        { method: 'rebase', confirm: true },
      ),
    );
    assert.match(disallowed, /does not allow "Rebase and merge" \(allowed: Squash and merge\)/);

    infra.protectedBranches.delete('main');
    const merged = done(
      await vscode.commands.executeCommand<ActionResult<{ sha: string; method: string }>>(
        Commands.mergePullRequest,
        { number: own.number },
        { method: 'squash', confirm: true },
      ),
    );
    assert.equal(merged.method, 'squash');
    assert.equal(own.merged, true);
    assert.equal(own.state, 'closed');
  });
});
