import * as vscode from 'vscode';
import { pickPlanFile } from '../plan/registerPlan';
import { Commands } from '../host/ids';
import type { Logger } from '../host/logger';
import type { WorkspaceIndexes } from '../workspace/workspaceIndexes';
import { LayoutWorker } from './core/layout';
import { DiagramPanels, type DiagramReady } from './diagramPanel';
import type { DiagramSource } from './diagramSources';

/** What the diagram feature exposes through the extension's API (tests use it). */
export interface DiagramFeature {
  dispose(): void;
  /** Fires when a diagram panel has drawn a diagram or an error, with the counts it drew. */
  readonly onDidDiagramReady: vscode.Event<DiagramReady>;
  /** Hands a message to the active diagram panel as if its webview had sent it (validated the same way). */
  readonly sendToActiveDiagram: (message: unknown) => Promise<void>;
  /** The serializer VS Code restores diagram panels with after a reload (tests call it the same way). */
  readonly serializer: vscode.WebviewPanelSerializer;
}

/**
 * Registers the dependency diagrams: the panel (and its restoring after a reload), "Show
 * Dependency Diagram" (active file, or a folder or file from the explorer), "Show Dependency
 * Diagram of the Workspace" and "Show Plan Diagram…".
 */
export function registerDiagram(deps: {
  readonly logger: Logger;
  readonly extensionUri: vscode.Uri;
  readonly workspace: WorkspaceIndexes;
}): DiagramFeature {
  const layoutWorker = new LayoutWorker({
    engineModule: vscode.Uri.joinPath(deps.extensionUri, 'dist', 'graphviz.mjs').fsPath,
  });
  const panels = new DiagramPanels({
    extensionUri: deps.extensionUri,
    logger: deps.logger,
    facts: deps.workspace,
    onDidUpdateFacts: deps.workspace.onDidUpdate,
    layoutWorker,
  });
  const open = async (source: DiagramSource): Promise<void> => {
    // The layout engine loads in its worker while the workspace scan finishes and the graph is built.
    layoutWorker.warm();
    // A diagram asked for right after start-up waits for the first scan of the workspace.
    await deps.workspace.ready;
    panels.show(source);
  };
  const disposable = vscode.Disposable.from(
    panels,
    {
      dispose: () => {
        layoutWorker.dispose();
      },
    },
    vscode.commands.registerCommand(Commands.showDiagram, async (target?: unknown) => {
      const uri =
        target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
      if (uri === undefined) {
        await open({ kind: 'workspace' });
        return;
      }
      const stat = await vscode.workspace.fs.stat(uri);
      await open(
        (stat.type & vscode.FileType.Directory) !== 0
          ? { kind: 'folder', uri }
          : { kind: 'file', uri },
      );
    }),
    vscode.commands.registerCommand(Commands.showWorkspaceDiagram, () =>
      open({ kind: 'workspace' }),
    ),
    vscode.commands.registerCommand(Commands.showPlanDiagram, async (target?: unknown) => {
      const uri = target instanceof vscode.Uri ? target : await pickPlanFile('Show Plan Diagram');
      if (uri !== undefined) {
        panels.show({ kind: 'plan', uri });
      }
    }),
  );
  return {
    onDidDiagramReady: panels.onDidReady,
    serializer: panels.serializer,
    sendToActiveDiagram: async (message) => {
      await panels.activePanel?.receive(message);
    },
    dispose: () => {
      disposable.dispose();
    },
  };
}
