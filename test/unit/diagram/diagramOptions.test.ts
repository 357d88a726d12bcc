import * as assert from 'node:assert/strict';
import {
  applyOptions,
  autoCollapseMembers,
  autoCollapseNodes,
  changeOptions,
  parseOptions,
  toggleGroup,
} from '../../../src/diagram/core/diagramOptions';
import { layoutDiagram } from '../../../src/diagram/core/diagramLayout';
import { collapseGroups } from '../../../src/diagram/core/diagramView';
import {
  fastLayoutAttributes,
  formatGraphDot,
  needsFastLayout,
} from '../../../src/diagram/core/formatGraph';
import { GraphBuilder, type Graph, type NodeAction } from '../../../src/diagram/core/graphModel';
import { terraformDiagramFromPlanText } from '../../../src/diagram/core/terraformGraph';
import { fixtureText } from '../plan/planFixtures';

/** `groups` groups of `size` nodes each (g0 … ), a chain inside each, and g(i)'s first node -> g(i+1)'s first. */
function grouped(groups: number, size: number, actions: Record<string, NodeAction> = {}): Graph {
  const builder = new GraphBuilder();
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < size; i++) {
      const id = `g${g}.n${i}`;
      const action = actions[id];
      builder.node({
        id,
        kind: i === 0 ? 'module' : 'resource',
        name: id,
        namespace: `g${g}`,
        groupKind: 'module',
        ...(action === undefined ? {} : { action }),
      });
      if (i > 0) {
        builder.edge(`g${g}.n${i - 1}`, id, 'references');
      }
    }
    if (g > 0) {
      builder.edge(`g${g - 1}.n0`, `g${g}.n0`, 'calls');
    }
  }
  builder.node({ id: 'free', kind: 'provider', name: 'free' });
  builder.edge('g0.n1', 'free', 'uses-provider');
  return builder.build();
}

const ids = (graph: Graph): string[] => graph.nodes.map((n) => n.id).sort();

