import { findJsonSyntaxError } from './jsonSyntaxError';

/** Why a text is not a plan this can read. */
export type PlanReadErrorKind =
  'invalid-json' | 'not-a-plan' | 'unsupported-version' | 'invalid-plan';

/** A text that is not a machine-readable plan; the message names the first problem. */
export class PlanReadError extends Error {
  override readonly name = 'PlanReadError';
  constructor(
    readonly kind: PlanReadErrorKind,
    message: string,
    /** 1-based, for `invalid-json`. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** The plan JSON as parsed: checked at the top, read leniently below (see buildPlanModel). */
export type RawPlan = Readonly<Record<string, unknown>>;

/** The `format_version` majors this reads: 0.x (Terraform 0.12–0.15) and 1.x. */
export const supportedFormatMajors: readonly number[] = [0, 1];

/** Top-level keys only a plan has (a `show -json` of a state has `values` instead). */
const planKeys = [
  'resource_changes',
  'planned_values',
  'output_changes',
  'resource_drift',
  'deferred_changes',
  'errored',
  'applyable',
] as const;

/**
 * Parses the text of `terraform show -json <planfile>` (OpenTofu writes the same format) once and
 * checks it is a plan: JSON (else the line and column of the first syntax error), an object with
 * a `format_version` whose major this reads, with plan content, and `resource_changes` entries
 * shaped as Terraform writes them. Unknown keys are left alone. Throws {@link PlanReadError}.
 */
export function readPlanJson(text: string): RawPlan {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const found = findJsonSyntaxError(body);
    const at = lineColumnAt(body, found.offset);
    throw new PlanReadError(
      'invalid-json',
      `not valid JSON: ${found.message} at line ${at.line}, column ${at.column}`,
      at.line,
      at.column,
    );
  }
  if (!isObject(parsed)) {
    throw new PlanReadError(
      'not-a-plan',
      `not a plan: the JSON is ${describeKind(parsed)}, not the object \`terraform show -json <planfile>\` writes`,
    );
  }
  checkIsPlan(parsed);
  checkShapes(parsed);
  return parsed;
}

/** 1-based line and column of an offset, counting only the lines before it (no table of a huge text's lines). */
function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function checkIsPlan(json: Record<string, unknown>): void {
  const keys = Object.keys(json);
  const formatVersion = json.format_version;
  if ('plan_format_version' in json) {
    throw new PlanReadError(
      'not-a-plan',
      'not a plan: this is an HCP Terraform redacted plan (plan_format_version), not the output of `terraform show -json <planfile>`',
    );
  }
  if (formatVersion === undefined) {
    throw new PlanReadError('not-a-plan', `not a plan: no format_version; ${guessWhatItIs(json)}`);
  }
  if (typeof formatVersion !== 'string' || !/^\d+\.\d+/.test(formatVersion)) {
    throw new PlanReadError(
      'not-a-plan',
      `not a plan: format_version is ${JSON.stringify(formatVersion)}, not a version like "1.2"`,
    );
  }
  const major = Number(formatVersion.split('.')[0]);
  if (!supportedFormatMajors.includes(major)) {
    throw new PlanReadError(
      'unsupported-version',
      `unsupported plan format_version ${formatVersion}: this reads format versions 0.x and 1.x`,
    );
  }
  if (!planKeys.some((k) => k in json)) {
    const what =
      'values' in json || keys.length === 1
        ? 'this is the JSON of a state (`terraform show -json` without a plan file)'
        : `it has none of ${planKeys.join(', ')}`;
    throw new PlanReadError('not-a-plan', `not a plan: ${what}`);
  }
}

/** A hint for a JSON object without format_version: a raw state, a package.json, a graph… */
function guessWhatItIs(json: Record<string, unknown>): string {
  if (
    typeof json.version === 'number' &&
    ('lineage' in json || 'resources' in json || 'modules' in json)
  ) {
    return `this is a raw Terraform state file (state version ${json.version}), not a plan`;
  }
  if ('resource_changes' in json) {
    return 'it has resource_changes but not the rest of `terraform show -json <planfile>` output (a trimmed plan?)';
  }
  if (
    typeof json.name === 'string' &&
    ('dependencies' in json || 'scripts' in json || 'devDependencies' in json)
  ) {
    return 'this looks like a package.json, not `terraform show -json <planfile>` output';
  }
  const keys = Object.keys(json);
  return keys.length === 0
    ? 'the JSON is an empty object'
    : `top-level keys: ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}`;
}

/** The shapes the model relies on; the first misfit is the error. */
function checkShapes(json: Record<string, unknown>): void {
  for (const key of ['resource_changes', 'resource_drift'] as const) {
    const list = json[key];
    if (list === undefined || list === null) {
      continue;
    }
    if (!Array.isArray(list)) {
      throw invalid(`${key} is ${describeKind(list)}, not an array`);
    }
    list.forEach((entry, i) => {
      checkResourceChange(entry, `${key}[${i}]`);
    });
  }
  const deferred = json.deferred_changes;
  if (deferred !== undefined && deferred !== null) {
    if (!Array.isArray(deferred)) {
      throw invalid(`deferred_changes is ${describeKind(deferred)}, not an array`);
    }
    deferred.forEach((entry, i) => {
      if (!isObject(entry)) {
        throw invalid(`deferred_changes[${i}] is ${describeKind(entry)}, not an object`);
      }
      checkResourceChange(entry.resource_change, `deferred_changes[${i}].resource_change`);
    });
  }
  const outputs = json.output_changes;
  if (outputs !== undefined && outputs !== null) {
    if (!isObject(outputs)) {
      throw invalid(`output_changes is ${describeKind(outputs)}, not an object`);
    }
    for (const [name, change] of Object.entries(outputs)) {
      checkActions(change, `output_changes.${name}`);
    }
  }
}

function checkResourceChange(entry: unknown, where: string): void {
  if (!isObject(entry)) {
    throw invalid(`${where} is ${describeKind(entry)}, not an object`);
  }
  // Terraform 1.0.0 wrote resource_drift entries without an address; type and name then do.
  if (
    typeof entry.address !== 'string' &&
    (typeof entry.type !== 'string' || typeof entry.name !== 'string')
  ) {
    throw invalid(`${where}.address is ${describeKind(entry.address)}, not a string`);
  }
  checkActions(entry.change, `${where}.change`);
}

function checkActions(change: unknown, where: string): void {
  if (!isObject(change)) {
    throw invalid(`${where} is ${describeKind(change)}, not an object`);
  }
  const actions = change.actions;
  if (!Array.isArray(actions) || !actions.every((a) => typeof a === 'string')) {
    throw invalid(`${where}.actions is ${describeKind(actions)}, not an array of strings`);
  }
}

function invalid(message: string): PlanReadError {
  return new PlanReadError('invalid-plan', `not a valid plan: ${message}`);
}

/** `isObject`: a JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeKind(value: unknown): string {
  if (value === undefined) {
    return 'missing';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
