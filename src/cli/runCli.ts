import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeText } from '../common/decodeText';
import { describeError } from '../common/describeError';
import {
  bundledKubernetesVersions,
  defaultKubernetesVersion,
} from '../validation/core/kubernetesSchemas';
import {
  repoConfigFile,
  type RunbookUrlMapping,
  type SchemaMapping,
} from '../validation/core/schemaOverrides';
import {
  buildReport,
  reportedSeverities,
  type CheckReport,
  type ReportedSeverity,
} from './checkReport';
import { MissingPathError } from '../workspace/core/discoverFiles';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText, shouldColour } from './formatText';
import { gatherProblems, repositoryRoot, type GatherProgress } from './gatherProblems';
import { loadRepositoryConfig } from './repositoryConfig';
import { ProgressLine } from './progressLine';
import { readDiffArgs, runDiff } from './runDiff';
import { runGraph } from './runGraph';
import { runPlan } from './runPlan';

/** Where the CLI writes; tests pass buffers, main.ts passes the process streams. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  /** The bundled schemas: `schemas/` beside `dist/` in the package. */
  readonly schemasDir: string;
  /** Where fetched schemas are cached (default: $XDG_CACHE_HOME or ~/.cache, infra-workbench/schemas). */
  readonly cacheDir?: string;
  /** `out` is a terminal: text output is coloured (see {@link shouldColour}). Default false. */
  readonly isTty?: boolean;
  /** `err` is a terminal: a progress line is shown while checking. Default false. */
  readonly errIsTty?: boolean;
  /** The environment read for NO_COLOR, FORCE_COLOR and TERM. Default: none set. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A clock in milliseconds, for the progress line's pace and the summary's seconds. */
  readonly now?: () => number;
}

/** Exit codes: 0 clean (warnings allowed), 1 errors found, 2 usage error or unreadable input. */
export const ExitCode = { ok: 0, problems: 1, usage: 2 } as const;

const formats = ['text', 'json', 'sarif'] as const;
type OutputFormat = (typeof formats)[number];
const planFormats = ['text', 'markdown', 'json'] as const;

const usage = `Usage: infra-workbench <command> [options]

Commands:
  check [paths...]     Validate the YAML files under the given files or folders (default: .);
                       the cross-file checks read the whole repository they are in (the
                       nearest folder at or above them with .git or ${repoConfigFile}), if any
  plan <plan.json>     Summarise a Terraform/OpenTofu plan: the JSON of
                       \`terraform show -json <planfile>\` (or \`tofu show -json\`); sensitive
                       values are masked
  diff [path]          Kubernetes resources added, changed and removed between a git base and
                       the working tree, under path (default: .), matched by
                       apiVersion group/kind/namespace/name; Secret values are masked
  graph [paths...]     Draw what depends on what (Kubernetes, Compose, GitHub Actions, runbooks,
                       --plan <plan.json>, --dot <terraform graph output>) as
                       --format dot|mermaid|json (default: dot); \`graph --help\` for more

Options:
  --format <text|json|sarif>
                       Output format of check (default: text). sarif is SARIF 2.1.0, for
                       GitHub code scanning
  --format <text|markdown|json>
                       Output format of plan (default: text). markdown is for a pull request
                       description; json is the masked summary (shape: src/plan/core/planReport.ts)
  --base <ref>         Base revision of diff (default: the merge base of HEAD with the
                       default branch); --format of diff is text, markdown or json
  --severity <error|warning|info>
                       Report problems at or above this severity (default: info)
  --config <file>      Schema mappings (default: ${repoConfigFile} at the repository root: the
                       nearest folder above the first path with .git or ${repoConfigFile})
  --k8s-version <v>    Kubernetes schema version (bundled: ${bundledKubernetesVersions.join(', ')});
                       --kubernetes-version is the same
  --offline            Never fetch remote schemas; use cached copies only
  --no-missing-references
                       Do not warn about ConfigMaps, Secrets and PVCs no file defines
                       (for resources created outside git)
  --unrouted-alerts    Warn about alerting rules no route of the repository's
                       Alertmanager configuration matches
  -h, --help           Show this help
  -v, --version        Show the version

Text output is coloured on a terminal unless NO_COLOR is set; FORCE_COLOR forces colour.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or unreadable input
(for plan: 0 summarised, 2 usage error, unreadable file or not a plan; for diff: 0 compared,
2 usage or git error).
`;

