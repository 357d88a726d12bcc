import * as assert from 'node:assert/strict';
import { parseDot } from '../../../src/diagram/core/dotParser';
import {
  dotQuote,
  formatGraphDot,
  formatGraphJson,
  formatGraphMermaid,
  mermaidIds,
  mermaidText,
} from '../../../src/diagram/core/formatGraph';
import { GraphBuilder, type Graph } from '../../../src/diagram/core/graphModel';
import { layoutDot } from '../../../src/diagram/core/layout';

/** Names chosen to break naive quoting. */
const nasty = [
  'say "hi"',
  'back\\slash',
  'two\nlines',
  'end',
  'a-b.c/d',
  'a_b_c_d',
  '#hash; <b>&</b> |pipe| [x] {y}',
  '123',
];

function nastyGraph(): Graph {
  const builder = new GraphBuilder();
  nasty.forEach((name, i) =>
    builder.node({
      id: name,
      kind: 'Deployment',
      name,
      label: `Deployment ${name}`,
      ...(i % 2 === 0 ? { namespace: `ns "${i}"`, groupKind: 'namespace' } : {}),
      ...(i === 1 ? { action: 'replace' as const, file: 'a.yaml', line: 3 } : {}),
      ...(i === 2 ? { missing: true } : {}),
    }),
  );
  for (let i = 0; i + 1 < nasty.length; i++) {
    builder.edge(
      nasty[i] ?? '',
      nasty[i + 1] ?? '',
      'depends-on',
      i === 0 ? 'on "ready"' : undefined,
    );
  }
  return builder.build();
}

describe('graph output', () => {
  it('writes JSON in exactly the documented shape', () => {
    const json = JSON.parse(formatGraphJson(nastyGraph())) as Record<string, unknown[]>;
    assert.deepEqual(Object.keys(json), ['nodes', 'edges']);
    for (const node of json.nodes ?? []) {
      assert.deepEqual(Object.keys(node as object), [
        'id',
        'kind',
        'name',
        'namespace',
        'file',
        'line',
        'action',
        'missing',
      ]);
    }
    for (const edge of json.edges ?? []) {
      assert.deepEqual(Object.keys(edge as object), ['from', 'to', 'kind']);
    }
    const replaced = (json.nodes ?? []).find((n) => (n as { id: string }).id === 'back\\slash');
    assert.deepEqual(replaced, {
      id: 'back\\slash',
      kind: 'Deployment',
      name: 'back\\slash',
      namespace: null,
      file: 'a.yaml',
      line: 3,
      action: 'replace',
      missing: false,
    });
  });

  it('quotes DOT ids and labels so that they read back unchanged', () => {
    assert.equal(dotQuote('a "b" \\ c\nd'), '"a \\"b\\" \\\\ c\\nd"');
    const graph = nastyGraph();
    const dot = parseDot(formatGraphDot(graph));
    // Ids come back exactly (line breaks as DOT's \n escape, which the renderer breaks on).
    const back = (id: string): string => id.replace(/\\\\/g, '\\').replace(/\\n/g, '\n');
    assert.deepEqual(dot.nodes.map((n) => back(n.id)).sort(), graph.nodes.map((n) => n.id).sort());
    assert.deepEqual(
      dot.edges.map((e) => `${back(e.from)} -> ${back(e.to)}`),
      graph.edges.map((e) => `${e.from} -> ${e.to}`),
    );
    assert.equal(
      dot.edges.find((e) => e.from === 'say "hi"')?.attributes.label,
      'depends-on: on "ready"',
    );
    // One cluster per group.
    const clusters = new Set(dot.nodes.flatMap((n) => n.subgraphs));
    assert.equal(clusters.size, new Set(graph.nodes.flatMap((n) => n.namespace ?? [])).size);
  });

  it('writes DOT that Graphviz lays out, every node placed', async function () {
    this.timeout(20_000);
    const graph = nastyGraph();
    const { layout } = await layoutDot(formatGraphDot(graph));
    assert.equal(layout.nodes.length, graph.nodes.length);
    assert.equal(layout.edges.length, graph.edges.length);
  });

  it('escapes Mermaid text with entity codes and sanitises ids', () => {
    assert.equal(mermaidText('a "b" <c> #d |e|'), 'a #quot;b#quot; #lt;c#gt; #35;d #124;e#124;');
    const ids = mermaidIds(['a-b', 'a_b', 'a.b', 'end', '1x']);
    assert.deepEqual([...ids.values()], ['n_a_b', 'n_a_b_2', 'n_a_b_3', 'n_end', 'n_1x']);
    const text = formatGraphMermaid(nastyGraph());
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[0], 'flowchart LR');
    for (const line of lines.slice(1)) {
      // Inside quotes, no raw quote, bracket, pipe or line break survives.
      for (const quoted of line.matchAll(/"([^"]*)"/g)) {
        assert.doesNotMatch((quoted[1] ?? '').replace(/<br>/g, ''), /[[\]|<>{}]|\n/, line);
      }
      const unquoted = line.replace(/"[^"]*"/g, '""');
      assert.match(
        unquoted,
        /^\s*(subgraph g_\d+\[""\]|end|n_\w+\[""\]|n_\w+ -->\|""\| n_\w+|classDef \w+ .*|class [\w,]+ \w+)$/,
        line,
      );
    }
    assert.ok(text.includes('class n_back_slash action_replace'));
    assert.ok(text.includes('class n_two_lines missing'));
    assert.ok(!text.includes('two#lt;br#gt;') && text.includes('two<br>lines'));
  });
});
