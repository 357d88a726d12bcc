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
  /** A warm worker to lay out in (engineModule is then the worker's own). */
  readonly worker?: LayoutWorker;
}

/** The URL the worker imports the engine from (resolved here: a worker has no module context of ours). */
function engineModuleUrl(engineModule?: string): string {
  return pathToFileURL(engineModule ?? require.resolve('@hpcc-js/wasm-graphviz')).href;
}

// Runs in the worker: CommonJS (an `eval` worker), importing the ES module by URL. The engine is
// loaded once, then every { id, dot, engine } message is laid out in turn.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const loading = import(workerData.moduleUrl).then(({ Graphviz }) => Graphviz.load());
loading.catch(() => {}); // reported with each layout below
parentPort.on('message', async (job) => {
  const failed = (error, loaded) =>
    parentPort.postMessage({ id: job.id, ok: false, loaded, message: String((error && error.message) || error) });
  let graphviz;
  try {
    graphviz = await loading;
  } catch (error) {
    return failed(error, false);
  }
  try {
    const started = performance.now();
    const text = graphviz.layout(job.dot, 'json0', job.engine);
    parentPort.postMessage({ id: job.id, ok: true, text, ms: performance.now() - started });
  } catch (error) {
    failed(error, true);
  }
});
`;

type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly text: string; readonly ms: number }
  | {
      readonly id: number;
      readonly ok: false;
      /** False: the engine itself could not be loaded. */
      readonly loaded: boolean;
      readonly message: string;
    };

interface PendingJob {
  readonly id: number;
  readonly resolve: (value: { readonly layout: Layout; readonly layoutMs: number }) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * A layout worker kept warm between layouts: starting a worker and loading the engine costs
 * about 300 ms, once. {@link warm} starts it ahead of need (the diagram commands call it before
 * building the graph, so the load overlaps the build); it stops itself after `idleMs` without
 * work. A layout over its budget terminates the worker (WebAssembly cannot be interrupted
 * otherwise) and the next layout starts a fresh one. One layout runs at a time.
 */
export class LayoutWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, PendingJob>();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private started = 0;

  constructor(
    private readonly options: {
      /** See {@link LayoutOptions.engineModule}. */
      readonly engineModule?: string;
      /** Stop the worker after this long without a layout (default 5 minutes). */
      readonly idleMs?: number;
    } = {},
  ) {}

  /** How many workers this has started (one per engine load). */
  get starts(): number {
    return this.started;
  }

  /** Whether a worker is running (warm or busy). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Starts the worker and its engine load now, if not running. */
  warm(): void {
    this.ensureWorker();
    this.armIdleTimer();
  }

  /** Lays out DOT text; resolves and throws as {@link layoutDot}. */
  layout(
    dot: string,
    options: Pick<LayoutOptions, 'budgetMs' | 'engine'> = {},
  ): Promise<{ readonly layout: Layout; readonly layoutMs: number }> {
    const run = this.queue.then(() => this.run(dot, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the worker; later layouts start a new one. */
  dispose(): void {
    this.stop(new LayoutError('The layout worker was stopped.'));
  }

  private run(
    dot: string,
    options: Pick<LayoutOptions, 'budgetMs' | 'engine'>,
  ): Promise<{ readonly layout: Layout; readonly layoutMs: number }> {
    const budgetMs = options.budgetMs ?? 10_000;
    const worker = this.ensureWorker();
    worker.ref();
    if (this.idleTimer !== undefined) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.stop(new LayoutBudgetError(budgetMs));
        reject(new LayoutBudgetError(budgetMs));
      }, budgetMs);
      this.pending.set(id, { id, resolve, reject, timer });
      worker.postMessage({ id, dot, engine: options.engine ?? 'dot' });
    }).finally(() => {
      this.armIdleTimer();
    }) as Promise<{ readonly layout: Layout; readonly layoutMs: number }>;
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) {
      return this.worker;
    }
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { moduleUrl: engineModuleUrl(this.options.engineModule) },
    });
    this.worker = worker;
    this.started++;
    worker.on('message', (reply: WorkerReply) => {
      const job = this.pending.get(reply.id);
      if (job === undefined) {
        return;
      }
      this.pending.delete(reply.id);
      clearTimeout(job.timer);
      if (!reply.ok) {
        job.reject(
          new LayoutError(
            reply.loaded
              ? `Graphviz could not lay out the graph: ${reply.message.trim()}`
              : `The layout engine could not be loaded: ${reply.message.trim()}`,
          ),
        );
        return;
      }
      try {
        job.resolve({ layout: parseGraphvizJson(reply.text), layoutMs: reply.ms });
      } catch (error) {
        job.reject(error instanceof Error ? error : new LayoutError(String(error)));
      }
    });
    worker.on('error', (error) => {
      if (this.worker === worker) {
        this.stop(new LayoutError(`The layout worker failed: ${error.message}`));
      }
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        this.stop(
          new LayoutError(`The layout worker stopped (exit code ${code}) without a result.`),
        );
      }
    });
    return worker;
  }

  /** Terminates the worker and fails every layout still waiting on it. */
  private stop(error: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    if (this.idleTimer !== undefined) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    for (const job of this.pending.values()) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    this.pending.clear();
    if (worker !== undefined) {
      void worker.terminate();
    }
  }

  private armIdleTimer(): void {
    if (this.idleTimer !== undefined) {
      clearTimeout(this.idleTimer);
    }
    if (this.worker === undefined || this.pending.size > 0) {
      this.idleTimer = undefined;
      return;
    }
    this.idleTimer = setTimeout(
      () => {
        this.idleTimer = undefined;
        if (this.pending.size === 0) {
          this.stop(new LayoutError('The layout worker was stopped after being idle.'));
        }
      },
      this.options.idleMs ?? 5 * 60_000,
    );
    // An idle worker never keeps the process (the CLI, a test run) alive.
    this.idleTimer.unref();
    this.worker.unref();
  }
}

/**
 * Lays out DOT text with Graphviz in WebAssembly, in a worker stopped after the budget.
 * Resolves to the positioned graph and the milliseconds the layout itself took (without loading
 * the engine); throws {@link LayoutBudgetError} or {@link LayoutError}. With `options.worker`
 * the layout runs in that warm worker; without, in a worker of its own started for it.
 */
export async function layoutDot(
  dot: string,
  options: LayoutOptions = {},
): Promise<{ readonly layout: Layout; readonly layoutMs: number }> {
  if (options.worker !== undefined) {
    return options.worker.layout(dot, options);
  }
  const worker = new LayoutWorker(
    options.engineModule === undefined ? {} : { engineModule: options.engineModule },
  );
  try {
    return await worker.layout(dot, options);
  } finally {
    worker.dispose();
  }
}
