import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Problem } from '../common/problem';
import { decodeText, type DecodedText } from '../common/decodeText';
import { lineColumn, lineStarts } from '../common/lines';
import { CustomSchemas } from '../validation/core/customSchemas';
import {
  bundledKubernetesVersions,
  defaultKubernetesVersion,
} from '../validation/core/kubernetesSchemas';
import {
  findModelines,
  readRepoConfig,
  repoConfigFile,
  SchemaMappings,
  type SchemaMapping,
} from '../validation/core/schemaOverrides';
import { YamlValidator } from '../validation/core/yamlValidator';
import { findYamlFiles, MissingPathError } from './findYamlFiles';
import { describeError } from '../common/describeError';

/** Where the CLI writes; tests pass buffers, main.ts passes the process streams. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  /** The bundled schemas: `schemas/` beside `dist/` in the package. */
  readonly schemasDir: string;
  /** Where fetched schemas are cached (default: $XDG_CACHE_HOME or ~/.cache, infra-workbench/schemas). */
  readonly cacheDir?: string;
}

/** Exit codes: 0 clean (warnings allowed), 1 errors found, 2 usage error or unreadable input. */
export const ExitCode = { ok: 0, problems: 1, usage: 2 } as const;

const usage = `Usage: infra-workbench <command> [options]

Commands:
  check [paths...]     Validate the YAML files under the given files or folders (default: .)

Options:
  --format <text|json> Output format of check (default: text)
  --config <file>      Schema mappings (default: ${repoConfigFile} in the current folder)
  --kubernetes-version <v>
                       Kubernetes schema version (bundled: ${bundledKubernetesVersions.join(', ')})
  --offline            Never fetch remote schemas; use cached copies only
  -h, --help           Show this help
  -v, --version        Show the version

Exit codes: 0 no errors, 1 errors found, 2 usage error.
`;

/** A located problem of one file, with 1-based lines and columns, as the CLI reports it. */
export interface ReportedProblem {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Problem['severity'];
  readonly code: string;
  readonly source: Problem['source'];
  readonly message: string;
}

/** Runs the CLI with the arguments after the program name; resolves to the exit code. */
export async function runCli(argv: readonly string[], version: string, io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        config: { type: 'string' },
        'kubernetes-version': { type: 'string', default: defaultKubernetesVersion },
        offline: { type: 'boolean', default: false },
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
  if (command !== 'check') {
    return usageError(io, `unknown command '${command}'`);
  }
  if (values.format !== 'text' && values.format !== 'json') {
    return usageError(io, `--format must be text or json, not '${values.format}'`);
  }
  const kubernetesVersion = values['kubernetes-version'];
  if (!(bundledKubernetesVersions as readonly string[]).includes(kubernetesVersion)) {
    return usageError(
      io,
      `--kubernetes-version must be one of ${bundledKubernetesVersions.join(', ')}, not '${kubernetesVersion}'`,
    );
  }
  const configPath =
    values.config === undefined
      ? path.join(io.cwd, repoConfigFile)
      : path.resolve(io.cwd, values.config);
  let mappings: SchemaMapping[] = [];
  if (values.config !== undefined || existsSync(configPath)) {
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (error) {
      io.err(
        `infra-workbench: ${values.config ?? repoConfigFile}: cannot read: ${describeError(error)}\n`,
      );
      return ExitCode.usage;
    }
    const config = readRepoConfig(text);
    if (config.problems.length > 0) {
      const starts = lineStarts(text);
      for (const p of config.problems) {
        const at = lineColumn(starts, p.start);
        io.err(
          `infra-workbench: ${path.relative(io.cwd, configPath)}:${at.line}:${at.column}: ${p.message}\n`,
        );
      }
      return ExitCode.usage;
    }
    mappings = config.mappings;
  }
  return check(paths.length > 0 ? paths : ['.'], values.format, io, {
    kubernetesVersion,
    mappings,
    offline: values.offline,
  });
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

async function check(
  paths: readonly string[],
  format: 'text' | 'json',
  io: CliIo,
  options: {
    readonly kubernetesVersion: string;
    readonly mappings: readonly SchemaMapping[];
    readonly offline: boolean;
  },
): Promise<number> {
  let files: string[];
  try {
    files = await findYamlFiles(paths.map((p) => path.resolve(io.cwd, p)));
  } catch (error) {
    if (error instanceof MissingPathError) {
      io.err(
        `infra-workbench: ${path.relative(io.cwd, error.missingPath) || error.missingPath}: no such file or directory\n`,
      );
      return ExitCode.usage;
    }
    throw error;
  }
  const customSchemas = new CustomSchemas({
    baseDir: io.cwd,
    cacheDir: io.cacheDir ?? defaultCacheDir(),
    allowRemote: !options.offline,
  });
  const validator = new YamlValidator({
    schemasDir: io.schemasDir,
    kubernetesVersion: options.kubernetesVersion,
    mappings: new SchemaMappings(options.mappings),
    customSchemas,
  });
  const toKey = (file: string): string =>
    (path.relative(io.cwd, file) || file).split(path.sep).join('/');
  const texts: { relative: string; decoded: DecodedText }[] = [];
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const relative = path.relative(io.cwd, file) || file;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      io.err(`infra-workbench: ${relative}: cannot read: ${describeError(error)}\n`);
      errors++;
      continue;
    }
    const decoded = decodeText(bytes);
    texts.push({ relative, decoded });
    // Custom resources are checked against the CRDs among the files given.
    if (decoded.problem === undefined && decoded.text.includes('CustomResourceDefinition')) {
      validator.setCrdSource(toKey(file), decoded.text);
    }
  }
  // Remote schemas named by mappings and modelines are fetched (or revalidated) before checking.
  await customSchemas.prefetch([
    ...options.mappings.flatMap((m) => (m.target.kind === 'schema' ? [m.target.ref] : [])),
    ...texts.flatMap(({ decoded }) =>
      findModelines(decoded.text).flatMap((m) =>
        m.target.kind === 'schema' ? [m.target.ref] : [],
      ),
    ),
  ]);
  const report: { path: string; problems: ReportedProblem[] }[] = [];
  for (const { relative, decoded } of texts) {
    const { text } = decoded;
    const result =
      decoded.problem === undefined
        ? validator.validate(relative.split(path.sep).join('/'), text)
        : { validated: false, problems: [decoded.problem] };
    const starts = lineStarts(text);
    const problems = result.problems.map((p) => locate(starts, p));
    errors += problems.filter((p) => p.severity === 'error').length;
    warnings += problems.filter((p) => p.severity === 'warning').length;
    report.push({ path: relative, problems });
  }
  if (format === 'json') {
    io.out(
      `${JSON.stringify({ files: report, summary: { files: files.length, errors, warnings } }, null, 2)}\n`,
    );
  } else {
    for (const { path: file, problems } of report) {
      for (const p of problems) {
        io.out(
          `${file}:${p.line}:${p.column}: ${p.severity}: ${p.message} [${p.source}/${p.code}]\n`,
        );
      }
    }
    io.out(`${files.length} file(s) checked: ${errors} error(s), ${warnings} warning(s)\n`);
  }
  return errors > 0 ? ExitCode.problems : ExitCode.ok;
}

function locate(starts: readonly number[], problem: Problem): ReportedProblem {
  const start = lineColumn(starts, problem.start);
  const end = lineColumn(starts, problem.end);
  return {
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    severity: problem.severity,
    code: problem.code,
    source: problem.source,
    message: problem.message,
  };
}
