import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../src/host/ids';
import { runbookSkeleton } from '../../../src/runbooks/core/runbookSkeleton';
import type { RunStepResult, StepArgument } from '../../../src/runbooks/runStep';
import { closeAllEditors, extensionId, workspaceFile } from './helpers';

const ours = (lens: vscode.CodeLens): boolean =>
  lens.command?.command.startsWith('infraWorkbench.runbook.') === true;

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  // The provider command answers for loaded documents only.
  await vscode.workspace.openTextDocument(uri);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
    'vscode.executeCodeLensProvider',
    uri,
  );
  return lenses.filter(ours);
}

/** The argument the lens of `stepId` passes to its command. */
function argumentOf(lenses: vscode.CodeLens[], command: string, stepId: string): StepArgument {
  const lens = lenses.find(
    (l) =>
      l.command?.command === command &&
      (l.command.arguments?.[0] as StepArgument | undefined)?.stepId === stepId,
  );
  assert.ok(lens?.command?.arguments, `no ${command} lens on step ${stepId}`);
  return lens.command.arguments[0] as StepArgument;
}

const activeUri = (): string | undefined => vscode.window.activeTextEditor?.document.uri.toString();

/** Waits for what has no event: the quick pick of the dangerous step showing. */
const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

describe('Runbooks', () => {
  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  after(async () => {
    await vscode.commands
      .executeCommand('workbench.action.closeQuickOpen')
      .then(undefined, () => undefined);
    for (const terminal of vscode.window.terminals) {
      if (terminal.name.startsWith('Runbook: ')) {
        terminal.dispose();
      }
    }
    await closeAllEditors();
  });

  it('shows Start over the runbook and Run and Copy over every step with a command', async () => {
    const uri = workspaceFile('runbooks/checkout-high-error-rate.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const lenses = await lensesOf(uri);
    const at = (command: string): number[] =>
      lenses.filter((l) => l.command?.command === command).map((l) => l.range.start.line);
    const stepLines = document
      .getText()
      .split('\n')
      .flatMap((line, i) => (/^\s+- id: /.test(line) ? [i] : []));
    assert.equal(stepLines.length, 5);
    assert.deepEqual(at(Commands.startRunbook), [0]);
    assert.deepEqual(at(Commands.runRunbookStep), stepLines);
    assert.deepEqual(at(Commands.copyRunbookCommand), stepLines);
    const rollback = lenses.find(
      (l) =>
        l.command?.command === Commands.runRunbookStep &&
        (l.command.arguments?.[0] as StepArgument).stepId === 'rollback',
    );
    assert.match(rollback?.command?.title ?? '', /dangerous/);
  });

  it('copies a step command from its lens', async () => {
    const uri = workspaceFile('runbooks/checkout-high-error-rate.yaml');
    const arg = argumentOf(await lensesOf(uri), Commands.copyRunbookCommand, 'catalog');
    await vscode.env.clipboard.writeText('before');
    const copied = await vscode.commands.executeCommand<string>(Commands.copyRunbookCommand, arg);
    assert.equal(copied, 'kubectl -n shop get endpoints catalog');
    assert.equal(await vscode.env.clipboard.readText(), copied);
  });

  it('sends a step to a terminal named after the runbook, reused by the next step', async () => {
    const uri = workspaceFile('runbooks/checkout-high-error-rate.yaml');
    const name = 'Runbook: checkout-high-error-rate';
    assert.ok(!vscode.window.terminals.some((t) => t.name === name));
    const arg = argumentOf(await lensesOf(uri), Commands.runRunbookStep, 'catalog');
    const result = await vscode.commands.executeCommand<RunStepResult>(
      Commands.runRunbookStep,
      arg,
    );
    assert.deepEqual(result, { sent: true, terminalName: name });
    const terminal = vscode.window.terminals.find((t) => t.name === name);
    assert.ok(terminal, `no terminal named '${name}'`);
    // A second step goes to the same terminal.
    const again = await vscode.commands.executeCommand<RunStepResult>(Commands.runRunbookStep, {
      ...argumentOf(await lensesOf(uri), Commands.runRunbookStep, 'pods'),
    });
    assert.equal(again.sent, true);
    assert.equal(vscode.window.terminals.filter((t) => t.name === name).length, 1);
  });

  it('asks before a dangerous step, Cancel by default, and sends nothing when cancelled', async () => {
    const uri = workspaceFile('runbooks/catalog-high-latency.yaml');
    const name = 'Runbook: catalog-high-latency';
    const arg = argumentOf(await lensesOf(uri), Commands.runRunbookStep, 'scale-up');
    let settled: RunStepResult | undefined;
    const running = Promise.resolve(
      vscode.commands.executeCommand<RunStepResult>(Commands.runRunbookStep, arg),
    ).then((r) => (settled = r));
    // The question is a quick pick: accept its default answer once it shows. Accepting before it
    // shows does nothing, so this repeats (bounded) until the command returns.
    for (let i = 0; i < 100 && settled === undefined; i++) {
      await delay(100);
      assert.ok(!vscode.window.terminals.some((t) => t.name === name), 'sent before asking');
      // Throws while no quick pick is open yet.
      await vscode.commands
        .executeCommand('workbench.action.acceptSelectedQuickOpenItem')
        .then(undefined, () => undefined);
    }
    assert.deepEqual(await running, { sent: false, reason: 'cancelled' });
    assert.ok(!vscode.window.terminals.some((t) => t.name === name));
  });

  it('New Runbook writes a runbook from the template and opens it, never overwriting', async () => {
    const answers = { service: 'inventory', alert: 'InventoryStockSyncStalled' };
    const expected = workspaceFile('runbooks/inventory-stock-sync-stalled.yaml');
    try {
      const uri = await vscode.commands.executeCommand<vscode.Uri>(Commands.newRunbook, answers);
      assert.equal(uri.toString(), expected.toString());
      assert.equal(activeUri(), expected.toString());
      const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      assert.equal(written, runbookSkeleton(answers).text);
      const lenses = await lensesOf(uri);
      assert.equal(lenses.filter((l) => l.command?.command === Commands.runRunbookStep).length, 3);

      const edited = written.replace('Edit this summary.', 'Edited by hand.');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(edited));
      await closeAllEditors();
      const again = await vscode.commands.executeCommand<vscode.Uri>(Commands.newRunbook, answers);
      assert.equal(again.toString(), expected.toString());
      assert.equal(activeUri(), expected.toString());
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), edited);
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(expected).then(undefined, () => undefined);
    }
  });
});