/** Runs the CLI with the arguments after the program name; resolves to the exit code. */
export async function runCli(argv: readonly string[], version: string, io: CliIo): Promise<number> {
  if (argv[0] === 'graph') {
    return runGraph(argv.slice(1), io); // its own flags (--plan, --dot, --format dot|mermaid|json)
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        base: { type: 'string' },
        severity: { type: 'string', default: 'info' },
        config: { type: 'string' },
        'k8s-version': { type: 'string' },
        'kubernetes-version': { type: 'string' },
        offline: { type: 'boolean', default: false },
        'no-missing-references': { type: 'boolean', default: false },
        'unrouted-alerts': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    return usageError(io, describeError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(usage);
    return ExitCode.ok;
  }
  if (values.version) {
    io.out(`${version}\n`);
    return ExitCode.ok;
  }
  const [command, ...paths] = positionals;
  if (command === undefined) {
    return usageError(io, 'missing command');
  }
  if (command === 'diff') {
    const diff = readDiffArgs(paths, values);
    return 'problem' in diff ? usageError(io, diff.problem) : runDiff(diff, io);
  }
  if (values.base !== undefined) {
    return usageError(io, `--base: for diff only, not ${command}`);
  }
  if (command === 'plan') {
    if (paths.length !== 1 || paths[0] === undefined) {
      return usageError(io, 'plan takes one file: the JSON of `terraform show -json <planfile>`');
    }
    const checkOnly = [
      values.severity !== 'info' ? '--severity' : '',
      values.config !== undefined ? '--config' : '',
      values['k8s-version'] !== undefined ? '--k8s-version' : '',
      values['kubernetes-version'] !== undefined ? '--kubernetes-version' : '',
      values.offline ? '--offline' : '',
      values['no-missing-references'] ? '--no-missing-references' : '',
      values['unrouted-alerts'] ? '--unrouted-alerts' : '',
    ].filter((flag) => flag !== '');
    if (checkOnly.length > 0) {
      return usageError(io, `${checkOnly.join(', ')}: for check only, not plan`);
    }
    if (!isOneOf(planFormats, values.format)) {
      return usageError(
        io,
        `--format of plan must be text, markdown or json, not '${values.format}'`,
      );
    }
    return runPlan(paths[0], values.format, io);
  }
  if (command !== 'check') {
    return usageError(io, `unknown command '${command}'`);
  }
  const format = values.format;
  if (!isOneOf(formats, format)) {
    return usageError(io, `--format must be text, json or sarif, not '${format}'`);
  }
  const severity = values.severity;
  if (!isOneOf(reportedSeverities, severity)) {
    return usageError(io, `--severity must be error, warning or info, not '${severity}'`);
  }
  const short = values['k8s-version'];
  const long = values['kubernetes-version'];
  if (short !== undefined && long !== undefined && short !== long) {
    return usageError(
      io,
      `--k8s-version ${short} and --kubernetes-version ${long} disagree: give one`,
    );
  }
  const kubernetesVersion = short ?? long ?? defaultKubernetesVersion;
  if (!(bundledKubernetesVersions as readonly string[]).includes(kubernetesVersion)) {
    return usageError(
      io,
      `--k8s-version must be one of ${bundledKubernetesVersions.join(', ')}, not '${kubernetesVersion}'`,
    );
  }
  const checked = paths.length > 0 ? paths : ['.'];
  const repository = repositoryRoot(checked, io.cwd);
  const root = repository ?? io.cwd;
  const config = await loadRepositoryConfig(root, io, values.config);
  if (config === undefined) {
    return ExitCode.usage;
  }
  return check(checked, io, version, {
    root: repository,
    format,
    severity,
    kubernetesVersion,
    mappings: config.mappings,
    runbookUrls: config.runbookUrls,
    missingReferences: !values['no-missing-references'],
    unroutedAlerts: values['unrouted-alerts'],
    offline: values.offline,
  });
}

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

/** The cache folder of fetched schemas, shared by CLI runs. */
function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');
  return path.join(base, 'infra-workbench', 'schemas');
}

