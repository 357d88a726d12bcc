import * as vscode from 'vscode';
import { Commands } from '../host/ids';
import type { Logger } from '../host/logger';
import { registerBaseContentProvider } from './baseContentProvider';
import { createAndPreviewPlan } from './createPlan';
import { PlanPreviews, type PlanPreviewReady } from './planPreviewPanel';
import { previewKubernetesChanges } from './previewKubernetesChanges';

/** What the plan feature exposes through the extension's API (tests use it). */
export interface PlanFeature {
  dispose(): void;
  /** Fires when a Plan Preview panel has rendered a plan or an error, with what it shows. */
  readonly onDidPreviewReady: vscode.Event<PlanPreviewReady>;
  /**
   * Hands a message to the active Plan Preview panel as if its webview had sent it (validated
   * the same way); resolves when it is handled.
   */
  sendToActivePreview(message: unknown): Promise<void>;
}

/**
 * Registers the Terraform/OpenTofu plan preview: the panel (and its restoring after a reload),
 * "Preview Plan from File…", "Create and Preview Plan", "Preview Kubernetes Changes…" (with the
 * read-only base documents it opens) and "Copy Plan Summary as Markdown" (for either kind).
 */
export function registerPlan(deps: {
  readonly logger: Logger;
  readonly extensionUri: vscode.Uri;
}): PlanFeature {
  const previews = new PlanPreviews(deps.extensionUri, deps.logger);
  const channel = vscode.window.createOutputChannel('Infra Workbench: Plan');
  const disposable = vscode.Disposable.from(
    previews,
    channel,
    vscode.commands.registerCommand(Commands.previewPlanFile, async (uri?: unknown) => {
      const file = uri instanceof vscode.Uri ? uri : await pickPlanFile('Preview Plan');
      if (file !== undefined) {
        previews.show({ kind: 'file', uri: file });
      }
    }),
    vscode.commands.registerCommand(
      Commands.previewPlanText,
      (text?: unknown, title?: unknown, folder?: unknown) => {
        if (
          typeof text !== 'string' ||
          typeof title !== 'string' ||
          !(folder instanceof vscode.Uri)
        ) {
          return false;
        }
        previews.show({ kind: 'text', text, title, folder });
        return true;
      },
    ),
    vscode.commands.registerCommand(Commands.createPlan, (target?: unknown) =>
      createAndPreviewPlan(previews, channel, target),
    ),
    registerBaseContentProvider(),
    vscode.commands.registerCommand(
      Commands.previewKubernetesChanges,
      async (target?: unknown, base?: unknown, head?: unknown) => {
        await previewKubernetesChanges(previews, deps.logger, target, base, head);
      },
    ),
    vscode.commands.registerCommand(Commands.copyPlanMarkdown, async () => {
      const panel = previews.activePanel;
      if (panel === undefined) {
        void vscode.window.showInformationMessage(
          'Open a plan first: Infra Workbench: Preview Plan from File…, Create and Preview Plan or Preview Kubernetes Changes….',
        );
        return false;
      }
      return panel.copyMarkdown();
    }),
  );
  return {
    onDidPreviewReady: previews.onDidReady,
    sendToActivePreview: async (message) => {
      await previews.activePanel?.receive(message);
    },
    dispose: () => {
      disposable.dispose();
    },
  };
}

/** Asks for a plan JSON file (the palette's way to a plan; the explorer passes the file). */
export async function pickPlanFile(openLabel: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    canSelectFolders: false,
    openLabel,
    title: 'A plan as JSON (terraform show -json plan.tfplan > plan.json)',
    filters: { 'Plan JSON': ['json'], 'All files': ['*'] },
    ...(vscode.workspace.workspaceFolders?.[0] === undefined
      ? {}
      : { defaultUri: vscode.workspace.workspaceFolders[0].uri }),
  });
  return picked?.[0];
}
