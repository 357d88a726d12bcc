import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  BranchNameError,
  branchNameForIssue,
  refNameProblems,
  slugify,
} from '../../../src/github/core/branchName';
import {
  buildPullRequestBody,
  maxBodyLength,
  pullRequestTitle,
} from '../../../src/github/core/pullRequestBody';
import { readPlanModel } from '../../../src/plan/core/buildPlanModel';
import { formatPlanMarkdown } from '../../../src/plan/core/formatPlanMarkdown';
import { buildPlanReport } from '../../../src/plan/core/planReport';
import { PlanReadError } from '../../../src/plan/core/readPlanJson';
import { corpusDir, listFiles } from '../corpus';

describe('branch names for issues', () => {
  it('fills the default template with an ASCII slug of the title', () => {
    assert.equal(
      branchNameForIssue({ user: 'alice', number: 128, title: 'Ingress: 502s on /api (prod!)' }),
      'alice/128-ingress-502s-on-api-prod',
    );
  });

  it('removes accents and symbols, and never ends with a dash', () => {
    assert.equal(slugify('Réseau défaillant — Zürich straße'), 'reseau-defaillant-zurich-strasse');
    assert.equal(slugify('--- trailing ---'), 'trailing');
    assert.equal(slugify('日本語'), '');
  });

  it('cuts a long title at a word boundary within the maximum length', () => {
    const slug = slugify('Rotate the database credentials for every environment now', 30);
    assert.equal(slug, 'rotate-the-database');
    assert.ok(slug.length <= 30);
    const oneWord = slugify('a'.repeat(50), 20);
    assert.equal(oneWord, 'a'.repeat(20));
    assert.equal(slugify('abcdefghij-klm', 11), 'abcdefghij', 'no trailing dash after the cut');
  });

  it('falls back to "issue" for a title with no ASCII word', () => {
    assert.equal(branchNameForIssue({ user: 'bob', number: 3, title: '障害' }), 'bob/3-issue');
  });

  it('honours a custom template and rejects an unknown placeholder', () => {
    assert.equal(
      branchNameForIssue(
        { user: 'bob', number: 9, title: 'Fix DNS' },
        'issue-{number}/{title-slug}',
      ),
      'issue-9/fix-dns',
    );
    assert.throws(
      () => branchNameForIssue({ user: 'bob', number: 9, title: 'x' }, '{login}/{number}'),
      (error: unknown) => error instanceof BranchNameError && error.message.includes('{login}'),
    );
  });

  it('refuses a template whose result git would reject', () => {
    assert.throws(
      () => branchNameForIssue({ user: 'bob', number: 9, title: 'x' }, '{user}..{number}'),
      /not a valid git branch name: contains "\.\."/,
    );
    assert.throws(
      () => branchNameForIssue({ user: 'bob', number: 9, title: 'x' }, '.hidden/{number}'),
      /component "\.hidden" starts with "\."/,
    );
  });

  it('checks the git ref-name rules', () => {
    assert.deepEqual(refNameProblems('alice/12-fix'), []);
    const bad: [string, RegExp][] = [
      ['a b', /contains " "/],
      ['a~1', /contains "~"/],
      ['a^', /contains "\^"/],
      ['a:b', /contains ":"/],
      ['a?', /contains "\?"/],
      ['a*', /contains "\*"/],
      ['a[b', /contains "\["/],
      ['a\\b', /contains "\\\\"/],
      ['a@{b', /contains "@\{"/],
      ['@', /is "@"/],
      ['-a', /starts with "-"/],
      ['a/', /empty path component/],
      ['a//b', /empty path component/],
      ['a.', /ends with "\."/],
      ['a/b.lock', /ends with "\.lock"/],
      ['a\u0007', /contains "\\u0007"/],
      ['', /is empty/],
    ];
    for (const [name, expected] of bad) {
      assert.match(refNameProblems(name).join('; '), expected, JSON.stringify(name));
    }
  });
});

