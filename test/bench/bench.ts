// The benchmarks of issue 4 (not tests): our engine side by side with yaml-language-server 2.0.0
// (what Red Hat's YAML extension runs) on the same inputs and the same strict Kubernetes schema.
//
//   npm run bench                       all of them; prints tables with ratios and goals
//   npm run bench -- edit throughput    some of them: edit, memory, throughput, activation, plan
//   npm run --silent bench -- --json    machine-readable results on stdout (progress and tables
//                                       on stderr; --silent keeps npm's banner off stdout)
//   options: --runs=5 (fresh processes per engine and input), --edits=5 (warm edits per process),
//            --synthetic=50000 (documents), --throughput-runs=3 (on the corpus),
//            --activation-runs=5, --no-build
//
// edit        one-line edit to fresh diagnostics on 10,000- and 40,000-line multi-document files
//             of real corpus documents; 5 warm edits per process, median; 5 fresh processes per
//             engine, ours and theirs interleaved; both must agree on a planted problem.
// memory      peak RSS of those processes on the 40,000-line file.
// throughput  cold validation of ../shared/corpus/kubernetes and of a generated 50,000-document
//             repository: our CLI as a whole process on one core, and both engines in-process;
//             on the corpus, both engines also warm (a second pass in the same process).
// activation  activate() to ready in the real VS Code (offline test host), and the bundle size.
// plan        `infra-workbench plan` on a generated 10,000-resource plan (modules, count,
//             references): parse, masked model with its dependency graph, report with the blast
//             radius of every destroy and replacement, text and Markdown; peak RSS. --runs fresh
//             processes, median; --plan-resources=10000 sets the size. Not in the default set.
// diff        `infra-workbench diff` on ../shared/corpus/kubernetes in a temporary git repository:
//             every file added, then every file moved (see manifestDiffBench.ts). --runs runs,
//             median. Not in the default set.
// graph       diagram layout: Terraform-shaped graphs of 500 and 2,000 nodes (1.3 edges per node,
//             modules of 20) laid out by Graphviz dot in WebAssembly (in process, and through the
//             core's layoutDot worker) and by the native `dot -Tsvg` on the same DOT when installed;
//             --graph-runs=5, median. Not in the default set; `--no-build` skips the build it does
//             not need.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { defaultKubernetesVersion } from '../../src/validation/core/kubernetesSchemas';
import { activationEntry, extensionBundleBytes, runActivationBench } from './activationBench';
import {
  buildStream,
  countDocuments,
  kubernetesCorpus,
  median,
  repoRoot,
  schemasDir,
  shuffled,
  templateDocuments,
  writeSyntheticRepo,
  yamlFilesUnder,
  type TemplateDocument,
} from './benchInputs';
import type { EditChildResult } from './editChild';
import { createOurs, createYls, engineLabels, type EngineName } from './engines';
import { exitStatsEnv, lastJsonLine, runChild, type ExitStats } from './processStats';
import { readCliReport } from './cliReport';
import { count, markdownTable, mb, ms, ratio } from './table';
import type { ThroughputChildResult } from './throughputChild';
import { parseModes, type ParseChildResult, type ParseMode } from './parseModes';
import type { PlanChildResult } from './planChild';
import { generatePlan } from './planInputs';
import { chromiumPath, timeWebview } from './planWebview';
import { readPlanModel } from '../../src/plan/core/buildPlanModel';
import { PlanPreviewData } from '../../src/plan/core/planView';
import { formatManifestDiffBench, runManifestDiffBench } from './manifestDiffBench';
import { runGraphBench } from './graphBench';

type BenchName = 'edit' | 'memory' | 'throughput' | 'activation' | 'plan' | 'diff' | 'graph';
const benchNames: readonly BenchName[] = [
  'edit',
  'memory',
  'throughput',
  'activation',
  'plan',
  'diff',
  'graph',
];
/** What runs when no bench is named (plan, diff and graph are asked for by name). */
const defaultBenches: readonly BenchName[] = ['edit', 'memory', 'throughput', 'activation'];

interface Options {
  readonly benches: ReadonlySet<BenchName>;
  readonly json: boolean;
  readonly runs: number;
  readonly edits: number;
  readonly syntheticDocuments: number;
  readonly activationRuns: number;
  readonly throughputRuns: number;
  readonly planResources: number;
  readonly graphRuns: number;
  readonly build: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const benches = new Set<BenchName>();
  const numbers: Record<string, number> = {
    runs: 5,
    edits: 5,
    synthetic: 50_000,
    'activation-runs': 5,
    'throughput-runs': 3,
    'plan-resources': 10_000,
    'graph-runs': 5,
  };
  let json = false;
  let build = true;
  for (const arg of argv) {
    const option = /^--([a-z-]+)(?:=(\d+))?$/.exec(arg);
    if ((benchNames as readonly string[]).includes(arg)) {
      benches.add(arg as BenchName);
    } else if (arg === '--json') {
      json = true;
    } else if (arg === '--no-build') {
      build = false;
    } else if (option?.[1] !== undefined && option[2] !== undefined && option[1] in numbers) {
      numbers[option[1]] = Number(option[2]);
    } else {
      throw new Error(
        `unknown argument '${arg}'; usage: npm run bench -- [${benchNames.join('|')}...] [--json] [--runs=N] [--edits=N] [--synthetic=N] [--throughput-runs=N] [--activation-runs=N] [--plan-resources=N] [--graph-runs=N] [--no-build]`,
      );
    }
  }
  return {
    benches: benches.size === 0 ? new Set(defaultBenches) : benches,
    json,
    runs: numbers.runs ?? 5,
    edits: numbers.edits ?? 5,
    syntheticDocuments: numbers.synthetic ?? 50_000,
    activationRuns: numbers['activation-runs'] ?? 5,
    throughputRuns: numbers['throughput-runs'] ?? 3,
    planResources: numbers['plan-resources'] ?? 10_000,
    graphRuns: numbers['graph-runs'] ?? 5,
    build,
  };
}

