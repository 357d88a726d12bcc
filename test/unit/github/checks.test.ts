import * as assert from 'node:assert/strict';
import { mapCheckRuns, planCountsIn, type CheckRunPayload } from '../../../src/github/core/checks';

function run(fields: Partial<CheckRunPayload> & Pick<CheckRunPayload, 'name'>): CheckRunPayload {
  return {
    id: fields.name.length,
    status: 'completed',
    conclusion: 'success',
    html_url: `https://github.com/acme/infra/runs/${fields.name.length}`,
    output: { title: null, summary: null },
    ...fields,
  };
}

const atlantisSummary = [
  'Ran Plan for 2 projects:',
  '',
  '1. dir: `staging` workspace: `default`',
  '2. dir: `production` workspace: `default`',
  '',
  '### 1. dir: `staging` workspace: `default`',
  '```diff',
  '+ aws_s3_bucket.logs',
  'Plan: 1 to add, 0 to change, 0 to destroy.',
  '```',
  '### 2. dir: `production` workspace: `default`',
  '```diff',
  '~ aws_instance.web',
  '- aws_instance.old',
  'Plan: 2 to import, 0 to add, 1 to change, 1 to destroy.',
  '```',
].join('\n');

describe('check runs', () => {
  it('reads and sums the plan lines Atlantis quotes, one per project', () => {
    assert.deepEqual(planCountsIn(atlantisSummary), { add: 1, change: 1, destroy: 1, import: 2 });
    assert.equal(
      planCountsIn('No changes. Your infrastructure matches the configuration.'),
      undefined,
    );
  });

  it('maps state, title, summary and plan; failures first, then pending, then by name', () => {
    const items = mapCheckRuns([
      run({ name: 'lint' }),
      run({
        name: 'atlantis/plan',
        output: { title: 'Plan: 1 to add, 1 to change, 1 to destroy', summary: atlantisSummary },
      }),
      run({ name: 'unit tests', status: 'in_progress', conclusion: null }),
      run({
        name: 'terraform validate',
        conclusion: 'failure',
        output: { title: '', summary: '  ' },
      }),
      run({
        name: 'Terraform Cloud/acme/prod',
        output: {
          title: null,
          summary: 'No changes. Your infrastructure matches the configuration.',
        },
      }),
      run({
        name: 'docs',
        conclusion: 'skipped',
        html_url: null,
        details_url: 'https://ci.example/docs',
      }),
    ]);
    assert.deepEqual(
      items.map((i) => [i.label, i.state, i.description]),
      [
        ['terraform validate', 'failure', 'failure'],
        ['unit tests', 'pending', 'pending'],
        ['atlantis/plan', 'success', 'Plan: 1 to add, 1 to change, 1 to destroy'],
        ['lint', 'success', 'success'],
        ['Terraform Cloud/acme/prod', 'success', 'success'],
        ['docs', 'skipped', 'skipped'],
      ],
    );
    const atlantis = items.find((i) => i.label === 'atlantis/plan');
    assert.ok(atlantis);
    assert.deepEqual(atlantis.plan, { add: 1, change: 1, destroy: 1, import: 2 });
    assert.equal(atlantis.summary, atlantisSummary);
    assert.equal(items.find((i) => i.label === 'Terraform Cloud/acme/prod')?.noChanges, true);
    assert.equal(items.find((i) => i.label === 'terraform validate')?.summary, undefined);
    assert.equal(items.find((i) => i.label === 'docs')?.url, 'https://ci.example/docs');
  });
});
