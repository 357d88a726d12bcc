import * as vscode from 'vscode';
import type { Logger } from '../host/logger';
import { readSettings } from '../host/settings';
import { ChecklistProgress } from './core/checklistProgress';
import { parseRunbooks, type RunbookModel, type RunbookStep } from './core/runbookModel';
import { copyStepCommand, runStep } from './runStep';

interface StepItem extends vscode.QuickPickItem {
  readonly step: RunbookStep;
}

const runButton: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('terminal'),
  tooltip: 'Run in terminal (types the command, you press Enter)',
};
const copyButton: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('copy'),
  tooltip: 'Copy command',
};

/**
 * "Start runbook": the steps of a runbook as a checklist (a multi-select quick pick), in order,
 * the first pending step active. Ticks are remembered per runbook for the session; each step's
 * buttons run or copy its command, then the checklist comes back.
 */
export class RunbookChecklist {
  private readonly progress = new ChecklistProgress();

  constructor(private readonly logger: Logger) {}

  /** Opens the checklist of `uri` (or the active editor's runbook, or one picked from the workspace). */
  async start(uri?: unknown, runbookName?: unknown): Promise<void> {
    const target = await this.chooseRunbook(
      uri instanceof vscode.Uri ? uri : undefined,
      typeof runbookName === 'string' ? runbookName : undefined,
    );
    if (target === undefined) {
      return;
    }
    let again = true;
    while (again) {
      again = await this.showChecklist(target.uri, target.runbook);
    }
  }

  /** Shows the checklist once; true when a step's button was used and it should come back. */
  private showChecklist(uri: vscode.Uri, runbook: RunbookModel): Promise<boolean> {
    const key = `${uri.toString()}#${runbook.name ?? ''}`;
    const ids = runbook.steps.map((s) => s.id);
    const done = new Set(this.progress.doneSteps(key, ids));
    const next = this.progress.nextStep(key, ids);
    const trusted = vscode.workspace.isTrusted;
    const pick = vscode.window.createQuickPick<StepItem>();
    const items: StepItem[] = runbook.steps.map((step, i) => ({
      step,
      label: `${i + 1}. ${step.title}`,
      description: `${step.dangerous ? '$(warning) dangerous · ' : ''}${step.run ?? 'by hand'}`,
      ...(step.expect === undefined ? {} : { detail: `Expect: ${step.expect}` }),
      buttons: step.run === undefined ? [] : trusted ? [runButton, copyButton] : [copyButton],
    }));
    pick.title = `Runbook ${runbook.name ?? ''}: ${this.progress.summary(key, ids)}`;
    pick.placeholder =
      'Tick the steps you have done; Enter closes. The buttons run or copy a step.';
    pick.canSelectMany = true;
    pick.matchOnDescription = true;
    pick.ignoreFocusOut = true;
    pick.items = items;
    pick.selectedItems = items.filter((i) => done.has(i.step.id));
    pick.activeItems = items.filter((i) => i.step.id === next);
    return new Promise<boolean>((resolve) => {
      let comeBack = false;
      const disposables: { dispose(): unknown }[] = [
        pick,
        pick.onDidChangeSelection((selected) => {
          this.progress.setDone(
            key,
            selected.map((i) => i.step.id),
          );
          pick.title = `Runbook ${runbook.name ?? ''}: ${this.progress.summary(key, ids)}`;
        }),
        pick.onDidAccept(() => {
          pick.hide();
        }),
        pick.onDidTriggerItemButton(async ({ item, button }) => {
          comeBack = true;
          pick.hide();
          // The checklist comes back only once the step's own question (if any) is answered.
          const arg = { uri: uri.toString(), stepId: item.step.id, runbookName: runbook.name };
          try {
            await (button === runButton ? runStep(arg) : copyStepCommand(arg));
          } catch (error) {
            this.logger.error(`Runbook step ${item.step.id}`, error);
          }
          resolve(true);
        }),
        pick.onDidHide(() => {
          for (const d of disposables) {
            d.dispose();
          }
          if (comeBack) {
            return;
          }
          if (ids.length > 0 && this.progress.nextStep(key, ids) === undefined) {
            void vscode.window.showInformationMessage(
              `All ${ids.length} steps of runbook ${runbook.name ?? ''} are done.`,
            );
          }
          resolve(false);
        }),
      ];
      pick.show();
    });
  }

  private async chooseRunbook(
    uri: vscode.Uri | undefined,
    runbookName: string | undefined,
  ): Promise<{ uri: vscode.Uri; runbook: RunbookModel } | undefined> {
    const editor = vscode.window.activeTextEditor?.document;
    const candidates: { uri: vscode.Uri; runbook: RunbookModel }[] = [];
    if (uri !== undefined) {
      const document = await vscode.workspace.openTextDocument(uri);
      candidates.push(...parseRunbooks(document.getText()).map((runbook) => ({ uri, runbook })));
    } else if (editor !== undefined && parseRunbooks(editor.getText()).length > 0) {
      candidates.push(
        ...parseRunbooks(editor.getText()).map((runbook) => ({ uri: editor.uri, runbook })),
      );
    } else {
      candidates.push(...(await this.workspaceRunbooks()));
    }
    const named =
      runbookName === undefined
        ? candidates
        : candidates.filter((c) => c.runbook.name === runbookName);
    if (named.length === 0) {
      void vscode.window.showInformationMessage(
        'No runbook found (apiVersion: runbooks/v1, kind: Runbook). "New Runbook…" creates one.',
      );
      return undefined;
    }
    if (named.length === 1) {
      return named[0];
    }
    const picked = await vscode.window.showQuickPick(
      named.map((c) => ({
        label: c.runbook.name ?? '(unnamed)',
        description: vscode.workspace.asRelativePath(c.uri),
        detail: `${c.runbook.steps.length} steps${c.runbook.service === undefined ? '' : ` · ${c.runbook.service}`}`,
        candidate: c,
      })),
      { title: 'Start Runbook', placeHolder: 'Which runbook?', matchOnDescription: true },
    );
    return picked?.candidate;
  }

  private async workspaceRunbooks(): Promise<{ uri: vscode.Uri; runbook: RunbookModel }[]> {
    const exclude = readSettings().filesExclude;
    const uris = await vscode.workspace.findFiles(
      '**/*.{yaml,yml}',
      exclude.length > 0 ? `{${exclude.join(',')}}` : undefined,
      5000,
    );
    const found: { uri: vscode.Uri; runbook: RunbookModel }[] = [];
    for (const uri of uris) {
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        if (text.includes('runbooks/v1')) {
          found.push(...parseRunbooks(text).map((runbook) => ({ uri, runbook })));
        }
      } catch (error) {
        this.logger.warn(`Cannot read ${uri.toString(true)}: ${String(error)}`);
      }
    }
    return found.sort((a, b) => (a.runbook.name ?? '').localeCompare(b.runbook.name ?? ''));
  }
}
