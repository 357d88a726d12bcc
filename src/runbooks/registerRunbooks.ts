import * as vscode from 'vscode';
import { Commands, Views } from '../host/ids';
import type { Logger } from '../host/logger';
import type { WorkspaceIndexes } from '../workspace/workspaceIndexes';
import {
  AlertRunbookLenses,
  AlertRunbookLinks,
  CreateRunbookQuickFix,
  RunbookAlertHover,
} from './alertRunbookLinks';
import { createRunbookForAlert } from './createRunbookForAlert';
import { newRunbook } from './newRunbook';
import { openAt } from './openInFolder';
import { RunbookChecklist } from './runbookChecklist';
import { RunbookCodeLensProvider } from './runbookCodeLenses';
import { RunbooksTree } from './runbooksView';
import { copyStepCommand, runStep } from './runStep';

/** The runbook features; the Runbooks view's data is exposed for tests and other extensions. */
export interface RunbooksFeature {
  dispose(): void;
  readonly view: RunbooksTree;
}

/**
 * Registers the runbook features: the Start / Run in terminal / Copy command CodeLenses, the
 * commands behind them, "New Runbook…", the "Start Runbook…" checklist, the links between
 * alerts and runbooks (document links, "Open runbook" lenses, hover, "Create runbook for this
 * alert") from the workspace index, and the Runbooks view.
 */
export function registerRunbooks(deps: {
  readonly logger: Logger;
  readonly workspace: WorkspaceIndexes;
}): RunbooksFeature {
  const yaml = [
    { language: 'yaml', scheme: 'file' },
    { language: 'yaml', scheme: 'untitled' },
  ];
  const lenses = new RunbookCodeLensProvider();
  const alertLenses = new AlertRunbookLenses(deps.workspace);
  const checklist = new RunbookChecklist(deps.logger);
  const view = new RunbooksTree(deps.workspace);
  const disposable = vscode.Disposable.from(
    lenses,
    alertLenses,
    view,
    vscode.languages.registerCodeLensProvider(yaml, lenses),
    vscode.languages.registerCodeLensProvider(yaml, alertLenses),
    vscode.languages.registerDocumentLinkProvider(yaml, new AlertRunbookLinks(deps.workspace)),
    vscode.languages.registerHoverProvider(yaml, new RunbookAlertHover(deps.workspace)),
    vscode.languages.registerCodeActionsProvider(yaml, new CreateRunbookQuickFix(deps.workspace), {
      providedCodeActionKinds: CreateRunbookQuickFix.kinds,
    }),
    vscode.window.createTreeView(Views.runbooks, { treeDataProvider: view, showCollapseAll: true }),
    vscode.commands.registerCommand(
      Commands.createRunbookForAlert,
      (uri?: unknown, alert?: unknown) => createRunbookForAlert(deps.workspace, uri, alert),
    ),
    vscode.commands.registerCommand(Commands.openRunbook, (uri?: unknown, range?: unknown) =>
      uri instanceof vscode.Uri ? openAt(uri, isRange(range) ? range : undefined) : undefined,
    ),
    vscode.commands.registerCommand(Commands.runRunbookStep, runStep),
    vscode.commands.registerCommand(Commands.copyRunbookCommand, copyStepCommand),
    vscode.commands.registerCommand(Commands.newRunbook, newRunbook),
    vscode.commands.registerCommand(Commands.startRunbook, (uri?: unknown, name?: unknown) =>
      checklist.start(uri, name),
    ),
  );
  return {
    view,
    dispose: () => {
      disposable.dispose();
    },
  };
}

function isRange(value: unknown): value is readonly [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)
  );
}
