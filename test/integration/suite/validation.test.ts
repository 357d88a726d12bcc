import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticSource } from '../../../src/host/ids';

/** Resolves with the extension's diagnostics of `uri` once there are some (events, not sleeps). */
function diagnosticsOf(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  const ours = (): vscode.Diagnostic[] =>
    vscode.languages.getDiagnostics(uri).filter((d) => d.source === diagnosticSource);
  return new Promise((resolve) => {
    const now = ours();
    if (now.length > 0) {
      resolve(now);
      return;
    }
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && ours().length > 0) {
        listener.dispose();
        resolve(ours());
      }
    });
  });
}

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  return vscode.Uri.joinPath(folder.uri, relative);
}

describe('Validation in the editor', () => {
  afterEach(async () => {
    // Revert rather than close: closing a dirty editor would wait on a save prompt.
    while (vscode.window.activeTextEditor !== undefined) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('reports a YAML syntax error at its location in the Problems panel', async () => {
    const uri = workspaceFile('broken/syntax-error.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const [first] = await diagnosticsOf(uri);
    assert.ok(first);
    assert.equal(first.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(first.code, 'yaml-syntax');
    // The fixture's error sits on its fifth line (0-based 4).
    assert.equal(first.range.start.line, 4);
  });

  it('reports a duplicate key typed into a valid manifest, on the key', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n',
    });
    await vscode.window.showTextDocument(document);
    const diagnostics = await diagnosticsOf(document.uri);
    const duplicate = diagnostics.find((d) => d.code === 'yaml-duplicate-key');
    assert.ok(duplicate, JSON.stringify(diagnostics));
    assert.equal(document.getText(duplicate.range), 'name');
    assert.equal(duplicate.range.start.line, 4);
  });

  it('reports nothing for the valid manifests of the demo repository', async () => {
    const uri = workspaceFile('k8s/checkout/deployment.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    // Validation of an opened document is synchronous on open; edit it so a re-validation runs,
    // then wait until that broken state is reported and cleared again.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), 'broken: [\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok((await diagnosticsOf(uri)).length > 0);
    const cleared = new Promise<void>((resolve) => {
      const listener = vscode.languages.onDidChangeDiagnostics(() => {
        if (
          vscode.languages.getDiagnostics(uri).filter((d) => d.source === diagnosticSource)
            .length === 0
        ) {
          listener.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand('undo');
    await cleared;
    assert.equal(document.isDirty, false);
  });
});
