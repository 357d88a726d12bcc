import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Problem } from '../common/problem';
import { lineColumn, lineStarts } from '../common/lines';
import { decodeText, type DecodedText } from '../common/decodeText';
import { defaultKubernetesVersion } from '../validation/core/kubernetesSchemas';
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
}

/** Exit codes: 0 clean (warnings allowed), 1 errors found, 2 usage error or unreadable input. */
export const ExitCode = { ok: 0, problems: 1, usage: 2 } as const;

const usage = `Usage: infra-workbench <command> [options]

Commands:
  check [paths...]     Validate the YAML files under the given files or folders (default: .)

Options:
  --format <text|json> Output format of check (default: text)
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
  return check(paths.length > 0 ? paths : ['.'], values.format, io);
}

function usageError(io: CliIo, message: string): number {
  io.err(`infra-workbench: ${message}\n\n${usage}`);
  return ExitCode.usage;
}

async function check(
  paths: readonly string[],
  format: 'text' | 'json',
  io: CliIo,
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
  const validator = new YamlValidator({
    schemasDir: io.schemasDir,
    kubernetesVersion: defaultKubernetesVersion,
  });
  const report: { path: string; problems: ReportedProblem[] }[] = [];
  const toKey = (file: string): string =>
    (path.relative(io.cwd, file) || file).split(path.sep).join('/');
  // Custom resources are checked against the CRDs among the files given: read those first.
  for (const file of files) {
    const bytes = await readFile(file).catch(() => undefined);
    // A native byte search first: most files are not CRDs and need no decoding here.
    const decoded = bytes?.includes('CustomResourceDefinition') ? decodeText(bytes) : undefined;
    if (decoded !== undefined && decoded.problem === undefined) {
      validator.setCrdSource(toKey(file), decoded.text);
    }
  }
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const relative = path.relative(io.cwd, file) || file;
    let decoded: DecodedText;
    try {
      decoded = decodeText(await readFile(file));
    } catch (error) {
      io.err(`infra-workbench: ${relative}: cannot read: ${describeError(error)}\n`);
      errors++;
      continue;
    }
    const { text } = decoded;
    const result =
      decoded.problem === undefined
        ? validator.validate(toKey(file), text)
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
