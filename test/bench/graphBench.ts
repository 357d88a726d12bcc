// The diagram layout bench (issue 7, part 4): Terraform-shaped graphs (about 1.3 edges per
// node, clustered in modules of about 20 resources) of 500 and 2,000 nodes, written as DOT by
// the diagram core, laid out by Graphviz `dot` compiled to WebAssembly (@hpcc-js/wasm-graphviz,
// in this process, and through the core's `layoutDot`: a worker with a time budget) and, side
// by side on the same DOT, by Debian's native `dot -Tsvg` when it is installed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser } from 'playwright-core';
import { applyOptions } from '../../src/diagram/core/diagramOptions';
import { layoutDiagram } from '../../src/diagram/core/diagramLayout';
import type { DiagramView } from '../../src/diagram/core/diagramView';
import { formatGraphDot } from '../../src/diagram/core/formatGraph';
import { GraphBuilder, type Graph, type NodeAction } from '../../src/diagram/core/graphModel';
import { layoutDot, LayoutWorker } from '../../src/diagram/core/layout';
import type { ShowDiagramMessage } from '../../src/diagram/protocol';
import { median } from './benchInputs';
import { chromiumPath, openWebviewPage } from './planWebview';

/** A small deterministic PRNG (mulberry32): the same graph on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const actions: readonly NodeAction[] = ['no-op', 'no-op', 'no-op', 'update', 'create', 'replace'];
const types = ['aws_instance', 'aws_security_group', 'aws_subnet', 'aws_iam_role', 'aws_s3_bucket'];

/**
 * A Terraform-shaped graph: `nodes` resources in modules of `perModule`; each resource refers to
 * one earlier resource of its module, and a share (`crossModule`, about a third by default) to
 * one of an earlier module (what module outputs look like), so there are about 1.3 edges per
 * node (1.5 with `crossModule` 0.55) and the graph is acyclic.
 */
export function terraformShapedGraph(
  nodes: number,
  perModule = 20,
  seed = 7,
  crossModule = 0.35,
): Graph {
  const next = random(seed);
  const builder = new GraphBuilder();
  const ids: string[] = [];
  for (let i = 0; i < nodes; i++) {
    const module = Math.floor(i / perModule);
    const name = `${types[i % types.length] ?? 'aws_x'}.r${i}`;
    const id = `module.m${module}.${name}`;
    ids.push(id);
    builder.node({
      id,
      kind: 'resource',
      name,
      namespace: `module.m${module}`,
      groupKind: 'module',
      action: actions[Math.floor(next() * actions.length)] ?? 'no-op',
    });
    const first = module * perModule;
    if (i > first) {
      builder.edge(id, ids[first + Math.floor(next() * (i - first))] ?? id, 'references');
    }
    if (module > 0 && next() < crossModule) {
      builder.edge(id, ids[Math.floor(next() * first)] ?? id, 'references');
    }
  }
  return builder.build();
}

export interface GraphBenchRow {
  readonly nodes: number;
  readonly edges: number;
  readonly clusters: number;
  readonly dotBytes: number;
  /** Median ms of `dot -Tsvg` in WebAssembly, in process (engine loaded once, not counted). */
  readonly wasmSvgMs: number;
  readonly svgBytes: number;
  /** Median ms of the core's layoutDot: the layout (-Tjson0) inside its worker, and the whole call (worker start and engine load included). */
  readonly coreLayoutMs: number;
  readonly coreWallMs: number;
  /** Median ms of the native `dot -Tsvg` process; undefined when `dot` is not installed. */
  readonly nativeSvgMs?: number;
  /** The panel's path with every group expanded: the fast attributes when the graph is big. */
  readonly panel: PanelTiming;
}

