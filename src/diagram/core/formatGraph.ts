import { type Graph, type GraphNode, type NodeAction } from './graphModel';
import { compareCodeUnits } from '../../common/compareText';

// The graph as text for documentation and tools: Graphviz DOT, Mermaid and a fixed JSON shape.
// Nodes are drawn in one cluster per group (namespace, module, Compose project, workflow);
// Terraform resources are filled by planned action, missing nodes dashed, external ones dotted.

/** The JSON shape of `infra-workbench graph --format json`: every key always present. */
export interface GraphJson {
  readonly nodes: readonly {
    readonly id: string;
    readonly kind: string;
    readonly name: string;
    readonly namespace: string | null;
    readonly file: string | null;
    readonly line: number | null;
    readonly action: NodeAction | null;
    readonly missing: boolean;
  }[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly kind: string }[];
}

export function toGraphJson(graph: Graph): GraphJson {
  return {
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      name: n.name,
      namespace: n.namespace ?? null,
      file: n.file ?? null,
      line: n.line ?? null,
      action: n.action ?? null,
      missing: n.missing === true,
    })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind })),
  };
}

export function formatGraphJson(graph: Graph): string {
  return `${JSON.stringify(toGraphJson(graph), null, 2)}\n`;
}

/** Fill colours by planned action (light enough for black text). */
const actionColours: Readonly<Record<NodeAction, string>> = {
  create: '#b7e4c7',
  update: '#ffe8a3',
  delete: '#f4b6b6',
  replace: '#f2a65a',
  read: '#bcd7f5',
  'no-op': '#eeeeee',
  forget: '#d9c8f0',
  unknown: '#dddddd',
};

/** A DOT quoted string: `"` and `\` escaped, line breaks as `\n` (Graphviz centres each line). */
export function dotQuote(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n')}"`;
}

/**
 * Nodes by cluster title (`namespace shop`, `module module.net`; undefined: no group): groups of
 * different sources with the same name (a namespace and a Compose project) stay apart.
 */
function nodesByGroup(graph: Graph): Map<string | undefined, GraphNode[]> {
  const groups = new Map<string | undefined, GraphNode[]>();
  for (const node of graph.nodes) {
    const key =
      node.namespace === undefined
        ? undefined
        : node.groupKind === undefined
          ? node.namespace
          : `${node.groupKind} ${node.namespace}`;
    const list = groups.get(key);
    if (list === undefined) {
      groups.set(key, [node]);
    } else {
      list.push(node);
    }
  }
  return new Map(
    [...groups].sort(([a], [b]) =>
      a === undefined ? -1 : b === undefined ? 1 : compareCodeUnits(a, b),
    ),
  );
}

function dotNode(node: GraphNode): string {
  const attributes = [`label=${dotQuote(node.label)}`];
  const styles: string[] = [];
  if (node.action !== undefined) {
    styles.push('filled');
    attributes.push(`fillcolor=${dotQuote(actionColours[node.action])}`);
  }
  if (node.missing === true) {
    styles.push('dashed');
    attributes.push('color="#c0392b"');
  } else if (node.external === true) {
    styles.push('dotted');
  }
  if (styles.length > 0) {
    attributes.push(`style=${dotQuote(styles.join(','))}`);
  }
  attributes.push(`tooltip=${dotQuote(`${node.kind} ${node.id}`)}`);
  return `${dotQuote(node.id)} [${attributes.join(', ')}];`;
}

