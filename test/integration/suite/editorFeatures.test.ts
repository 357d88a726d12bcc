import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, diagnosticsWhen, workspaceFile } from './helpers';

let untitled = 0;

/**
 * Opens `content` in a new untitled YAML document. Each gets a name of its own: an untitled
 * document opened with `{ content }` right after another was closed can come back as the closed
 * one, still holding the old text, until the close reaches the extension host.
 */
async function openYaml(content: string): Promise<vscode.TextDocument> {
  untitled++;
  const uri = vscode.Uri.parse(`untitled:editor-features-${untitled}.yaml`);
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), content);
  assert.ok(await vscode.workspace.applyEdit(edit));
  await vscode.window.showTextDocument(document);
  assert.equal(document.getText(), content);
  assert.equal(document.languageId, 'yaml');
  return document;
}

async function completionsAt(
  document: vscode.TextDocument,
  position: vscode.Position,
): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    position,
  );
  // Only ours: the extension's snippets and word suggestions may answer too.
  return list.items.filter(
    (i) =>
      i.kind === vscode.CompletionItemKind.Property ||
      i.kind === vscode.CompletionItemKind.EnumMember,
  );
}

const label = (item: vscode.CompletionItem): string =>
  typeof item.label === 'string' ? item.label : item.label.label;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
${'  '}
  template:
    spec:
      containers:
        - name: web
          image: nginx
`;

describe('Editor features from the schemas', () => {
  afterEach(closeAllEditors);

  it('completes the keys a mapping lacks, required first, as snippets', async () => {
    const document = await openYaml(deployment);
    // The blank line under spec, indented to the keys' column as Enter leaves it.
    const items = await completionsAt(document, new vscode.Position(6, 2));
    const labels = items.map(label);
    assert.ok(labels.includes('selector'), JSON.stringify(labels));
    assert.ok(!labels.includes('replicas') && !labels.includes('template'));
    const sorted = [...items].sort((a, b) =>
      (a.sortText ?? label(a)).localeCompare(b.sortText ?? label(b)),
    );
    assert.equal(label(sorted[0] ?? new vscode.CompletionItem('')), 'selector');
    const selector = items.find((i) => label(i) === 'selector');
    assert.ok(selector?.insertText instanceof vscode.SnippetString);
    assert.equal(selector.insertText.value, 'selector:\n    $0');
    assert.equal(selector.kind, vscode.CompletionItemKind.Property);
    const docs = selector.documentation;
    assert.match(
      docs instanceof vscode.MarkdownString ? docs.value : String(docs),
      /Label selector/,
    );
  });

  it('inserts a completed key at the right indentation in a list item', async () => {
    const document = await openYaml(deployment.replace('image: nginx', 'image: nginx\n          '));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const position = new vscode.Position(12, 10);
    assert.equal(document.lineAt(12).text, ' '.repeat(10));
    const items = await completionsAt(document, position);
    const ports = items.find((i) => label(i) === 'ports');
    assert.ok(
      ports?.insertText instanceof vscode.SnippetString,
      `${document.uri.toString()}: ${JSON.stringify(items.map(label))}`,
    );
    assert.ok(!items.some((i) => label(i) === 'image'));
    // Its later lines carry their own indentation: the editor must not re-indent them.
    assert.equal(ports.keepWhitespace, true);
    assert.ok(
      await editor.insertSnippet(ports.insertText, position, {
        undoStopBefore: true,
        undoStopAfter: true,
        keepWhitespace: true,
      }),
    );
    assert.equal(document.lineAt(12).text, '          ports:');
    assert.equal(document.lineAt(13).text, '            - ');
  });

  it('completes allowed values at a value position', async () => {
    const document = await openYaml(deployment.replace('replicas: 2', 'paused: '));
    const items = await completionsAt(document, new vscode.Position(5, 10));
    assert.deepEqual(items.map(label).sort(), ['false', 'true']);
    assert.equal(items[0]?.kind, vscode.CompletionItemKind.EnumMember);
  });

  it('outlines each document of a stream by kind and name', async () => {
    const uri = workspaceFile('k8s/checkout/rbac.yaml');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      uri,
    );
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind]),
      [
        ['ServiceAccount checkout', vscode.SymbolKind.Class],
        ['Role checkout-config-reader', vscode.SymbolKind.Class],
        ['RoleBinding checkout-config-reader', vscode.SymbolKind.Class],
      ],
    );
    const document = await vscode.workspace.openTextDocument(uri);
    const [first] = symbols;
    assert.ok(first);
    assert.equal(document.getText(first.selectionRange), 'checkout');
    assert.deepEqual(
      first.children.map((c) => c.name),
      ['apiVersion', 'kind', 'metadata', 'automountServiceAccountToken'],
    );
  });

  it('adds a missing required property through its quick fix, and the problem goes away', async () => {
    const document = await openYaml(deployment.replace('  replicas: 2\n  \n', ''));
    const missing = (
      await diagnosticsWhen(document.uri, (ds) => ds.some((d) => codeOf(d) === 'missing-property'))
    ).find((d) => codeOf(d) === 'missing-property');
    assert.ok(missing);
    assert.equal(document.getText(missing.range), 'spec');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      missing.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const add = actions.find((a) => a.title === "Add missing property 'selector'");
    assert.ok(add?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(add.isPreferred, true);
    const cleared = diagnosticsWhen(document.uri, (ds) => ds.length === 0);
    assert.ok(await vscode.workspace.applyEdit(add.edit));
    assert.equal(
      document.getText(),
      `${deployment.replace('  replicas: 2\n  \n', '')}  selector: {}\n`,
    );
    await cleared;
  });

  it('keeps hover and completion when validation is turned off', async () => {
    const config = vscode.workspace.getConfiguration('infraWorkbench');
    await config.update('validation.enable', false, vscode.ConfigurationTarget.Workspace);
    try {
      const uri = workspaceFile('broken/deployment-typos.yaml');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        document.positionAt(document.getText().indexOf('image:') + 1),
      );
      const text = hovers
        .flatMap((h) => h.contents)
        .map((c) => (c instanceof vscode.MarkdownString ? c.value : JSON.stringify(c)))
        .join('\n');
      assert.match(text, /\*\*image\*\*: `string` — in `Container`/);
      const items = await completionsAt(document, new vscode.Position(8, 2));
      assert.ok(items.some((i) => label(i) === 'strategy'));
      assert.deepEqual(await diagnosticsWhen(uri, (ds) => ds.length === 0), []);
    } finally {
      await config.update('validation.enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
