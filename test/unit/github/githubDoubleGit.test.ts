import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGitHubClient, type GitHubOctokit } from '../../../src/github/core/client';
import { enterpriseHost } from '../../../src/github/core/remotes';
import { demoToken, seedDemo } from '../../github-double/demoSeed';
import { GitHubDouble } from '../../github-double/githubDouble';
import { testGit as git } from '../../github-double/testGit';

/** The HTTP status of a rejected Octokit call. */
async function statusOf(call: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { status: number; response?: { data?: { message?: string } } };
    return { status: e.status, message: e.response?.data?.message ?? '' };
  }
  return assert.fail('the call succeeded');
}

describe('GitHub API double: git over HTTP and the pull request action routes', function () {
  this.timeout(30000);
  const double = new GitHubDouble();
  let client: GitHubOctokit;
  let work: string;
  let head: string;
  const repo = { owner: 'acme', repo: 'infra' };

  before(async () => {
    await double.start();
    seedDemo(double);
    double.state.git.create('acme/infra');
    client = await createGitHubClient({
      baseUrl: enterpriseHost(double.url).apiUrl,
      token: demoToken,
      userAgent: 'infra-workbench-tests',
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
      },
      retries: 0,
    });
    work = mkdtempSync(path.join(tmpdir(), 'iw-double-git-'));
    await git(work, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(work, 'README.md'), '# infra\n');
    await git(work, 'add', '-A');
    await git(work, 'commit', '-q', '-m', 'First');
    await git(work, 'remote', 'add', 'origin', `${double.url}/acme/infra.git`);
    await git(work, 'push', '-q', 'origin', 'main');
    await git(work, 'checkout', '-q', '-b', 'feature');
    writeFileSync(path.join(work, 'README.md'), '# infra\n\nMore.\n');
    await git(work, 'commit', '-q', '-am', 'More');
    await git(work, 'push', '-q', 'origin', 'feature');
    head = await git(work, 'rev-parse', 'HEAD');
  });

  after(async () => {
    await double.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  afterEach(() => {
    double.assertNoFailures();
  });

  it('receives pushes and serves fetches over smart HTTP, and lists the branches', async () => {
    assert.equal(double.state.git.branchHead('acme/infra', 'feature'), head);
    const clone = path.join(work, 'clone');
    await git(work, 'clone', '-q', `${double.url}/acme/infra.git`, clone);
    assert.equal(await git(clone, 'rev-parse', 'origin/feature'), head);
    const branches = await client.rest.repos.listBranches(repo);
    assert.deepEqual(
      branches.data.map((b) => [b.name, b.protected]),
      [
        ['feature', false],
        ['main', true],
      ],
    );
    assert.ok(double.count('git') >= 4);
    await assert.rejects(git(work, 'ls-remote', `${double.url}/nobody/nothing.git`));
  });

  it('opens a pull request at the pushed commit, and refuses a branch that was not pushed', async () => {
    const missing = await statusOf(
      client.rest.pulls.create({ ...repo, title: 'x', head: 'not-pushed', base: 'main' }),
    );
    assert.equal(missing.status, 422);
    const created = await client.rest.pulls.create({
      ...repo,
      title: 'More',
      head: 'feature',
      base: 'main',
      draft: true,
    });
    assert.equal(created.data.head.sha, head);
    assert.equal(created.data.draft, true);
  });

  it('requests reviewers (collaborators only) and adds labels to a pull request', async () => {
    const number = double.state.pullRequests.find((p) => p.head.ref === 'feature')?.number ?? 0;
    const unknown = await statusOf(
      client.rest.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ['mallory'] }),
    );
    assert.equal(unknown.status, 422);
    const requested = await client.rest.pulls.requestReviewers({
      ...repo,
      pull_number: number,
      reviewers: ['bob'],
    });
    assert.deepEqual(
      requested.data.requested_reviewers?.map((u) => u.login),
      ['bob'],
    );
    const labels = await client.rest.issues.addLabels({
      ...repo,
      issue_number: number,
      labels: ['kubernetes', 'needs-plan'],
    });
    assert.deepEqual(
      labels.data.map((l) => l.name),
      ['kubernetes', 'needs-plan'],
    );
    const all = await client.rest.issues.listLabelsForRepo(repo);
    assert.ok(all.data.some((l) => l.name === 'needs-plan'));
  });

  it('asks a body of a change request, and refuses approving your own pull request', async () => {
    const number = double.state.pullRequests.find((p) => p.head.ref === 'feature')?.number ?? 0;
    assert.equal(
      (
        await statusOf(
          client.rest.pulls.createReview({ ...repo, pull_number: 1, event: 'REQUEST_CHANGES' }),
        )
      ).status,
      422,
    );
    assert.equal(
      (
        await statusOf(
          client.rest.pulls.createReview({ ...repo, pull_number: number, event: 'APPROVE' }),
        )
      ).status,
      422,
    );
  });

  it('merge: 409 when the head moved, 405 for a method the repository does not allow', async () => {
    const number = double.state.pullRequests.find((p) => p.head.ref === 'feature')?.number ?? 0;
    const infra = double.state.repository('acme/infra');
    assert.ok(infra);
    infra.protectedBranches.clear();
    const moved = await statusOf(
      client.rest.pulls.merge({ ...repo, pull_number: number, sha: '0'.repeat(40) }),
    );
    assert.deepEqual(moved, {
      status: 409,
      message: 'Head branch was modified. Review and try the merge again.',
    });
    infra.mergeMethods = ['squash'];
    const settings = (await client.rest.repos.get(repo)).data;
    assert.deepEqual(
      [settings.allow_merge_commit, settings.allow_squash_merge, settings.allow_rebase_merge],
      [false, true, false],
    );
    const rebase = await statusOf(
      client.rest.pulls.merge({ ...repo, pull_number: number, merge_method: 'rebase' }),
    );
    assert.deepEqual(rebase, {
      status: 405,
      message: 'Rebase merges are not allowed on this repository.',
    });
    const merged = await client.rest.pulls.merge({
      ...repo,
      pull_number: number,
      merge_method: 'squash',
      sha: head,
    });
    assert.equal(merged.data.merged, true);
  });
});
