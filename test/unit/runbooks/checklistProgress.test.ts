import * as assert from 'node:assert/strict';
import { ChecklistProgress } from '../../../src/runbooks/core/checklistProgress';

describe('Checklist progress', () => {
  const steps = ['pods', 'logs', 'rollback'];

  it('remembers done steps per runbook and finds the next pending one', () => {
    const progress = new ChecklistProgress();
    assert.equal(progress.nextStep('a', steps), 'pods');
    assert.equal(progress.summary('a', steps), '0/3 done');
    progress.setDone('a', ['logs', 'pods']);
    progress.markDone('b', 'pods');
    assert.deepEqual(progress.doneSteps('a', steps), ['pods', 'logs']);
    assert.equal(progress.nextStep('a', steps), 'rollback');
    assert.equal(progress.nextStep('b', steps), 'logs');
    assert.equal(progress.summary('a', steps), '2/3 done');
    progress.markDone('a', 'rollback');
    assert.equal(progress.nextStep('a', steps), undefined);
    progress.reset('a');
    assert.deepEqual(progress.doneSteps('a', steps), []);
    assert.deepEqual(progress.doneSteps('b', steps), ['pods']);
  });

  it('ignores steps that no longer exist in the runbook', () => {
    const progress = new ChecklistProgress();
    progress.setDone('a', ['gone', 'logs']);
    assert.deepEqual(progress.doneSteps('a', steps), ['logs']);
    assert.equal(progress.summary('a', steps), '1/3 done');
  });
});
