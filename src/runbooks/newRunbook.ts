import * as vscode from 'vscode';
import {
  RunbookInputError,
  runbookNameFor,
  runbookSkeleton,
  serviceProblem,
} from './core/runbookSkeleton';

/** Answers to the questions, for callers that have them (other commands, tests). */
interface NewRunbookArgument {
  readonly service: string;
  readonly alert?: string;
}

function isNewRunbookArgument(value: unknown): value is NewRunbookArgument {
  const v = value as Partial<NewRunbookArgument> | undefined;
  return (
    typeof v === 'object' &&
    typeof v.service === 'string' &&
    (v.alert === undefined || typeof v.alert === 'string')
  );
}

/**
 * Asks for the service and the alert, writes `runbooks/<name>.yaml` in the first workspace
 * folder from the skeleton and opens it. An existing file is never overwritten: it is opened
 * instead, and a message says so. Returns the file's URI (undefined when cancelled).
 */
export async function newRunbook(arg?: unknown): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) {
    void vscode.window.showErrorMessage(
      'New Runbook writes into a workspace folder: open a folder first.',
    );
    return undefined;
  }
  const answers = isNewRunbookArgument(arg) ? arg : await ask();
  if (answers === undefined) {
    return undefined;
  }
  let skeleton;
  try {
    skeleton = runbookSkeleton({ service: answers.service, alert: answers.alert ?? '' });
  } catch (error) {
    if (error instanceof RunbookInputError) {
      void vscode.window.showErrorMessage(error.message);
      return undefined;
    }
    throw error;
  }
  return writeRunbook(folder.uri, skeleton);
}

/**
 * Writes a new runbook below a folder and opens it; an existing file is opened instead of
 * overwritten, and a message says so. Returns the file's URI.
 */
export async function writeRunbook(
  folder: vscode.Uri,
  skeleton: { readonly relativePath: string; readonly text: string },
): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder, ...skeleton.relativePath.split('/'));
  if (await exists(uri)) {
    await vscode.window.showTextDocument(uri);
    void vscode.window.showInformationMessage(
      `${skeleton.relativePath} already exists: opened it instead of overwriting it.`,
    );
    return uri;
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(skeleton.text));
  await vscode.window.showTextDocument(uri);
  return uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function ask(): Promise<NewRunbookArgument | undefined> {
  const service = await vscode.window.showInputBox({
    title: 'New Runbook (1/2)',
    prompt: 'The service the runbook is about',
    placeHolder: 'checkout',
    ignoreFocusOut: true,
    validateInput: (value) => serviceProblem(value),
  });
  if (service === undefined) {
    return undefined;
  }
  const alert = await vscode.window.showInputBox({
    title: 'New Runbook (2/2)',
    prompt: 'The alert it answers (may be empty)',
    placeHolder: 'CheckoutHighErrorRate',
    ignoreFocusOut: true,
    validateInput: (value) => ({
      message: `Creates runbooks/${runbookNameFor(service, value)}.yaml`,
      severity: vscode.InputBoxValidationSeverity.Info,
    }),
  });
  return alert === undefined ? undefined : { service, alert };
}
