import type { GitHubDouble } from './githubDouble';

/** The token of the seeded user alice (shaped like a real one, so redaction is exercised). */
export const demoToken = 'ghp_doubleTokenForAliceOnly0123456789abcd';

/**
 * Seeds the double the way a small infra team's GitHub looks: acme/infra with PRs in each
 * category (review requested from alice, created by alice as a draft, assigned to alice from
 * carol's fork), check runs in each CI state, a protected main, issues assigned to, created by
 * and mentioning alice. `demoToken` authenticates as alice.
 */
export function seedDemo(double: GitHubDouble): void {
  const state = double.state;
  state.addUser('alice', { token: demoToken, name: 'Alice' });
  state.addUser('bob');
  state.addUser('carol');
  const infra = state.addRepository('acme/infra');
  state.addRepository('acme/other');
  state.addRepository('carol/infra', { parent: 'acme/infra' });
  infra.protectedBranches.set(
    'main',
    'Repository rule violations found\n\nAt least 1 approving review is required by reviewers with write access.',
  );
  const q4 = state.addMilestone('acme/infra', 'Q4 hardening', '2026-12-31T00:00:00Z');
  const review = state.addPullRequest('acme/infra', {
    title: 'Raise ingest memory to 2Gi',
    author: 'bob',
    labels: ['kubernetes', 'env:prod'],
    requestedReviewers: ['alice'],
    head: { ref: 'bob/ingest-memory' },
    files: [
      { filename: 'k8s/ingest/deployment.yaml', status: 'modified', additions: 2, deletions: 2 },
    ],
  });
  state.addCheckRun('acme/infra', {
    headSha: review.head.sha,
    name: 'atlantis/plan',
    status: 'completed',
    conclusion: 'success',
    output: { title: 'Plan: 0 to add, 1 to change, 0 to destroy', summary: '1 to change' },
  });
  const mine = state.addPullRequest('acme/infra', {
    title: 'Rotate database credentials',
    author: 'alice',
    draft: true,
    head: { ref: 'alice/12-rotate-db-credentials' },
  });
  state.addCheckRun('acme/infra', {
    headSha: mine.head.sha,
    name: 'terraform validate',
    status: 'completed',
    conclusion: 'failure',
  });
  const assigned = state.addPullRequest('acme/infra', {
    title: 'Add runbook for disk pressure',
    author: 'carol',
    assignees: ['alice'],
    head: { ref: 'disk-runbook', repo: 'carol/infra' },
  });
  state.addCheckRun('carol/infra', {
    headSha: assigned.head.sha,
    name: 'lint',
    status: 'in_progress',
  });
  state.addReview('acme/infra', assigned.number, { user: 'bob', state: 'CHANGES_REQUESTED' });
  state.addPullRequest('acme/infra', {
    title: 'Old merged change',
    author: 'alice',
    state: 'closed',
    merged: true,
    head: { ref: 'old' },
  });
  state.addPullRequest('acme/other', { title: 'Elsewhere', author: 'alice', head: { ref: 'x' } });
  state.addIssue('acme/infra', {
    title: 'Ingest pods OOMKilled',
    author: 'bob',
    labels: ['incident', 'env:prod'],
    assignees: ['alice'],
    milestone: q4.number,
  });
  state.addIssue('acme/infra', {
    title: 'Document the failover',
    author: 'alice',
    body: 'cc @bob',
  });
  state.addIssue('acme/infra', { title: 'Alerts too noisy', author: 'carol', body: 'see @alice' });
}
