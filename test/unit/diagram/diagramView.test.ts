import * as assert from 'node:assert/strict';
import {
  changedWithContext,
  collapseGroups,
  diagramView,
  reduceGraph,
} from '../../../src/diagram/core/diagramView';
import { formatGraphDot } from '../../../src/diagram/core/formatGraph';
import { GraphBuilder, type Graph, type NodeAction } from '../../../src/diagram/core/graphModel';
import { layoutDot } from '../../../src/diagram/core/layout';
import { terraformDiagramFromPlanText } from '../../../src/diagram/core/terraformGraph';
import { fixtureText } from '../plan/planFixtures';

/** A chain n0 -> n1 -> … with the given actions by index and groups of `groupSize`. */
function chain(
  length: number,
  options: { actions?: Record<number, NodeAction>; groupSize?: number } = {},
): Graph {
  const builder = new GraphBuilder();
  for (let i = 0; i < length; i++) {
    const action = options.actions?.[i];
    builder.node({
      id: `n${i}`,
      kind: 'resource',
      name: `n${i}`,
      ...(options.groupSize === undefined
        ? {}
        : { namespace: `g${Math.floor(i / options.groupSize)}`, groupKind: 'module' }),
      ...(action === undefined ? {} : { action }),
    });
    if (i > 0) {
      builder.edge(`n${i - 1}`, `n${i}`, 'references');
    }
  }
  return builder.build();
}

const ids = (graph: Graph): string[] => graph.nodes.map((n) => n.id).sort();

describe('diagram view', () => {
  it('keeps the changed nodes and their neighbours within N hops, either direction', () => {
    const graph = chain(6, { actions: { 2: 'create', 5: 'no-op' } });
    assert.deepEqual(ids(changedWithContext(graph, 0)), ['n2']);
    assert.deepEqual(ids(changedWithContext(graph, 1)), ['n1', 'n2', 'n3']);
    const two = changedWithContext(graph, 2);
    assert.deepEqual(ids(two), ['n0', 'n1', 'n2', 'n3', 'n4']);
    // Only edges between kept nodes.
    assert.ok(two.edges.every((e) => e.from !== 'n5' && e.to !== 'n5'));
    assert.equal(two.edges.length, 4);
    assert.deepEqual(changedWithContext(chain(3), 3).nodes, []);
  });

  it('collapses groups into one node each with merged, counted edges', () => {
    const builder = new GraphBuilder();
    for (const [id, ns] of [
      ['a1', 'A'],
      ['a2', 'A'],
      ['b1', 'B'],
      ['free', undefined],
    ] as const) {
      builder.node({
        id,
        kind: 'x',
        name: id,
        ...(ns === undefined ? {} : { namespace: ns, groupKind: 'namespace' }),
      });
    }
    builder.edge('a1', 'b1', 'selects');
    builder.edge('a2', 'b1', 'selects');
    builder.edge('a1', 'a2', 'selects'); // inside a group: gone
    builder.edge('free', 'a1', 'selects');
    const collapsed = collapseGroups(builder.build());
    assert.deepEqual(ids(collapsed), ['free', 'group:namespace A', 'group:namespace B']);
    assert.equal(
      collapsed.nodes.find((n) => n.id === 'group:namespace A')?.label,
      'namespace A (2)',
    );
    assert.deepEqual(
      collapsed.edges.map((e) => [e.from, e.to, e.label]),
      [
        ['free', 'group:namespace A', undefined],
        ['group:namespace A', 'group:namespace B', '2 edges'],
      ],
    );
  });

  it('reduces only graphs above the limit, preferring changes plus context, then groups', () => {
    const small = chain(10);
    assert.equal(reduceGraph(small, 10).graph, small);
    assert.equal(reduceGraph(small, 10).note, undefined);

    const plan = chain(100, { actions: { 50: 'delete', 51: 'update' }, groupSize: 10 });
    const changed = reduceGraph(plan, 20);
    assert.deepEqual(ids(changed.graph), ['n49', 'n50', 'n51', 'n52']);
    assert.match(changed.note ?? '', /100 nodes: showing the 4 changed resources/);

    const unchanged = reduceGraph(chain(100, { groupSize: 10 }), 20);
    assert.equal(unchanged.graph.nodes.length, 10);
    assert.ok(unchanged.graph.nodes.every((n) => n.kind === 'group'));
    assert.match(unchanged.note ?? '', /groups collapsed/);

    const flat = reduceGraph(chain(100), 20);
    assert.equal(flat.graph.nodes.length, 20);
    assert.match(flat.note ?? '', /only the first 20 boxes/);
  });

  it('joins a laid-out plan diagram: every node placed with its action, every edge with a spline', async () => {
    const { graph } = terraformDiagramFromPlanText(fixtureText('modules-graph.json'));
    assert.ok(graph.nodes.length > 3 && graph.edges.length > 2);
    const { layout } = await layoutDot(formatGraphDot(graph, { edgeLabels: false }));
    const view = diagramView(graph, layout, {
      total: { nodes: graph.nodes.length, edges: graph.edges.length },
    });
    assert.equal(view.nodes.length, graph.nodes.length);
    assert.equal(view.edges.length, graph.edges.length);
    for (const node of graph.nodes) {
      const drawn = view.nodes.find((n) => n.id === node.id);
      assert.ok(drawn, node.id);
      assert.equal(drawn.action, node.action);
      assert.ok(drawn.x > 0 && drawn.y > 0 && drawn.width > 0 && drawn.height > 0);
      assert.ok(drawn.x <= view.width && drawn.y <= view.height);
    }
    for (const edge of view.edges) {
      assert.ok(edge.points.length >= 2, `${edge.from} -> ${edge.to}`);
    }
    const modules = graph.nodes.filter((n) => n.groupKind === 'module').map((n) => n.namespace);
    for (const module of new Set(modules)) {
      assert.ok(
        view.clusters.some((c) => c.label === `module ${module}`),
        String(module),
      );
    }
    assert.deepEqual(view.kinds, [...new Set(graph.nodes.map((n) => n.kind))].sort());
  });

  it('leaves out what the layout did not place rather than drawing it at 0,0', () => {
    const graph = chain(3);
    const view = diagramView(
      graph,
      {
        width: 100,
        height: 100,
        nodes: [
          { id: 'n0', x: 10, y: 10, width: 5, height: 5 },
          { id: 'n1', x: 20, y: 20, width: 5, height: 5 },
        ],
        edges: [
          {
            from: 'n0',
            to: 'n1',
            points: [
              [10, 10],
              [20, 20],
            ],
          },
        ],
        clusters: [],
      },
      { total: { nodes: 3, edges: 2 } },
    );
    assert.deepEqual(
      view.nodes.map((n) => n.id),
      ['n0', 'n1'],
    );
    assert.deepEqual(
      view.edges.map((e) => `${e.from}->${e.to}`),
      ['n0->n1'],
    );
  });
});
