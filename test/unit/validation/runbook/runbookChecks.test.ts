import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';
import { dnsLabelProblem, isDuration } from '../../../../src/validation/core/runbook/runbookChecks';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const demoRunbooks = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'demo-repo', 'runbooks');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

function check(text: string): { code: string; covers: string; message: string }[] {
  return validator.validate('runbooks/x.yaml', text).problems.map((p) => ({
    code: p.code,
    covers: text.slice(p.start, p.end),
    message: p.message,
  }));
}

const runbook = (
  over: { name?: string; steps?: string; escalation?: string; extra?: string } = {},
): string =>
  [
    'apiVersion: runbooks/v1',
    'kind: Runbook',
    'metadata:',
    `  name: ${over.name ?? 'checkout-high-error-rate'}`,
    '  service: checkout',
    '  owners: [team-payments]',
    '  severity: critical',
    'spec:',
    '  summary: Checkout fails.',
    '  steps:',
    over.steps ?? '    - id: pods\n      title: Check the pods\n      run: kubectl get pods',
    '  escalation:',
    over.escalation ?? '    - after: 15m\n      contact: "#payments-oncall"',
    over.extra ?? '',
  ].join('\n');

describe('Runbook checks', () => {
  it('accepts the demo repository runbooks', () => {
    const files = readdirSync(demoRunbooks).filter((f) => f.endsWith('.yaml'));
    assert.ok(files.length >= 3);
    for (const file of files) {
      const text = readFileSync(path.join(demoRunbooks, file), 'utf8');
      assert.deepEqual(validator.validate(`runbooks/${file}`, text).problems, [], file);
    }
  });

  it('accepts the documented refinements: when, verify and links', () => {
    const steps =
      '    - id: rollback\n      title: Roll back\n      when: only after a deploy in the last hour\n      run: kubectl rollout undo deploy/checkout\n      verify: kubectl rollout status deploy/checkout\n      dangerous: true';
    assert.deepEqual(
      check(
        runbook({
          steps,
          extra: '  links:\n    - runbook: checkout-pod-crashlooping\n      reason: pods restart\n',
        }),
      ),
      [],
    );
  });

  it('reports a duplicate step id on the second one, naming the line of the first', () => {
    const steps =
      '    - id: pods\n      title: A\n    - id: logs\n      title: B\n    - id: pods\n      title: C';
    const problems = check(`# leading comment\n---\n${runbook({ steps })}`);
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [['duplicate-step-id', 'pods']],
    );
    // The first `id: pods` is on line 13 of the file (two lines above the runbook document).
    assert.match(problems[0]?.message ?? '', /already used by the step on line 13\./);
  });

  it('names the moved line after lines are added above the runbook (no stale cached message)', () => {
    const steps = '    - id: pods\n      title: A\n    - id: pods\n      title: C';
    const before = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n# two\n---\n';
    // The first `id: pods` is on line 18: 7 lines of earlier documents, then the runbook's 11th.
    const first = check(`${before}${runbook({ steps })}`);
    assert.match(first[0]?.message ?? '', /already used by the step on line 18\./);
    const moved = check(
      `${before.replace('# two', '# two\n# three\n# four')}${runbook({ steps })}`,
    );
    assert.match(moved[0]?.message ?? '', /already used by the step on line 20\./);
  });

  it('reports escalation delays that are not durations, on the value', () => {
    const escalation =
      '    - after: 15m\n      contact: a\n    - after: 1h30m\n      contact: b\n    - after: 15 minutes\n      contact: c\n    - after: 30\n      contact: d\n    - after: "45"\n      contact: e';
    const problems = check(runbook({ escalation }));
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [
        ['invalid-duration', '15 minutes'],
        ['wrong-type', '30'],
        ['invalid-duration', '"45"'],
      ],
    );
    assert.match(problems[2]?.message ?? '', /A bare number has no unit: write '45m'/);
  });

  it('reports a metadata.name that is not a DNS label, with a suggestion', () => {
    const problems = check(runbook({ name: 'Checkout_High_Errors' }));
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [['invalid-name', 'Checkout_High_Errors']],
    );
    assert.match(
      problems[0]?.message ?? '',
      /has uppercase letters.*for example 'checkout-high-errors'/,
    );
    assert.equal(dnsLabelProblem('ok-name-1'), undefined);
    assert.equal(dnsLabelProblem('1abc'), 'does not start with a letter');
    assert.equal(dnsLabelProblem('abc-'), "ends with '-'");
    assert.equal(dnsLabelProblem('a'.repeat(64)), 'is 64 characters long');
    assert.ok(isDuration('2d') && isDuration('90s') && !isDuration('') && !isDuration('1m1h'));
  });

  it('is strict: unknown keys, missing fields and wrong values are schema errors on the right node', () => {
    const text = runbook({
      steps: '    - id: pods\n      titel: Check\n      dangerous: "yes"',
    }).replace('severity: critical', 'severity: urgent');
    assert.deepEqual(
      check(text).map((p) => [p.code, p.covers]),
      [
        ['invalid-value', 'urgent'],
        ['missing-property', 'id'],
        ['unknown-property', 'titel'],
        ['wrong-type', '"yes"'],
      ],
    );
    const noOwners = check(runbook().replace('  owners: [team-payments]\n', '  owners: []\n'));
    assert.deepEqual(
      noOwners.map((p) => [p.code, p.covers]),
      [['schema', '[]']],
    );
  });

  it('describes every key on hover from the schema', () => {
    const text = runbook();
    const hover =
      validator.describeAt('runbooks/x.yaml', text, text.indexOf('after') + 1)?.markdown ?? '';
    assert.match(hover, /^\*\*after\*\*: `string` — in `escalation`\n\nHow long after the start/);
  });

  it('has a versioned $id and a description on every property of its schema', () => {
    const schema = JSON.parse(
      readFileSync(path.join(schemasDir, 'runbook.schema.json'), 'utf8'),
    ) as {
      $id: string;
    };
    assert.match(schema.$id, /\/v\d+\.\d+\.\d+\//);
    const missing: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) {
        return;
      }
      const properties = (node as { properties?: Record<string, unknown> }).properties ?? {};
      for (const [name, property] of Object.entries(properties)) {
        const own = property as { description?: unknown; $ref?: string };
        if (typeof own.description !== 'string' && own.$ref === undefined) {
          missing.push(`${where}.${name}`);
        }
      }
      for (const [key, value] of Object.entries(node)) {
        walk(value, `${where}.${key}`);
      }
    };
    walk(schema, '');
    assert.deepEqual(missing, []);
  });
});