/** What the diagram panel does for a graph, timed (medians). */
export interface PanelTiming {
  /** Whether the cheaper layout attributes applied. */
  readonly fast: boolean;
  /**
   * applyOptions, DOT, the layout in the panel's warm worker (the extension starts it when a
   * diagram command runs, while the workspace scan and the graph build run) and the view.
   */
  readonly hostMs: number;
  /** The same with a worker started for the layout (engine load included): a graph built faster than the engine loads. */
  readonly coldHostMs: number;
  /** The layout alone, inside the worker. */
  readonly layoutMs: number;
  /** Chromium: from the diagram message to the ready message and two frames (the picture painted); undefined without Chromium. */
  readonly renderMs?: number;
  readonly renderer?: string;
  /** hostMs + renderMs. */
  readonly totalMs?: number;
}

export interface GraphBenchResult {
  readonly engineLoadMs: number;
  readonly graphvizVersion: string;
  readonly nativeVersion?: string;
  /** Why the native side did not run. */
  readonly nativeNote?: string;
  readonly rows: readonly GraphBenchRow[];
}

/** The version line of the native `dot`, or undefined when it cannot be run. */
function nativeDotVersion(): string | undefined {
  const run = spawnSync('dot', ['-V'], { encoding: 'utf8' });
  return run.error === undefined && run.status === 0 ? run.stderr.trim() : undefined;
}

/**
 * The panel's host side for `graph` with every group expanded: options, DOT, layout, view; in
 * `worker` (warm) or in a worker started for it.
 */
async function panelHost(
  graph: Graph,
  worker?: LayoutWorker,
): Promise<{ view: DiagramView; ms: number; layoutMs: number; fast: boolean }> {
  const started = performance.now();
  const options = { expanded: [...applyOptions(graph, {}).allGroups] };
  const drawn = await layoutDiagram(graph, options, {
    budgetMs: 60_000,
    ...(worker === undefined ? {} : { worker }),
  });
  return { ...drawn, ms: performance.now() - started };
}

/** The message the diagram panel sends its webview to draw `view`. */
export function diagramMessage(view: DiagramView, title: string): ShowDiagramMessage {
  return { type: 'diagram', title, view, restore: { kind: 'workspace' }, options: view.options };
}

/** A page running the production diagram webview bundle (dist/webview/diagram.js), as a panel runs it. */
export function openDiagramPage(browser: Browser): ReturnType<typeof openWebviewPage> {
  const repoRoot = path.resolve(__dirname, '..', '..');
  return openWebviewPage(
    browser,
    path.join(repoRoot, 'dist', 'webview', 'diagram.js'),
    readFileSync(path.join(repoRoot, 'media', 'diagram.css'), 'utf8'),
  );
}

/** Chromium timing of the diagram webview bundle on `view` (median of `runs`, one page each). */
async function timeRender(
  executablePath: string,
  view: DiagramView,
  runs: number,
): Promise<{ ms: number; renderer: string }> {
  const message = diagramMessage(view, 'bench');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const times: number[] = [];
    let renderer = '';
    for (let run = 0; run < runs; run++) {
      const { page, errors } = await openDiagramPage(browser);
      await page.evaluate(`window.__message = ${JSON.stringify(message)}`);
      // Page code as text: this file is type-checked without the DOM library.
      const result = await page.evaluate<{ ms: number; renderer: string }>(`(async () => {
        const start = performance.now();
        window.postMessage(window.__message, '*');
        for (;;) {
          const ready = window.__posted.find((p) => p.m.type === 'ready');
          if (ready !== undefined) {
            await new Promise((resolve) => requestAnimationFrame(resolve));
            await new Promise((resolve) => requestAnimationFrame(resolve));
            return { ms: performance.now() - start, renderer: ready.m.renderer };
          }
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })()`);
      if (errors.length > 0) {
        throw new Error(`the diagram webview failed: ${errors.join('; ')}`);
      }
      times.push(result.ms);
      renderer = result.renderer;
      await page.close();
    }
    return { ms: median(times), renderer };
  } finally {
    await browser.close();
  }
}

