import * as assert from 'node:assert/strict';
import { issueForProblem, lineLink } from '../../../src/github/core/issueFromProblem';

const report = {
  file: 'k8s/ingest/deployment.yaml',
  line: 12,
  column: 7,
  source: 'kubernetes',
  code: 'unknown-property',
  severity: 'error' as const,
  message: 'Property "replica" is not allowed.\nDid you mean "replicas"?',
  excerpt: 'replica: 2',
};

// eslint-disable-next-line @typescript-eslint/no-unused-vars
const { code: _code, ...withoutCode } = report;

describe('an issue for a problem', () => {
  it('names file, line, column, check, code and message, quotes the line and links to it', () => {
    const issue = issueForProblem(report, {
      webUrl: 'https://github.com/acme/infra/',
      revision: '0123456789abcdef0123456789abcdef01234567',
      permanent: true,
    });
    assert.equal(issue.title, 'k8s/ingest/deployment.yaml:12: Property "replica" is not allowed.');
    const lines = issue.body.split('\n');
    assert.ok(lines.includes('- **File:** `k8s/ingest/deployment.yaml`, line 12, column 7'));
    assert.ok(lines.includes('- **Check:** kubernetes `unknown-property`'));
    assert.ok(
      lines.includes('- **Message:** Property "replica" is not allowed. Did you mean "replicas"?'),
    );
    assert.ok(
      lines.includes(
        '- **Where:** https://github.com/acme/infra/blob/0123456789abcdef0123456789abcdef01234567/k8s/ingest/deployment.yaml#L12',
      ),
      issue.body,
    );
    assert.match(issue.body, /```\nreplica: 2\n```/);
  });

  it('says when the link follows a branch, and fences an excerpt holding backticks', () => {
    const issue = issueForProblem(
      { ...withoutCode, excerpt: 'run: echo ```x```', severity: 'warning' },
      { webUrl: 'https://ghe.example.com/acme/infra', revision: 'feature/x y', permanent: false },
    );
    assert.match(issue.body, /^Infra Workbench reports a warning in/);
    assert.match(
      issue.body,
      /blob\/feature\/x%20y\/k8s\/ingest\/deployment\.yaml#L12 \(branch `feature\/x y`; the file had uncommitted changes/,
    );
    assert.match(issue.body, /````\nrun: echo ```x```\n````/);
    assert.ok(issue.body.includes('- **Check:** kubernetes\n'));
  });

  it('cuts a long title and escapes Markdown in the message', () => {
    const issue = issueForProblem({ ...report, message: `${'x'.repeat(200)} <b>|` });
    assert.equal(issue.title.length, 120);
    assert.ok(issue.title.endsWith('…'));
    assert.ok(issue.body.includes('\\<b\\>\\|'));
    assert.ok(!issue.body.includes('**Where:**'));
  });

  it('encodes each path segment of the link', () => {
    assert.equal(
      lineLink(
        { webUrl: 'https://github.com/a/b', revision: 'main', permanent: false },
        { ...report, file: 'dir with space/a#b.yaml', line: 3 },
      ),
      'https://github.com/a/b/blob/main/dir%20with%20space/a%23b.yaml#L3',
    );
  });
});
