import type * as vscode from 'vscode';

/**
 * The open webview panels of one kind and which of them the user last looked at (what a
 * command such as Copy as Markdown or a test message applies to).
 */
export class OpenPanels<T> {
  private readonly panels = new Set<T>();
  private last: T | undefined;

  /** Tracks a panel from now until its webview panel is disposed; it becomes the active one. */
  add(panel: T, webviewPanel: vscode.WebviewPanel): T {
    this.panels.add(panel);
    this.last = panel;
    webviewPanel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) {
        this.last = panel;
      }
    });
    webviewPanel.onDidDispose(() => {
      this.panels.delete(panel);
      if (this.last === panel) {
        this.last = [...this.panels].at(-1);
      }
    });
    return panel;
  }

  get active(): T | undefined {
    return this.last;
  }

  get all(): readonly T[] {
    return [...this.panels];
  }
}
