import { compareCodeUnits } from '../../common/compareText';
// The dependency graph every diagram draws: plain serialisable data, built by one builder per
// source (Terraform plans and `terraform graph` DOT, Kubernetes manifests, Compose, GitHub
// Actions, runbooks) and read by the formatters (DOT, Mermaid, JSON), the layout and, later, the
// diagram panel's webview.

/** What a node is: a Kubernetes kind (`Deployment`), `resource`, `module`, `service`, `job`, … */
export type NodeKind = string;

/** The planned action of a Terraform resource (the plan model's `ActionKind`). */
export type NodeAction =
  'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op' | 'forget' | 'unknown';

/** One thing the diagram draws. */
export interface GraphNode {
  /** Stable across builds of the same sources: the builder's kind-qualified name. */
  readonly id: string;
  readonly kind: NodeKind;
  /** Its name (`web`, `aws_vpc.main`). */
  readonly name: string;
  /** What a diagram writes on it (defaults to the name). */
  readonly label: string;
  /** The group it is drawn in: a Kubernetes namespace, a Terraform module, a Compose project, a workflow. */
  readonly namespace?: string;
  /** What the group is, for cluster titles: `namespace`, `module`, `compose`, `workflow`, `service`. */
  readonly groupKind?: string;
  /** Workspace-relative file (`/`-separated) that defines it. */
  readonly file?: string;
  /** 1-based line of its definition in `file`. */
  readonly line?: number;
  /** The planned action of a Terraform resource. */
  readonly action?: NodeAction;
  /** Referred to but defined nowhere the builder looked (a dangling reference). */
  readonly missing?: boolean;
  /** Outside the repository on purpose (a remote module, a reusable workflow of another repository). */
  readonly external?: boolean;
  /** Free-form details a builder adds (a job's `matrix`, an edge count); shown on hover. */
  readonly details?: Readonly<Record<string, string>>;
}

/** What an edge means. */
export type EdgeKind =
  | 'selects'
  | 'routes'
  | 'mounts'
  | 'uses-config'
  | 'uses-secret'
  | 'uses-service-account'
  | 'depends-on'
  | 'needs'
  | 'references'
  | 'targets'
  | 'binds'
  | 'instance-of'
  | 'calls'
  | 'uses-provider'
  | 'network'
  | 'volume'
  | 'answers'
  | 'defined-in'
  | 'runbook-for'
  | 'edge';

/** A directed edge: `from` depends on, uses or points at `to`. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** Extra words drawn on the edge (a Compose `depends_on` condition). */
  readonly label?: string;
}

/** A file a builder could not read: the rest is still drawn. */
export interface GraphProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/** A whole diagram. */
export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Files that failed to parse (the graph holds what the others say). */
  readonly problems: readonly GraphProblem[];
}

/**
 * Collects nodes and edges: a node added twice keeps its first definition (a later real
 * definition replaces a `missing` placeholder), an edge added twice is kept once, and edges
 * naming unknown nodes are dropped by {@link build}.
 */
export class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();
  readonly problems: GraphProblem[] = [];

  /** Adds a node (or upgrades a missing placeholder to a real definition); returns its id. */
  node(node: Omit<GraphNode, 'label'> & { readonly label?: string }): string {
    const existing = this.nodes.get(node.id);
    if (existing === undefined || (existing.missing === true && node.missing !== true)) {
      this.nodes.set(node.id, { ...node, label: node.label ?? node.name });
    }
    return node.id;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  get(id: string): GraphNode | undefined {
    return this.nodes.get(id);
  }

  edge(from: string, to: string, kind: EdgeKind, label?: string): void {
    const key = `${from}\u0000${to}\u0000${kind}`;
    if (!this.edges.has(key)) {
      this.edges.set(key, { from, to, kind, ...(label === undefined ? {} : { label }) });
    }
  }

  problem(problem: GraphProblem): void {
    this.problems.push(problem);
  }

  /** The graph: nodes sorted by id, edges by endpoints, edges to unknown nodes left out. */
  build(): Graph {
    const nodes = [...this.nodes.values()].sort((a, b) => compareCodeUnits(a.id, b.id));
    const edges = [...this.edges.values()]
      .filter((e) => this.nodes.has(e.from) && this.nodes.has(e.to))
      .sort(
        (a, b) =>
          compareCodeUnits(a.from, b.from) ||
          compareCodeUnits(a.to, b.to) ||
          compareCodeUnits(a.kind, b.kind),
      );
    return { nodes, edges, problems: [...this.problems] };
  }
}

