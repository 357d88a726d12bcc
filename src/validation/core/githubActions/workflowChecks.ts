import {
  isMap,
  isScalar,
  isSeq,
  visit,
  type Document,
  type Node,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import type { Problem } from '../../../common/problem';
import { closestNames } from '../suggest';
import { keyText, nodeRange } from '../yamlPath';
import { checkCron } from './cron';
import { checkEmbeddedExpressions, checkExpression } from './expressions';

/** What the checks beyond the schema found, and where schema problems they explain better sit. */
export interface SemanticResult {
  readonly problems: Problem[];
  /** Start offsets at which schema problems are superseded by a clearer problem here. */
  readonly supersedes: Set<number>;
}

type Located = Omit<Problem, 'source' | 'severity'> & { severity?: Problem['severity'] };

class Collector {
  readonly problems: Problem[] = [];
  readonly supersedes = new Set<number>();

  add(problem: Located, supersedeAt?: number): void {
    this.problems.push({ severity: 'error', source: 'github-actions', ...problem });
    if (supersedeAt !== undefined) {
      this.supersedes.add(supersedeAt);
    }
  }
}

/** A starter-workflow placeholder such as `$default-branch` or `$cron-weekly`. */
export const placeholderPattern = /^\$[a-z][a-z-]*$/;

/**
 * Starter-workflow templates (outside `.github/`) hold placeholders GitHub substitutes when the
 * template is used; in a real workflow they are mistakes.
 */
export function isTemplatePath(relativePath: string): boolean {
  return !/(^|\/)\.github\//.test(relativePath.replace(/\\/g, '/'));
}

/** Checks of a workflow beyond its schema: jobs, needs, steps, uses, cron, expressions. */
export function checkWorkflow(
  doc: Document.Parsed,
  text: string,
  relativePath: string,
): SemanticResult {
  const out = new Collector();
  const root = doc.contents;
  if (!isMap(root)) {
    return out;
  }
  checkExpressions(doc, text, out);
  checkSchedule(root, text, relativePath, out);
  const jobs = root.get('jobs', true);
  if (isMap(jobs)) {
    checkJobs(jobs, out);
  }
  return out;
}

/** Checks of action metadata beyond its schema: composite steps and expressions. */
export function checkAction(doc: Document.Parsed, text: string): SemanticResult {
  const out = new Collector();
  const root = doc.contents;
  if (!isMap(root)) {
    return out;
  }
  checkExpressions(doc, text, out);
  const runs = root.get('runs', true);
  const steps = isMap(runs) ? runs.get('steps', true) : undefined;
  if (isSeq(steps)) {
    checkSteps(steps.items, out);
  }
  return out;
}

function checkExpressions(doc: Document.Parsed, text: string, out: Collector): void {
  visit(doc, {
    Pair(_, pair) {
      if (isMap(pair.key) || isSeq(pair.key)) {
        // GitHub (and most YAML tools) reject non-scalar keys; usually an unquoted `{{ placeholder }}`.
        const range = nodeRange(pair.key);
        if (range !== undefined) {
          out.add({
            code: 'collection-key',
            message: `'${text.slice(range[0], range[1])}' is read as a ${isMap(pair.key) ? 'mapping' : 'list'} used as a key, which GitHub rejects: quote the value (an unquoted {{ … }} template placeholder becomes one) or replace the placeholder.`,
            start: range[0],
            end: range[1],
          });
        }
      }
      // `if:` holds an expression even without ${{ }}.
      if (keyText(pair) === 'if' && isScalar(pair.value) && typeof pair.value.value === 'string') {
        const value = pair.value.value;
        const range = nodeRange(pair.value);
        if (!value.includes('${{') && range !== undefined) {
          const offset = sourceOffset(text, range, value);
          for (const e of checkExpression(value)) {
            out.add(
              offset === undefined
                ? { ...e, start: range[0], end: range[1] }
                : { ...e, start: e.start + offset, end: e.end + offset },
            );
          }
        }
      }
    },
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${{')) {
        return;
      }
      const range = nodeRange(node);
      if (range === undefined) {
        return;
      }
      const source = text.slice(range[0], range[1]);
      for (const e of checkEmbeddedExpressions(source)) {
        out.add({ ...e, start: e.start + range[0], end: e.end + range[0] });
      }
    },
  });
}

/** Where a scalar's value starts in the source (after a quote), if the source holds it verbatim. */
function sourceOffset(text: string, range: [number, number], value: string): number | undefined {
  const index = text.slice(range[0], range[1]).indexOf(value);
  return index < 0 ? undefined : range[0] + index;
}

function checkSchedule(root: YAMLMap, text: string, relativePath: string, out: Collector): void {
  const on = root.get('on', true);
  const schedule = isMap(on) ? on.get('schedule', true) : undefined;
  if (!isSeq(schedule)) {
    return;
  }
  for (const item of schedule.items) {
    const cron = isMap(item) ? item.get('cron', true) : undefined;
    if (!isScalar(cron) || typeof cron.value !== 'string') {
      continue;
    }
    const range = nodeRange(cron);
    if (range === undefined) {
      continue;
    }
    const value = cron.value;
    if (placeholderPattern.test(value.trim())) {
      if (!isTemplatePath(relativePath)) {
        out.add({
          code: 'invalid-cron',
          message: `'${value}' is a starter-workflow placeholder, not a cron expression: replace it with one such as '30 5 * * 1'.`,
          start: range[0],
          end: range[1],
        });
      }
      continue;
    }
    const error = checkCron(value);
    if (error !== undefined) {
      const offset = sourceOffset(text, range, value);
      out.add({
        code: 'invalid-cron',
        message: error.message,
        start: offset === undefined ? range[0] : offset + error.start,
        end: offset === undefined ? range[1] : offset + error.end,
      });
    }
  }
}

interface JobNeeds {
  readonly name: string;
  readonly key: Node;
  readonly needs: Scalar[];
}

function checkJobs(jobs: YAMLMap, out: Collector): void {
  const all: JobNeeds[] = [];
  for (const pair of jobs.items) {
    const name = keyText(pair);
    if (name === undefined || !isMap(pair.value)) {
      continue;
    }
    const job = pair.value;
    const keyRange = nodeRange(pair.key);
    if (!job.has('runs-on') && !job.has('uses') && keyRange !== undefined) {
      out.add(
        {
          code: 'job-without-runner',
          message: `Job '${name}' has neither 'runs-on' nor 'uses': add 'runs-on:' (e.g. ubuntu-latest) to run steps, or 'uses:' to call a reusable workflow.`,
          start: keyRange[0],
          end: keyRange[1],
        },
        keyRange[0],
      );
    }
    const uses = job.get('uses', true);
    if (isScalar(uses) && typeof uses.value === 'string') {
      checkWorkflowUses(uses as Scalar<string>, out);
    }
    const steps = job.get('steps', true);
    if (isSeq(steps)) {
      checkSteps(steps.items, out);
    }
    const needsNode = job.get('needs', true);
    const needs = isSeq(needsNode)
      ? needsNode.items.filter((n): n is Scalar => isScalar(n))
      : isScalar(needsNode)
        ? [needsNode]
        : [];
    all.push({ name, key: pair.key as Node, needs });
  }
  const names = all.map((j) => j.name);
  const edges = new Map<string, string[]>();
  for (const job of all) {
    const targets: string[] = [];
    for (const need of job.needs) {
      const target = String(need.value);
      const range = nodeRange(need);
      if (range === undefined) {
        continue;
      }
      if (!names.includes(target)) {
        const suggestions = closestNames(
          target,
          names.filter((n) => n !== job.name),
        );
        out.add({
          code: 'unknown-job',
          message: `Job '${job.name}' needs '${target}', which is not a job of this workflow.${suggestions[0] === undefined ? ` Jobs: ${names.join(', ')}.` : ` Did you mean '${suggestions[0]}'?`}`,
          start: range[0],
          end: range[1],
          suggestions,
        });
      } else {
        targets.push(target);
      }
    }
    edges.set(job.name, targets);
  }
  for (const job of all) {
    for (const need of job.needs) {
      const target = String(need.value);
      const cycle = target === job.name ? [job.name] : pathBetween(edges, target, job.name);
      const range = nodeRange(need);
      if (cycle === undefined || range === undefined || !names.includes(target)) {
        continue;
      }
      const loop = [job.name, ...cycle].join(' → ');
      out.add({
        code: 'needs-cycle',
        message: `Dependency cycle: ${loop}. A job cannot wait for itself; remove one of these needs.`,
        start: range[0],
        end: range[1],
      });
    }
  }
}

/** The jobs on a shortest `needs` path from `from` to `to` (both included), if there is one. */
function pathBetween(
  edges: ReadonlyMap<string, readonly string[]>,
  from: string,
  to: string,
): string[] | undefined {
  const previous = new Map<string, string | undefined>([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift() ?? '';
    if (current === to) {
      const path: string[] = [];
      for (let at: string | undefined = to; at !== undefined; at = previous.get(at)) {
        path.unshift(at);
      }
      return path;
    }
    for (const next of edges.get(current) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** Keys that make a step do something (SchemaStore also lists the parallel-steps keys). */
const actionKeys = ['run', 'uses', 'wait', 'wait-all', 'cancel', 'parallel'];

function checkSteps(steps: readonly unknown[], out: Collector): void {
  const ids = new Map<string, number>();
  steps.forEach((step, index) => {
    if (!isMap(step)) {
      return;
    }
    const stepRange = nodeRange(step);
    const firstKey = nodeRange(step.items[0]?.key);
    const present = step.items.filter((p) => actionKeys.includes(keyText(p) ?? ''));
    if (present.length === 0 && firstKey !== undefined) {
      out.add(
        {
          code: 'step-without-action',
          message: `Step ${index + 1} has neither 'run' nor 'uses': add 'run:' with a command, or 'uses:' with an action (owner/repo@ref).`,
          start: firstKey[0],
          end: firstKey[1],
        },
        firstKey[0],
      );
    }
    const run = step.items.find((p) => keyText(p) === 'run');
    const usesPair = step.items.find((p) => keyText(p) === 'uses');
    if (run !== undefined && usesPair !== undefined) {
      const later =
        (nodeRange(run.key)?.[0] ?? 0) > (nodeRange(usesPair.key)?.[0] ?? 0) ? run : usesPair;
      const range = nodeRange(later.key);
      if (range !== undefined) {
        out.add(
          {
            code: 'step-run-and-uses',
            message: `Step ${index + 1} has both 'run' and 'uses': a step either runs a command or uses an action; split it into two steps.`,
            start: range[0],
            end: range[1],
          },
          stepRange?.[0],
        );
      }
    }
    const uses = usesPair?.value;
    if (isScalar(uses) && typeof uses.value === 'string') {
      checkStepUses(uses as Scalar<string>, out);
    }
    const id = step.get('id', true);
    if (isScalar(id) && (typeof id.value === 'string' || typeof id.value === 'number')) {
      const name = String(id.value);
      const range = nodeRange(id);
      const first = ids.get(name);
      if (first !== undefined && range !== undefined) {
        out.add({
          code: 'duplicate-step-id',
          message: `Step id '${name}' is already used by step ${first + 1}: step ids must be unique within a job.`,
          start: range[0],
          end: range[1],
        });
      } else {
        ids.set(name, index);
      }
    }
  });
}

/** The format of a step's `uses`: `./path`, `docker://image`, or `owner/repo[/path]@ref`. */
export function stepUsesProblem(value: string): string | undefined {
  if (value.includes('${{')) {
    return "'uses' cannot contain expressions: GitHub resolves actions before the job runs.";
  }
  if (value.startsWith('./') || value.startsWith('.\\')) {
    return undefined;
  }
  if (value.startsWith('docker://')) {
    return value.length > 'docker://'.length
      ? undefined
      : "'docker://' needs an image, e.g. docker://alpine:3.20.";
  }
  const at = value.lastIndexOf('@');
  const target = at < 0 ? value : value.slice(0, at);
  const parts = target.split('/');
  if (parts.length < 2 || parts.some((p) => p === '')) {
    return `'${value}' is not an action reference: use owner/repo@ref, owner/repo/path@ref, ./local/path or docker://image.`;
  }
  if (at < 0 || at === value.length - 1) {
    return `'${target}' needs a version: write '${target}@<tag, branch or commit SHA>', e.g. '${target}@v4'.`;
  }
  return undefined;
}

/** The format of a job's `uses` (a reusable workflow): `./.github/workflows/x.yml` or `owner/repo/.github/workflows/x.yml@ref`. */
export function workflowUsesProblem(value: string): string | undefined {
  if (value.includes('${{')) {
    return "'uses' cannot contain expressions: GitHub resolves reusable workflows before the run starts.";
  }
  const local = value.startsWith('./');
  const at = value.lastIndexOf('@');
  const target = local || at < 0 ? value : value.slice(0, at);
  if (!/\.ya?ml$/.test(target)) {
    return `'${value}' is not a reusable workflow: use ./.github/workflows/<file>.yml or owner/repo/.github/workflows/<file>.yml@ref.`;
  }
  if (!local && !/^[^/@]+\/[^/@]+\/\.github\/workflows\/[^/]+$/.test(target)) {
    return `'${value}' is not a reusable workflow reference: use owner/repo/.github/workflows/<file>.yml@ref (or ./.github/workflows/<file>.yml in this repository).`;
  }
  if (!local && (at < 0 || at === value.length - 1)) {
    return `'${target}' needs a version: write '${target}@<tag, branch or commit SHA>'.`;
  }
  return undefined;
}

function checkStepUses(node: Scalar<string>, out: Collector): void {
  report(node, stepUsesProblem(node.value), out);
}

function checkWorkflowUses(node: Scalar<string>, out: Collector): void {
  report(node, workflowUsesProblem(node.value), out);
}

function report(node: Scalar, message: string | undefined, out: Collector): void {
  const range = nodeRange(node);
  if (message !== undefined && range !== undefined) {
    out.add({ code: 'invalid-uses', message, start: range[0], end: range[1] }, range[0]);
  }
}
