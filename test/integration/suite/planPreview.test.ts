import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InfraWorkbenchApi } from '../../../src/extension';
import { Commands } from '../../../src/host/ids';
import { isShownChange, readPlanModel } from '../../../src/plan/core/buildPlanModel';
import type { PlanModel } from '../../../src/plan/core/planModel';
import type { PlanPreviewReady } from '../../../src/plan/planPreviewPanel';
import { closeAllEditors, extensionId, workspaceFile } from './helpers';

/** Resolves with the next ready message of a panel whose title satisfies `title`. */
function nextReady(api: InfraWorkbenchApi, title: string): Promise<PlanPreviewReady> {
  return new Promise((resolve) => {
    const listener = api.plan.onDidPreviewReady((ready) => {
      if (ready.title === title) {
        listener.dispose();
        resolve(ready);
      }
    });
  });
}

async function textOf(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** What the panel must report for a plan: the model's counts. */
function expectedCounts(model: PlanModel): Record<string, number> {
  const c = model.summary.counts;
  return {
    resources: model.resourceChanges.filter(isShownChange).length,
    add: c.add,
    change: c.change,
    destroy: c.destroy,
    replace: c.replace,
    import: c.import,
    move: c.move,
    drift: c.drift,
    outputs: c.outputs,
  };
}

/** The 0-based line of a block header in a .tf file. */
async function lineOfBlock(uri: vscode.Uri, header: string): Promise<number> {
  const line = (await textOf(uri)).split('\n').findIndex((l) => l.startsWith(header));
  assert.ok(line >= 0, header);
  return line;
}

describe('Plan Preview', () => {
  let api: InfraWorkbenchApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<InfraWorkbenchApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await closeAllEditors();
  });

  it('opens a real plan from its file and reports the counts it shows', async () => {
    const uri = workspaceFile('plans/lambda-alerts/plan.json');
    const model = readPlanModel(await textOf(uri));
    const ready = nextReady(api, 'plans/lambda-alerts/plan.json');
    await vscode.commands.executeCommand(Commands.previewPlanFile, uri);
    const { message } = await ready;
    assert.equal(message.view, 'plan');
    assert.equal(message.headline, model.summary.headline);
    assert.deepEqual(message.counts, expectedCounts(model));
    // The plan has creates, an update, destroys and drift: the counts are not all zero.
    assert.ok(message.counts.add > 0 && message.counts.destroy > 0 && message.counts.drift > 0);
  });

  it('jumps from a resource address to its block in the .tf files', async () => {
    const tf = workspaceFile('plans/lambda-alerts/main.tf');
    const expected = await lineOfBlock(tf, 'resource "aws_lambda_function" "lambda"');
    const opened = new Promise<vscode.TextEditor>((resolve) => {
      const listener = vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.document.uri.path.endsWith('/plans/lambda-alerts/main.tf') === true) {
          listener.dispose();
          resolve(editor);
        }
      });
    });
    await api.plan.sendToActivePreview({
      type: 'openSource',
      address: 'aws_lambda_function.lambda',
    });
    const editor = await opened;
    assert.equal(editor.selection.active.line, expected);
  });

  it('copies the summary of the active preview as Markdown', async () => {
    const ready = nextReady(api, 'terraform/plan.json');
    await vscode.commands.executeCommand(
      Commands.previewPlanFile,
      workspaceFile('terraform/plan.json'),
    );
    const { message } = await ready;
    assert.equal(message.counts.replace, 1);
    assert.equal(message.counts.destroy, 2);
    await vscode.env.clipboard.writeText('');
    assert.equal(await vscode.commands.executeCommand(Commands.copyPlanMarkdown), true);
    const markdown = await vscode.env.clipboard.readText();
    assert.match(markdown, /^\*\*Plan: 2 to add, 1 to change, 2 to destroy\.\*\*/);
    assert.match(markdown, /Destroyed or replaced \(2\)/);
  });

  it('shows an error, not a blank panel, for a file that is not a plan', async () => {
    const ready = nextReady(api, 'docker-compose.yaml');
    await vscode.commands.executeCommand(
      Commands.previewPlanFile,
      workspaceFile('docker-compose.yaml'),
    );
    const { message } = await ready;
    assert.equal(message.view, 'error');
    assert.equal(message.headline, 'This file is not valid JSON');
    assert.equal(message.counts.resources, 0);
  });
});
