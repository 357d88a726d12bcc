import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Settings, settingsSection } from '../../../src/host/ids';
import {
  closeAllEditors,
  codeOf,
  diagnosticsOf,
  nextDiagnostics,
  ours,
  workspaceFile,
} from './helpers';

/** `[code, line (0-based), the text under the range]` of each diagnostic. */
async function summary(uri: vscode.Uri): Promise<[string | undefined, number, string][]> {
  const document = await vscode.workspace.openTextDocument(uri);
  return (await diagnosticsOf(uri)).map((d) => [
    codeOf(d),
    d.range.start.line,
    document.getText(d.range),
  ]);
}

describe('Schema overrides in the editor', () => {
  afterEach(closeAllEditors);

  it('validates a file mapped to a schema by .infra-workbench.yaml against that schema', async () => {
    const uri = workspaceFile('config/shop.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.deepEqual(await summary(uri), [['wrong-type', 2, 'eighty']]);
    assert.equal(ours(uri)[0]?.source, 'yaml');
  });

  it('applies a modeline to every document after it, until the next modeline', async () => {
    const uri = workspaceFile('config/modelines.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.deepEqual(await summary(uri), [
      ['invalid-value', 6, 'loud'],
      ['invalid-value', 10, 'verbose'],
    ]);
  });

  it('leaves files mapped to none alone', async () => {
    // The mapping is loaded once config/shop.yaml is reported against its schema.
    await summary(workspaceFile('config/shop.yaml'));
    const legacy = workspaceFile('legacy/old-frontend.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(legacy));
    // Opening validates synchronously: once a later document has diagnostics, this one has its own.
    const control = workspaceFile('broken/deployment-typos.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(control));
    await diagnosticsOf(control);
    assert.deepEqual(ours(legacy), []);
  });

  it('follows the infraWorkbench.schemas setting as it changes', async () => {
    const uri = workspaceFile('broken/deployment-typos.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.equal((await diagnosticsOf(uri)).length, 2);
    const config = vscode.workspace.getConfiguration(settingsSection);
    const cleared = nextDiagnostics(uri, (ds) => ds.length === 0);
    await config.update(
      Settings.schemas,
      { 'broken/deployment-typos.yaml': 'none' },
      vscode.ConfigurationTarget.Workspace,
    );
    await cleared;
    const back = nextDiagnostics(uri, (ds) => ds.length === 2);
    await config.update(Settings.schemas, undefined, vscode.ConfigurationTarget.Workspace);
    await back;
  });
});
