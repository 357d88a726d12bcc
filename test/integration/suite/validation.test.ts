import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, diagnosticsOf, nextDiagnostics, workspaceFile } from './helpers';

describe('Validation in the editor', () => {
  afterEach(closeAllEditors);

  it('reports a YAML syntax error at its location in the Problems panel', async () => {
    const uri = workspaceFile('broken/syntax-error.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const [first] = await diagnosticsOf(uri);
    assert.ok(first);
    assert.equal(first.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(codeOf(first), 'syntax');
    assert.equal(first.source, 'yaml');
    // The fixture's error sits on its fifth line (0-based 4).
    assert.equal(first.range.start.line, 4);
  });

  it('reports Kubernetes schema problems at the key or value they concern', async () => {
    const uri = workspaceFile('broken/deployment-typos.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostics = await diagnosticsOf(uri);
    const summary = diagnostics.map((d) => [
      d.source,
      codeOf(d),
      d.range.start.line,
      d.range.start.character,
      d.range.end.line,
      d.range.end.character,
    ]);
    assert.deepEqual(summary, [
      ['kubernetes', 'wrong-type', 7, 12, 7, 15],
      ['kubernetes', 'unknown-property', 19, 10, 19, 24],
    ]);
    assert.match(diagnostics[1]?.message ?? '', /Did you mean 'imagePullPolicy'\?/);
  });

  it('offers a quick fix that renames a misspelt key, and the problem goes away', async () => {
    const uri = workspaceFile('broken/deployment-typos.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const typo = (await diagnosticsOf(uri)).find((d) => codeOf(d) === 'unknown-property');
    assert.ok(typo);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      typo.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const rename = actions.find((a) => a.title === "Rename to 'imagePullPolicy'");
    assert.ok(rename?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(rename.isPreferred, true);
    const remaining = nextDiagnostics(
      uri,
      (ds) => !ds.some((d) => codeOf(d) === 'unknown-property'),
    );
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.equal(document.lineAt(19).text, '          imagePullPolicy: IfNotPresent');
    assert.deepEqual(
      (await remaining).map((d) => codeOf(d)),
      ['wrong-type'],
    );
    // Undo the fix and wait until the file's problems are back, so later tests see it unchanged.
    const restored = nextDiagnostics(uri, (ds) => ds.length === 2);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await restored;
  });

  it('answers hover with the schema documentation', async () => {
    const uri = workspaceFile('broken/deployment-typos.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const position = document.positionAt(document.getText().indexOf('image:') + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      position,
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (c instanceof vscode.MarkdownString ? c.value : JSON.stringify(c)))
      .join('\n');
    assert.match(text, /\*\*image\*\*: `string` — in `Container`/);
    assert.match(text, /Container image name/);
  });

  it('reports a duplicate key typed into a valid manifest, on the key', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n',
    });
    await vscode.window.showTextDocument(document);
    const diagnostics = await diagnosticsOf(document.uri);
    const duplicate = diagnostics.find((d) => codeOf(d) === 'duplicate-key');
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
    const cleared = nextDiagnostics(uri, (ds) => ds.length === 0);
    await vscode.commands.executeCommand('undo');
    await cleared;
    assert.equal(document.isDirty, false);
  });
});
