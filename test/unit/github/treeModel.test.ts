import * as assert from 'node:assert/strict';
import {
  ciStateOf,
  groupIssues,
  mapIssueSearch,
  mapPullRequestSearch,
  PayloadError,
  type IssueItem,
} from '../../../src/github/core/treeModel';

function prNode(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    __typename: 'PullRequest',
    number: 42,
    title: 'Raise memory limit of the ingest worker',
    url: 'https://github.com/acme/infra/pull/42',
    author: { login: 'alice' },
    isDraft: false,
    labels: {
      nodes: [
        { name: 'env:prod', color: 'b60205' },
        { name: 'kubernetes', color: '0e8a16' },
      ],
    },
    reviewDecision: 'APPROVED',
    headRefName: 'alice/42-ingest-memory',
    baseRefName: 'main',
    isCrossRepository: false,
    headRepositoryOwner: { login: 'acme' },
    updatedAt: '2026-11-30T10:00:00Z',
    commits: { nodes: [{ commit: { statusCheckRollup: { state: 'SUCCESS' } } }] },
    ...overrides,
  };
}

function searchData(nodes: unknown[], pageInfo = { hasNextPage: false, endCursor: 'c2' }) {
  return {
    search: { issueCount: nodes.length, pageInfo, nodes },
    rateLimit: { cost: 1, remaining: 4999, resetAt: '2026-12-02T08:00:00Z' },
  };
}

describe('pull request payload -> tree items', () => {
  it('maps number, title, author, labels, review decision and CI state', () => {
    const page = mapPullRequestSearch(searchData([prNode()]));
    assert.equal(page.items.length, 1);
    const item = page.items[0];
    assert.ok(item);
    assert.equal(item.label, '#42 Raise memory limit of the ingest worker');
    assert.equal(item.description, 'alice · approved · env:prod, kubernetes');
    assert.equal(item.icon, 'ci-success');
    assert.equal(item.ciState, 'success');
    assert.equal(item.headRefName, 'alice/42-ingest-memory');
    assert.deepEqual(page.rateLimit, { cost: 1, remaining: 4999, resetAt: '2026-12-02T08:00:00Z' });
    assert.equal(page.hasNextPage, false);
    assert.equal(page.endCursor, undefined, 'no cursor offered when there is no next page');
  });

  it('marks drafts, and uses the PR icon when there are no checks', () => {
    const page = mapPullRequestSearch(
      searchData([
        prNode({
          number: 7,
          isDraft: true,
          reviewDecision: null,
          author: null,
          labels: { nodes: [] },
          commits: { nodes: [{ commit: { statusCheckRollup: null } }] },
        }),
      ]),
    );
    const item = page.items[0];
    assert.ok(item);
    assert.equal(item.description, 'ghost · draft');
    assert.equal(item.icon, 'pull-request-draft');
    assert.equal(item.ciState, 'none');
    assert.match(item.tooltip, /^\[Draft\] #7/);
    assert.equal(item.author, undefined);
  });

  it('maps every rollup state to an icon kind', () => {
    const states = ['SUCCESS', 'FAILURE', 'ERROR', 'PENDING', 'EXPECTED'];
    const page = mapPullRequestSearch(
      searchData(
        states.map((state, i) =>
          prNode({
            number: i + 1,
            commits: { nodes: [{ commit: { statusCheckRollup: { state } } }] },
          }),
        ),
      ),
    );
    assert.deepEqual(
      page.items.map((i) => i.icon),
      ['ci-success', 'ci-failure', 'ci-failure', 'ci-pending', 'ci-pending'],
    );
    assert.equal(ciStateOf(undefined), 'none');
  });

  it('keeps the cursor for Load more and skips null and foreign nodes', () => {
    const page = mapPullRequestSearch(
      searchData([null, { __typename: 'Issue' }, prNode()], { hasNextPage: true, endCursor: 'Y3' }),
    );
    assert.equal(page.items.length, 1);
    assert.equal(page.endCursor, 'Y3');
    assert.equal(page.totalCount, 3);
  });

  it('names the path of a missing or mistyped field', () => {
    const untitled = prNode();
    delete untitled.title;
    assert.throws(
      () => mapPullRequestSearch(searchData([prNode(), untitled])),
      (error: unknown) =>
        error instanceof PayloadError &&
        error.path === 'search.nodes[1].title' &&
        error.message.includes('expected a string, got undefined'),
    );
    assert.throws(
      () => mapPullRequestSearch(searchData([prNode({ reviewDecision: 'LGTM' })])),
      /search\.nodes\[0\]\.reviewDecision: unknown review decision "LGTM"/,
    );
    assert.throws(
      () => mapPullRequestSearch({ search: null }),
      /^PayloadError: search: expected an object, got null$/,
    );
  });
});

function issueNode(number: number, labels: string[], milestone?: Record<string, unknown>) {
  return {
    __typename: 'Issue',
    number,
    title: `Issue ${number}`,
    url: `https://github.com/acme/infra/issues/${number}`,
    state: 'OPEN',
    author: { login: 'bob' },
    labels: { nodes: labels.map((name) => ({ name, color: 'ededed' })) },
    milestone: milestone ?? null,
    assignees: { nodes: [{ login: 'carol' }] },
    comments: { totalCount: 1 },
    updatedAt: '2026-11-30T10:00:00Z',
  };
}

describe('issue payload -> tree items and groups', () => {
  const q3 = { number: 3, title: 'Q3', dueOn: '2026-09-30T00:00:00Z' };
  const q2 = { number: 2, title: 'Q2', dueOn: '2026-06-30T00:00:00Z' };
  const someday = { number: 9, title: 'Someday', dueOn: null };
  const items: IssueItem[] = [
    ...mapIssueSearch(
      searchData([
        issueNode(1, ['bug'], q3),
        issueNode(2, ['incident', 'env:prod'], q2),
        issueNode(3, [], someday),
        issueNode(4, ['env:prod']),
      ]),
    ).items,
  ];

  it('maps labels, milestone, assignees and comments', () => {
    const first = items[0];
    assert.ok(first);
    assert.equal(first.description, 'bob · bug · Q3');
    assert.equal(first.tooltip, '#1 Issue 1\n1 comment\nassigned to carol');
    assert.deepEqual(first.milestone, q3);
    assert.equal(items[2]?.milestone?.dueOn, undefined);
  });

  it('groups by label, priority labels first, an issue under each of its labels', () => {
    const groups = groupIssues(items, 'label', ['incident', 'env:prod']);
    assert.deepEqual(
      groups.map((g) => [g.label, g.items.map((i) => i.number)]),
      [
        ['incident', [2]],
        ['env:prod', [2, 4]],
        ['bug', [1]],
        ['No label', [3]],
      ],
    );
  });

  it('groups by milestone, earliest due first, undated after, none last', () => {
    const groups = groupIssues(items, 'milestone');
    assert.deepEqual(
      groups.map((g) => [g.label, g.items.map((i) => i.number)]),
      [
        ['Q2', [2]],
        ['Q3', [1]],
        ['Someday', [3]],
        ['No milestone', [4]],
      ],
    );
    assert.equal(groupIssues(items, 'none')[0]?.items.length, 4);
  });

  it('rejects an unknown issue state with its path', () => {
    assert.throws(
      () => mapIssueSearch(searchData([{ ...issueNode(1, []), state: 'DONE' }])),
      /search\.nodes\[0\]\.state: unknown issue state "DONE"/,
    );
  });
});
