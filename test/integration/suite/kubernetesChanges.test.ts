import * as assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { InfraWorkbenchApi } from '../../../src/extension';
import { Commands } from '../../../src/host/ids';
import { baseScheme } from '../../../src/plan/baseContentProvider';
import { KubernetesPreviewData } from '../../../src/plan/core/kubernetesPreviewData';
import { manifestChangesFromGit } from '../../../src/plan/core/manifestChangesFromGit';
import type { PlanPreviewReady } from '../../../src/plan/planPreviewPanel';
import { TempRepo } from '../../unit/git/tempRepo';
import { closeAllEditors, extensionId } from './helpers';

/** Resolves with the next ready message of the panel titled `title`. */
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

/** Resolves with the next editor that becomes active and satisfies `test`. */
function nextEditor(test: (editor: vscode.TextEditor) => boolean): Promise<vscode.TextEditor> {
  return new Promise((resolve) => {
    const listener = vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor !== undefined && test(editor)) {
        listener.dispose();
        resolve(editor);
      }
    });
  });
}

const deployment = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: ${image}
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  ports:
    - port: 80
`;

const configMap = (name: string): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: shop
data:
  key: value
`;

describe('Kubernetes changes preview', () => {
  let api: InfraWorkbenchApi;
  const repos: TempRepo[] = [];
  let repo: TempRepo;
  let title: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<InfraWorkbenchApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    // main: a Deployment, and a Service with a ConfigMap in one file.
    repo = new TempRepo();
    repos.push(repo);
    repo.write('k8s/web.yaml', deployment('nginx:1.25'));
    repo.write('k8s/all.yaml', `${service}---\n${configMap('old')}`);
    repo.commit('base');
    // The working tree: a new image, the Service moved to its own file, the ConfigMap "old"
    // removed and "new" added after the Deployment.
    repo.write('k8s/web.yaml', `${deployment('nginx:1.27')}---\n${configMap('new')}`);
    repo.remove('k8s/all.yaml');
    repo.write('k8s/service.yaml', `# the web service\n${service}`);
    title = path.basename(repo.root);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await closeAllEditors();
    for (const r of repos) {
      r.remove();
    }
  });

  it('opens for a folder and reports the counts it shows', async () => {
    const ready = nextReady(api, title);
    await vscode.commands.executeCommand(
      Commands.previewKubernetesChanges,
      vscode.Uri.file(repo.root),
      'main',
    );
    const { message } = await ready;
    assert.equal(message.view, 'kubernetes');
    assert.equal(message.headline, 'Kubernetes: 1 to add, 1 to change, 1 to remove, 1 moved');
    assert.deepEqual(
      { ...message.counts },
      {
        resources: 3,
        add: 1,
        change: 1,
        destroy: 1,
        replace: 0,
        import: 0,
        move: 1,
        drift: 0,
        outputs: 0,
      },
    );
  });

  /** The target id of a resource, computed by the same core the panel uses. */
  async function targetOf(resourceTitle: string): Promise<number> {
    const report = await manifestChangesFromGit({ folder: repo.root, base: 'main' });
    const resource = new KubernetesPreviewData(report, title).view.resources.find(
      (r) => r.title === resourceTitle,
    );
    assert.ok(resource, resourceTitle);
    return resource.target;
  }

  it('jumps from an added resource to its line in the working tree', async () => {
    const opened = nextEditor((e) => e.document.uri.path.endsWith('/k8s/web.yaml'));
    await api.plan.sendToActivePreview({
      type: 'openManifest',
      target: await targetOf('ConfigMap shop/new'),
    });
    const editor = await opened;
    assert.equal(editor.document.uri.scheme, 'file');
    const line = editor.selection.active.line;
    // The second document of web.yaml: its first line, then its kind and name.
    assert.equal(editor.document.lineAt(line).text, 'apiVersion: v1');
    assert.equal(editor.document.lineAt(line + 1).text, 'kind: ConfigMap');
    assert.equal(editor.document.lineAt(line + 3).text, '  name: new');
    assert.ok(line > 10, `line ${line}`);
  });

  it('opens a removed resource in the base version, read-only', async () => {
    const opened = nextEditor((e) => e.document.uri.scheme === baseScheme);
    await api.plan.sendToActivePreview({
      type: 'openManifest',
      target: await targetOf('ConfigMap shop/old'),
    });
    const editor = await opened;
    assert.ok(editor.document.uri.path.endsWith('/k8s/all.yaml'));
    assert.equal(editor.document.getText(), `${service}---\n${configMap('old')}`);
    const line = editor.selection.active.line;
    assert.equal(editor.document.lineAt(line).text, 'apiVersion: v1');
    assert.equal(editor.document.lineAt(line + 3).text, '  name: old');
  });

  it('copies the Kubernetes changes of the active preview as Markdown', async () => {
    const ready = nextReady(api, title);
    await vscode.commands.executeCommand(
      Commands.previewKubernetesChanges,
      vscode.Uri.file(repo.root),
      'main',
    );
    await ready;
    await vscode.env.clipboard.writeText('');
    assert.equal(await vscode.commands.executeCommand(Commands.copyPlanMarkdown), true);
    const markdown = await vscode.env.clipboard.readText();
    assert.match(markdown, /^\*\*Kubernetes: 1 to add, 1 to change, 1 to remove\*\*/);
    assert.match(markdown, /### :warning: Removed \(1\)/);
  });

  it('says so when nothing changed, and shows an unknown base as an error', async () => {
    const quiet = new TempRepo();
    repos.push(quiet);
    quiet.write('web.yaml', deployment('nginx:1'));
    quiet.commit('base');
    const quietTitle = path.basename(quiet.root);
    const noChanges = nextReady(api, quietTitle);
    await vscode.commands.executeCommand(
      Commands.previewKubernetesChanges,
      vscode.Uri.file(quiet.root),
      'main',
    );
    const { message } = await noChanges;
    assert.equal(message.view, 'no-changes');
    assert.match(
      message.headline,
      /^No Kubernetes changes between main \([0-9a-f]{12}\) and the working tree\.$/,
    );
    assert.equal(message.counts.resources, 0);
    const unknown = nextReady(api, quietTitle);
    await vscode.commands.executeCommand(
      Commands.previewKubernetesChanges,
      vscode.Uri.file(quiet.root),
      'no-such-branch',
    );
    const error = (await unknown).message;
    assert.equal(error.view, 'error');
    assert.equal(error.headline, 'Unknown base revision');
  });
});
