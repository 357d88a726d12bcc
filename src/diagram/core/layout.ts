import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// The layered layout of a diagram: Graphviz `dot` compiled to WebAssembly
// (@hpcc-js/wasm-graphviz, EPL-1.0 Graphviz inside an Apache-2.0 wrapper; the wasm is inside the
// package, so it runs offline). The layout runs in a worker thread that is terminated when the
// time budget runs out: a WebAssembly call cannot be interrupted otherwise. The webview can run
// the same engine in a Web Worker and read its output with {@link parseGraphvizJson}.

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

/** The layout took longer than its budget (the worker was stopped). */
export class LayoutBudgetError extends Error {
  constructor(readonly budgetMs: number) {
    super(
      `The layout took longer than ${budgetMs} ms and was stopped: show fewer nodes (changed resources and their neighbours, or collapsed groups).`,
    );
    this.name = 'LayoutBudgetError';
  }
}

/** Graphviz rejected the input, or its output could not be read. */
export class LayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutError';
  }
}

export interface LayoutOptions {
  /** Stop and throw {@link LayoutBudgetError} after this many milliseconds (default 10,000), loading the engine included. */
  readonly budgetMs?: number;
  /** Graphviz layout engine (default `dot`, layered). */
  readonly engine?: 'dot' | 'neato' | 'fdp' | 'sfdp' | 'circo' | 'twopi' | 'osage' | 'patchwork';
}

/** The URL the worker imports the engine from (resolved here: a worker has no module context of ours). */
function engineModuleUrl(): string {
  return pathToFileURL(require.resolve('@hpcc-js/wasm-graphviz')).href;
}

// Runs in the worker: CommonJS (an `eval` worker), importing the ES module by URL.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.moduleUrl)
  .then(async ({ Graphviz }) => {
    const graphviz = await Graphviz.load();
    const started = performance.now();
    const text = graphviz.layout(workerData.dot, 'json0', workerData.engine);
    parentPort.postMessage({ ok: true, text, ms: performance.now() - started });
  })
  .catch((error) => {
    parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
  });
`;

type WorkerReply =
  | { readonly ok: true; readonly text: string; readonly ms: number }
  | { readonly ok: false; readonly message: string };

/**
 * Lays out DOT text with Graphviz in WebAssembly, in a worker stopped after the budget.
 * Resolves to the positioned graph and the milliseconds the layout itself took (without loading
 * the engine); throws {@link LayoutBudgetError} or {@link LayoutError}.
 */
export function layoutDot(
  dot: string,
  options: LayoutOptions = {},
): Promise<{ readonly layout: Layout; readonly layoutMs: number }> {
  const budgetMs = options.budgetMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { dot, engine: options.engine ?? 'dot', moduleUrl: engineModuleUrl() },
    });
    let settled = false;
    const finish = (action: () => void): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        action();
      }
    };
    const timer = setTimeout(() => {
      finish(() => {
        reject(new LayoutBudgetError(budgetMs));
      });
    }, budgetMs);
    worker.on('message', (reply: WorkerReply) => {
      finish(() => {
        if (!reply.ok) {
          reject(new LayoutError(`Graphviz could not lay out the graph: ${reply.message.trim()}`));
          return;
        }
        try {
          resolve({ layout: parseGraphvizJson(reply.text), layoutMs: reply.ms });
        } catch (error) {
          reject(error instanceof Error ? error : new LayoutError(String(error)));
        }
      });
    });
    worker.on('error', (error) => {
      finish(() => {
        reject(new LayoutError(`The layout worker failed: ${error.message}`));
      });
    });
    worker.on('exit', (code) => {
      finish(() => {
        reject(new LayoutError(`The layout worker stopped (exit code ${code}) without a result.`));
      });
    });
  });
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
