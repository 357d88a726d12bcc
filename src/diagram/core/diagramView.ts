import {
  GraphBuilder,
  findCycles,
  type Graph,
  type GraphNode,
  type EdgeKind,
  type GraphProblem,
  type NodeAction,
} from './graphModel';
import type { DiagramOptions, GroupSummary } from './diagramOptions';
import type { Layout } from './layoutJson';

// What the diagram panel's webview draws: the graph's nodes and edges joined with their
// positions. Graphs above a size limit are first reduced so the picture stays readable (and the
// layout stays inside its budget): a plan to the changed resources plus a few hops of context,
// anything else to one box per group (namespace, module, Compose project, workflow).

/** A positioned node (centre and size in points, y down). */
export interface DiagramViewNode {
  readonly id: string;
  readonly label: string;
  readonly kind: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly group?: string;
  readonly action?: NodeAction;
  readonly missing?: boolean;
  readonly external?: boolean;
  /** Workspace-relative file and 1-based line, shown on hover (the host resolves clicks by id). */
  readonly file?: string;
  readonly line?: number;
  readonly details?: Readonly<Record<string, string>>;
}

export interface DiagramViewEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly label?: string;
  /** Spline control points, the arrow tip last. */
  readonly points: readonly (readonly [number, number])[];
}

