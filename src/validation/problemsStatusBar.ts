import * as vscode from 'vscode';
import { BuiltinCommands } from '../host/ids';

/** The status bar summary of every problem Infra Workbench reports; see {@link registerProblemsStatusBar}. */
export interface ProblemsStatusBar {
  /** Recounts soon (debounced): call after diagnostics were published. */
  readonly refresh: () => void;
  /** Shows that the workspace is being validated (true) or is done (false). */
  readonly setBusy: (busy: boolean) => void;
  readonly disposable: vscode.Disposable;
}

const refreshDelayMs = 250;

/**
 * A status bar item with the errors and warnings across the workspace (our diagnostic
 * collections only: every file, open or not); a click opens the Problems panel.
 */
export function registerProblemsStatusBar(
  collections: readonly vscode.DiagnosticCollection[],
): ProblemsStatusBar {
  const item = vscode.window.createStatusBarItem(
    'infraWorkbench.problems',
    vscode.StatusBarAlignment.Left,
    50,
  );
  item.name = 'Infra Workbench: Problems';
  item.command = BuiltinCommands.showProblems;
  let busy = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const update = (): void => {
    let errors = 0;
    let warnings = 0;
    const files = new Set<string>();
    for (const collection of collections) {
      collection.forEach((uri, diagnostics) => {
        for (const d of diagnostics) {
          if (d.severity === vscode.DiagnosticSeverity.Error) {
            errors++;
            files.add(uri.toString());
          } else if (d.severity === vscode.DiagnosticSeverity.Warning) {
            warnings++;
            files.add(uri.toString());
          }
        }
      });
    }
    const counts = `$(error) ${errors} $(warning) ${warnings}`;
    item.text = busy ? `$(sync~spin) Infra ${counts}` : `$(server-environment) Infra ${counts}`;
    item.tooltip = busy
      ? 'Infra Workbench is validating the workspace…'
      : `Infra Workbench: ${plural(errors, 'error')} and ${plural(warnings, 'warning')} in ${plural(files.size, 'file')} of the workspace, open or not. Click to open the Problems panel.`;
    item.accessibilityInformation = {
      label: `Infra Workbench: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
    };
    item.show();
  };

  const refresh = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      update();
    }, refreshDelayMs);
  };
  update();

  return {
    refresh,
    setBusy: (value) => {
      busy = value;
      update();
    },
    disposable: vscode.Disposable.from(item, {
      dispose: () => {
        clearTimeout(timer);
      },
    }),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
