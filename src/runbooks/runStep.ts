import * as vscode from 'vscode';
import {
  commandToType,
  dangerConfirmation,
  findStep,
  terminalName,
  typesWithoutRunning,
  type RunbookStep,
} from './core/runbookModel';

/** The argument of the run and copy commands (what the CodeLenses pass). */
export interface StepArgument {
  /** The runbook file, as a URI string or a Uri. */
  readonly uri: string | vscode.Uri;
  readonly stepId: string;
  /** Which runbook of the file, when it holds several. */
  readonly runbookName?: string;
}

/** What the run command did, returned to its caller (tests, other extensions). */
export interface RunStepResult {
  readonly sent: boolean;
  readonly terminalName?: string;
  /** Why nothing was sent. */
  readonly reason?: 'untrusted' | 'not-found' | 'no-command' | 'multi-line' | 'cancelled';
}

function isStepArgument(value: unknown): value is StepArgument {
  const v = value as Partial<StepArgument> | undefined;
  return (
    typeof v === 'object' &&
    (typeof v.uri === 'string' || v.uri instanceof vscode.Uri) &&
    typeof v.stepId === 'string'
  );
}

async function resolveStep(
  arg: unknown,
): Promise<
  { runbookName: string | undefined; step: RunbookStep; uri: vscode.Uri } | { error: string }
> {
  if (!isStepArgument(arg)) {
    return {
      error: 'This command runs a runbook step from its CodeLens; it needs { uri, stepId }.',
    };
  }
  const uri = typeof arg.uri === 'string' ? vscode.Uri.parse(arg.uri) : arg.uri;
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch {
    return { error: `Cannot open the runbook ${uri.toString(true)}.` };
  }
  const found = findStep(document.getText(), arg.stepId, arg.runbookName);
  if (found === undefined) {
    return {
      error: `${vscode.workspace.asRelativePath(uri)} has no runbook step '${arg.stepId}' (the file changed?).`,
    };
  }
  return { runbookName: found.runbook.name, step: found.step, uri };
}

/**
 * Types a step's command into the integrated terminal named after its runbook, without pressing
 * Enter: the user reads it and runs it. Refused in untrusted workspaces and for commands with a
 * line break that would run part of them; a dangerous step first asks, naming the command, in a
 * quick pick whose default answer is Cancel.
 */
export async function runStep(arg: unknown): Promise<RunStepResult> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'Runbook steps are not sent to a terminal in an untrusted workspace. Use "Copy command" instead, or trust the workspace.',
    );
    return { sent: false, reason: 'untrusted' };
  }
  const resolved = await resolveStep(arg);
  if ('error' in resolved) {
    void vscode.window.showErrorMessage(resolved.error);
    return { sent: false, reason: 'not-found' };
  }
  const { step, runbookName } = resolved;
  if (step.run === undefined) {
    void vscode.window.showInformationMessage(
      `Step '${step.id}' has no command to run: it is done by hand.`,
    );
    return { sent: false, reason: 'no-command' };
  }
  if (!typesWithoutRunning(step.run)) {
    void vscode.window.showWarningMessage(
      `The command of step '${step.id}' spans several lines; typing it into a shell would run its first lines at once. Use "Copy command" instead.`,
    );
    return { sent: false, reason: 'multi-line' };
  }
  if (step.dangerous && !(await confirmDangerous(step))) {
    return { sent: false, reason: 'cancelled' };
  }
  const name = terminalName({ name: runbookName });
  const folder = vscode.workspace.getWorkspaceFolder(resolved.uri);
  const terminal =
    vscode.window.terminals.find((t) => t.name === name && t.exitStatus === undefined) ??
    vscode.window.createTerminal({ name, ...(folder === undefined ? {} : { cwd: folder.uri }) });
  terminal.show();
  // false: no Enter. The command waits at the prompt until the user presses it.
  terminal.sendText(commandToType(step.run), false);
  return { sent: true, terminalName: name };
}

/**
 * Asks before a dangerous step: a quick pick rather than a modal dialog so the answer can be
 * given from the keyboard and from the integration tests, which cannot click a dialog. Cancel is
 * the first (default) item: Enter alone sends nothing.
 */
async function confirmDangerous(step: RunbookStep): Promise<boolean> {
  const question = dangerConfirmation(step);
  const send: vscode.QuickPickItem = { label: `$(warning) ${question.send}` };
  const cancel: vscode.QuickPickItem = { label: question.cancel };
  const answer = await vscode.window.showQuickPick([cancel, send], {
    title: question.title,
    placeHolder: `Dangerous: ${step.title}`,
    ignoreFocusOut: true,
  });
  return answer === send;
}

/** Copies a step's command to the clipboard (works in untrusted workspaces too). */
export async function copyStepCommand(arg: unknown): Promise<string | undefined> {
  const resolved = await resolveStep(arg);
  if ('error' in resolved) {
    void vscode.window.showErrorMessage(resolved.error);
    return undefined;
  }
  if (resolved.step.run === undefined) {
    void vscode.window.showInformationMessage(`Step '${resolved.step.id}' has no command.`);
    return undefined;
  }
  const command = commandToType(resolved.step.run);
  await vscode.env.clipboard.writeText(command);
  vscode.window.setStatusBarMessage(`Copied the command of step '${resolved.step.id}'`, 3000);
  return command;
}