describe('diagram options', () => {
  it('shows a small graph whole, with the filter choices of the whole graph', () => {
    const graph = grouped(3, 4, { 'g1.n2': 'delete' });
    const applied = applyOptions(graph, {});
    assert.equal(applied.graph, graph);
    assert.equal(applied.note, undefined);
    assert.deepEqual(applied.kinds, ['module', 'provider', 'resource']);
    assert.deepEqual(applied.actions, ['delete']);
    assert.deepEqual(applied.allGroups, ['module g0', 'module g1', 'module g2']);
    assert.ok(applied.groups.every((g) => g.size === 4 && !g.collapsed));
  });

  it('filters by kind, group and action: only matching nodes and the edges between them', () => {
    const graph = grouped(3, 4, { 'g1.n2': 'delete', 'g1.n3': 'update', 'g2.n1': 'no-op' });
    const byKind = applyOptions(graph, { kind: 'module' });
    assert.deepEqual(ids(byKind.graph), ['g0.n0', 'g1.n0', 'g2.n0']);
    assert.deepEqual(
      byKind.graph.edges.map((e) => `${e.from}>${e.to}`),
      ['g0.n0>g1.n0', 'g1.n0>g2.n0'],
    );
    assert.match(byKind.note ?? '', /kind module: 3 of 13 nodes/);
    // The choices stay those of the whole graph.
    assert.deepEqual(byKind.kinds, ['module', 'provider', 'resource']);

    const byGroup = applyOptions(graph, { group: 'module g1' });
    assert.deepEqual(ids(byGroup.graph), ['g1.n0', 'g1.n1', 'g1.n2', 'g1.n3']);
    assert.equal(byGroup.graph.edges.length, 3);

    assert.deepEqual(ids(applyOptions(graph, { action: 'delete' }).graph), ['g1.n2']);
    assert.deepEqual(ids(applyOptions(graph, { action: 'changed' }).graph), ['g1.n2', 'g1.n3']);
    assert.deepEqual(ids(applyOptions(graph, { group: 'module g1', kind: 'module' }).graph), [
      'g1.n0',
    ]);
    assert.deepEqual(applyOptions(graph, { kind: 'nothing' }).graph.nodes, []);
  });

  it('keeps the changed resources plus N hops of context for a plan, before the filters', () => {
    const graph = grouped(3, 4, { 'g1.n2': 'delete', 'g0.n0': 'no-op' });
    assert.deepEqual(ids(applyOptions(graph, { hops: 0 }).graph), ['g1.n2']);
    assert.deepEqual(ids(applyOptions(graph, { hops: 1 }).graph), ['g1.n1', 'g1.n2', 'g1.n3']);
    assert.deepEqual(ids(applyOptions(graph, { hops: 2 }).graph), [
      'g1.n0',
      'g1.n1',
      'g1.n2',
      'g1.n3',
    ]);
    assert.match(applyOptions(graph, { hops: 1 }).note ?? '', /within 1 hop: 3 of 13 nodes/);
    assert.deepEqual(ids(applyOptions(graph, { hops: 1, kind: 'resource' }).graph), [
      'g1.n1',
      'g1.n2',
      'g1.n3',
    ]);
    // A graph without a plan ignores hops.
    const noPlan = grouped(2, 2);
    assert.equal(applyOptions(noPlan, { hops: 0 }).graph, noPlan);
  });

  it('collapses the groups the user chose into one node with counts, edges re-routed to it', () => {
    const graph = grouped(3, 4, { 'g1.n2': 'delete', 'g1.n3': 'create', 'g1.n1': 'create' });
    const applied = applyOptions(graph, { collapsed: ['module g1'] });
    assert.deepEqual(ids(applied.graph), [
      'free',
      'g0.n0',
      'g0.n1',
      'g0.n2',
      'g0.n3',
      'g2.n0',
      'g2.n1',
      'g2.n2',
      'g2.n3',
      'group:module g1',
    ]);
    const group = applied.graph.nodes.find((n) => n.id === 'group:module g1');
    assert.ok(group);
    assert.equal(group.label, 'module g1 (4)');
    assert.equal(group.kind, 'group');
    // The most severe action colours it; the details count each.
    assert.equal(group.action, 'delete');
    assert.equal(group.details?.actions, '1 delete, 2 create');
    // g0.n0 -> g1.n0 and g1.n0 -> g2.n0 now go to and from the group; its inside edges are gone.
    const edges = applied.graph.edges.map((e) => `${e.from}>${e.to}:${e.kind}`);
    assert.ok(edges.includes('g0.n0>group:module g1:calls'), edges.join(' '));
    assert.ok(edges.includes('group:module g1>g2.n0:calls'), edges.join(' '));
    assert.ok(!edges.some((e) => e.startsWith('group:module g1>group:')));
    assert.deepEqual(
      applied.groups.map((g) => [g.title, g.collapsed]),
      [
        ['module g0', false],
        ['module g1', true],
        ['module g2', false],
      ],
    );
    assert.match(applied.note ?? '', /1 group collapsed\./);
  });

  it('starts big graphs with their big groups collapsed; an expanded group stays open', () => {
    const size = autoCollapseMembers + 2;
    const groups = Math.ceil((autoCollapseNodes + 1) / size);
    const graph = grouped(groups, size);
    assert.ok(graph.nodes.length > autoCollapseNodes);
    const applied = applyOptions(graph, {});
    assert.equal(applied.graph.nodes.length, groups + 1);
    assert.ok(applied.groups.every((g) => g.collapsed));
    assert.match(applied.note ?? '', new RegExp(`${groups} groups collapsed \\(${groups} because`));
    // Edges between groups survive the collapse (the chain of module calls).
    assert.equal(
      applied.graph.edges.filter((e) => e.from.startsWith('group:') && e.to.startsWith('group:'))
        .length,
      groups - 1,
    );
    const opened = applyOptions(graph, { expanded: ['module g3'] });
    assert.equal(opened.graph.nodes.length, groups + size);
    assert.ok(opened.graph.nodes.some((n) => n.id === 'g3.n5'));
    // Small groups are not collapsed automatically.
    const small = applyOptions(grouped(autoCollapseNodes, 2), {});
    assert.ok(small.groups.every((g) => !g.collapsed));
  });

  it('collapses a real plan by module', () => {
    const { graph } = terraformDiagramFromPlanText(fixtureText('modules-graph.json'));
    const applied = applyOptions(graph, {});
    assert.ok(applied.allGroups.length > 0, 'the fixture has modules');
    const title = applied.allGroups[0] ?? '';
    const members = graph.nodes.filter(
      (n) => `${n.groupKind ?? ''} ${n.namespace ?? ''}` === title,
    );
    assert.ok(members.length > 0, title);
    const collapsed = applyOptions(graph, { collapsed: [title] }).graph;
    assert.equal(collapsed.nodes.length, graph.nodes.length - members.length + 1);
    assert.ok(collapsed.nodes.some((n) => n.label === `${title} (${members.length})`));
    for (const e of collapsed.edges) {
      assert.ok(
        collapsed.nodes.some((n) => n.id === e.from) && collapsed.nodes.some((n) => n.id === e.to),
      );
    }
  });

  it('collapses only the groups the predicate names', () => {
    const graph = grouped(2, 3);
    const some = collapseGroups(graph, (t) => t === 'module g0');
    assert.deepEqual(ids(some), ['free', 'g1.n0', 'g1.n1', 'g1.n2', 'group:module g0']);
  });

  it('reads options from untrusted data: invalid fields are dropped', () => {
    assert.deepEqual(parseOptions(undefined), {});
    assert.deepEqual(parseOptions([1]), {});
    assert.deepEqual(
      parseOptions({
        kind: 'Service',
        group: 'namespace shop',
        action: 'replace',
        hops: 2,
        collapsed: ['a', 'a', 'b'],
        expanded: [],
      }),
      {
        kind: 'Service',
        group: 'namespace shop',
        action: 'replace',
        hops: 2,
        collapsed: ['a', 'b'],
      },
    );
    assert.deepEqual(
      parseOptions({
        kind: 7,
        group: '',
        action: 'explode',
        hops: 99,
        collapsed: ['a', 3],
        expanded: 'x',
      }),
      {},
    );
    assert.deepEqual(parseOptions({ hops: 1.5, kind: 'x'.repeat(5000) }), {});
    assert.deepEqual(parseOptions({ action: 'changed', hops: 0 }), { action: 'changed', hops: 0 });
  });

  it('toggles a group and changes options, removing emptied fields', () => {
    const collapsed = toggleGroup({ kind: 'x', expanded: ['a'] }, 'a', true);
    assert.deepEqual(collapsed, { kind: 'x', collapsed: ['a'] });
    assert.deepEqual(toggleGroup(collapsed, 'a', false), { kind: 'x', expanded: ['a'] });
    assert.deepEqual(changeOptions({ kind: 'x', hops: 1 }, { kind: '', group: 'g' }), {
      hops: 1,
      group: 'g',
    });
    assert.deepEqual(changeOptions({ hops: 1 }, { hops: undefined }), {});
  });

  it('uses the cheaper Graphviz attributes only for big graphs', () => {
    assert.equal(needsFastLayout(grouped(3, 4)), false);
    const big = grouped(100, 10);
    assert.equal(needsFastLayout(big), true);
    assert.ok(formatGraphDot(big, { fast: true }).includes(fastLayoutAttributes));
    assert.ok(!formatGraphDot(big).includes('splines'));
  });

  it('lays out the graph the options make, with the choices and options in the view', async () => {
    const graph = grouped(3, 4, { 'g1.n2': 'delete' });
    const options = { collapsed: ['module g1'] };
    const expected = applyOptions(graph, options).graph;
    const { view, fast } = await layoutDiagram(graph, options, { budgetMs: 30_000 });
    assert.equal(fast, false);
    assert.deepEqual(view.nodes.map((n) => n.id).sort(), ids(expected));
    assert.equal(view.edges.length, expected.edges.length);
    assert.deepEqual(view.options, options);
    assert.deepEqual(view.allGroups, ['module g0', 'module g1', 'module g2']);
    assert.equal(view.groups.find((g) => g.title === 'module g1')?.collapsed, true);
    assert.deepEqual(view.total, { nodes: graph.nodes.length, edges: graph.edges.length });
    assert.equal(view.nodes.find((n) => n.id === 'group:module g1')?.action, 'delete');
    const empty = await layoutDiagram(graph, { kind: 'nothing' }, { budgetMs: 30_000 });
    assert.equal(empty.view.nodes.length, 0);
    assert.match(empty.view.note ?? '', /0 of 13 nodes/);
  });
});
