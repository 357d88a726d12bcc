import * as assert from 'node:assert/strict';
import { mapCheckRuns } from '../../../src/github/core/checks';
import {
  basePathOf,
  checkDescription,
  checkSummaryMarkdown,
  headPathOf,
  mapPullRequestFiles,
} from '../../../src/github/core/pullRequestDetails';
import { PayloadError } from '../../../src/github/core/treeModel';

describe('pull request details', () => {
  it('maps the files payload, renames and GitHub-only statuses included', () => {
    const files = mapPullRequestFiles([
      { filename: 'a.tf', status: 'modified' },
      { filename: 'b.tf', status: 'renamed', previous_filename: 'old/b.tf' },
      { filename: 'c.tf', status: 'copied' },
      { filename: 'd.sh', status: 'changed' },
      { filename: 'e.tf', status: 'removed' },
    ]);
    assert.deepEqual(
      files.map((f) => [f.path, f.status, basePathOf(f), headPathOf(f)]),
      [
        ['a.tf', 'modified', 'a.tf', 'a.tf'],
        ['b.tf', 'renamed', 'old/b.tf', 'b.tf'],
        ['c.tf', 'added', undefined, 'c.tf'],
        ['d.sh', 'modified', 'd.sh', 'd.sh'],
        ['e.tf', 'removed', 'e.tf', undefined],
      ],
    );
  });

  it('rejects a payload that is not a files list, naming where', () => {
    assert.throws(() => mapPullRequestFiles({}), PayloadError);
    assert.throws(
      () => mapPullRequestFiles([{ filename: 'a', status: 'weird' }]),
      /files\[0\]\.status: unknown status "weird"/,
    );
    assert.throws(() => mapPullRequestFiles([{ status: 'added' }]), /files\[0\]\.filename/);
  });

  it('describes a check by its title and plan counts, and renders its summary', () => {
    const checks = mapCheckRuns([
      {
        id: 1,
        name: 'tfcmt',
        status: 'completed',
        conclusion: 'success',
        html_url: 'https://github.com/acme/infra/runs/1',
        output: {
          title: 'Plan result',
          summary: '## Plan result\n\nPlan: 1 to add, 2 to change, 0 to destroy.',
        },
      },
      {
        id: 2,
        name: 'tfc',
        status: 'completed',
        conclusion: 'success',
        html_url: null,
        output: { title: 'Plan: 0 to add, 1 to change, 0 to destroy', summary: null },
      },
      {
        id: 3,
        name: 'x',
        status: 'completed',
        conclusion: 'neutral',
        html_url: null,
        output: { title: null, summary: 'No changes. Infrastructure is up-to-date.' },
      },
    ]);
    const [tfcmt, cloud, bare] = ['tfcmt', 'tfc', 'x'].map((n) =>
      checks.find((c) => c.label === n),
    );
    assert.ok(tfcmt && cloud && bare);
    assert.equal(checkDescription(tfcmt), 'Plan result · +1 ~2 -0');
    assert.equal(checkDescription(cloud), 'Plan: 0 to add, 1 to change, 0 to destroy');
    assert.equal(checkDescription(bare), 'neutral · no changes');
    const markdown = checkSummaryMarkdown(tfcmt, { number: 4, title: 'Grow the cluster' });
    assert.equal(
      markdown,
      [
        '# tfcmt',
        '',
        'Pull request #4 Grow the cluster · state: **success**',
        '',
        '**Plan result**',
        '',
        '[Open the run on GitHub](https://github.com/acme/infra/runs/1)',
        '',
        '## Plan result\n\nPlan: 1 to add, 2 to change, 0 to destroy.',
        '',
      ].join('\n'),
    );
    assert.match(
      checkSummaryMarkdown(cloud, { number: 4, title: 't' }),
      /_This check run has no summary\._/,
    );
  });
});