/** Graphviz DOT, one `cluster_` subgraph per group. */
export function formatGraphDot(
  graph: Graph,
  options: {
    readonly rankdir?: 'LR' | 'TB';
    /** Write each edge's kind on it (default true); off for a layout, where labels cost room and time. */
    readonly edgeLabels?: boolean;
    /**
     * A cheaper layout for big graphs (see {@link needsFastLayout}): straight edges and fewer
     * network-simplex and crossing-minimisation passes (about half the time at 2,000 nodes).
     */
    readonly fast?: boolean;
  } = {},
): string {
  const lines = [
    'digraph infra {',
    `  rankdir=${options.rankdir ?? 'LR'};`,
    ...(options.fast === true ? [`  ${fastLayoutAttributes}`] : []),
    '  node [shape=box, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=8];',
  ];
  let cluster = 0;
  for (const [group, nodes] of nodesByGroup(graph)) {
    if (group === undefined) {
      lines.push(...nodes.map((n) => `  ${dotNode(n)}`));
      continue;
    }
    lines.push(`  subgraph ${dotQuote(`cluster_${cluster++}`)} {`);
    lines.push(`    label=${dotQuote(group)};`);
    lines.push(...nodes.map((n) => `    ${dotNode(n)}`));
    lines.push('  }');
  }
  for (const edge of graph.edges) {
    const label = edge.label === undefined ? edge.kind : `${edge.kind}: ${edge.label}`;
    lines.push(
      options.edgeLabels === false
        ? `  ${dotQuote(edge.from)} -> ${dotQuote(edge.to)};`
        : `  ${dotQuote(edge.from)} -> ${dotQuote(edge.to)} [label=${dotQuote(label)}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Graphviz attributes of the fast layout: straight edges, bounded optimisation passes. */
export const fastLayoutAttributes =
  'splines=line; mclimit=0.01; nslimit=1; nslimit1=1; remincross=false;';

/** Graphs with more nodes plus edges than this get the fast layout. */
export const fastLayoutElements = 1_500;

/** Whether a graph is big enough for the fast layout's cheaper attributes. */
export function needsFastLayout(graph: Graph): boolean {
  return graph.nodes.length + graph.edges.length > fastLayoutElements;
}

/**
 * Text inside a Mermaid quoted label or edge text: Mermaid reads `#…;` as an entity and has no
 * backslash escapes, so `#`, `"`, `<`, `>`, `|`, brackets and braces become entity codes and
 * line breaks `<br>`.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/\[/g, '#91;')
    .replace(/\]/g, '#93;')
    .replace(/\{/g, '#123;')
    .replace(/\}/g, '#125;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * Mermaid ids for node ids: letters, digits and `_` only, prefixed so that no id is a keyword
 * (`end`, `graph`) or starts with a digit; ids that collide after sanitising get a suffix.
 */
export function mermaidIds(ids: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  const used = new Set<string>();
  for (const id of ids) {
    const base = `n_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let candidate = base;
    for (let k = 2; used.has(candidate); k++) {
      candidate = `${base}_${k}`;
    }
    used.add(candidate);
    result.set(id, candidate);
  }
  return result;
}

/** A Mermaid flowchart, one subgraph per group. */
export function formatGraphMermaid(graph: Graph): string {
  const ids = mermaidIds(graph.nodes.map((n) => n.id));
  const lines = ['flowchart LR'];
  const idOf = (id: string): string => ids.get(id) ?? 'n_unknown';
  const node = (n: GraphNode): string => `${idOf(n.id)}["${mermaidText(n.label)}"]`;
  let cluster = 0;
  for (const [group, nodes] of nodesByGroup(graph)) {
    if (group === undefined) {
      lines.push(...nodes.map((n) => `  ${node(n)}`));
      continue;
    }
    lines.push(`  subgraph g_${cluster++}["${mermaidText(group)}"]`);
    lines.push(...nodes.map((n) => `    ${node(n)}`));
    lines.push('  end');
  }
  for (const edge of graph.edges) {
    const label = edge.label === undefined ? edge.kind : `${edge.kind}: ${edge.label}`;
    lines.push(`  ${idOf(edge.from)} -->|"${mermaidText(label)}"| ${idOf(edge.to)}`);
  }
  const classes = new Map<string, string[]>();
  for (const n of graph.nodes) {
    const names = [
      ...(n.action === undefined ? [] : [`action_${n.action.replace('-', '_')}`]),
      ...(n.missing === true ? ['missing'] : n.external === true ? ['external'] : []),
    ];
    for (const name of names) {
      classes.set(name, [...(classes.get(name) ?? []), idOf(n.id)]);
    }
  }
  for (const [action, colour] of Object.entries(actionColours)) {
    const name = `action_${action.replace('-', '_')}`;
    if (classes.has(name)) {
      lines.push(`  classDef ${name} fill:${colour},color:#000`);
    }
  }
  if (classes.has('missing')) {
    lines.push('  classDef missing stroke:#c0392b,stroke-dasharray:5 5');
  }
  if (classes.has('external')) {
    lines.push('  classDef external stroke-dasharray:2 2');
  }
  for (const [name, members] of classes) {
    lines.push(`  class ${members.join(',')} ${name}`);
  }
  return `${lines.join('\n')}\n`;
}
