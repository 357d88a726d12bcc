import * as assert from 'node:assert/strict';
import {
  LayoutBudgetError,
  LayoutError,
  layoutDot,
  LayoutWorker,
  parseGraphvizJson,
} from '../../../src/diagram/core/layout';

describe('layout (Graphviz in WebAssembly)', function () {
  this.timeout(30_000);

  it('places nodes, clusters and edges in screen coordinates', async () => {
    const { layout, layoutMs } = await layoutDot(
      'digraph { rankdir=TB; subgraph cluster_m { label="module.m"; a -> b; } b -> c; }',
    );
    assert.ok(layoutMs >= 0);
    const at = (id: string) => layout.nodes.find((n) => n.id === id);
    const [a, b, c] = [at('a'), at('b'), at('c')];
    assert.ok(a !== undefined && b !== undefined && c !== undefined);
    assert.ok(a.y < b.y && b.y < c.y, 'top to bottom, y growing downwards');
    assert.ok(a.width > 0 && a.height > 0);
    assert.deepEqual(
      layout.edges.map((e) => `${e.from}->${e.to}`),
      ['a->b', 'b->c'],
    );
    const last = layout.edges[0]?.points.at(-1);
    assert.ok(
      last !== undefined && Math.abs(last[1] - (b.y - b.height / 2)) < 2,
      'arrow ends at b',
    );
    const cluster = layout.clusters[0];
    assert.equal(cluster?.label, 'module.m');
    assert.ok(cluster.y <= a.y - a.height / 2 && cluster.y + cluster.height >= b.y + b.height / 2);
  });

  it('says what Graphviz rejected', async () => {
    await assert.rejects(layoutDot('digraph { a -> }'), (error: unknown) => {
      return error instanceof LayoutError && error.message.includes('syntax error in line 1');
    });
  });

  it('stops a layout that runs past its budget', async () => {
    const lines = ['digraph {'];
    for (let i = 0; i < 3000; i++) {
      lines.push(`n${i} -> n${(i * 7 + 1) % 3000}; n${i} -> n${(i * 13 + 5) % 3000};`);
    }
    lines.push('}');
    const started = Date.now();
    await assert.rejects(layoutDot(lines.join('\n'), { budgetMs: 300 }), LayoutBudgetError);
    assert.ok(Date.now() - started < 5000, 'stopped, not waited for');
  });

  describe('a warm worker', () => {
    const small = 'digraph { a -> b; b -> c; }';
    const slow = (() => {
      const lines = ['digraph {'];
      for (let i = 0; i < 3000; i++) {
        lines.push(`n${i} -> n${(i * 7 + 1) % 3000}; n${i} -> n${(i * 13 + 5) % 3000};`);
      }
      return [...lines, '}'].join('\n');
    })();

    it('loads the engine once for many layouts, queued or not', async () => {
      const worker = new LayoutWorker();
      try {
        worker.warm();
        assert.equal(worker.running, true);
        const [first, second] = await Promise.all([
          worker.layout(small),
          worker.layout('digraph { x -> y; }'),
        ]);
        const third = await worker.layout(small);
        assert.deepEqual(
          first.layout.nodes.map((n) => n.id),
          ['a', 'b', 'c'],
        );
        assert.deepEqual(
          second.layout.nodes.map((n) => n.id),
          ['x', 'y'],
        );
        assert.deepEqual(third.layout, first.layout);
        assert.equal(worker.starts, 1);
      } finally {
        worker.dispose();
      }
      assert.equal(worker.running, false);
    });

    it('stops a layout past its budget and starts afresh for the next', async () => {
      const worker = new LayoutWorker();
      try {
        await assert.rejects(worker.layout(slow, { budgetMs: 300 }), LayoutBudgetError);
        assert.equal(worker.running, false);
        const { layout } = await worker.layout(small);
        assert.equal(layout.nodes.length, 3);
        assert.equal(worker.starts, 2);
      } finally {
        worker.dispose();
      }
    });

    it('keeps working after Graphviz rejects a graph', async () => {
      const worker = new LayoutWorker();
      try {
        await assert.rejects(worker.layout('digraph { a -> }'), LayoutError);
        assert.equal((await worker.layout(small)).layout.nodes.length, 3);
        assert.equal(worker.starts, 1);
      } finally {
        worker.dispose();
      }
    });

    it('stops itself when idle', async () => {
      const worker = new LayoutWorker({ idleMs: 50 });
      await worker.layout(small);
      assert.equal(worker.running, true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(worker.running, false);
      assert.equal((await worker.layout(small)).layout.nodes.length, 3);
      worker.dispose();
    });

    it('says when the engine cannot be loaded', async () => {
      const worker = new LayoutWorker({ engineModule: '/nonexistent/graphviz.mjs' });
      try {
        await assert.rejects(worker.layout(small), (error: unknown) => {
          return error instanceof LayoutError && error.message.includes('could not be loaded');
        });
      } finally {
        worker.dispose();
      }
    });

    it('fails the layouts still waiting when it is disposed', async () => {
      const worker = new LayoutWorker();
      const waiting = worker.layout(slow, { budgetMs: 60_000 });
      setTimeout(() => {
        worker.dispose();
      }, 100);
      await assert.rejects(waiting, LayoutError);
    });
  });

  it('reads bad Graphviz JSON as a LayoutError', () => {
    assert.throws(() => parseGraphvizJson('{"bb": '), LayoutError);
    assert.throws(() => parseGraphvizJson('[]'), LayoutError);
    assert.deepEqual(parseGraphvizJson('{"bb":"0,0,10,10"}'), {
      width: 10,
      height: 10,
      nodes: [],
      edges: [],
      clusters: [],
    });
  });
});
