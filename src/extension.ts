import * as vscode from 'vscode';
import { registerDiagram, type DiagramFeature } from './diagram/registerDiagram';
import { registerInfraFiles } from './files/registerInfraFiles';
import { registerGitHub, type GitHubFeature } from './github/registerGitHub';
import { Commands } from './host/ids';
import { createLogger } from './host/logger';
import { registerPlan, type PlanFeature } from './plan/registerPlan';
import { registerRunbooks } from './runbooks/registerRunbooks';
import { registerValidation } from './validation/registerValidation';
import type { WorkspaceIndexes } from './workspace/workspaceIndexes';

/** What `activate` returns: the extension's exports (`vscode.extensions.getExtension(...).exports`). */
export interface InfraWorkbenchApi {
  /** Milliseconds from the start of `activate` to every feature registered (test/bench reads it). */
  readonly activationMs: number;
  /** The Runbooks view's data: runbooks by service, alerts without a runbook. */
  readonly runbooksView: vscode.TreeDataProvider<unknown>;
  /** The Infrastructure Files view's data: the workspace's infra files grouped by kind. */
  readonly infraFilesView: vscode.TreeDataProvider<unknown> & { refresh(): void };
  /** The Plan Preview: its panels' ready messages, and a way to message the active one. */
  readonly plan: Pick<PlanFeature, 'onDidPreviewReady' | 'sendToActivePreview'>;
  /** The dependency diagrams: their panels' ready messages, a way to message the active one, the index facts they draw. */
  readonly diagram: Pick<
    DiagramFeature,
    'onDidDiagramReady' | 'sendToActiveDiagram' | 'serializer'
  > & {
    readonly workspace: Pick<WorkspaceIndexes, 'allFacts' | 'ready' | 'onDidUpdate'>;
  };
  /** The Pull Requests and Issues views and their GitHub connection. */
  readonly github: Pick<
    GitHubFeature,
    'connection' | 'pullRequests' | 'issues' | 'pullRequestDetails'
  >;
}

/** Builds the shared services and registers each feature; nothing else happens here. */
export function activate(context: vscode.ExtensionContext): InfraWorkbenchApi {
  const started = performance.now();
  const logger = createLogger();
  logger.info(
    `Infra Workbench ${(context.extension.packageJSON as { version: string }).version} on VS Code ${vscode.version}`,
  );
  const validation = registerValidation({
    logger,
    schemasDir: context.asAbsolutePath('schemas'),
    storageDir: context.globalStorageUri.fsPath,
  });
  const runbooks = registerRunbooks({ logger, workspace: validation.workspace });
  const infraFiles = registerInfraFiles({ logger, workspace: validation.workspace });
  const plan = registerPlan({ logger, extensionUri: context.extensionUri });
  const diagram = registerDiagram({
    logger,
    extensionUri: context.extensionUri,
    workspace: validation.workspace,
  });
  const github = registerGitHub({
    logger,
    version: (context.extension.packageJSON as { version: string }).version,
  });
  context.subscriptions.push(
    logger,
    vscode.commands.registerCommand(Commands.showLog, () => {
      logger.show();
    }),
    validation,
    infraFiles,
    runbooks,
    plan,
    diagram,
    github,
  );
  const activationMs = performance.now() - started;
  logger.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    runbooksView: runbooks.view,
    infraFilesView: infraFiles.tree,
    plan,
    diagram: {
      onDidDiagramReady: diagram.onDidDiagramReady,
      sendToActiveDiagram: diagram.sendToActiveDiagram,
      serializer: diagram.serializer,
      workspace: validation.workspace,
    },
    github,
  };
}

/** Everything is disposed through `context.subscriptions`. */
export function deactivate(): void {
  // Nothing beyond the subscriptions.
}
