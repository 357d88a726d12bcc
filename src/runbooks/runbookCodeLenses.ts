import * as vscode from 'vscode';
import { Commands } from '../host/ids';
import { parseRunbooks, stepLenses } from './core/runbookModel';
import type { StepArgument } from './runStep';

/** Start, Run in terminal and Copy command over the steps of runbook files. */
export class RunbookCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  // Trust can be granted while a runbook is open: the Run lenses appear then.
  private readonly trustListener = vscode.workspace.onDidGrantWorkspaceTrust(() => {
    this.changed.fire();
  });

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    if (!text.includes('runbooks/v1')) {
      return [];
    }
    return stepLenses(parseRunbooks(text), { trusted: vscode.workspace.isTrusted }).map((lens) => {
      const line = document.positionAt(lens.offset).line;
      const range = new vscode.Range(line, 0, line, 0);
      if (lens.action === 'start' || lens.stepId === undefined) {
        return new vscode.CodeLens(range, {
          title: lens.title,
          tooltip: lens.tooltip,
          command: Commands.startRunbook,
          arguments: [document.uri, lens.runbookName],
        });
      }
      const argument: StepArgument = {
        uri: document.uri.toString(),
        stepId: lens.stepId,
        ...(lens.runbookName === undefined ? {} : { runbookName: lens.runbookName }),
      };
      return new vscode.CodeLens(range, {
        title: lens.title,
        tooltip: lens.tooltip,
        command: lens.action === 'run' ? Commands.runRunbookStep : Commands.copyRunbookCommand,
        arguments: [argument],
      });
    });
  }

  dispose(): void {
    this.trustListener.dispose();
    this.changed.dispose();
  }
}
