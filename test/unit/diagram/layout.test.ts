import * as assert from 'node:assert/strict';
import {
  LayoutBudgetError,
  LayoutError,
  layoutDot,
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
