import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseYaml } from '../../common/yamlModel';
import { nodeRange } from '../../validation/core/yamlPath';

/** One step of a runbook, with offsets in the whole file text. */
export interface RunbookStep {
  /** Position in `spec.steps`, from 0. */
  readonly index: number;
  /** The step's `id`; steps without a string id are not listed (the validator reports them). */
  readonly id: string;
  readonly title: string;
  /** The shell command, when the step has a non-empty `run`. */
  readonly run: string | undefined;
  readonly expect: string | undefined;
  readonly dangerous: boolean;
  /** Where the step's mapping starts and ends. */
  readonly start: number;
  readonly end: number;
  /** Where the `run` value starts and ends (undefined without a `run`). */
  readonly runRange: readonly [number, number] | undefined;
}

/** One `runbooks/v1` Runbook document of a file. */
export interface RunbookModel {
  /** `metadata.name`, or undefined when it is missing (the validator reports that). */
  readonly name: string | undefined;
  readonly service: string | undefined;
  /** Where the document starts in the file. */
  readonly start: number;
  readonly steps: readonly RunbookStep[];
}

const stringAt = (node: unknown): string | undefined =>
  isScalar(node) && typeof node.value === 'string' ? node.value : undefined;

/**
 * The runbooks of a YAML text (usually one per file), read from the shared YAML model. Documents
 * that are not runbooks, or that do not parse, are skipped; never throws.
 */
export function parseRunbooks(text: string): RunbookModel[] {
  const runbooks: RunbookModel[] = [];
  for (const { doc, offset } of parseYaml(text).documents) {
    if (doc.errors.length > 0 || !isMap(doc.contents)) {
      continue;
    }
    if (stringAt(doc.get('apiVersion', true)) !== 'runbooks/v1') {
      continue;
    }
    if (stringAt(doc.get('kind', true)) !== 'Runbook') {
      continue;
    }
    const steps: RunbookStep[] = [];
    const stepsNode = doc.getIn(['spec', 'steps'], true);
    if (isSeq(stepsNode)) {
      stepsNode.items.forEach((item, index) => {
        const step = readStep(item as Node | null, index, offset);
        if (step !== undefined) {
          steps.push(step);
        }
      });
    }
    runbooks.push({
      name: stringAt(doc.getIn(['metadata', 'name'], true)),
      service: stringAt(doc.getIn(['metadata', 'service'], true)),
      start: offset + (nodeRange(doc.contents)?.[0] ?? 0),
      steps,
    });
  }
  return runbooks;
}

function readStep(item: Node | null, index: number, offset: number): RunbookStep | undefined {
  if (!isMap(item)) {
    return undefined;
  }
  const id = stringAt(item.get('id', true));
  const range = nodeRange(item);
  if (id === undefined || range === undefined) {
    return undefined;
  }
  const runNode = item.get('run', true);
  const run = stringAt(runNode);
  const runRange = run === undefined || run.trim() === '' ? undefined : nodeRange(runNode);
  const dangerous = item.get('dangerous', true);
  return {
    index,
    id,
    title: stringAt(item.get('title', true)) ?? id,
    run: runRange === undefined ? undefined : run,
    expect: stringAt(item.get('expect', true)),
    dangerous: isScalar(dangerous) && dangerous.value === true,
    start: offset + range[0],
    end: offset + range[1],
    runRange: runRange === undefined ? undefined : [offset + runRange[0], offset + runRange[1]],
  };
}

/** The runbook and step with `stepId` in a text (the first runbook that has it). */
export function findStep(
  text: string,
  stepId: string,
  runbookName?: string,
): { runbook: RunbookModel; step: RunbookStep } | undefined {
  for (const runbook of parseRunbooks(text)) {
    if (runbookName !== undefined && runbook.name !== runbookName) {
      continue;
    }
    const step = runbook.steps.find((s) => s.id === stepId);
    if (step !== undefined) {
      return { runbook, step };
    }
  }
  return undefined;
}

/** What a CodeLens does: run or copy a step's command, or start the runbook's checklist. */
export type StepLensAction = 'run' | 'copy' | 'start';

/** A CodeLens the editor shows over a step, in plain data (the adapter makes the vscode object). */
export interface StepLens {
  readonly action: StepLensAction;
  readonly title: string;
  readonly tooltip: string;
  /** Where the lens sits: the start of the step's mapping (of the runbook for `start`). */
  readonly offset: number;
  readonly runbookName: string | undefined;
  /** Undefined for `start`. */
  readonly stepId: string | undefined;
}

/**
 * Whether a command can be typed into a shell without running any part of it: one line, or
 * lines that each end in a `\\` continuation. Any other line break would act as Enter.
 */
export function typesWithoutRunning(command: string): boolean {
  const lines = command.replace(/\s+$/, '').split(/\r?\n/);
  return lines.slice(0, -1).every((line) => line.endsWith('\\'));
}

/** The command as typed into the terminal: trailing line breaks (of `|` blocks) removed. */
export function commandToType(command: string): string {
  return command.replace(/\s+$/, '');
}

/**
 * The CodeLenses of a runbook file: "Start runbook" over each runbook, and over each step that has
 * a `run`, "Copy command" always and "Run in terminal" only in a trusted workspace (sending a
 * command a repository wrote to a shell is running its code) and only when the command can be
 * typed without any of it running (see {@link typesWithoutRunning}).
 */
export function stepLenses(
  runbooks: readonly RunbookModel[],
  options: { readonly trusted: boolean },
): StepLens[] {
  const lenses: StepLens[] = [];
  for (const runbook of runbooks) {
    if (runbook.steps.length > 0) {
      lenses.push({
        action: 'start',
        title: '$(checklist) Start runbook',
        tooltip: 'Walk the steps in order as a checklist',
        offset: runbook.start,
        runbookName: runbook.name,
        stepId: undefined,
      });
    }
    for (const step of runbook.steps) {
      if (step.run === undefined) {
        continue;
      }
      const at = { offset: step.start, runbookName: runbook.name, stepId: step.id };
      if (options.trusted && typesWithoutRunning(step.run)) {
        lenses.push({
          ...at,
          action: 'run',
          title: step.dangerous
            ? '$(warning) Run in terminal (dangerous)'
            : '$(terminal) Run in terminal',
          tooltip: step.dangerous
            ? `Asks for confirmation, then types \`${step.run}\` into the terminal '${terminalName(runbook)}' without pressing Enter`
            : `Types \`${step.run}\` into the terminal '${terminalName(runbook)}' without pressing Enter`,
        });
      }
      lenses.push({
        ...at,
        action: 'copy',
        title: '$(copy) Copy command',
        tooltip: `Copies \`${step.run}\` to the clipboard`,
      });
    }
  }
  return lenses;
}

/** The name of the integrated terminal a runbook's commands go to. */
export function terminalName(runbook: Pick<RunbookModel, 'name'>): string {
  return `Runbook: ${runbook.name ?? 'unnamed'}`;
}

/** The question asked before a dangerous step's command goes to the terminal; it names the command. */
export function dangerConfirmation(step: RunbookStep): {
  title: string;
  send: string;
  cancel: string;
} {
  return {
    title: `Step '${step.id}' is marked dangerous (it changes production). Send its command to the terminal?`,
    send: `Send to terminal: ${step.run ?? ''}`,
    cancel: 'Cancel: do not send anything',
  };
}