function usageError(io: CliIo, message: string): number {
  io.err(`infra-workbench: ${message}\n\n${usage}`);
  return ExitCode.usage;
}

/** `check`: gather the problems, keep those at or above the threshold, print them. */
async function check(
  paths: readonly string[],
  io: CliIo,
  version: string,
  options: {
    /** The repository root, see {@link repositoryRoot}. */
    readonly root: string | undefined;
    readonly format: OutputFormat;
    readonly severity: ReportedSeverity;
    readonly kubernetesVersion: string;
    readonly mappings: readonly SchemaMapping[];
    readonly runbookUrls: readonly RunbookUrlMapping[];
    readonly missingReferences: boolean;
    readonly unroutedAlerts: boolean;
    readonly offline: boolean;
  },
): Promise<number> {
  const now = io.now ?? (() => performance.now());
  const started = now();
  const progress = io.errIsTty === true ? new ProgressLine(io.err, now) : undefined;
  let gathered;
  try {
    gathered = await gatherProblems(paths, {
      cwd: io.cwd,
      root: options.root,
      schemasDir: io.schemasDir,
      cacheDir: io.cacheDir ?? defaultCacheDir(),
      kubernetesVersion: options.kubernetesVersion,
      mappings: options.mappings,
      offline: options.offline,
      crossFile: {
        missingReferences: options.missingReferences,
        runbookUrls: options.runbookUrls,
        unroutedAlerts: options.unroutedAlerts,
      },
      ...(progress === undefined
        ? {}
        : {
            onProgress: (p: GatherProgress) => {
              progress.update(describeProgress(p));
            },
          }),
    });
  } catch (error) {
    progress?.clear();
    if (error instanceof MissingPathError) {
      io.err(
        `infra-workbench: ${path.relative(io.cwd, error.missingPath) || error.missingPath}: no such file or directory\n`,
      );
      return ExitCode.usage;
    }
    throw error;
  }
  progress?.clear();
  for (const { file, reason } of gathered.unreadable) {
    io.err(`infra-workbench: ${file}: cannot read: ${reason}\n`);
  }
  const seconds = Math.round(now() - started) / 1000;
  const report = buildReport(gathered, options.severity, seconds);
  io.out(await formatReport(report, options.format, io, version));
  if (gathered.unreadable.length > 0) {
    return ExitCode.usage;
  }
  return report.summary.errors > 0 ? ExitCode.problems : ExitCode.ok;
}

function describeProgress({ done, total }: GatherProgress): string {
  return `infra-workbench: checking ${done}/${total} files…`;
}

async function formatReport(
  report: CheckReport,
  format: OutputFormat,
  io: CliIo,
  version: string,
): Promise<string> {
  switch (format) {
    case 'text':
      return formatText(report, { colour: shouldColour(io.isTty === true, io.env ?? {}) });
    case 'json':
      return formatJson(report);
    case 'sarif': {
      const lines = await readReportedLines(
        io.cwd,
        report.problems.map((p) => p.file),
      );
      return formatSarif(report, {
        toolVersion: version,
        srcRoot: folderUri(io.cwd),
        lineText: (file, line) => lines.get(file)?.[line - 1],
      });
    }
  }
}

/** The `file:` URI of a folder, with the trailing slash relative references need. */
function folderUri(folder: string): string {
  const uri = pathToFileURL(folder).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * The lines of the files with reported problems (relative paths), for SARIF fingerprints; a
 * file that cannot be read again is left out (its results get no fingerprint).
 */
async function readReportedLines(
  cwd: string,
  files: readonly string[],
): Promise<Map<string, string[]>> {
  const lines = new Map<string, string[]>();
  for (const file of new Set(files)) {
    try {
      const { text } = decodeText(await readFile(path.resolve(cwd, file)));
      lines.set(file, text.split(/\r?\n/));
    } catch {
      // No fingerprint for this file's results.
    }
  }
  return lines;
}
