import * as assert from 'node:assert/strict';
import {
  dependenciesOf,
  dependentsOf,
  findCycles,
  GraphBuilder,
  mergeGraphs,
  type Graph,
} from '../../../src/diagram/core/graphModel';

/** A graph from `a->b` strings. */
function graphOf(...edges: string[]): Graph {
  const builder = new GraphBuilder();
  for (const edge of edges) {
    const [from = '', to = ''] = edge.split('->');
    builder.node({ id: from, kind: 'x', name: from });
    builder.node({ id: to, kind: 'x', name: to });
    builder.edge(from, to, 'depends-on');
  }
  return builder.build();
}

describe('graph model', () => {
  it('finds no cycle in a DAG', () => {
    assert.deepEqual(findCycles(graphOf('a->b', 'b->c', 'a->c', 'd->c')), []);
  });

  it('reports each cycle once, its members sorted, and self-loops', () => {
    const graph = graphOf('a->b', 'b->c', 'c->a', 'c->d', 'd->e', 'e->d', 'f->f', 'g->a');
    assert.deepEqual(findCycles(graph), [['a', 'b', 'c'], ['d', 'e'], ['f']]);
  });

  it('walks a 10,000-node chain and a 10,000-node ring without overflowing the stack', () => {
    const n = 10_000;
    const builder = new GraphBuilder();
    for (let i = 0; i < n; i++) {
      builder.node({ id: `n${i}`, kind: 'x', name: `n${i}` });
    }
    for (let i = 0; i + 1 < n; i++) {
      builder.edge(`n${i}`, `n${i + 1}`, 'depends-on');
    }
    const chain = builder.build();
    assert.deepEqual(findCycles(chain), []);
    assert.equal(dependentsOf(chain, `n${n - 1}`).length, n - 1);
    builder.edge(`n${n - 1}`, 'n0', 'depends-on');
    const ring = builder.build();
    const cycles = findCycles(ring);
    assert.equal(cycles.length, 1);
    assert.equal(cycles[0]?.length, n);
  });

  it('gives transitive dependents and dependencies, cutting cycles', () => {
    const graph = graphOf('web->sg', 'sg->vpc', 'db->sg', 'vpc->vpc', 'x->y');
    assert.deepEqual(dependentsOf(graph, 'vpc'), ['db', 'sg', 'web']);
    assert.deepEqual(dependenciesOf(graph, 'web'), ['sg', 'vpc']);
    assert.deepEqual(dependentsOf(graph, 'nope'), []);
  });

  it('keeps a node first defined, upgrades a missing placeholder and drops edges to unknown nodes', () => {
    const builder = new GraphBuilder();
    builder.node({ id: 'a', kind: 'Secret', name: 'a', missing: true });
    builder.node({ id: 'a', kind: 'Secret', name: 'a', file: 'a.yaml' });
    builder.node({ id: 'a', kind: 'Secret', name: 'a', file: 'other.yaml' });
    builder.edge('a', 'ghost', 'references');
    builder.edge('a', 'a', 'references');
    builder.edge('a', 'a', 'references');
    const graph = builder.build();
    assert.deepEqual(graph.nodes, [
      { id: 'a', kind: 'Secret', name: 'a', label: 'a', file: 'a.yaml' },
    ]);
    assert.deepEqual(graph.edges, [{ from: 'a', to: 'a', kind: 'references' }]);
  });

  it('merges graphs', () => {
    const merged = mergeGraphs([graphOf('a->b'), graphOf('b->c')]);
    assert.deepEqual(
      merged.edges.map((e) => `${e.from}->${e.to}`),
      ['a->b', 'b->c'],
    );
  });
});
