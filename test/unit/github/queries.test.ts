import * as assert from 'node:assert/strict';
import { parse, print } from 'graphql';
import {
  buildIssueSearch,
  buildRepositoryInfo,
  buildPullRequestSearch,
  issueCategories,
  pullRequestCategories,
  QueryError,
  searchString,
  userQueryCategory,
  viewCategories,
} from '../../../src/github/core/queries';
import { validateGithubQuery } from '../../github-double/githubSchemas';

const repo = { owner: 'acme', repo: 'infra' };
const [reviewRequested, , , allOpen] = pullRequestCategories;
const [assigned] = issueCategories;
if (!reviewRequested || !allOpen || !assigned) {
  throw new Error('categories changed: update this test');
}

describe('search query building', () => {
  it('scopes each built-in PR category to the repository, open PRs, with its qualifier', () => {
    const strings = pullRequestCategories.map((c) => searchString(repo, 'pr', c));
    assert.deepEqual(strings, [
      'type:pr repo:acme/infra is:open review-requested:@me',
      'type:pr repo:acme/infra is:open author:@me',
      'type:pr repo:acme/infra is:open assignee:@me',
      'type:pr repo:acme/infra is:open',
    ]);
  });

  it('builds the issue categories the same way', () => {
    assert.deepEqual(
      issueCategories.map((c) => searchString(repo, 'issue', c)),
      [
        'type:issue repo:acme/infra is:open assignee:@me',
        'type:issue repo:acme/infra is:open author:@me',
        'type:issue repo:acme/infra is:open mentions:@me',
      ],
    );
  });

  it('keeps a user query scope, state and type, and substitutes ${owner}/${repository}', () => {
    const incident = userQueryCategory({ label: 'Incidents', query: 'label:incident' }, 0);
    assert.equal(
      searchString(repo, 'issue', incident),
      'type:issue repo:acme/infra is:open label:incident',
    );
    const orgWide = userQueryCategory({ label: 'Org', query: 'org:${owner} is:merged' }, 1);
    assert.equal(searchString(repo, 'pr', orgWide), 'type:pr org:acme is:merged');
    const own = userQueryCategory({ label: 'Mine', query: 'is:pr repo:${owner}/${repository}' }, 2);
    assert.equal(searchString(repo, 'pr', own), 'is:open is:pr repo:acme/infra');
  });

  it('rejects an empty or over-long user query, naming it', () => {
    assert.throws(() => userQueryCategory({ label: 'x', query: ' ' }, 3), /query 4 \("x"\)/);
    assert.throws(
      () => userQueryCategory({ label: 'long', query: 'a'.repeat(257) }, 0),
      (error: unknown) => error instanceof QueryError && error.message.includes('256'),
    );
    assert.throws(() => userQueryCategory({ label: '', query: 'a' }, 0), /label is empty/);
  });

  it('lists built-in categories, then usable user queries, with a message per bad one', () => {
    const { categories, problems } = viewCategories(pullRequestCategories, [
      { label: 'Prod changes', query: 'label:env:prod' },
      { label: 'Empty', query: '' },
      { label: 'All open', query: 'is:open' },
      { label: 'Mine in org', query: 'org:${owner} author:@me' },
    ]);
    assert.deepEqual(
      categories.map((c) => c.label),
      [
        'Waiting for my review',
        'Created by me',
        'Assigned to me',
        'All open',
        'Prod changes',
        'Mine in org',
      ],
    );
    assert.deepEqual(problems, [
      'query 2 ("Empty"): the search text is empty',
      'query 3 ("All open"): a category with this label exists',
    ]);
  });

  it('puts the page size and cursor in variables, not in the document', () => {
    const first = buildPullRequestSearch(repo, reviewRequested, { pageSize: 10 });
    const next = buildPullRequestSearch(repo, reviewRequested, {
      pageSize: 10,
      after: 'Y3Vyc29yOjEw',
    });
    assert.equal(first.query, next.query);
    assert.deepEqual(next.variables, {
      searchQuery: 'type:pr repo:acme/infra is:open review-requested:@me',
      first: 10,
      after: 'Y3Vyc29yOjEw',
    });
    assert.equal(first.variables.after, null);
    assert.throws(() => buildIssueSearch(repo, assigned, { pageSize: 101 }), /1-100/);
  });

  it('asks in one query for every field a PR item shows, including the CI rollup', () => {
    const text = print(parse(buildPullRequestSearch(repo, allOpen).query));
    for (const field of [
      'number',
      'title',
      'url',
      'author',
      'isDraft',
      'labels',
      'reviewDecision',
      'headRefName',
      'baseRefName',
      'updatedAt',
      'statusCheckRollup',
      'hasNextPage',
      'endCursor',
    ]) {
      assert.match(text, new RegExp(`\\b${field}\\b`), field);
    }
    assert.match(text, /commits\(last: 1\)/);
  });

  it('every built query validates against GitHub GraphQL schema', async () => {
    const user = userQueryCategory({ label: 'Prod', query: 'label:env:prod' }, 0);
    const requests = [
      buildRepositoryInfo(repo),
      ...[...pullRequestCategories, user].map((c) => buildPullRequestSearch(repo, c)),
      ...[...issueCategories, user].map((c) => buildIssueSearch(repo, c, { after: 'abc' })),
    ];
    for (const request of requests) {
      const errors = await validateGithubQuery(request.query);
      assert.deepEqual(
        errors.map((e) => e.message),
        [],
      );
    }
  });

  it('the schema check catches a wrong field (the validation is real)', async () => {
    const wrong = buildPullRequestSearch(repo, reviewRequested).query.replace('isDraft', 'draft');
    const errors = await validateGithubQuery(wrong);
    assert.match(errors[0]?.message ?? '', /Cannot query field "draft" on type "PullRequest"/);
  });
});
