// Graphviz's JSON output read into a positioned graph: plain data and no Node imports, so the
// diagram webview can run the same engine in a Web Worker and read its output with this.

/** A node's box, centre and size in points, y growing downwards (screen coordinates). */
export interface LayoutNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An edge's spline control points (the arrowhead's tip last, when there is one). */
export interface LayoutEdge {
  readonly from: string;
  readonly to: string;
  readonly points: readonly (readonly [number, number])[];
}

/** A cluster's box (left, top, width, height) and label. */
export interface LayoutCluster {
  readonly id: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly clusters: readonly LayoutCluster[];
}

/** Graphviz rejected the input, or its output could not be read. */
export class LayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutError';
  }
}

/** Reads Graphviz's `-Tjson0` (or `-Tjson`) output into screen coordinates. */
export function parseGraphvizJson(text: string): Layout {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new LayoutError(
      `Graphviz's JSON output could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isRecord(raw)) {
    throw new LayoutError("Graphviz's JSON output is not an object");
  }
  const [, , right, top] = numbers(raw.bb);
  const width = right ?? 0;
  const height = top ?? 0;
  const flip = (y: number): number => height - y;
  const objects = Array.isArray(raw.objects) ? raw.objects.filter(isRecord) : [];
  const names = new Map<number, string>();
  const nodes: LayoutNode[] = [];
  const clusters: LayoutCluster[] = [];
  for (const object of objects) {
    const name = typeof object.name === 'string' ? object.name : '';
    if (typeof object._gvid === 'number' && object.pos !== undefined) {
      names.set(object._gvid, name);
      const [x = 0, y = 0] = numbers(object.pos);
      nodes.push({
        id: name,
        x,
        y: flip(y),
        width: Number(object.width ?? 0) * 72,
        height: Number(object.height ?? 0) * 72,
      });
    } else if (object.bb !== undefined) {
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = numbers(object.bb);
      clusters.push({
        id: name,
        label: typeof object.label === 'string' ? object.label : name,
        x: x0,
        y: flip(y1),
        width: x1 - x0,
        height: y1 - y0,
      });
    }
  }
  const edges: LayoutEdge[] = [];
  for (const edge of Array.isArray(raw.edges) ? raw.edges.filter(isRecord) : []) {
    const from = typeof edge.tail === 'number' ? names.get(edge.tail) : undefined;
    const to = typeof edge.head === 'number' ? names.get(edge.head) : undefined;
    if (from === undefined || to === undefined) {
      continue;
    }
    edges.push({
      from,
      to,
      points: splinePoints(typeof edge.pos === 'string' ? edge.pos : '', flip),
    });
  }
  return { width, height, nodes, edges, clusters };
}

/** `e,x,y x,y x,y …` (and `s,x,y` for a start arrow): control points first, the arrow tip last. */
function splinePoints(pos: string, flip: (y: number) => number): [number, number][] {
  const points: [number, number][] = [];
  let end: [number, number] | undefined;
  for (const part of pos.trim().split(/\s+/)) {
    const fields = part.split(',');
    if (fields[0] === 'e' || fields[0] === 's') {
      const point: [number, number] = [Number(fields[1]), flip(Number(fields[2]))];
      if (fields[0] === 'e') {
        end = point;
      }
      continue;
    }
    if (fields.length >= 2) {
      points.push([Number(fields[0]), flip(Number(fields[1]))]);
    }
  }
  if (end !== undefined) {
    points.push(end);
  }
  return points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
}

function numbers(value: unknown): number[] {
  return typeof value === 'string' ? value.split(',').map(Number) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
