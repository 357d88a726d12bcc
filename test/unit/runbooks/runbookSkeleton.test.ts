import * as assert from 'node:assert/strict';
import path from 'node:path';
import { parse } from 'yaml';
import { defaultKubernetesVersion } from '../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../src/validation/core/yamlValidator';
import {
  RunbookInputError,
  runbookNameFor,
  runbookSeverityOf,
  runbookSkeleton,
  runbookSkeletonForAlert,
  serviceOfAlert,
  serviceProblem,
  yamlString,
  type RunbookSkeletonInput,
} from '../../../src/runbooks/core/runbookSkeleton';
import { parseRunbooks } from '../../../src/runbooks/core/runbookModel';

const schemasDir = path.resolve(__dirname, '..', '..', '..', 'schemas');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

describe('Runbook skeleton', () => {
  it('names the runbook after service and alert, DNS-label style', () => {
    assert.equal(runbookNameFor('checkout', 'CheckoutHighErrorRate'), 'checkout-high-error-rate');
    assert.equal(runbookNameFor('checkout', 'HighLatency'), 'checkout-high-latency');
    assert.equal(runbookNameFor('Checkout API', 'HTTPErrorsHigh'), 'checkout-api-http-errors-high');
    assert.equal(runbookNameFor('  ledger ', ''), 'ledger');
    assert.equal(runbookNameFor('9-lives_cat', 'Down'), 'lives-cat-down');
    assert.equal(runbookNameFor('x'.repeat(80), 'Down').length, 63);
  });

  it('refuses a service with nothing to name a runbook after, with the reason', () => {
    assert.match(serviceProblem('') ?? '', /Enter the name of the service/);
    assert.match(serviceProblem('  ') ?? '', /Enter the name/);
    assert.match(serviceProblem('123') ?? '', /no ASCII letter/);
    assert.match(serviceProblem('日本') ?? '', /no ASCII letter/);
    assert.equal(serviceProblem('checkout'), undefined);
    assert.throws(() => runbookSkeleton({ service: '', alert: 'X' }), RunbookInputError);
  });

  const inputs: RunbookSkeletonInput[] = [
    { service: 'checkout', alert: 'CheckoutHighErrorRate', severity: 'critical' },
    { service: 'catalog', alert: '' },
    { service: 'Payments: EU', alert: 'Latency > 500ms', summary: '# not a comment: "quoted"' },
    { service: 'yes', alert: 'no', severity: 'low' },
    { service: 'svc\twith\u007fcontrol', alert: 'A\u0085B\ufeff' },
    { service: 'café ☕ orders', alert: "it's {broken} [really] & *bad*", summary: '  ' },
    { service: 'null', alert: '~', summary: '- starts like a list item' },
  ];
  for (const input of inputs) {
    it(`validates clean and reads back: ${JSON.stringify(input)}`, () => {
      const skeleton = runbookSkeleton(input);
      assert.equal(skeleton.relativePath, `runbooks/${skeleton.name}.yaml`);
      const result = validator.validate(skeleton.relativePath, skeleton.text);
      assert.equal(result.validated, true);
      assert.deepEqual(result.problems, [], skeleton.text);
      const value = parse(skeleton.text) as {
        metadata: { name: string; service: string; severity?: string };
        spec: { summary: string; alerts?: string[]; steps: { id: string }[] };
      };
      assert.equal(value.metadata.name, skeleton.name);
      assert.equal(value.metadata.service, input.service.trim());
      assert.equal(value.metadata.severity, input.severity);
      assert.deepEqual(
        value.spec.alerts,
        input.alert.trim() === '' ? undefined : [input.alert.trim()],
      );
      if (input.summary !== undefined && input.summary.trim() !== '') {
        assert.equal(value.spec.summary, input.summary.trim());
      }
      const [runbook] = parseRunbooks(skeleton.text);
      assert.ok(runbook);
      assert.deepEqual(
        runbook.steps.map((s) => [s.id, s.dangerous]),
        [
          ['pods', false],
          ['logs', false],
          ['restart', true],
        ],
      );
    });
  }

  it('writes plain scalars only where they read back as the same string', () => {
    for (const s of [
      'checkout',
      'true',
      'No',
      '~',
      '1.0',
      'a: b',
      ' lead',
      'trail ',
      '#x',
      '',
      '@x',
    ]) {
      assert.deepEqual(parse(`v: ${yamlString(s)}`), { v: s }, s);
    }
    assert.equal(yamlString('checkout'), 'checkout');
    assert.equal(yamlString('true'), '"true"');
  });
});

describe('Runbook skeleton for an alert', () => {
  it('reads the severity label the ways teams write it', () => {
    assert.equal(runbookSeverityOf('critical'), 'critical');
    assert.equal(runbookSeverityOf('page'), 'critical');
    assert.equal(runbookSeverityOf('error'), 'high');
    assert.equal(runbookSeverityOf('Warning'), 'medium');
    assert.equal(runbookSeverityOf('info'), 'low');
    assert.equal(runbookSeverityOf('{{ $labels.sev }}'), undefined);
    assert.equal(runbookSeverityOf(undefined), undefined);
  });

  it('takes the service from the labels, else from the alert name', () => {
    assert.equal(serviceOfAlert({ alert: 'X', labels: { service: 'ledger', job: 'j' } }), 'ledger');
    assert.equal(serviceOfAlert({ alert: 'X', labels: { job: 'node-exporter' } }), 'node-exporter');
    assert.equal(serviceOfAlert({ alert: 'LedgerDown', labels: {} }), 'ledger');
    assert.equal(serviceOfAlert({ alert: 'KubeAPIDown', labels: {} }), 'kube');
    assert.equal(serviceOfAlert({ alert: '42', labels: {} }), 'service');
  });

  it('writes a valid runbook where the link points, with alert, severity and summary filled in', () => {
    const skeleton = runbookSkeletonForAlert(
      {
        alert: 'CheckoutPodCrashLooping',
        labels: { severity: 'warning', service: 'checkout' },
        summary: 'Pod {{ $labels.pod }} restarts ({{ $value }} times)',
      },
      'ops/runbooks/crashloop.yaml',
    );
    assert.equal(skeleton.relativePath, 'ops/runbooks/crashloop.yaml');
    assert.equal(skeleton.name, 'checkout-pod-crash-looping');
    const value = parse(skeleton.text) as {
      metadata: { severity: string };
      spec: { summary: string; alerts: string[] };
    };
    assert.equal(value.metadata.severity, 'medium');
    assert.deepEqual(value.spec.alerts, ['CheckoutPodCrashLooping']);
    assert.equal(value.spec.summary, 'Pod <pod> restarts (<value> times)');
    assert.deepEqual(validator.validate(skeleton.relativePath, skeleton.text).problems, []);
  });
});
