import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  commandToType,
  typesWithoutRunning,
  dangerConfirmation,
  findStep,
  parseRunbooks,
  stepLenses,
  terminalName,
} from '../../../src/runbooks/core/runbookModel';

const demo = (name: string): string =>
  readFileSync(
    path.resolve(__dirname, '..', '..', 'fixtures', 'demo-repo', 'runbooks', `${name}.yaml`),
    'utf8',
  );

const twoDocs = `# a deployment first
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
---
apiVersion: runbooks/v1
kind: Runbook
metadata:
  name: web-down
spec:
  steps:
    - id: look
      title: Look around
    - id: check
      title: Check
      run: "kubectl get pods"
      dangerous: false
    - title: no id, skipped
      run: echo skipped
    - id: empty-run
      title: Empty
      run: ''
    - id: fix
      run: |
        kubectl rollout undo deploy/web
      dangerous: true
`;

describe('Runbook step model', () => {
  it('reads the steps of a demo runbook with the offsets of each step and its run', () => {
    const text = demo('checkout-high-error-rate');
    const [runbook, ...rest] = parseRunbooks(text);
    assert.equal(rest.length, 0);
    assert.ok(runbook);
    assert.equal(runbook.name, 'checkout-high-error-rate');
    assert.equal(runbook.service, 'checkout');
    assert.deepEqual(
      runbook.steps.map((s) => s.id),
      ['pods', 'recent-deploy', 'logs', 'catalog', 'rollback'],
    );
    for (const step of runbook.steps) {
      assert.ok(text.slice(step.start).startsWith(`id: ${step.id}`), step.id);
      assert.ok(step.runRange);
      assert.equal(text.slice(...step.runRange), step.run);
      assert.ok(step.start < step.runRange[0] && step.runRange[1] <= step.end);
    }
    assert.deepEqual(
      runbook.steps.filter((s) => s.dangerous).map((s) => s.id),
      ['rollback'],
    );
  });

  it('finds runbooks after other documents, with offsets in the whole file', () => {
    const [runbook] = parseRunbooks(twoDocs);
    assert.ok(runbook);
    assert.equal(runbook.start, twoDocs.indexOf('apiVersion: runbooks/v1'));
    assert.deepEqual(
      runbook.steps.map((s) => [s.index, s.id, s.run, s.dangerous]),
      [
        [0, 'look', undefined, false],
        [1, 'check', 'kubectl get pods', false],
        [3, 'empty-run', undefined, false],
        [4, 'fix', 'kubectl rollout undo deploy/web\n', true],
      ],
    );
    const fix = runbook.steps[3];
    assert.ok(fix?.runRange);
    assert.equal(fix.title, 'fix');
    assert.equal(twoDocs.slice(...fix.runRange).trimStart()[0], '|');
    assert.deepEqual(parseRunbooks('apiVersion: runbooks/v2\nkind: Runbook\n'), []);
    assert.deepEqual(parseRunbooks('kind: Runbook\napiVersion: runbooks/v1\nspec: [\n'), []);
    assert.deepEqual(parseRunbooks(''), []);
  });

  it('puts Run and Copy lenses on steps with a run, and only Copy when untrusted', () => {
    const runbooks = parseRunbooks(twoDocs);
    const [start, ...trusted] = stepLenses(runbooks, { trusted: true });
    assert.deepEqual(start, {
      action: 'start',
      title: '$(checklist) Start runbook',
      tooltip: 'Walk the steps in order as a checklist',
      offset: twoDocs.indexOf('apiVersion: runbooks/v1'),
      runbookName: 'web-down',
      stepId: undefined,
    });
    assert.deepEqual(
      trusted.map((l) => [l.stepId, l.action]),
      [
        ['check', 'run'],
        ['check', 'copy'],
        ['fix', 'run'],
        ['fix', 'copy'],
      ],
    );
    const [check, , fix] = trusted;
    assert.ok(check && fix);
    assert.match(fix.title, /dangerous/);
    assert.doesNotMatch(check.title, /dangerous/);
    assert.match(check.tooltip, /without pressing Enter/);
    assert.equal(check.offset, twoDocs.indexOf('id: check'));
    assert.equal(check.runbookName, 'web-down');
    const untrusted = stepLenses(runbooks, { trusted: false });
    assert.deepEqual(
      untrusted.map((l) => [l.stepId, l.action]),
      [
        [undefined, 'start'],
        ['check', 'copy'],
        ['fix', 'copy'],
      ],
    );
  });

  it('offers Run only for commands that can be typed without any line running', () => {
    assert.equal(typesWithoutRunning('kubectl get pods'), true);
    assert.equal(typesWithoutRunning('kubectl get pods\n'), true);
    assert.equal(typesWithoutRunning('kubectl -n shop \\\n  get pods\n'), true);
    assert.equal(typesWithoutRunning('kubectl scale a\nkubectl scale b\n'), false);
    assert.equal(commandToType('kubectl get pods\n\n'), 'kubectl get pods');
    const text = twoDocs.replace('run: "kubectl get pods"', 'run: "echo a\\necho b"');
    assert.deepEqual(
      stepLenses(parseRunbooks(text), { trusted: true }).map((l) => [l.stepId, l.action]),
      [
        [undefined, 'start'],
        ['check', 'copy'],
        ['fix', 'run'],
        ['fix', 'copy'],
      ],
    );
  });

  it('finds a step by id, names the terminal after the runbook and the command in the question', () => {
    const found = findStep(demo('catalog-high-latency'), 'scale-up');
    assert.ok(found);
    assert.equal(terminalName(found.runbook), 'Runbook: catalog-high-latency');
    assert.equal(found.step.dangerous, true);
    const question = dangerConfirmation(found.step);
    assert.match(question.title, /'scale-up' is marked dangerous/);
    assert.equal(
      question.send,
      'Send to terminal: kubectl -n shop scale deploy/catalog --replicas=5',
    );
    assert.equal(findStep(demo('catalog-high-latency'), 'nope'), undefined);
    assert.equal(findStep(demo('catalog-high-latency'), 'scale-up', 'other'), undefined);
  });
});
