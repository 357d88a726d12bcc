import * as vscode from 'vscode';
import { registerInfraFiles } from './files/registerInfraFiles';
import { registerGitHub, type GitHubFeature } from './github/registerGitHub';
import { Commands } from './host/ids';
import { createLogger } from './host/logger';
import { registerPlan, type PlanFeature } from './plan/registerPlan';
import { registerRunbooks } from './runbooks/registerRunbooks';
import { registerValidation } from './validation/registerValidation';

/** What `activate` returns: the extension's exports (`vscode.extensions.getExtension(...).exports`). */
export interface InfraWorkbenchApi {
  /** Milliseconds from the start of `activate` to every feature registered (test/bench reads it). */
  readonly activationMs: number;
  /** The Runbooks view's data: runbooks by service, alerts without a runbook. */
  readonly runbooksView: vscode.TreeDataProvider<unknown>;
  /** The Plan Preview: its panels' ready messages, and a way to message the active one. */
  readonly plan: Pick<PlanFeature, 'onDidPreviewReady' | 'sendToActivePreview'>;
  /** The Pull Requests and Issues views and their GitHub connection. */
  readonly github: Pick<GitHubFeature, 'connection' | 'pullRequests' | 'issues'>;
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
  const plan = registerPlan({ logger, extensionUri: context.extensionUri });
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
    registerInfraFiles({ logger }),
    runbooks,
    plan,
    github,
  );
  const activationMs = performance.now() - started;
  logger.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, runbooksView: runbooks.view, plan, github };
}

/** Everything is disposed through `context.subscriptions`. */
export function deactivate(): void {
  // Nothing beyond the subscriptions.
}