/** Adjacency lists by node index, built once for the graph algorithms below. */
function adjacency(graph: Graph, reverse: boolean): { ids: string[]; next: number[][] } {
  const ids = graph.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const next: number[][] = ids.map(() => []);
  for (const edge of graph.edges) {
    const from = index.get(reverse ? edge.to : edge.from);
    const to = index.get(reverse ? edge.from : edge.to);
    if (from !== undefined && to !== undefined) {
      next[from]?.push(to);
    }
  }
  return { ids, next };
}

/**
 * The cycles of a graph: its strongly connected components with more than one node, plus
 * nodes with an edge to themselves, each as node ids in a stable order. Tarjan's algorithm with
 * an explicit stack, so a 100,000-node chain does not overflow the call stack.
 */
export function findCycles(graph: Graph): string[][] {
  const { ids, next } = adjacency(graph, false);
  const n = ids.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  // Each frame: the node and how far through its successors the walk is.
  const frames: { node: number; edge: number }[] = [];
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) {
      continue;
    }
    frames.push({ node: root, edge: 0 });
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame === undefined) {
        break;
      }
      const successors = next[frame.node] ?? [];
      if (frame.edge < successors.length) {
        const to = successors[frame.edge++] ?? 0;
        if (order[to] === -1) {
          order[to] = low[to] = counter++;
          stack.push(to);
          onStack[to] = 1;
          frames.push({ node: to, edge: 0 });
        } else if (onStack[to] === 1) {
          low[frame.node] = Math.min(low[frame.node] ?? 0, order[to] ?? 0);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) {
        low[parent.node] = Math.min(low[parent.node] ?? 0, low[frame.node] ?? 0);
      }
      if (low[frame.node] === order[frame.node]) {
        const component: number[] = [];
        for (;;) {
          const member = stack.pop();
          if (member === undefined) {
            break;
          }
          onStack[member] = 0;
          component.push(member);
          if (member === frame.node) {
            break;
          }
        }
        const selfLoop = component.length === 1 && successors.includes(frame.node);
        if (component.length > 1 || selfLoop) {
          cycles.push(component.map((i) => ids[i] ?? '').sort(compareCodeUnits));
        }
      }
    }
  }
  return cycles.sort((a, b) => compareCodeUnits(a[0] ?? '', b[0] ?? ''));
}

/**
 * The nodes that depend on `id`, directly or through others (walking edges backwards): what a
 * destroyed or replaced resource can break. Cycles are cut; `id` itself is not included.
 */
export function dependentsOf(graph: Graph, id: string): string[] {
  return walk(graph, id, true);
}

/** The nodes `id` depends on, directly or through others. */
export function dependenciesOf(graph: Graph, id: string): string[] {
  return walk(graph, id, false);
}

function walk(graph: Graph, id: string, reverse: boolean): string[] {
  const { ids, next } = adjacency(graph, reverse);
  const start = ids.indexOf(id);
  if (start < 0) {
    return [];
  }
  const seen = new Uint8Array(ids.length);
  seen[start] = 1;
  const queue = [start];
  // The queue grows while it is walked: for-of reads its length at every step.
  for (const node of queue) {
    for (const to of next[node] ?? []) {
      if (seen[to] === 0) {
        seen[to] = 1;
        queue.push(to);
      }
    }
  }
  return queue
    .slice(1)
    .map((i) => ids[i] ?? '')
    .sort(compareCodeUnits);
}

/** The group names of a graph's nodes, sorted (nodes without one are left out). */
export function groupsOf(graph: Graph): string[] {
  return [
    ...new Set(graph.nodes.flatMap((n) => (n.namespace === undefined ? [] : [n.namespace]))),
  ].sort(compareCodeUnits);
}

/** Several graphs as one (ids are assumed distinct between builders: each prefixes its own). */
export function mergeGraphs(graphs: readonly Graph[]): Graph {
  const builder = new GraphBuilder();
  for (const graph of graphs) {
    graph.nodes.forEach((n) => builder.node(n));
    graph.edges.forEach((e) => {
      builder.edge(e.from, e.to, e.kind, e.label);
    });
    graph.problems.forEach((p) => {
      builder.problem(p);
    });
  }
  return builder.build();
}