export async function runGraphBench(options: {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly log: (message: string) => void;
}): Promise<GraphBenchResult> {
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
  const loadStarted = performance.now();
  const graphviz = await Graphviz.load();
  const engineLoadMs = performance.now() - loadStarted;
  const nativeVersion = nativeDotVersion();
  const rows: GraphBenchRow[] = [];
  const browser = chromiumPath();
  for (const size of options.sizes) {
    // The last size again with 1.5 edges per node: the 2,000-node, 3,000-edge graph of the goal.
    const graph = size < 0 ? terraformShapedGraph(-size, 20, 7, 0.55) : terraformShapedGraph(size);
    const dot = formatGraphDot(graph, { rankdir: 'TB', edgeLabels: false });
    const clusters = new Set(graph.nodes.map((n) => n.namespace)).size;
    options.log(
      `graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges, ${clusters} clusters, ${options.runs} runs per engine`,
    );
    const wasm: number[] = [];
    const core: number[] = [];
    const coreWall: number[] = [];
    const native: number[] = [];
    let svgBytes = 0;
    for (let run = 0; run < options.runs; run++) {
      // Interleaved, so that a busy moment of the shared machine hits every engine alike.
      let started = performance.now();
      const svg = graphviz.layout(dot, 'svg', 'dot');
      wasm.push(performance.now() - started);
      svgBytes = svg.length;
      started = performance.now();
      const { layoutMs, layout } = await layoutDot(dot, { budgetMs: 60_000 });
      coreWall.push(performance.now() - started);
      core.push(layoutMs);
      if (layout.nodes.length !== graph.nodes.length) {
        throw new Error(`layout has ${layout.nodes.length} nodes, the graph ${graph.nodes.length}`);
      }
      if (nativeVersion !== undefined) {
        started = performance.now();
        const result = spawnSync('dot', ['-Tsvg'], { input: dot, maxBuffer: 1 << 30 });
        native.push(performance.now() - started);
        if (result.status !== 0) {
          throw new Error(`native dot failed: ${result.stderr.toString()}`);
        }
      }
    }
    const host: number[] = [];
    const coldHost: number[] = [];
    const hostLayout: number[] = [];
    let drawn: Awaited<ReturnType<typeof panelHost>> | undefined;
    const worker = new LayoutWorker();
    try {
      // As the extension does when a diagram command runs: the engine loads ahead of the layout.
      await worker.layout('digraph { warm }');
      for (let run = 0; run < options.runs; run++) {
        coldHost.push((await panelHost(graph)).ms);
        drawn = await panelHost(graph, worker);
        host.push(drawn.ms);
        hostLayout.push(drawn.layoutMs);
      }
    } finally {
      worker.dispose();
    }
    const render =
      browser === undefined || drawn === undefined
        ? undefined
        : await timeRender(browser, drawn.view, options.runs);
    const hostMs = median(host);
    rows.push({
      panel: {
        fast: drawn?.fast ?? false,
        hostMs,
        coldHostMs: median(coldHost),
        layoutMs: median(hostLayout),
        ...(render === undefined
          ? {}
          : { renderMs: render.ms, renderer: render.renderer, totalMs: hostMs + render.ms }),
      },
      nodes: graph.nodes.length,
      edges: graph.edges.length,
      clusters,
      dotBytes: dot.length,
      wasmSvgMs: median(wasm),
      svgBytes,
      coreLayoutMs: median(core),
      coreWallMs: median(coreWall),
      ...(native.length > 0 ? { nativeSvgMs: median(native) } : {}),
    });
  }
  return {
    engineLoadMs,
    graphvizVersion: graphviz.version(),
    ...(nativeVersion === undefined
      ? {
          nativeNote:
            'native Graphviz skipped: `dot` is not installed (apt-get install graphviz to compare)',
        }
      : { nativeVersion }),
    rows,
  };
}
