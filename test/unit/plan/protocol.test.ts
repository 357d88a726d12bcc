import * as assert from 'node:assert/strict';
import { findExecutable } from '../../../src/plan/core/findExecutable';
import { parseWebviewMessage } from '../../../src/plan/protocol';

describe('plan preview protocol', () => {
  const counts = {
    resources: 3,
    add: 1,
    change: 1,
    destroy: 1,
    replace: 0,
    import: 0,
    move: 0,
    drift: 2,
    outputs: 1,
  };

  it('accepts the messages the webview sends', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'hello' }), { type: 'hello' });
    assert.deepEqual(parseWebviewMessage({ type: 'showDiagram' }), { type: 'showDiagram' });
    assert.deepEqual(parseWebviewMessage({ type: 'details', id: 4, all: true, extra: 1 }), {
      type: 'details',
      id: 4,
      all: true,
    });
    assert.deepEqual(parseWebviewMessage({ type: 'openSource', address: 'aws_vpc.main' }), {
      type: 'openSource',
      address: 'aws_vpc.main',
    });
    assert.deepEqual(
      parseWebviewMessage({ type: 'ready', view: 'plan', headline: 'Plan: …', counts }),
      { type: 'ready', view: 'plan', headline: 'Plan: …', counts },
    );
  });

  it('refuses anything else', () => {
    for (const bad of [
      null,
      'hello',
      [],
      { type: 'nope' },
      { type: 'details', id: -1, all: true },
      { type: 'details', id: 1.5, all: false },
      { type: 'details', id: '1', all: false },
      { type: 'openSource', address: '' },
      { type: 'openSource', address: 42 },
      { type: 'ready', view: 'plan', headline: 'x', counts: { ...counts, add: -1 } },
      { type: 'ready', view: 'other', headline: 'x', counts },
      { type: 'ready', view: 'plan', headline: 'x' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('finding terraform or tofu on PATH', () => {
  const exists =
    (files: string[]) =>
    (file: string): Promise<boolean> =>
      Promise.resolve(files.includes(file));

  it('takes the first name found, in PATH order', async () => {
    const env = { PATH: '/a:/b' };
    assert.equal(
      await findExecutable(
        ['terraform', 'tofu'],
        env,
        exists(['/b/terraform', '/a/tofu']),
        'linux',
      ),
      '/b/terraform',
    );
    assert.equal(
      await findExecutable(['terraform', 'tofu'], env, exists(['/a/tofu']), 'linux'),
      '/a/tofu',
    );
    assert.equal(await findExecutable(['terraform'], env, exists([]), 'linux'), undefined);
    assert.equal(
      await findExecutable(['terraform'], {}, exists(['terraform']), 'linux'),
      undefined,
    );
  });
});