const outDir = path.join(repoRoot, 'out', 'bench');
const inputsDir = path.join(outDir, 'inputs');
const node = process.execPath;

/** The bench's child processes (ES module bundles in out/bench/), and the benches that run them. */
const children = {
  editChild: { entry: 'test/bench/editChild.ts', benches: ['edit', 'memory'] },
  throughputChild: { entry: 'test/bench/throughputChild.ts', benches: ['throughput'] },
  parseChild: { entry: 'test/bench/parseChild.ts', benches: ['throughput'] },
  planChild: { entry: 'test/bench/planChild.ts', benches: ['plan'] },
} as const satisfies Record<string, { entry: string; benches: readonly BenchName[] }>;

function childBundle(name: keyof typeof children): string {
  return path.join(outDir, `${name}.mjs`);
}

const cliBundle = path.join(repoRoot, 'dist', 'cli.js');
const statsPreload = path.join(outDir, 'statsPreload.cjs');

/** Every file {@link build} makes, and the benches that need it (`--no-build` checks them). */
const builtFiles: readonly { readonly file: string; readonly benches: readonly BenchName[] }[] = [
  { file: cliBundle, benches: ['edit', 'memory', 'throughput', 'plan'] },
  { file: statsPreload, benches: ['edit', 'memory', 'throughput', 'plan'] },
  { file: path.join(repoRoot, 'dist', 'extension.js'), benches: ['activation'] },
  { file: activationEntry, benches: ['activation'] },
  ...Object.entries(children).map(([name, child]) => ({
    file: childBundle(name as keyof typeof children),
    benches: child.benches,
  })),
];

/** Progress goes to stderr, so that `--json` leaves stdout to the results. */
function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/**
 * Builds what the bench runs: the extension and CLI as shipped (`--production`: minified, no
 * source maps), and the bench's child processes and VS Code tests entry as plain Node bundles
 * (no TypeScript loader in the measured processes).
 */
async function build(): Promise<void> {
  log('building dist/ (--production) and the bench bundles');
  execFileSync(node, ['esbuild.mjs', '--production'], { cwd: repoRoot, stdio: 'inherit' });
  const esm = {
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node20',
    logLevel: 'warning' as const,
    // yaml-language-server is loaded from node_modules as it is published.
    external: ['yaml-language-server'],
    // CommonJS dependencies (yaml, ajv) inside an ES module bundle need require and __dirname.
    banner: {
      js: [
        "import { createRequire as __benchRequire } from 'node:module';",
        "import { fileURLToPath as __benchPath } from 'node:url';",
        "import { dirname as __benchDirname } from 'node:path';",
        'const require = __benchRequire(import.meta.url);',
        'const __filename = __benchPath(import.meta.url);',
        'const __dirname = __benchDirname(__filename);',
      ].join('\n'),
    },
  };
  await Promise.all([
    esbuild.build({
      ...esm,
      entryPoints: Object.fromEntries(
        Object.entries(children).map(([name, child]) => [name, child.entry]),
      ),
      outdir: outDir,
      outExtension: { '.js': '.mjs' },
      absWorkingDir: repoRoot,
    }),
    esbuild.build({
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
      entryPoints: ['test/bench/statsPreload.ts'],
      outfile: statsPreload,
      absWorkingDir: repoRoot,
    }),
    esbuild.build({
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
      external: ['vscode'],
      entryPoints: ['test/integration/activationBench/index.ts'],
      outfile: activationEntry,
      absWorkingDir: repoRoot,
    }),
  ]);
}

/** The template documents: corpus documents of built-in kinds that both engines find clean. */
async function prepareTemplates(): Promise<{
  templates: TemplateDocument[];
  candidates: number;
  rejectedByOurs: number;
  rejectedByYls: number;
}> {
  const bundle = JSON.parse(
    readFileSync(path.join(schemasDir, `kubernetes-${defaultKubernetesVersion}.json`), 'utf8'),
  ) as { gvks: Record<string, string> };
  const candidates = templateDocuments(new Set(Object.keys(bundle.gvks)));
  const ours = createOurs();
  const yls = await createYls();
  const templates: TemplateDocument[] = [];
  let rejectedByOurs = 0;
  let rejectedByYls = 0;
  for (const candidate of candidates) {
    const oursClean = (await ours.validate('template.yaml', candidate.text)).length === 0;
    const ylsClean = (await yls.validate('template.yaml', candidate.text)).length === 0;
    rejectedByOurs += oursClean ? 0 : 1;
    rejectedByYls += ylsClean ? 0 : 1;
    if (oursClean && ylsClean) {
      templates.push(candidate);
    }
  }
  return {
    templates: shuffled(templates, 4),
    candidates: candidates.length,
    rejectedByOurs,
    rejectedByYls,
  };
}

// ---------------------------------------------------------------------------------------------
// Edit latency and memory

interface EngineEditSummary {
  /** Median over processes of each process's median warm edit. */
  readonly editMs: number;
  readonly editMsPerProcess: readonly number[];
  /** The same for edits that add a line. */
  readonly addLineMs: number;
  readonly coldMs: number;
  readonly setupMs: number;
  readonly peakRssMb: number;
  readonly peakRssMbPerProcess: readonly number[];
  readonly baselineDiagnostics: number;
  readonly plantedDiagnostic: string;
}

interface EditSizeResult {
  readonly targetLines: number;
  readonly lines: number;
  readonly documents: number;
  readonly kinds: Record<string, number>;
  readonly ours: EngineEditSummary;
  readonly yls: EngineEditSummary;
  /** yaml-language-server's edit latency over ours. */
  readonly ratio: number;
  readonly addLineRatio: number;
}

