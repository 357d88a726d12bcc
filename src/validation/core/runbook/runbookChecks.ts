import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { Problem } from '../../../common/problem';
import type { DocumentInput } from '../formatChecker';
import { nodeRange } from '../yamlPath';

/** Codes of the runbook checks beyond the schema, stable across releases. */
export const RunbookCodes = {
  duplicateStepId: 'duplicate-step-id',
  invalidDuration: 'invalid-duration',
  invalidName: 'invalid-name',
} as const;

/** `15m`, `1h30m`, `2d`, `90s`: one or more number–unit pairs, largest unit first. */
const durationPattern = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * What the runbook schema cannot say: step ids are unique, escalation delays are durations and
 * the name is a DNS label (so it can name a file, a URL path and a link target).
 */
export function runbookChecks({ doc, lineOf }: DocumentInput): Problem[] {
  return [...nameProblems(doc), ...duplicateStepIds(doc, lineOf), ...durationProblems(doc)];
}

function nameProblems(doc: Document.Parsed): Problem[] {
  const name = doc.getIn(['metadata', 'name'], true);
  if (!isScalar(name) || typeof name.value !== 'string') {
    return [];
  }
  const reason = dnsLabelProblem(name.value);
  const range = nodeRange(name);
  if (reason === undefined || range === undefined) {
    return [];
  }
  const suggestion = toDnsLabel(name.value);
  return [
    {
      code: RunbookCodes.invalidName,
      severity: 'error',
      source: 'runbook',
      message: `metadata.name '${name.value}' ${reason}. A runbook name is a DNS label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters${suggestion === undefined ? '' : ` (for example '${suggestion}')`}.`,
      start: range[0],
      end: range[1],
      ...(suggestion === undefined ? {} : { suggestions: [suggestion] }),
    },
  ];
}

/** Why a name is not a DNS label, or undefined when it is one. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length === 0) {
    return 'is empty';
  }
  if (name.length > 63) {
    return `is ${name.length} characters long`;
  }
  if (/[A-Z]/.test(name)) {
    return 'has uppercase letters';
  }
  const bad = /[^a-z0-9-]/.exec(name);
  if (bad !== null) {
    return `contains '${bad[0]}'`;
  }
  if (!/^[a-z]/.test(name)) {
    return 'does not start with a letter';
  }
  if (name.endsWith('-')) {
    return "ends with '-'";
  }
  return undefined;
}

/** The closest DNS label to a name, if there is one worth suggesting. */
function toDnsLabel(name: string): string | undefined {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return label.length > 0 && label !== name ? label : undefined;
}

function duplicateStepIds(
  doc: Document.Parsed,
  lineOf: ((offset: number) => number) | undefined,
): Problem[] {
  const steps = doc.getIn(['spec', 'steps'], true);
  if (!isSeq(steps)) {
    return [];
  }
  const first = new Map<string, { index: number; offset: number }>();
  const problems: Problem[] = [];
  for (const [index, step] of steps.items.entries()) {
    const id = isMap(step) ? step.get('id', true) : undefined;
    const range = nodeRange(id);
    if (!isScalar(id) || typeof id.value !== 'string' || range === undefined) {
      continue;
    }
    const earlier = first.get(id.value);
    if (earlier === undefined) {
      first.set(id.value, { index, offset: range[0] });
      continue;
    }
    const where =
      lineOf === undefined
        ? `step ${earlier.index + 1}`
        : `the step on line ${lineOf(earlier.offset)}`;
    problems.push({
      code: RunbookCodes.duplicateStepId,
      severity: 'error',
      source: 'runbook',
      message: `Step id '${id.value}' is already used by ${where}. Step ids must be unique within a runbook: rename one of them.`,
      start: range[0],
      end: range[1],
    });
  }
  return problems;
}

function durationProblems(doc: Document.Parsed): Problem[] {
  const escalation = doc.getIn(['spec', 'escalation'], true);
  if (!isSeq(escalation)) {
    return [];
  }
  const problems: Problem[] = [];
  for (const entry of escalation.items) {
    const after = isMap(entry) ? entry.get('after', true) : undefined;
    const range = nodeRange(after);
    if (!isScalar(after) || range === undefined) {
      continue;
    }
    if (typeof after.value !== 'string' || isDuration(after.value)) {
      continue; // a number or a list is the schema's wrong type
    }
    const text = after.value;
    const hint = /^\d+$/.test(text)
      ? ` A bare number has no unit: write '${text}m' for minutes.`
      : '';
    problems.push({
      code: RunbookCodes.invalidDuration,
      severity: 'error',
      source: 'runbook',
      message: `'${text}' is not a duration. Write a number and a unit, largest unit first: '15m', '1h', '1h30m' (units d, h, m, s).${hint}`,
      start: range[0],
      end: range[1],
    });
  }
  return problems;
}

/** True for a duration such as `15m` or `1h30m` (at least one part, no zero-length total). */
export function isDuration(text: string): boolean {
  return text !== '' && durationPattern.test(text);
}
