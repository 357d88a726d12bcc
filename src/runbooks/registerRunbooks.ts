import * as vscode from 'vscode';
import { Commands } from '../host/ids';
import type { Logger } from '../host/logger';
import { newRunbook } from './newRunbook';
import { RunbookChecklist } from './runbookChecklist';
import { RunbookCodeLensProvider } from './runbookCodeLenses';
import { copyStepCommand, runStep } from './runStep';

/**
 * Registers the runbook features: the Start / Run in terminal / Copy command CodeLenses, the
 * commands behind them, "New Runbook…" and the "Start Runbook…" checklist.
 */
export function registerRunbooks(deps: { readonly logger: Logger }): vscode.Disposable {
  const lenses = new RunbookCodeLensProvider();
  const checklist = new RunbookChecklist(deps.logger);
  return vscode.Disposable.from(
    lenses,
    vscode.languages.registerCodeLensProvider(
      [
        { language: 'yaml', scheme: 'file' },
        { language: 'yaml', scheme: 'untitled' },
      ],
      lenses,
    ),
    vscode.commands.registerCommand(Commands.runRunbookStep, runStep),
    vscode.commands.registerCommand(Commands.copyRunbookCommand, copyStepCommand),
    vscode.commands.registerCommand(Commands.newRunbook, newRunbook),
    vscode.commands.registerCommand(Commands.startRunbook, (uri?: unknown, name?: unknown) =>
      checklist.start(uri, name),
    ),
  );
}
