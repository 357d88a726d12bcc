import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import * as vscode from 'vscode';
import type { InfraWorkbenchApi } from '../../../src/extension';
import type { InfraFilesNode } from '../../../src/files/infraFilesTree';
import { Commands } from '../../../src/host/ids';
import {
  closeAllEditors,
  codeOf,
  diagnosticsWhen,
  extensionId,
  isOurs,
  ours,
  workspaceFile,
} from './helpers';

const encoder = new TextEncoder();

async function writeFile(relative: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relative);
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
  return uri;
}

const isOpen = (uri: vscode.Uri): boolean =>
  vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

describe('The whole workspace', () => {
  before(async () => {
    // Resolves when the workspace was scanned and validated.
    await vscode.commands.executeCommand(Commands.validateWorkspace);
  });

  it('lists files in the Infrastructure Files view by what the index read, and follows a change of kind', async () => {
    const extension = vscode.extensions.getExtension<InfraWorkbenchApi>(extensionId);
    assert.ok(extension);
    const view = (await extension.activate())
      .infraFilesView as vscode.TreeDataProvider<InfraFilesNode> & {
      refresh(): void;
    };
    /** The kinds the view lists a file under. */
    const kindsOf = async (relative: string): Promise<string[]> => {
      view.refresh();
      const kinds: string[] = [];
      for (const group of (await view.getChildren()) ?? []) {
        for (const file of (await view.getChildren(group)) ?? []) {
          if (
            group.type === 'group' &&
            file.type === 'file' &&
            file.file.relativePath === relative
          ) {
            kinds.push(group.group.kind);
          }
        }
      }
      return kinds;
    };
    const relative = 'kinds/changing.yaml';
    const uri = await writeFile(relative, 'services:\n  web:\n    image: nginx:1.27\n');
    try {
      await vscode.commands.executeCommand(Commands.validateWorkspace);
      assert.deepEqual(await kindsOf(relative), ['compose']);
      await writeFile(relative, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: changing\n');
      await vscode.commands.executeCommand(Commands.validateWorkspace);
      assert.deepEqual(await kindsOf(relative), ['kubernetes']);
      // Files of the demo repository the index read at its first scan.
      assert.deepEqual(await kindsOf('broken/compose.yaml'), ['compose']);
      // An unsaved edit: the index reads the editor's text, so the view (which takes the kind
      // from the index, not from the disk) lists the file by it.
      const editor = await vscode.window.showTextDocument(uri);
      await editor.edit((edit) => {
        edit.replace(
          new vscode.Range(0, 0, editor.document.lineCount, 0),
          'services:\n  web:\n    image: nginx:1.27\n',
        );
      });
      let kinds = await kindsOf(relative);
      for (let tries = 0; tries < 50 && kinds[0] !== 'compose'; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        kinds = await kindsOf(relative);
      }
      assert.deepEqual(kinds, ['compose']);
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(uri);
      await vscode.workspace.fs.delete(workspaceFile('kinds'), { recursive: true });
      await vscode.commands.executeCommand(Commands.validateWorkspace);
    }
  });

  it('reports the problems of files nobody opened, from the first scan', () => {
    // Every file of the demo repository's broken/ folder has problems; none of them was opened here.
    const uri = workspaceFile('broken/compose.yaml');
    const codes = ours(uri).map(codeOf);
    assert.ok(codes.length > 0, 'broken/compose.yaml has problems without being opened');
  });

  it('reports exactly what `infra-workbench check` reports for the whole repository', async () => {
    await vscode.commands.executeCommand(Commands.validateWorkspace);
    const folder = vscode.workspace.workspaceFolders?.[0];
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(folder && extension);
    const cli = spawnSync(
      process.execPath,
      [path.join(extension.extensionPath, 'dist', 'cli.js'), 'check', '--format', 'json', '.'],
      { encoding: 'utf8', cwd: folder.uri.fsPath },
    );
    assert.equal(cli.status, 1, cli.stderr);
    const report = JSON.parse(cli.stdout) as {
      problems: {
        file: string;
        line: number;
        column: number;
        code: string;
        source: string;
        message: string;
      }[];
    };
    const fromCli = report.problems
      .map((p) => `${p.file}:${p.line}:${p.column} ${p.source}/${p.code} ${p.message}`)
      .sort();
    // Files outside the folder (opened by other tests, still loaded) are not the CLI's business.
    const fromEditor = vscode.languages
      .getDiagnostics()
      .filter(
        ([uri]) =>
          vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === folder.uri.toString(),
      )
      .flatMap(([uri, diagnostics]) =>
        diagnostics
          .filter(isOurs)
          .map(
            (d) =>
              `${vscode.workspace.asRelativePath(uri, false)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.source}/${codeOf(d)} ${d.message}`,
          ),
      )
      .sort();
    assert.ok(fromCli.length > 20, `the demo repository has problems: ${fromCli.length}`);
    assert.deepEqual(fromEditor, fromCli);
  });

  it('validates a file created on disk without opening it, and follows its changes and deletion', async () => {
    const relative = 'k8s/never-opened/deployment.yaml';
    const bad = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: never-opened
spec:
  replicas: two
  selector:
    matchLabels: { app: never-opened }
  template:
    metadata:
      labels: { app: never-opened }
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;
    const uri = await writeFile(relative, bad);
    const found = await diagnosticsWhen(uri, (ds) => ds.length > 0);
    assert.deepEqual(
      found.map((d) => [codeOf(d), d.range.start.line]),
      [['wrong-type', 5]],
    );
    assert.ok(!isOpen(uri), 'the file was never opened');

    await writeFile(relative, bad.replace('replicas: two', 'replicas: 2'));
    await diagnosticsWhen(uri, (ds) => ds.length === 0);

    await writeFile(relative, bad);
    await diagnosticsWhen(uri, (ds) => ds.length > 0);
    await vscode.workspace.fs.delete(workspaceFile('k8s/never-opened'), { recursive: true });
    await diagnosticsWhen(uri, (ds) => ds.length === 0);
    assert.ok(!isOpen(uri));
  });

  it('warns about a Service whose selector matches no workload, and clears it when the workload is fixed', async () => {
    const deployment = (label: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ledger
spec:
  selector:
    matchLabels: { app: ${label} }
  template:
    metadata:
      labels: { app: ${label} }
    spec:
      containers:
        - name: ledger
          image: ledger:1.0
`;
    await writeFile('k8s/cross-file/deployment.yaml', deployment('ledger'));
    const service = await writeFile(
      'k8s/cross-file/service.yaml',
      `apiVersion: v1
kind: Service
metadata:
  name: ledger-api
spec:
  selector:
    app: ledger-api
  ports:
    - port: 80
`,
    );
    const warned = await diagnosticsWhen(service, (ds) => ds.length > 0);
    assert.deepEqual(
      warned.map((d) => [codeOf(d), d.severity, d.range.start.line]),
      [['service-selects-nothing', vscode.DiagnosticSeverity.Warning, 6]],
    );
    // The fix is in the other file: neither is opened.
    await writeFile('k8s/cross-file/deployment.yaml', deployment('ledger-api'));
    await diagnosticsWhen(service, (ds) => ds.length === 0);
    assert.ok(!isOpen(service));
    await vscode.workspace.fs.delete(workspaceFile('k8s/cross-file'), { recursive: true });
  });
});
