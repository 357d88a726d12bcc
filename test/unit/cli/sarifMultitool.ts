import { execFile } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { Log } from 'sarif';

const requireHere = createRequire(__filename);

/**
 * The SARIF Multitool's executable (from @microsoft/sarif-multitool's package for this platform).
 * Its package makes it executable in a postinstall script; where install scripts are blocked it
 * is made executable here.
 */
export function multitoolPath(): string {
  const executable = requireHere('@microsoft/sarif-multitool') as string;
  if (process.platform !== 'win32') {
    try {
      accessSync(executable, constants.X_OK);
    } catch {
      chmodSync(executable, statSync(executable).mode | 0o111);
    }
  }
  return executable;
}

/** The JSON schema of SARIF 2.1.0 that ships with the multitool. */
export function sarifSchemaPath(): string {
  return path.join(path.dirname(multitoolPath()), 'sarif-2.1.0.json');
}

/** One finding of the multitool's validator, its message rendered. */
export interface MultitoolFinding {
  readonly ruleId: string;
  readonly level: string;
  readonly message: string;
}

/**
 * The multitool's policy: every rule on except SARIF2006 (UrisShouldBeReachable), which fetches
 * every URI of the log from the internet.
 */
const policy = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
`;

/**
 * Runs `Sarif.Multitool validate` on a SARIF text with the SARIF rules and GitHub's (code scanning
 * and Advanced Security ingestion rules) and returns its findings at the given levels.
 */
export async function validateWithMultitool(
  sarifText: string,
  levels: readonly ('Error' | 'Warning' | 'Note')[] = ['Error', 'Warning'],
): Promise<{ exitCode: number; findings: MultitoolFinding[]; console: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iw-sarif-'));
  try {
    const input = path.join(dir, 'input.sarif');
    const output = path.join(dir, 'validation.sarif');
    const config = path.join(dir, 'policy.xml');
    writeFileSync(input, sarifText);
    writeFileSync(config, policy);
    const { exitCode, console } = await run(multitoolPath(), [
      'validate',
      input,
      '--output',
      output,
      '--log',
      'ForceOverwrite',
      '--level',
      levels.join(';'),
      '--rule-kind',
      'Sarif;Gh;Ghas',
      '--config',
      config,
    ]);
    const log = JSON.parse(readFileSync(output, 'utf8')) as Log;
    const run0 = log.runs[0];
    const rules = run0?.tool.driver.rules ?? [];
    const findings = (run0?.results ?? []).map((result): MultitoolFinding => {
      const rule =
        (result.ruleIndex === undefined ? undefined : rules[result.ruleIndex]) ??
        rules.find((r) => r.id === result.ruleId);
      let message = result.message.text ?? '';
      if (message === '' && result.message.id !== undefined) {
        message = rule?.messageStrings?.[result.message.id]?.text ?? result.message.id;
        (result.message.arguments ?? []).forEach((argument, index) => {
          message = message.split(`{${index}}`).join(argument);
        });
      }
      return {
        ruleId: `${result.ruleId ?? '?'}/${rule?.name ?? ''}`,
        level: result.level ?? 'warning',
        message,
      };
    });
    return { exitCode, findings, console };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Validates a SARIF log against the SARIF 2.1.0 JSON schema; the errors, as `path message`. */
export function schemaErrors(log: unknown): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // The formats the schema uses, checked as far as matters for code scanning.
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat(
    'uri-reference',
    (s: string) => !/[\s\\]/.test(s) && URL.canParse(s, 'file:///root/'),
  );
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  const validate = ajv.compile(JSON.parse(readFileSync(sarifSchemaPath(), 'utf8')) as object);
  return validate(log)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

function run(file: string, args: string[]): Promise<{ exitCode: number; console: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 120_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(new Error(`${file} could not be run: ${error.message}`));
        return;
      }
      resolve({ exitCode: error === null ? 0 : Number(error.code), console: stdout + stderr });
    });
  });
}