export interface DiagramViewCluster {
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The whole picture the webview draws. */
export interface DiagramView {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly DiagramViewNode[];
  readonly edges: readonly DiagramViewEdge[];
  readonly clusters: readonly DiagramViewCluster[];
  /** The node kinds, sorted (the kind filter's choices). */
  readonly kinds: readonly string[];
  /** The planned actions present (the action filter's choices; empty for a graph without a plan). */
  readonly actions: readonly NodeAction[];
  /** Every group title of the graph (the group filter's choices). */
  readonly allGroups: readonly string[];
  /** The groups shown, with whether each is collapsed. */
  readonly groups: readonly GroupSummary[];
  /** The options this picture was made with. */
  readonly options: DiagramOptions;
  /** The size of the graph before any reduction. */
  readonly total: { readonly nodes: number; readonly edges: number };
  /** Says how the graph was reduced to fit, when it was. */
  readonly note?: string;
  readonly problems: readonly GraphProblem[];
  /** Cycles (node ids), drawn highlighted. */
  readonly cycles: readonly (readonly string[])[];
}

/** Above this many nodes a graph is reduced before it is laid out. */
export const defaultNodeLimit = 2500;

/** A graph reduced to fit, and what was done. */
export interface Reduced {
  readonly graph: Graph;
  readonly note?: string;
}

/**
 * The changed nodes of a plan (an action other than no-op) and every node within `hops` edges
 * of one (either direction). A graph with no changed node comes back empty.
 */
export function changedWithContext(graph: Graph, hops: number): Graph {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    const list = neighbours.get(a);
    if (list === undefined) {
      neighbours.set(a, [b]);
    } else {
      list.push(b);
    }
  };
  for (const e of graph.edges) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const keep = new Set(
    graph.nodes.filter((n) => n.action !== undefined && n.action !== 'no-op').map((n) => n.id),
  );
  let frontier = [...keep];
  for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of neighbours.get(id) ?? []) {
        if (!keep.has(other)) {
          keep.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return subgraph(graph, keep);
}

/** The group a node is drawn in, as a title (`namespace shop`); undefined without one. */
export function groupTitle(node: GraphNode): string | undefined {
  if (node.namespace === undefined) {
    return undefined;
  }
  return node.groupKind === undefined ? node.namespace : `${node.groupKind} ${node.namespace}`;
}

/** The id of the node a collapsed group draws as. */
export function groupNodeId(title: string): string {
  return `group:${title}`;
}

/** Plan actions in the order a collapsed group's counts list them (the most severe first). */
const actionOrder: readonly NodeAction[] = [
  'delete',
  'replace',
  'create',
  'update',
  'read',
  'forget',
  'unknown',
  'no-op',
];

/**
 * One node per collapsed group standing for its members (`namespace shop (42)`, with the count
 * of each planned action in its details and the most severe one as its own action), edges
 * re-routed to it and merged (labelled with how many they stand for; an edge inside a collapsed
 * group disappears). `collapse` says which groups (by {@link groupTitle}) collapse: all by default.
 * Nodes without a group and nodes of expanded groups stay as they are.
 */
export function collapseGroups(
  graph: Graph,
  collapse: (title: string) => boolean = () => true,
): Graph {
  const builder = new GraphBuilder();
  const members = new Map<string, GraphNode[]>();
  const idOf = new Map<string, string>();
  for (const node of graph.nodes) {
    const title = groupTitle(node);
    if (title === undefined || !collapse(title)) {
      idOf.set(node.id, node.id);
      builder.node(node);
      continue;
    }
    idOf.set(node.id, groupNodeId(title));
    const list = members.get(title);
    if (list === undefined) {
      members.set(title, [node]);
    } else {
      list.push(node);
    }
  }
  for (const [title, nodes] of members) {
    const actions = new Map<NodeAction, number>();
    for (const n of nodes) {
      if (n.action !== undefined) {
        actions.set(n.action, (actions.get(n.action) ?? 0) + 1);
      }
    }
    const present = actionOrder.filter((a) => actions.has(a));
    const worst = present[0];
    builder.node({
      id: groupNodeId(title),
      kind: 'group',
      name: title,
      label: `${title} (${nodes.length})`,
      ...(worst === undefined ? {} : { action: worst }),
      details: {
        members: String(nodes.length),
        ...(present.length === 0
          ? {}
          : { actions: present.map((a) => `${actions.get(a) ?? 0} ${a}`).join(', ') }),
      },
    });
  }
  const merged = new Map<
    string,
    { from: string; to: string; kinds: Set<EdgeKind>; count: number }
  >();
  for (const e of graph.edges) {
    const from = idOf.get(e.from);
    const to = idOf.get(e.to);
    if (from === undefined || to === undefined || (from === to && from !== e.from)) {
      continue;
    }
    const key = `${from}\u0000${to}`;
    const entry = merged.get(key);
    if (entry === undefined) {
      merged.set(key, { from, to, kinds: new Set([e.kind]), count: 1 });
    } else {
      entry.kinds.add(e.kind);
      entry.count++;
    }
  }
  for (const { from, to, kinds, count } of merged.values()) {
    const [only] = kinds;
    builder.edge(
      from,
      to,
      kinds.size === 1 && only !== undefined ? only : 'edge',
      count > 1 ? `${count} edges` : undefined,
    );
  }
  graph.problems.forEach((p) => {
    builder.problem(p);
  });
  return builder.build();
}

/**
 * The graph to lay out: as it is up to `limit` nodes; above it, a plan's changed resources plus
 * `hops` of context when that fits, else its groups collapsed, else its first `limit` nodes.
 */
export function reduceGraph(graph: Graph, limit = defaultNodeLimit, hops = 1): Reduced {
  if (graph.nodes.length <= limit) {
    return { graph };
  }
  const total = `${graph.nodes.length} nodes`;
  const changed = changedWithContext(graph, hops);
  if (changed.nodes.length > 0 && changed.nodes.length <= limit) {
    return {
      graph: changed,
      note: `${total}: showing the ${changed.nodes.length} changed resources and their neighbours within ${hops} hop${hops === 1 ? '' : 's'}.`,
    };
  }
  const collapsed = collapseGroups(graph);
  if (collapsed.nodes.length <= limit) {
    return {
      graph: collapsed,
      note: `${total}: groups collapsed into one box each (${collapsed.nodes.length} boxes).`,
    };
  }
  const first = new Set(collapsed.nodes.slice(0, limit).map((n) => n.id));
  return {
    graph: subgraph(collapsed, first),
    note: `${total}: groups collapsed and only the first ${limit} boxes shown; draw a folder or a file for the rest.`,
  };
}

/** The nodes of `keep` and the edges between them. */
function subgraph(graph: Graph, keep: ReadonlySet<string>): Graph {
  return {
    nodes: graph.nodes.filter((n) => keep.has(n.id)),
    edges: graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
    problems: graph.problems,
  };
}

/**
 * Joins a graph with its layout. Nodes or edges the layout does not place (it always places
 * all; a missing one would be a Graphviz surprise) are left out rather than drawn at 0,0.
 */
export function diagramView(
  graph: Graph,
  layout: Layout,
  extra: {
    readonly total: DiagramView['total'];
    readonly note?: string;
    /** The filters' choices and the options applied (default: what the drawn nodes have, no options). */
    readonly choices?: Pick<DiagramView, 'kinds' | 'actions' | 'allGroups' | 'groups' | 'options'>;
  },
): DiagramView {
  const placed = new Map(layout.nodes.map((n) => [n.id, n]));
  const nodes: DiagramViewNode[] = [];
  for (const node of graph.nodes) {
    const at = placed.get(node.id);
    if (at === undefined) {
      continue;
    }
    const group = groupTitle(node);
    nodes.push({
      id: node.id,
      label: node.label,
      kind: node.kind,
      x: at.x,
      y: at.y,
      width: at.width,
      height: at.height,
      ...(group === undefined ? {} : { group }),
      ...(node.action === undefined ? {} : { action: node.action }),
      ...(node.missing === true ? { missing: true } : {}),
      ...(node.external === true ? { external: true } : {}),
      ...(node.file === undefined ? {} : { file: node.file }),
      ...(node.line === undefined ? {} : { line: node.line }),
      ...(node.details === undefined ? {} : { details: node.details }),
    });
  }
  // Graphviz draws parallel edges separately and in input order: pair them up in that order.
  const splines = new Map<string, (readonly (readonly [number, number])[])[]>();
  for (const e of layout.edges) {
    const key = `${e.from}\u0000${e.to}`;
    const list = splines.get(key);
    if (list === undefined) {
      splines.set(key, [e.points]);
    } else {
      list.push(e.points);
    }
  }
  const edges: DiagramViewEdge[] = [];
  for (const edge of graph.edges) {
    const points = splines.get(`${edge.from}\u0000${edge.to}`)?.shift();
    if (points === undefined || !placed.has(edge.from) || !placed.has(edge.to)) {
      continue;
    }
    edges.push({
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      ...(edge.label === undefined ? {} : { label: edge.label }),
      points,
    });
  }
  return {
    width: layout.width,
    height: layout.height,
    nodes,
    edges,
    clusters: layout.clusters.map((c) => ({
      label: c.label,
      x: c.x,
      y: c.y,
      width: c.width,
      height: c.height,
    })),
    kinds: [...new Set(nodes.map((n) => n.kind))].sort(),
    actions: [],
    allGroups: [],
    groups: [],
    options: {},
    ...extra.choices,
    total: extra.total,
    ...(extra.note === undefined ? {} : { note: extra.note }),
    problems: graph.problems,
    cycles: findCycles(graph),
  };
}
