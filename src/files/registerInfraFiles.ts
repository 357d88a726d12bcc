import * as vscode from 'vscode';
import { scannedExtensions } from '../common/classify';
import { Commands, Views } from '../host/ids';
import type { Logger } from '../host/logger';
import { onDidChangeSettings } from '../host/settings';
import type { WorkspaceIndexes } from '../workspace/workspaceIndexes';
import { InfraFilesTree } from './infraFilesTree';

/** Registers the Infrastructure Files view, its refresh command and the watcher that refreshes it. */
export function registerInfraFiles(deps: {
  readonly logger: Logger;
  /** The workspace index, whose reading of each file the view reuses. */
  readonly workspace?: WorkspaceIndexes;
}): vscode.Disposable & { readonly tree: InfraFilesTree } {
  const { workspace } = deps;
  const tree = new InfraFilesTree(
    deps.logger,
    workspace === undefined ? undefined : (uri) => workspace.kindOf(uri),
  );
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
  const disposable = vscode.Disposable.from(
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
  return Object.assign(disposable, { tree });
}
