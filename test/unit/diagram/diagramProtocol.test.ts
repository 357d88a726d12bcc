import * as assert from 'node:assert/strict';
import { parseSourceState, parseWebviewMessage } from '../../../src/diagram/protocol';

describe('diagram protocol', () => {
  it('accepts the messages the webview sends, keeping only their fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'hello', extra: 1 }), { type: 'hello' });
    assert.deepEqual(parseWebviewMessage({ type: 'ready', view: 'diagram', nodes: 4, edges: 3 }), {
      type: 'ready',
      view: 'diagram',
      nodes: 4,
      edges: 3,
    });
    assert.deepEqual(parseWebviewMessage({ type: 'ready', view: 'empty', nodes: 0, edges: 0 }), {
      type: 'ready',
      view: 'empty',
      nodes: 0,
      edges: 0,
    });
    assert.deepEqual(parseWebviewMessage({ type: 'open', id: 'Service/shop/web' }), {
      type: 'open',
      id: 'Service/shop/web',
    });
    assert.deepEqual(
      parseWebviewMessage({
        type: 'ready',
        view: 'diagram',
        nodes: 2,
        edges: 1,
        renderer: 'canvas',
      }),
      { type: 'ready', view: 'diagram', nodes: 2, edges: 1, renderer: 'canvas' },
    );
    assert.deepEqual(
      parseWebviewMessage({
        type: 'options',
        options: { kind: 'Service', hops: 7, collapsed: ['namespace shop'], bogus: 1 },
      }),
      { type: 'options', options: { kind: 'Service', collapsed: ['namespace shop'] } },
    );
    assert.deepEqual(parseWebviewMessage({ type: 'exportSvg', svg: '<svg></svg>' }), {
      type: 'exportSvg',
      svg: '<svg></svg>',
    });
  });

  it('refuses anything else', () => {
    for (const bad of [
      null,
      undefined,
      'hello',
      42,
      [],
      {},
      { type: 'nope' },
      { type: 'options' },
      { type: 'options', options: null },
      { type: 'ready', view: 'plan', nodes: 1, edges: 1 },
      { type: 'ready', view: 'diagram', nodes: -1, edges: 0 },
      { type: 'ready', view: 'diagram', nodes: 1.5, edges: 0 },
      { type: 'ready', view: 'diagram', nodes: '3', edges: 0 },
      { type: 'ready', view: 'diagram', nodes: 3 },
      { type: 'open' },
      { type: 'open', id: '' },
      { type: 'open', id: 7 },
      { type: 'open', id: 'x'.repeat(10_000) },
      { type: 'exportSvg', svg: '<script>alert(1)</script>' },
      { type: 'exportSvg' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify({ bad }).slice(0, 80));
    }
  });

  it('reads a restored panel state and refuses a forged one', () => {
    assert.deepEqual(parseSourceState({ kind: 'workspace' }), { kind: 'workspace' });
    assert.deepEqual(parseSourceState({ kind: 'plan', uri: 'file:///w/plan.json', x: 1 }), {
      kind: 'plan',
      uri: 'file:///w/plan.json',
    });
    assert.deepEqual(parseSourceState({ kind: 'folder', uri: 'file:///w/k8s' }), {
      kind: 'folder',
      uri: 'file:///w/k8s',
    });
    for (const bad of [
      null,
      'workspace',
      { kind: 'folder' },
      { kind: 'file', uri: '' },
      { kind: 'plan', uri: 3 },
      { kind: 'shell', uri: 'file:///bin/sh' },
    ]) {
      assert.equal(parseSourceState(bad), undefined, JSON.stringify(bad));
    }
  });
});
