import * as vscode from 'vscode';
import { scannedExtensions } from '../common/classify';
import { Commands, Views } from '../host/ids';
import type { Logger } from '../host/logger';
import { onDidChangeSettings } from '../host/settings';
import { InfraFilesTree } from './infraFilesTree';

/** Registers the Infrastructure Files view, its refresh command and the watcher that refreshes it. */
export function registerInfraFiles(deps: { readonly logger: Logger }): vscode.Disposable {
  const tree = new InfraFilesTree(deps.logger);
  const view = vscode.window.createTreeView(Views.infraFiles, {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      tree.refresh();
    }, 500);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(`**/*.{${scannedExtensions.join(',')}}`);
  return vscode.Disposable.from(
    tree,
    view,
    watcher,
    watcher.onDidCreate(refreshSoon),
    watcher.onDidDelete(refreshSoon),
    watcher.onDidChange(refreshSoon),
    vscode.workspace.onDidChangeWorkspaceFolders(refreshSoon),
    onDidChangeSettings(refreshSoon),
    vscode.commands.registerCommand(Commands.refreshInfraFiles, () => {
      tree.refresh();
    }),
    {
      dispose: () => {
        clearTimeout(timer);
      },
    },
  );
}
