import * as assert from 'node:assert/strict';
import { mapCheckRuns } from '../../../src/github/core/checks';
import {
  createGitHubClient,
  type GitHubOctokit,
  type RateLimitEvent,
} from '../../../src/github/core/client';
import {
  buildIssueSearch,
  buildRepositoryInfo,
  buildPullRequestSearch,
  issueCategories,
  pullRequestCategories,
  userQueryCategory,
} from '../../../src/github/core/queries';
import type { ClientLogger } from '../../../src/github/core/redact';
import { enterpriseHost } from '../../../src/github/core/remotes';
import {
  mapIssueSearch,
  mapPullRequestSearch,
  mapRepositoryInfo,
  queryRepository,
} from '../../../src/github/core/treeModel';
import { demoToken as token, seedDemo as seed } from '../../github-double/demoSeed';
import { GitHubDouble } from '../../github-double/githubDouble';

const repo = { owner: 'acme', repo: 'infra' };

function collectingLogger(lines: string[]): ClientLogger {
  const push = (level: string) => (message: string) => {
    lines.push(`${level} ${message}`);
  };
  return { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

describe('GitHub API double with the real Octokit client', function () {
  this.timeout(30000);
  let double: GitHubDouble;
  let client: GitHubOctokit;
  const logLines: string[] = [];

  before(async () => {
    double = new GitHubDouble();
    await double.start();
    seed(double);
    client = await createGitHubClient({
      baseUrl: enterpriseHost(double.url).apiUrl,
      token,
      userAgent: 'infra-workbench-tests',
      logger: collectingLogger(logLines),
      retries: 0,
    });
  });

  after(async () => {
    await double.stop();
  });

  afterEach(function () {
    // Every test leaves the double without failures, except those that provoke one and clear it.
    if (this.currentTest?.state === 'passed') {
      double.assertNoFailures();
    }
  });

  it('answers each PR category in one GraphQL request with the seeded PRs', async () => {
    const expected: Record<string, number[]> = {
      'review-requested': [1],
      created: [2],
      assigned: [3],
      'all-open': [3, 2, 1],
    };
    for (const category of pullRequestCategories) {
      const before = double.count('graphql', 'PullRequestSearch');
      const request = buildPullRequestSearch(repo, category, { pageSize: 25 });
      const data = await client.graphql(request.query, { ...request.variables });
      assert.equal(double.count('graphql', 'PullRequestSearch') - before, 1, category.id);
      const page = mapPullRequestSearch(data);
      assert.deepEqual(
        page.items.map((i) => i.number),
        expected[category.id],
        category.id,
      );
    }
    assert.equal(double.count('rest'), 0, 'no REST call behind the searches');
  });

  it('carries CI state, draft, review decision, labels and fork head in the same request', async () => {
    const request = buildPullRequestSearch(repo, pullRequestCategories[3] ?? assert.fail());
    const page = mapPullRequestSearch(
      await client.graphql(request.query, { ...request.variables }),
    );
    const byNumber = new Map(page.items.map((i) => [i.number, i]));
    assert.equal(byNumber.get(1)?.icon, 'ci-success');
    assert.equal(byNumber.get(1)?.description, 'bob · review required · kubernetes, env:prod');
    assert.equal(byNumber.get(2)?.icon, 'ci-failure');
    assert.equal(byNumber.get(2)?.isDraft, true);
    assert.equal(byNumber.get(3)?.ciState, 'pending');
    assert.equal(byNumber.get(3)?.reviewDecision, 'CHANGES_REQUESTED');
    assert.equal(byNumber.get(3)?.isCrossRepository, true);
    assert.equal(byNumber.get(3)?.headOwner, 'carol');
    assert.equal(page.rateLimit?.cost, 1);
  });

  it('paginates with the cursor of the previous page', async () => {
    const category = pullRequestCategories[3] ?? assert.fail();
    const first = buildPullRequestSearch(repo, category, { pageSize: 2 });
    const page1 = mapPullRequestSearch(await client.graphql(first.query, { ...first.variables }));
    assert.equal(page1.hasNextPage, true);
    assert.equal(page1.totalCount, 3);
    const second = buildPullRequestSearch(repo, category, {
      pageSize: 2,
      after: page1.endCursor ?? assert.fail('no cursor'),
    });
    const page2 = mapPullRequestSearch(await client.graphql(second.query, { ...second.variables }));
    assert.deepEqual(
      [...page1.items, ...page2.items].map((i) => i.number),
      [3, 2, 1],
    );
    assert.equal(page2.hasNextPage, false);
  });

  it('answers issue categories and user queries, one request each', async () => {
    const categories = [
      ...issueCategories,
      userQueryCategory({ label: 'Incidents', query: 'label:incident' }, 0),
    ];
    const results: Record<string, number[]> = {};
    const before = double.count('graphql', 'IssueSearch');
    for (const category of categories) {
      const request = buildIssueSearch(repo, category);
      const page = mapIssueSearch(await client.graphql(request.query, { ...request.variables }));
      results[category.id] = page.items.map((i) => i.number);
    }
    assert.equal(double.count('graphql', 'IssueSearch') - before, categories.length);
    // Issues share the numbering with the four PRs of acme/infra: they are #5, #6, #7.
    assert.deepEqual(results, {
      assigned: [5],
      created: [6],
      mentioned: [7],
      'user:Incidents': [5],
    });
  });

  it('resolves a fork to its parent for PR queries, with the viewer, in one request', async () => {
    const before = double.count('graphql');
    const request = buildRepositoryInfo({ owner: 'carol', repo: 'infra' });
    const info = mapRepositoryInfo(await client.graphql(request.query, { ...request.variables }));
    assert.equal(double.count('graphql') - before, 1);
    assert.equal(info.isFork, true);
    assert.deepEqual(info.parent, { owner: 'acme', repo: 'infra', defaultBranch: 'main' });
    assert.deepEqual(queryRepository(info), { owner: 'acme', repo: 'infra' });
    assert.equal(info.viewerLogin, 'alice');
    const own = buildRepositoryInfo(repo);
    const ownInfo = mapRepositoryInfo(await client.graphql(own.query, { ...own.variables }));
    assert.deepEqual(queryRepository(ownInfo), repo);
    assert.equal(ownInfo.parent, undefined);
  });

  it('answers an unknown repository with GitHub NOT_FOUND-style error', async () => {
    const request = buildRepositoryInfo({ owner: 'acme', repo: 'missing' });
    await assert.rejects(
      client.graphql(request.query, { ...request.variables }),
      /Could not resolve to a Repository with the name 'acme\/missing'/,
    );
  });

  it('serves REST responses that validate against the OpenAPI description', async () => {
    const pr = await client.rest.pulls.get({ owner: 'acme', repo: 'infra', pull_number: 1 });
    assert.equal(pr.data.head.ref, 'bob/ingest-memory');
    const files = await client.rest.pulls.listFiles({
      owner: 'acme',
      repo: 'infra',
      pull_number: 1,
    });
    assert.deepEqual(
      files.data.map((f) => f.filename),
      ['k8s/ingest/deployment.yaml'],
    );
    const checks = await client.rest.checks.listForRef({
      owner: 'acme',
      repo: 'infra',
      ref: pr.data.head.sha,
    });
    const items = mapCheckRuns(checks.data.check_runs);
    assert.deepEqual(
      items.map((i) => [i.label, i.state, i.description]),
      [['atlantis/plan', 'success', 'Plan: 0 to add, 1 to change, 0 to destroy']],
    );
    assert.deepEqual(items[0]?.plan, { add: 0, change: 1, destroy: 0 });
    const user = await client.rest.users.getAuthenticated();
    assert.equal(user.data.login, 'alice');
    const open = await client.rest.pulls.list({ owner: 'acme', repo: 'infra' });
    assert.deepEqual(
      open.data.map((p) => p.number),
      [1, 2, 3],
    );
    const fromFork = await client.rest.pulls.list({
      owner: 'acme',
      repo: 'infra',
      head: 'carol:disk-runbook',
    });
    assert.deepEqual(
      fromFork.data.map((p) => p.head.repo.full_name),
      ['carol/infra'],
    );
    const repository = await client.rest.repos.get({ owner: 'carol', repo: 'infra' });
    assert.equal(repository.data.parent?.full_name, 'acme/infra');
  });

  it('records a created PR with its base, head and title', async () => {
    const created = await client.rest.pulls.create({
      owner: 'acme',
      repo: 'infra',
      title: 'Tune HPA',
      head: 'alice/20-tune-hpa',
      base: 'main',
      draft: true,
    });
    const stored = double.state.pullRequest('acme/infra', created.data.number);
    assert.ok(stored);
    assert.equal(stored.title, 'Tune HPA');
    assert.equal(stored.head.ref, 'alice/20-tune-hpa');
    assert.equal(stored.base.ref, 'main');
    assert.equal(stored.draft, true);
    assert.equal(created.data.user.login, 'alice');
  });

  it('answers a merge into a protected branch with the protection message', async () => {
    await assert.rejects(
      client.rest.pulls.merge({
        owner: 'acme',
        repo: 'infra',
        pull_number: 1,
        merge_method: 'squash',
      }),
      (error: unknown) =>
        (error as { status?: number }).status === 405 &&
        (error as Error).message.includes('At least 1 approving review is required'),
    );
  });

  it('fails validation of a response with a missing required field', async () => {
    double.tamperWithResponse = (operation, body) => {
      if (operation === 'GET /repos/{owner}/{repo}/pulls/{pull_number}') {
        const withoutHead = { ...(body as Record<string, unknown>) };
        delete withoutHead.head;
        return withoutHead;
      }
      return body;
    };
    try {
      await assert.rejects(
        client.rest.pulls.get({ owner: 'acme', repo: 'infra', pull_number: 1 }),
        (error: unknown) => (error as { status?: number }).status === 500,
      );
    } finally {
      double.tamperWithResponse = undefined;
    }
    assert.equal(double.failures.length, 1);
    assert.match(
      double.failures[0] ?? '',
      /^GET \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\} 200: .*must have required property 'head'/,
    );
    double.failures.length = 0;
  });

  it('fails validation of a field of the wrong type, deep in the body', async () => {
    double.tamperWithResponse = (_operation, body) => ({
      ...(body as Record<string, unknown>),
      user: { ...(body as { user: object }).user, id: 'not-a-number' },
    });
    try {
      await assert.rejects(client.rest.pulls.get({ owner: 'acme', repo: 'infra', pull_number: 2 }));
    } finally {
      double.tamperWithResponse = undefined;
    }
    assert.match(double.failures.join('\n'), /\/user\/id must be integer/);
    double.failures.length = 0;
  });

  it('fails a request body GitHub would reject (the code under test is wrong)', async () => {
    await assert.rejects(
      client.request('POST /repos/{owner}/{repo}/pulls', {
        owner: 'acme',
        repo: 'infra',
        head: 'alice/x',
        base: 'main',
        // What a caller that skipped the types could send:
        draft: 'yes' as unknown as boolean,
      }),
      (error: unknown) => (error as { status?: number }).status === 422,
    );
    assert.match(double.failures.join('\n'), /request body fails .*\/draft must be boolean/);
    double.failures.length = 0;
  });

  it('fails loudly on a route it does not implement', async () => {
    await assert.rejects(
      client.rest.repos.listDeployments({ owner: 'acme', repo: 'infra' }),
      (error: unknown) => (error as { status?: number }).status === 501,
    );
    assert.deepEqual(double.failures, [
      'unimplemented route GET /api/v3/repos/acme/infra/deployments',
    ]);
    assert.equal(double.count('unknown'), 1);
    double.failures.length = 0;
  });

  it('fails loudly on a GraphQL field it does not implement, and on an invalid query', async () => {
    await assert.rejects(client.graphql('query Bio { viewer { login bio } }'));
    assert.match(double.failures.join('\n'), /field User\.bio is not implemented by the double/);
    double.failures.length = 0;
    await assert.rejects(client.graphql('query Wrong { viewer { loginn } }'));
    assert.match(
      double.failures.join('\n'),
      /Wrong does not validate against GitHub's schema: Cannot query field "loginn"/,
    );
    double.failures.length = 0;
  });

  it('retries once after a short secondary rate limit, and reports it', async () => {
    const events: RateLimitEvent[] = [];
    const limited = await createGitHubClient({
      baseUrl: double.apiUrl,
      token,
      userAgent: 'infra-workbench-tests',
      logger: collectingLogger([]),
      retries: 0,
      onRateLimit: (event) => events.push(event),
    });
    double.rateLimitNext = { kind: 'secondary', retryAfter: 1, count: 1 };
    const request = buildPullRequestSearch(repo, pullRequestCategories[0] ?? assert.fail());
    const page = mapPullRequestSearch(
      await limited.graphql(request.query, { ...request.variables }),
    );
    assert.deepEqual(
      page.items.map((i) => i.number),
      [1],
    );
    assert.deepEqual(
      events.map((e) => [e.kind, e.retryAfter]),
      [['secondary', 1]],
    );
  });

  it('fails at once on a long primary rate limit instead of waiting, and reports it', async () => {
    const events: RateLimitEvent[] = [];
    const limited = await createGitHubClient({
      baseUrl: double.apiUrl,
      token,
      userAgent: 'infra-workbench-tests',
      logger: collectingLogger([]),
      retries: 0,
      onRateLimit: (event) => events.push(event),
    });
    double.rateLimitNext = { kind: 'primary', retryAfter: 3600, count: 5 };
    const started = Date.now();
    try {
      await assert.rejects(
        limited.rest.pulls.get({ owner: 'acme', repo: 'infra', pull_number: 1 }),
        (error: unknown) => (error as { status?: number }).status === 403,
      );
    } finally {
      double.rateLimitNext = undefined;
    }
    assert.ok(Date.now() - started < 5000, `waited ${Date.now() - started} ms`);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.ok(event);
    assert.equal(event.kind, 'primary');
    assert.ok(event.retryAfter > 3000, String(event.retryAfter));
  });

  it('rejects a wrong token, and the client log never shows the token', async () => {
    const wrong = await createGitHubClient({
      baseUrl: double.apiUrl,
      token: 'ghp_wrongTokenWrongTokenWrongToken0123',
      userAgent: 'infra-workbench-tests',
      logger: collectingLogger(logLines),
      retries: 0,
    });
    await assert.rejects(
      wrong.rest.users.getAuthenticated(),
      (error: unknown) => (error as { status?: number }).status === 401,
    );
    assert.ok(logLines.length > 0, 'the client logs through the given logger');
    const all = logLines.join('\n');
    assert.doesNotMatch(all, /ghp_/);
  });
});
