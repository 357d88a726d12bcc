// The layered layout of a diagram: Graphviz `dot` compiled to WebAssembly
// (@hpcc-js/wasm-graphviz, EPL-1.0 Graphviz inside an Apache-2.0 wrapper; the wasm is inside the
// package, so it runs offline). The layout runs in a worker thread that is terminated when the
// time budget runs out: a WebAssembly call cannot be interrupted otherwise. The webview can run
// the same engine in a Web Worker and read its output with {@link parseGraphvizJson}.

import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LayoutError, parseGraphvizJson, type Layout } from './layoutJson';

export { LayoutError, parseGraphvizJson, type Layout } from './layoutJson';
export type { LayoutCluster, LayoutEdge, LayoutNode } from './layoutJson';

/** The layout took longer than its budget (the worker was stopped). */
export class LayoutBudgetError extends Error {
  constructor(readonly budgetMs: number) {
    super(
      `The layout took longer than ${budgetMs} ms and was stopped: show fewer nodes (changed resources and their neighbours, or collapsed groups).`,
    );
    this.name = 'LayoutBudgetError';
  }
}

export interface LayoutOptions {
  /** Stop and throw {@link LayoutBudgetError} after this many milliseconds (default 10,000), loading the engine included. */
  readonly budgetMs?: number;
  /** Graphviz layout engine (default `dot`, layered). */
  readonly engine?: 'dot' | 'neato' | 'fdp' | 'sfdp' | 'circo' | 'twopi' | 'osage' | 'patchwork';
  /**
   * The engine's ES module file. Default: the installed package. The packaged extension has no
   * node_modules: esbuild.mjs copies the module to dist/graphviz.mjs and the editor passes that.
   */
  readonly engineModule?: string;
}

/** The URL the worker imports the engine from (resolved here: a worker has no module context of ours). */
function engineModuleUrl(engineModule?: string): string {
  return pathToFileURL(engineModule ?? require.resolve('@hpcc-js/wasm-graphviz')).href;
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
      workerData: {
        dot,
        engine: options.engine ?? 'dot',
        moduleUrl: engineModuleUrl(options.engineModule),
      },
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