/**
 * Checks that a child's diagnostics agree with what was planted: the unedited file clean (the
 * templates are), and exactly one problem on the planted line once planted.
 */
function checkSanity(result: EditChildResult): string {
  const errors = result.baseline.filter((d) => d.severity === 'error' || d.severity === 'warning');
  if (errors.length > 0) {
    throw new Error(
      `${engineLabels[result.engine]} reports ${errors.length} problem(s) on the unedited input, e.g. line ${errors[0]?.line}: ${errors[0]?.message}`,
    );
  }
  const planted = result.planted.filter((d) => d.severity === 'error' || d.severity === 'warning');
  if (planted.length !== 1 || planted[0]?.line !== result.plantedLine) {
    throw new Error(
      `${engineLabels[result.engine]} does not report exactly the planted problem (line ${result.plantedLine}): ${JSON.stringify(planted)}`,
    );
  }
  return planted[0].message;
}

async function runEditBench(
  options: Options,
  streams: readonly {
    targetLines: number;
    file: string;
    lines: number;
    documents: number;
    kinds: Record<string, number>;
  }[],
): Promise<EditSizeResult[]> {
  const results: EditSizeResult[] = [];
  const perSize = new Map<number, Record<EngineName, EditChildResult[]>>();
  for (let run = 0; run < options.runs; run++) {
    for (const stream of streams) {
      // Interleaved, and alternating which engine goes first.
      const order: EngineName[] = run % 2 === 0 ? ['ours', 'yls'] : ['yls', 'ours'];
      for (const engine of order) {
        const child = await runChild(node, [
          childBundle('editChild'),
          engine,
          stream.file,
          String(options.edits),
        ]);
        const result = lastJsonLine(
          child,
          `edit child (${engine}, ${stream.targetLines} lines)`,
        ) as EditChildResult;
        checkSanity(result);
        const bucket = perSize.get(stream.targetLines) ?? { ours: [], yls: [] };
        bucket[engine].push(result);
        perSize.set(stream.targetLines, bucket);
        log(
          `edit ${stream.targetLines} lines, process ${run + 1}/${options.runs}, ${engine}: cold ${ms(result.coldMs)}, edits ${result.editMs.map(ms).join(' ')}, adding a line ${result.addLineMs.map(ms).join(' ')}, peak RSS ${mb(result.peakRssMb)}`,
        );
      }
    }
  }
  for (const stream of streams) {
    const bucket = perSize.get(stream.targetLines);
    if (bucket === undefined) {
      continue;
    }
    const summarize = (list: EditChildResult[]): EngineEditSummary => ({
      editMs: median(list.map((r) => median(r.editMs))),
      editMsPerProcess: list.map((r) => median(r.editMs)),
      addLineMs: median(list.map((r) => median(r.addLineMs))),
      coldMs: median(list.map((r) => r.coldMs)),
      setupMs: median(list.map((r) => r.setupMs)),
      peakRssMb: median(list.map((r) => r.peakRssMb)),
      peakRssMbPerProcess: list.map((r) => r.peakRssMb),
      baselineDiagnostics: list[0]?.baseline.length ?? 0,
      plantedDiagnostic: list[0] === undefined ? '' : checkSanity(list[0]),
    });
    const ours = summarize(bucket.ours);
    const yls = summarize(bucket.yls);
    results.push({
      targetLines: stream.targetLines,
      lines: stream.lines,
      documents: stream.documents,
      kinds: stream.kinds,
      ours,
      yls,
      ratio: yls.editMs / ours.editMs,
      addLineRatio: yls.addLineMs / ours.addLineMs,
    });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Throughput

interface CliRun {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly files: number;
  /**
   * Documents with content, counted by the bench as for the in-process engines (the CLI's own
   * count, {@link cliDocuments}, also takes in empty ones: `---` and comments).
   */
  readonly documents: number;
  /** The CLI's summary's count, when it gave one. */
  readonly cliDocuments: number | undefined;
  readonly errors: number;
}

/** One engine's runs on one input, and their medians. */
interface EngineThroughput<Run> {
  /** Median over runs: documents per second of wall time. */
  readonly docsPerSecond: number;
  /** Median over runs: documents per second of CPU time (steadier on a shared machine). */
  readonly docsPerCpuSecond: number;
  /** Median over runs of the second pass in the same process (the JIT warm), when asked for. */
  readonly warm?: { readonly docsPerSecond: number; readonly docsPerCpuSecond: number };
  readonly runs: readonly Run[];
}

interface ThroughputInputResult {
  readonly name: string;
  readonly folder: string;
  readonly files: number;
  readonly documents: number;
  /** Our CLI, whole process (node start to exit), cold. */
  readonly oursCli: EngineThroughput<CliRun> & {
    readonly wallMs: number;
    readonly peakRssMb: number;
  };
  /** Both engines in-process after loading their schema (as the issue measured theirs). */
  readonly oursInProcess: EngineThroughput<ThroughputChildResult>;
  readonly ylsInProcess: EngineThroughput<
    ThroughputChildResult & { readonly wholeProcessMs: number }
  >;
  /** What reading the input costs before validating (see {@link ParseFloor}), when asked for. */
  readonly floor?: ParseFloor;
}

/**
 * Whole processes on one core, interleaved with the CLI's runs: node listing and reading every
 * YAML file, then also parsing each with js-yaml (plain data, no positions) or with our YAML
 * model (as `check` parses). Medians of wall time.
 */
interface ParseFloor {
  readonly readMs: number;
  readonly jsYamlMs: number;
  readonly oursMs: number;
  readonly runs: readonly (ParseChildResult & { readonly wallMs: number })[];
}

/** `taskset -c <last cpu>` where taskset exists: "one core" taken literally. */
function oneCorePrefix(): string[] {
  const found = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  return found.status === 0 ? ['taskset', '-c', String(cpus().length - 1)] : [];
}

/** The command and first arguments that run node under the pinning prefix (if any). */
function pinned(pin: readonly string[]): [string, string[]] {
  const [command, ...rest] = pin;
  return command === undefined ? [node, []] : [command, [...rest, node]];
}

async function runCli(folder: string, pin: readonly string[]): Promise<CliRun> {
  const statsFile = path.join(outDir, `cli-stats-${process.pid}.json`);
  rmSync(statsFile, { force: true });
  const [command, prefix] = pinned(pin);
  const run = await runChild(
    command,
    [
      ...prefix,
      '--require',
      statsPreload,
      cliBundle,
      'check',
      folder,
      '--format',
      'json',
      '--offline',
    ],
    { cwd: folder, env: { ...process.env, [exitStatsEnv]: statsFile } },
  );
  if (run.code !== 0 && run.code !== 1) {
    throw new Error(`the CLI exited with ${String(run.code)}: ${run.stderr.slice(-2000)}`);
  }
  if (run.stdout.trim() === '') {
    // Say what the CLI said, not "Unexpected end of JSON input".
    throw new Error(
      `the CLI printed no report (exit ${String(run.code)}): ${run.stderr.slice(-2000)}`,
    );
  }
  const report = readCliReport(run.stdout);
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as ExitStats;
  const files = yamlFilesUnder(folder);
  const documents = files.reduce((n, f) => n + countDocuments(readFileSync(f, 'utf8')), 0);
  return {
    wallMs: run.wallMs,
    cpuMs: stats.cpuMs,
    peakRssMb: stats.peakRssMb,
    files: report.files ?? files.length,
    documents,
    cliDocuments: report.documents,
    errors: report.errors,
  };
}

async function runInProcess(
  engine: EngineName,
  folder: string,
  pin: readonly string[],
  warm: boolean,
): Promise<{ result: ThroughputChildResult; wholeProcessMs: number }> {
  const [command, prefix] = pinned(pin);
  const run = await runChild(command, [
    ...prefix,
    childBundle('throughputChild'),
    engine,
    folder,
    ...(warm ? ['--warm'] : []),
  ]);
  return {
    result: lastJsonLine(run, `throughput child (${engine})`) as ThroughputChildResult,
    wholeProcessMs: run.wallMs,
  };
}

async function runParseChild(
  mode: ParseMode,
  folder: string,
  pin: readonly string[],
): Promise<ParseChildResult & { wallMs: number }> {
  const [command, prefix] = pinned(pin);
  const run = await runChild(command, [...prefix, childBundle('parseChild'), mode, folder]);
  return {
    ...(lastJsonLine(run, `parse child (${mode})`) as ParseChildResult),
    wallMs: run.wallMs,
  };
}

function parseFloor(runs: readonly (ParseChildResult & { wallMs: number })[]): ParseFloor {
  const wall = (mode: ParseMode): number =>
    median(runs.filter((r) => r.mode === mode).map((r) => r.wallMs));
  return {
    readMs: wall('read'),
    jsYamlMs: wall('js-yaml'),
    oursMs: wall('ours'),
    runs,
  };
}

async function runThroughputBench(
  inputs: readonly {
    name: string;
    folder: string;
    runs: number;
    /** Runs of the in-process engines, when fewer than `runs` (yaml-language-server takes a minute on 50,000 documents). */
    inProcessRuns?: number;
    /** The in-process engines also validate everything a second time, warm. */
    warm?: boolean;
    /** Also measure the parse floor ({@link ParseFloor}), once per run. */
    floor?: boolean;
  }[],
): Promise<{ pinned: string; inputs: ThroughputInputResult[] }> {
  const pin = oneCorePrefix();
  const results: ThroughputInputResult[] = [];
  for (const { name, folder, runs, inProcessRuns = runs, warm = false, floor = false } of inputs) {
    const cli: CliRun[] = [];
    const parses: (ParseChildResult & { wallMs: number })[] = [];
    const yls: (ThroughputChildResult & { wholeProcessMs: number })[] = [];
    const ours: ThroughputChildResult[] = [];
    for (let run = 0; run < runs; run++) {
      // Interleaved, alternating which engine goes first.
      const steps: (() => Promise<void>)[] = [
        async () => {
          cli.push(await runCli(folder, pin));
        },
        async () => {
          const r = await runInProcess('yls', folder, pin, warm);
          yls.push({ ...r.result, wholeProcessMs: r.wholeProcessMs });
        },
        async () => {
          ours.push((await runInProcess('ours', folder, pin, warm)).result);
        },
        ...(floor
          ? parseModes.map((mode) => async () => {
              parses.push(await runParseChild(mode, folder, pin));
            })
          : []),
      ];
      const ordered = run % 2 === 0 ? steps : [...steps].reverse();
      for (const step of run < inProcessRuns ? ordered : [steps[0]]) {
        await step?.();
      }
      const last = (list: readonly ThroughputChildResult[]): string => {
        const r = list.at(-1);
        return r === undefined ? '' : `${count(r.documents / (r.validateMs / 1000))} documents/s`;
      };
      log(
        `throughput ${name}, run ${run + 1}/${runs}: our CLI ${ms(cli.at(-1)?.wallMs ?? Number.NaN)}` +
          (run < inProcessRuns
            ? `; in-process ours ${last(ours)}, yaml-language-server ${last(yls)}`
            : ''),
      );
    }
    const documents = ours[0]?.documents ?? 0;
    results.push({
      name,
      folder,
      files: ours[0]?.files ?? 0,
      documents,
      oursCli: {
        docsPerSecond: median(cli.map((r) => r.documents / (r.wallMs / 1000))),
        docsPerCpuSecond: median(cli.map((r) => r.documents / (r.cpuMs / 1000))),
        wallMs: median(cli.map((r) => r.wallMs)),
        peakRssMb: median(cli.map((r) => r.peakRssMb)),
        runs: cli,
      },
      oursInProcess: inProcessSummary(ours),
      ylsInProcess: inProcessSummary(yls),
      ...(floor ? { floor: parseFloor(parses) } : {}),
    });
  }
  return { pinned: pin.length > 0 ? pin.join(' ') : 'not pinned (no taskset)', inputs: results };
}

function inProcessSummary<Run extends ThroughputChildResult>(runs: Run[]): EngineThroughput<Run> {
  const warm = runs.flatMap((r) => (r.warm === undefined ? [] : [{ ...r.warm, n: r.documents }]));
  return {
    docsPerSecond: median(runs.map((r) => r.documents / (r.validateMs / 1000))),
    docsPerCpuSecond: median(runs.map((r) => r.documents / (r.validateCpuMs / 1000))),
    ...(warm.length === 0
      ? {}
      : {
          warm: {
            docsPerSecond: median(warm.map((w) => w.n / (w.validateMs / 1000))),
            docsPerCpuSecond: median(warm.map((w) => w.n / (w.validateCpuMs / 1000))),
          },
        }),
    runs,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

interface Goal {
  readonly what: string;
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Fresh processes summarising a generated plan; the median of each measure. */
async function runPlanBench(
  options: Options,
): Promise<{ runs: PlanChildResult[]; median: PlanChildResult }> {
  const generated = generatePlan(options.planResources);
  const file = path.join(inputsDir, `plan-${generated.resources}.json`);
  writeFileSync(file, generated.text);
  log(
    `plan: ${count(generated.resources)} resources, ${(generated.text.length / 1024 / 1024).toFixed(1)} MB, ${options.runs} processes`,
  );
  const runs: PlanChildResult[] = [];
  for (let i = 0; i < options.runs; i++) {
    const run = await runChild(node, [childBundle('planChild'), file]);
    runs.push(lastJsonLine(run, 'plan child') as PlanChildResult);
  }
  rmSync(file, { force: true });
  const first = runs[0];
  if (first === undefined) {
    throw new Error('plan: --runs must be at least 1');
  }
  const mid = (pick: (r: PlanChildResult) => number): number => median(runs.map(pick));
  return {
    runs,
    median: {
      ...first,
      readMs: mid((r) => r.readMs),
      parseMs: mid((r) => r.parseMs),
      modelMs: mid((r) => r.modelMs),
      reportMs: mid((r) => r.reportMs),
      formatMs: mid((r) => r.formatMs),
      totalMs: mid((r) => r.totalMs),
      previewMs: mid((r) => r.previewMs),
      serializeMs: mid((r) => r.serializeMs),
      previewTotalMs: mid((r) => r.previewTotalMs),
      peakRssMb: mid((r) => r.peakRssMb),
    },
  };
}

function machine(): Record<string, string | number> {
  const cpu = cpus();
  let load = 'n/a';
  try {
    load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    // not Linux
  }
  return {
    cores: cpu.length,
    cpu: cpu[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: load,
  };
}

/**
 * With --no-build, the files the chosen benches run must be there already (a fresh checkout has
 * none of them): stop before measuring anything, and say what to do.
 */
function checkBuilt(benches: ReadonlySet<BenchName>): void {
  const needed = builtFiles
    .filter((built) => built.benches.some((b) => benches.has(b)))
    .map((built) => built.file);
  const missing = needed.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `--no-build, but ${missing.map((f) => path.relative(repoRoot, f)).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: run the bench once without --no-build`,
    );
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = new Date();
  if (options.build) {
    await build();
  } else {
    checkBuilt(options.benches);
  }
  mkdirSync(inputsDir, { recursive: true });
  const results: Record<string, unknown> = {
    date: started.toISOString(),
    machine: machine(),
    options: { ...options, benches: [...options.benches] },
  };
  const goals: Goal[] = [];
  const sections: string[] = [];

  const needTemplates = ['edit', 'memory', 'throughput'].some((b) =>
    options.benches.has(b as BenchName),
  );
  const prepared = needTemplates ? await prepareTemplates() : undefined;
  if (prepared !== undefined) {
    log(
      `templates: ${prepared.templates.length} corpus documents of built-in kinds clean in both engines (of ${prepared.candidates}; ${prepared.rejectedByOurs} with problems in ours, ${prepared.rejectedByYls} in yaml-language-server)`,
    );
    results.templates = {
      documents: prepared.templates.length,
      candidates: prepared.candidates,
      rejectedByOurs: prepared.rejectedByOurs,
      rejectedByYls: prepared.rejectedByYls,
    };
  }

  if (prepared !== undefined && (options.benches.has('edit') || options.benches.has('memory'))) {
    const sizes = options.benches.has('edit') ? [10_000, 40_000] : [40_000];
    const streams = sizes.map((targetLines) => {
      const stream = buildStream(prepared.templates, targetLines);
      const file = path.join(inputsDir, `stream-${targetLines}.yaml`);
      writeFileSync(file, stream.text);
      return {
        targetLines,
        file,
        lines: stream.lines,
        documents: stream.documents,
        kinds: stream.kinds,
      };
    });
    const edit = await runEditBench(options, streams);
    if (options.benches.has('edit')) {
      results.edit = edit;
      const rows = edit.flatMap((r) => [
        [
          `${count(r.lines)} lines, ${count(r.documents)} documents`,
          'change a line',
          ms(r.ours.editMs),
          ms(r.yls.editMs),
          ratio(r.ratio),
        ],
        ['', 'add a line', ms(r.ours.addLineMs), ms(r.yls.addLineMs), ratio(r.addLineRatio)],
        [
          '',
          'cold (first validation)',
          ms(r.ours.coldMs),
          ms(r.yls.coldMs),
          ratio(r.yls.coldMs / r.ours.coldMs),
        ],
      ]);
      sections.push(
        `Edit latency: one-line edit to fresh diagnostics (median of ${options.edits} warm edits per process, median of ${options.runs} fresh processes per engine, interleaved); cold = the first validation in a fresh process, schema loading included\n\n` +
          markdownTable(['input', 'edit', 'ours', 'yaml-language-server', 'ratio'], rows) +
          `\n\nSanity: both engines clean on the inputs; on the planted problem ours says "${edit[0]?.ours.plantedDiagnostic ?? ''}", yaml-language-server "${edit[0]?.yls.plantedDiagnostic ?? ''}" (same line).`,
      );
      for (const r of edit) {
        goals.push({
          what: `edit latency ratio at ${count(r.lines)} lines`,
          goal: '>= 10x',
          measured: ratio(r.ratio),
          met: r.ratio >= 10,
        });
      }
      const at10k = edit.find((r) => r.targetLines === 10_000);
      if (at10k !== undefined) {
        goals.push({
          what: `edit latency at ${count(at10k.lines)} lines`,
          goal: '< 15 ms',
          measured: ms(at10k.ours.editMs),
          met: at10k.ours.editMs < 15,
        });
      }
    }
    if (options.benches.has('memory')) {
      const at40k = edit.find((r) => r.targetLines === 40_000);
      if (at40k !== undefined) {
        results.memory = {
          lines: at40k.lines,
          ours: { peakRssMb: at40k.ours.peakRssMb, perProcess: at40k.ours.peakRssMbPerProcess },
          yls: { peakRssMb: at40k.yls.peakRssMb, perProcess: at40k.yls.peakRssMbPerProcess },
        };
        sections.push(
          `Memory: peak RSS of a whole process validating the ${count(at40k.lines)}-line file (cold validation, ${options.edits} edits, the planted problem; median of ${options.runs} processes)\n\n` +
            markdownTable(
              ['engine', 'peak RSS', 'per process'],
              [
                [
                  'infra-workbench',
                  mb(at40k.ours.peakRssMb),
                  at40k.ours.peakRssMbPerProcess.map(mb).join(', '),
                ],
                [
                  'yaml-language-server',
                  mb(at40k.yls.peakRssMb),
                  at40k.yls.peakRssMbPerProcess.map(mb).join(', '),
                ],
              ],
            ),
        );
        goals.push({
          what: `peak RSS at ${count(at40k.lines)} lines`,
          goal: '< 150 MB',
          measured: mb(at40k.ours.peakRssMb),
          met: at40k.ours.peakRssMb < 150,
        });
      }
    }
  }

  if (prepared !== undefined && options.benches.has('throughput')) {
    const syntheticDir = path.join(
      tmpdir(),
      `infra-workbench-bench-repo-${options.syntheticDocuments}`,
    );
    log(
      `writing the synthetic repository (${count(options.syntheticDocuments)} documents) to ${syntheticDir}`,
    );
    const synthetic = writeSyntheticRepo(
      prepared.templates,
      options.syntheticDocuments,
      syntheticDir,
    );
    // Written back to disk now, not by the kernel during the first measured runs (it took the
    // corpus run of the CLI from about 4 s to 6 s).
    spawnSync('sync', { stdio: 'ignore' });
    const throughput = await runThroughputBench([
      {
        name: 'corpus',
        folder: kubernetesCorpus(),
        runs: options.throughputRuns,
        warm: true,
        floor: true,
      },
      // The CLI's whole-process time moves with the machine's load: the median of 3 runs.
      { name: 'synthetic', folder: syntheticDir, runs: 3, inProcessRuns: 1 },
    ]).finally(() => {
      // About 2 KB per document: not worth keeping between runs (it is regenerated the same).
      rmSync(syntheticDir, { recursive: true, force: true });
    });
    results.throughput = { ...throughput, synthetic };
    const rows = throughput.inputs.map((t) => [
      `${t.name} (${count(t.files)} files, ${count(t.documents)} documents)`,
      `${count(t.oursCli.docsPerSecond)} (${ms(t.oursCli.wallMs)}; ${count(t.oursCli.docsPerCpuSecond)} per CPU-s; ${mb(t.oursCli.peakRssMb)})`,
      `${count(t.oursInProcess.docsPerSecond)} (${count(t.oursInProcess.docsPerCpuSecond)} per CPU-s)`,
      `${count(t.ylsInProcess.docsPerSecond)} (${count(t.ylsInProcess.docsPerCpuSecond)} per CPU-s)`,
      ratio(t.oursInProcess.docsPerSecond / t.ylsInProcess.docsPerSecond),
    ]);
    sections.push(
      `Repository throughput, cold, documents per second (one core: ${throughput.pinned}; corpus: median of ${options.throughputRuns} runs, synthetic: median of 3 CLI runs and 1 in-process run, engines interleaved). Ours CLI = \`node dist/cli.js check <folder> --format json\` as a whole process, node start to exit (its peak RSS in brackets); in-process = after creating the engine and loading its schema with one small document (yaml-language-server as the issue measured it), reading and validating every file\n\n` +
        markdownTable(
          [
            'input',
            'ours CLI, whole process',
            'ours in-process',
            'yaml-language-server in-process',
            'ratio in-process',
          ],
          rows,
        ),
    );
    const warmRows = throughput.inputs.flatMap((t) => {
      const ours = t.oursInProcess.warm;
      const yls = t.ylsInProcess.warm;
      return ours === undefined || yls === undefined
        ? []
        : [
            [
              `${t.name} (${count(t.documents)} documents)`,
              `${count(ours.docsPerSecond)} (${count(ours.docsPerCpuSecond)} per CPU-s)`,
              `${count(yls.docsPerSecond)} (${count(yls.docsPerCpuSecond)} per CPU-s)`,
              ratio(ours.docsPerSecond / yls.docsPerSecond),
            ],
          ];
    });
    if (warmRows.length > 0) {
      sections.push(
        'Repository throughput, warm, documents per second: the in-process runs above validate every file a second time in the same process, with a new engine and no parse cached (the JIT warm). The gap to the cold numbers is the cost of running code V8 has not optimised yet\n\n' +
          markdownTable(
            [
              'input',
              'ours in-process, warm',
              'yaml-language-server in-process, warm',
              'ratio warm',
            ],
            warmRows,
          ),
      );
    }
    const floorRows = throughput.inputs.flatMap((t) => {
      const f = t.floor;
      const perSecond = (wallMs: number): string =>
        `${ms(wallMs)}: ${count(t.documents / (wallMs / 1000))} documents/s at most`;
      return f === undefined
        ? []
        : [
            [
              `${t.name} (${count(t.files)} files)`,
              ms(f.readMs),
              perSecond(f.jsYamlMs),
              perSecond(f.oursMs),
              `${ms(t.oursCli.wallMs)}: ${count(t.oursCli.docsPerSecond)} documents/s`,
            ],
          ];
    });
    if (floorRows.length > 0) {
      sections.push(
        'What reading the YAML costs a cold process on one core, before anything is validated: whole processes (node start to exit) interleaved with the CLI runs above, medians. node lists and reads every YAML file; then also parses each with js-yaml 4 (plain data, no positions: a mature parser that does less than ours) or with our YAML model (positions and data, as `check` parses); documents per second counted as the in-process engines count them\n\n' +
          markdownTable(
            ['input', 'node, read files', '+ js-yaml loadAll', '+ our YAML model', 'our CLI check'],
            floorRows,
          ),
      );
    }
    for (const t of throughput.inputs) {
      goals.push({
        what: `throughput, ${t.name}, CLI whole process, one core`,
        goal: '>= 5,000 documents/s',
        measured: `${count(t.oursCli.docsPerSecond)} documents/s (${count(t.oursCli.docsPerCpuSecond)} per CPU-s)`,
        met: t.oursCli.docsPerSecond >= 5000,
      });
    }
  }

  if (options.benches.has('activation')) {
    const activation = await runActivationBench(options.activationRuns, log);
    const med = median(activation.samplesMs);
    results.activation = { ...activation, medianMs: med };
    sections.push(
      `Activation in VS Code ${activation.vscodeVersion} (offline test host): activate() start to every feature registered, by the extension's own clock, in ${activation.samplesMs.length} fresh windows\n\n` +
        markdownTable(
          [
            'first window (cold)',
            `median of ${activation.samplesMs.length}`,
            'all',
            'dist/extension.js',
          ],
          [
            [
              ms(activation.samplesMs[0] ?? Number.NaN),
              ms(med),
              activation.samplesMs.map(ms).join(', '),
              `${(activation.bundleBytes / 1024 / 1024).toFixed(2)} MB`,
            ],
          ],
        ),
    );
    goals.push({
      what: 'activation (median)',
      goal: '< 50 ms',
      measured: ms(med),
      met: med < 50,
    });
    goals.push({
      what: 'extension bundle without schema data',
      goal: '< 2 MB',
      measured: `${(extensionBundleBytes() / 1024 / 1024).toFixed(2)} MB`,
      met: extensionBundleBytes() < 2 * 1024 * 1024,
    });
  }

  if (options.benches.has('plan')) {
    const plan = await runPlanBench(options);
    results.plan = plan;
    const { median: med } = plan;
    sections.push(
      `Plan summary: \`infra-workbench plan\` steps on a generated plan of ${count(med.resources)} resources (${(med.bytes / 1024 / 1024).toFixed(1)} MB; ${count(med.dangerous)} destroys and replacements, ${count(med.dependents)} dependents in their blast radii), median of ${plan.runs.length} fresh processes\n\n` +
        markdownTable(
          [
            'read file',
            'parse + check',
            'model + graph',
            'report + blast radius',
            'text + Markdown',
            'total (no read)',
            'peak RSS',
          ],
          [
            [
              ms(med.readMs),
              ms(med.parseMs),
              ms(med.modelMs),
              ms(med.reportMs),
              ms(med.formatMs),
              ms(med.totalMs),
              mb(med.peakRssMb),
            ],
          ],
        ) +
        `\n\nPlan Preview, extension host side: the view model of the ${count(med.previewResources)} listed changes and the message that carries it (${(med.previewBytes / 1024 / 1024).toFixed(1)} MB)\n\n` +
        markdownTable(
          ['view model', 'serialise', 'parse + model + view + serialise'],
          [[ms(med.previewMs), ms(med.serializeMs), ms(med.previewTotalMs)]],
        ),
    );
    const browser = chromiumPath();
    if (browser === undefined) {
      log('plan: no Chromium (/usr/bin/chromium or CHROMIUM_PATH): the webview is not timed');
    } else {
      const generated = generatePlan(options.planResources);
      // The same plan with every no-op made an update: every resource listed.
      const allChanged = JSON.parse(generated.text) as {
        resource_changes: { change: { actions: string[] } }[];
      };
      for (const rc of allChanged.resource_changes) {
        if (rc.change.actions.join() === 'no-op') {
          rc.change.actions = ['update'];
        }
      }
      const views = [generated.text, JSON.stringify(allChanged)].map(
        (text) => new PlanPreviewData(readPlanModel(text), 'plan.json').view,
      );
      log(`plan: the webview in Chromium (${browser})`);
      const timings = await timeWebview(
        browser,
        path.join(repoRoot, 'dist', 'webview', 'planPreview.js'),
        readFileSync(path.join(repoRoot, 'media', 'planPreview.css'), 'utf8'),
        views,
      );
      results.planWebview = timings;
      sections.push(
        `Plan Preview webview in Chromium (the production bundle, one page per plan): from the plan message to the tree drawn and \`ready\` sent, a filter keystroke, a jump to the middle of the list\n\n` +
          markdownTable(
            ['plan', 'listed', 'to ready', 'filter', 'scroll', 'rows in the DOM'],
            timings.map((t, i) => [
              i === 0 ? 'generated (no-ops not listed)' : 'every resource changed',
              count(t.listed),
              ms(t.readyMs),
              ms(t.filterMs),
              ms(t.scrollMs),
              count(t.domRows),
            ]),
          ),
      );
      const worst = Math.max(...timings.map((t) => t.readyMs));
      goals.push({
        what: `Plan Preview of ${count(med.resources)} resources: host side (generated plan) + webview (slowest of the two)`,
        goal: '< 1 s',
        measured: ms(med.previewTotalMs + worst),
        met: med.previewTotalMs + worst < 1000,
      });
    }
    goals.push({
      what: `Plan Preview of ${count(med.resources)} resources: host side until the message is posted`,
      goal: '< 1 s',
      measured: ms(med.previewTotalMs),
      met: med.previewTotalMs < 1000,
    });
  }

  if (options.benches.has('diff')) {
    const diff = await runManifestDiffBench(options.runs, log);
    results.diff = diff;
    sections.push(formatManifestDiffBench(diff, options.runs));
  }

  if (options.benches.has('graph')) {
    // -2000: the same shape with 1.5 edges per node (2,000 nodes, about 3,000 edges).
    const graph = await runGraphBench({
      sizes: [500, 2000, -2000],
      runs: options.graphRuns,
      log,
    });
    results.graph = graph;
    sections.push(
      `Diagram layout: Terraform-shaped graphs (modules of 20 resources, about 1.3 edges per node) as DOT from the diagram core; Graphviz ${graph.graphvizVersion} in WebAssembly (@hpcc-js/wasm-graphviz; engine load ${ms(graph.engineLoadMs)}, once) against ${graph.nativeVersion ?? 'native dot (not installed)'}; median of ${options.graphRuns} interleaved runs\n\n` +
        markdownTable(
          [
            'graph',
            'wasm dot -Tsvg',
            'native dot -Tsvg',
            'wasm / native',
            'core layoutDot (-Tjson0 in worker)',
            'layoutDot wall (worker + load)',
            'SVG size',
          ],
          graph.rows.map((r) => [
            `${count(r.nodes)} nodes, ${count(r.edges)} edges, ${r.clusters} clusters`,
            ms(r.wasmSvgMs),
            r.nativeSvgMs === undefined ? 'skipped' : ms(r.nativeSvgMs),
            r.nativeSvgMs === undefined ? 'n/a' : ratio(r.wasmSvgMs / r.nativeSvgMs),
            ms(r.coreLayoutMs),
            ms(r.coreWallMs),
            `${(r.svgBytes / 1024 / 1024).toFixed(2)} MB`,
          ]),
        ) +
        (graph.nativeNote === undefined ? '' : `\n\n${graph.nativeNote}`) +
        `\n\nThe diagram panel's path with every group expanded (above 1,500 nodes plus edges the cheaper layout: straight edges, bounded network-simplex and crossing passes; above 2,000 the webview draws on a canvas): host = view options + DOT + the layout in the panel's warm worker (started with its engine when a diagram command runs, while the graph is built) + view; cold host = the same in a worker started for it (engine load included); render = Chromium from the diagram message to ready and two frames\n\n` +
        markdownTable(
          [
            'graph',
            'fast layout',
            'layout (worker)',
            'host',
            'cold host',
            'render',
            'renderer',
            'host + render',
            'cold host + render',
          ],
          graph.rows.map((r) => [
            `${count(r.nodes)} nodes, ${count(r.edges)} edges`,
            r.panel.fast ? 'yes' : 'no',
            ms(r.panel.layoutMs),
            ms(r.panel.hostMs),
            ms(r.panel.coldHostMs),
            r.panel.renderMs === undefined ? 'no Chromium' : ms(r.panel.renderMs),
            r.panel.renderer ?? '',
            r.panel.totalMs === undefined ? 'n/a' : ms(r.panel.totalMs),
            r.panel.renderMs === undefined ? 'n/a' : ms(r.panel.coldHostMs + r.panel.renderMs),
          ]),
        ),
    );
    for (const big of graph.rows.filter((r) => r.nodes === 2000)) {
      goals.push({
        what: `layout of 2,000 nodes, ${count(big.edges)} edges (wasm dot, default attributes, in the worker)`,
        goal: '< 1 s',
        measured: ms(big.coreLayoutMs),
        met: big.coreLayoutMs < 1000,
      });
      if (big.panel.totalMs !== undefined) {
        goals.push({
          what: `diagram panel, 2,000 nodes, ${count(big.edges)} edges: layout and first render`,
          goal: '< 1 s',
          measured: ms(big.panel.totalMs),
          met: big.panel.totalMs < 1000,
        });
      }
    }
  }

  results.goals = goals;
  const m = machine();
  const report = [
    `Infra Workbench benchmarks, ${started.toISOString().slice(0, 10)}; ${m.cores} cores (${m.cpu}), Node ${m.node}, load average ${m.loadAverage} at the end`,
    ...sections,
    ...(goals.length > 0
      ? [
          markdownTable(
            ['goal', 'target', 'measured', 'met'],
            goals.map((g) => [g.what, g.goal, g.measured, g.met ? 'yes' : 'NO']),
          ),
        ]
      : []),
  ].join('\n\n');
  if (options.json) {
    // The tables still go to stderr, beside the progress.
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    process.stderr.write(`\n${report}\n`);
  } else {
    console.log(`\n${report}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
