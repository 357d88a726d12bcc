import * as vscode from 'vscode';
import type { WorkspaceIndexes } from '../workspace/workspaceIndexes';
import { createTarget } from './alertRunbookLinks';
import { runbookNameFor, runbookSkeletonForAlert, serviceOfAlert } from './core/runbookSkeleton';
import { writeRunbook } from './newRunbook';

/**
 * "Create runbook for this alert": writes a runbook skeleton for an alerting rule of a rule
 * file where its `runbook_url` points (`runbooks/<name>.yaml` when it has none), with the
 * alert's name, severity and summary filled in, and opens it. Never overwrites a file; the
 * rule file is not changed. Returns the runbook's URI (undefined when nothing was written).
 */
export async function createRunbookForAlert(
  workspace: WorkspaceIndexes,
  ruleFile: unknown,
  alertName: unknown,
): Promise<vscode.Uri | undefined> {
  if (!(ruleFile instanceof vscode.Uri) || typeof alertName !== 'string') {
    void vscode.window.showErrorMessage(
      'Create Runbook for This Alert runs from the quick fix or the CodeLens of an alerting rule.',
    );
    return undefined;
  }
  const found = workspace.factsAt(ruleFile);
  const rule = found?.facts.files
    .get(found.relativePath)
    ?.rules.find((r) => r.type === 'alert' && r.name === alertName);
  if (found === undefined || rule === undefined) {
    void vscode.window.showErrorMessage(
      `The alert ${alertName} is no longer in ${vscode.workspace.asRelativePath(ruleFile)}: save the file and try again.`,
    );
    return undefined;
  }
  const alert = {
    alert: rule.name,
    labels: rule.labels,
    ...(rule.summary === undefined ? {} : { summary: rule.summary }),
  };
  const target = createTarget(rule, found.facts);
  if (target === null) {
    void vscode.window.showInformationMessage(
      `The runbook_url of ${rule.name} does not name a YAML file in the repository (${rule.runbookUrl?.value ?? ''}): write that page, or point the link at a runbook YAML file.`,
    );
    return undefined;
  }
  const relativePath =
    target ?? `runbooks/${runbookNameFor(serviceOfAlert(alert), rule.name)}.yaml`;
  return writeRunbook(found.facts.folder.uri, runbookSkeletonForAlert(alert, relativePath));
}
