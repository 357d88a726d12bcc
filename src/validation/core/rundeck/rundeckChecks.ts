import { isMap, isNode, isScalar, isSeq, visit, type Node, type YAMLMap } from 'yaml';
import type { Problem } from '../../../common/problem';
import type { DocumentInput } from '../formatChecker';
import { closestNames } from '../suggest';
import { nodeRange } from '../yamlPath';

/** Codes of the Rundeck checks beyond the schema, stable across releases. */
export const RundeckCodes = {
  unknownOption: 'unknown-option',
  duplicateOption: 'duplicate-option',
  emptyStep: 'empty-step',
  invalidCrontab: 'invalid-crontab',
} as const;

/** The step kinds; a command has exactly one. */
const stepKeys = ['exec', 'script', 'scriptfile', 'scripturl', 'jobref', 'type'];

/** An option reference in a string: its option name (or environment form) and where it is. */
interface OptionRef {
  /** As written: `${option.dest}`, `$RD_OPTION_DEST`, `@option.dest@`. */
  readonly written: string;
  readonly name: string;
  readonly env: boolean;
  readonly index: number;
}

const referencePattern =
  /\$\{option\.([\w.-]+?)\}|@option\.([\w.-]+?)@|\$\{?RD_OPTION_([A-Z0-9_]+)\}?/g;

/** The option references of a text: `${option.X}`, `@option.X@` and `$RD_OPTION_X`. */
export function optionReferences(text: string): OptionRef[] {
  const refs: OptionRef[] = [];
  for (const match of text.matchAll(referencePattern)) {
    const env = match[3];
    refs.push({
      written: match[0],
      name: match[1] ?? match[2] ?? env ?? '',
      env: env !== undefined,
      index: match.index,
    });
  }
  return refs;
}

/** The environment variable name Rundeck gives an option: `RD_OPTION_` + upper case, other characters as `_`. */
export function optionEnvName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/**
 * What the Rundeck job schema cannot say: `${option.X}`, `$RD_OPTION_X` and `@option.X@` name
 * options the job defines (Rundeck would pass an empty value, or the text as written), option
 * names are unique, each step says what it runs, and a crontab has Quartz's 6 or 7 fields.
 */
export function rundeckChecks({ doc, text }: DocumentInput): Problem[] {
  const jobs = doc.contents;
  if (!isSeq(jobs)) {
    return [];
  }
  const problems: Problem[] = [];
  for (const job of jobs.items) {
    if (isMap(job)) {
      problems.push(...jobProblems(job, text));
    }
  }
  return problems;
}

function jobProblems(job: YAMLMap, text: string): Problem[] {
  const problems: Problem[] = [];
  const names = optionNames(job, problems);
  const defined = names.map((n) => n.name);
  for (const section of ['sequence', 'nodefilters', 'notification']) {
    const node: unknown = job.get(section, true);
    if (!isNode(node)) {
      continue;
    }
    forEachString(node, (scalar, value) => {
      for (const ref of optionReferences(value)) {
        if (isDefined(ref, defined)) {
          continue;
        }
        problems.push(unknownOption(ref, scalar, text, defined));
      }
    });
  }
  const commands = job.getIn(['sequence', 'commands'], true);
  if (isSeq(commands)) {
    for (const command of commands.items) {
      if (isMap(command) && !stepKeys.some((k) => command.has(k))) {
        // On the step's first key: the whole step may be long.
        const [start, end] = nodeRange(command.items[0]?.key ?? command) ?? [0, 0];
        problems.push({
          code: RundeckCodes.emptyStep,
          severity: 'error',
          source: 'rundeck',
          message: `This step runs nothing: give it one of ${stepKeys.map((k) => `'${k}'`).join(', ')} (a command, an inline script, a script file or URL, another job, or a plugin step).`,
          start,
          end,
        });
      }
    }
  }
  const crontab = job.getIn(['schedule', 'crontab'], true);
  if (isScalar(crontab) && typeof crontab.value === 'string') {
    const fields = crontab.value.trim().split(/\s+/).length;
    if (fields !== 6 && fields !== 7) {
      const [start, end] = nodeRange(crontab) ?? [0, 0];
      problems.push({
        code: RundeckCodes.invalidCrontab,
        severity: 'error',
        source: 'rundeck',
        message: `A Rundeck crontab is a Quartz expression of 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), not ${fields}${fields === 5 ? ": add the seconds in front, and '?' for one of the day fields, e.g. '0 30 2 ? * MON-FRI *'" : ''}.`,
        start,
        end,
      });
    }
  }
  return problems;
}

/** The option names of a job (list or map form); duplicates are reported. */
function optionNames(job: YAMLMap, problems: Problem[]): { name: string; node: Node }[] {
  const options = job.get('options', true);
  const found: { name: string; node: Node }[] = [];
  if (isSeq(options)) {
    for (const option of options.items) {
      const name = isMap(option) ? option.get('name', true) : undefined;
      if (isScalar(name) && (typeof name.value === 'string' || typeof name.value === 'number')) {
        found.push({ name: String(name.value), node: name });
      }
    }
  } else if (isMap(options)) {
    for (const pair of options.items) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string') {
        found.push({ name: pair.key.value, node: pair.key });
      }
    }
  }
  const seen = new Set<string>();
  for (const { name, node } of found) {
    if (seen.has(name)) {
      const [start, end] = nodeRange(node) ?? [0, 0];
      problems.push({
        code: RundeckCodes.duplicateOption,
        severity: 'error',
        source: 'rundeck',
        message: `The option '${name}' is defined twice in this job: rename or remove one.`,
        start,
        end,
      });
    }
    seen.add(name);
  }
  return found;
}

function isDefined(ref: OptionRef, defined: readonly string[]): boolean {
  if (ref.env) {
    return defined.some((d) => optionEnvName(d) === ref.name);
  }
  // `${option.name.value}`-style suffixes: a defined prefix before a '.' counts.
  const parts = ref.name.split('.');
  return parts.some((_, i) => defined.includes(parts.slice(0, i + 1).join('.')));
}

function unknownOption(
  ref: OptionRef,
  scalar: Node,
  text: string,
  defined: readonly string[],
): Problem {
  const [nodeStart, nodeEnd] = nodeRange(scalar) ?? [0, 0];
  // The reference itself when the source spells it as the value does (no escapes in it).
  const at = text.slice(nodeStart, nodeEnd).indexOf(ref.written);
  const start = at < 0 ? nodeStart : nodeStart + at;
  const end = at < 0 ? nodeEnd : start + ref.written.length;
  const candidates = ref.env ? defined.map(optionEnvName) : defined;
  const close = closestNames(ref.name, candidates);
  const spell = (name: string): string => ref.written.replace(ref.name, name);
  return {
    code: RundeckCodes.unknownOption,
    severity: 'error',
    source: 'rundeck',
    message: `${ref.written} names no option of this job${defined.length === 0 ? ' (it defines none)' : ` (options: ${defined.join(', ')})`}: Rundeck would pass it on empty or as written.${close.length === 0 ? '' : ` Did you mean ${close.map(spell).join(' or ')}?`} Fix the name or add the option under 'options'.`,
    start,
    end,
    ...(close.length === 0 ? {} : { suggestions: close.map(spell) }),
  };
}

/** Calls `each` on every string scalar below `node` (keys excluded). */
function forEachString(node: Node, each: (scalar: Node, value: string) => void): void {
  visit(node, {
    Scalar(key, scalar) {
      if (key !== 'key' && typeof scalar.value === 'string') {
        each(scalar, scalar.value);
      }
    },
  });
}