describe('pull request title and body', () => {
  const commits = [
    { sha: 'a1b2c3d4e5f6', subject: 'Raise ingest memory to 2Gi' },
    { sha: 'f6e5d4c3b2a1', subject: 'Add <alert> for *OOM* kills' },
  ];

  it('takes the title from a single commit, else from the branch name', () => {
    assert.equal(pullRequestTitle(commits.slice(0, 1), 'alice/42-x'), 'Raise ingest memory to 2Gi');
    assert.equal(pullRequestTitle(commits, 'alice/42-ingest-memory'), 'Ingest memory');
  });

  it('uses the single commit body when there is no template', () => {
    const body = buildPullRequestBody({
      commits: [{ sha: 'abc1234', subject: 's', body: 'Why: the worker OOMs.\n' }],
      closes: [42],
    });
    assert.equal(body, 'Why: the worker OOMs.\n\nFixes #42\n');
  });

  it('keeps the template, lists the commits escaped, adds Fixes and the infra summary', () => {
    const body = buildPullRequestBody({
      template: '## What\r\n\r\n## Why\r\n',
      commits,
      closes: [42, 42, 7],
      infraSummary: '```\n~ kubernetes_deployment.ingest\n```',
    });
    assert.equal(
      body,
      [
        '## What',
        '',
        '## Why',
        '',
        '### Commits',
        '',
        '- Raise ingest memory to 2Gi (a1b2c3d)',
        '- Add \\<alert\\> for \\*OOM\\* kills (f6e5d4c)',
        '',
        'Fixes #42',
        'Fixes #7',
        '',
        '## Infrastructure change',
        '',
        '```',
        '~ kubernetes_deployment.ingest',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('cuts an over-long infra summary at a line, closes its code fence, stays under the limit', () => {
    const lines = Array.from({ length: 20000 }, (_, i) => `  ~ resource_${i}`);
    const body = buildPullRequestBody({
      commits,
      infraSummary: `\`\`\`diff\n${lines.join('\n')}\n\`\`\``,
    });
    assert.ok(body.length <= maxBodyLength, String(body.length));
    assert.match(body, /resource_\d+\n```\n\n_\(summary truncated/);
    assert.equal((body.match(/^```/gm) ?? []).length % 2, 0);
    assert.match(body, /^### Commits/);
  });
});

describe('pull request body with real plan summaries (corpus)', () => {
  it('includes the Markdown summary of every corpus plan, balanced and under the limit', () => {
    const plansDir = path.join(corpusDir(), 'terraform-plans');
    let plans = 0;
    let verbatim = 0;
    for (const file of listFiles(plansDir).filter((f) => f.endsWith('.json'))) {
      let summary: string;
      try {
        summary = formatPlanMarkdown(
          buildPlanReport(readPlanModel(readFileSync(path.join(plansDir, file), 'utf8'))),
        );
      } catch (error) {
        if (error instanceof PlanReadError) {
          continue; // states and other non-plans: covered by the plan tests
        }
        throw error;
      }
      plans++;
      const body = buildPullRequestBody({
        template: '## What\n\n## Why',
        commits: [{ sha: 'a1b2c3d4', subject: 'Apply the plan' }],
        closes: [7],
        infraSummary: summary,
      });
      const where = file;
      assert.ok(body.length <= maxBodyLength, where);
      assert.ok(
        body.startsWith(
          '## What\n\n## Why\n\n### Commits\n\n- Apply the plan (a1b2c3d)\n\nFixes #7\n\n## Infrastructure change\n\n',
        ),
        where,
      );
      assert.equal(
        (body.match(/^ {0,3}```/gm) ?? []).length % 2,
        0,
        `${where}: unbalanced code fence`,
      );
      if (body.includes(summary.trim())) {
        verbatim++;
      } else {
        assert.match(body, /_\(summary truncated/, where);
      }
    }
    assert.ok(plans > 100, `only ${plans} plans read from the corpus`);
    assert.ok(verbatim > 0);
  });
});
