import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineColumn, lineStarts } from '../../../src/common/lines';
import { applyOptions, type DiagramOptions } from '../../../src/diagram/core/diagramOptions';
import type { Graph } from '../../../src/diagram/core/graphModel';
import { terraformDiagramFromPlanText } from '../../../src/diagram/core/terraformGraph';
import { workspaceGraph } from '../../../src/diagram/core/workspaceGraph';
import type { DiagramReady } from '../../../src/diagram/diagramPanel';
import type { InfraWorkbenchApi } from '../../../src/extension';
import { Commands, Panels } from '../../../src/host/ids';
import type { FileFacts } from '../../../src/workspace/core/fileFacts';
import { closeAllEditors, extensionId, workspaceFile } from './helpers';

/** Resolves with the next ready message of a panel whose title is `title`. */
function nextReady(api: InfraWorkbenchApi, title: string): Promise<DiagramReady> {
  return new Promise((resolve) => {
    const listener = api.diagram.onDidDiagramReady((ready) => {
      if (ready.title === title) {
        listener.dispose();
        resolve(ready);
      }
    });
  });
}

/** The core builder's graph of the editor index's facts (the files under `under`, or all). */
function expectedGraph(api: InfraWorkbenchApi, under?: string): Graph {
  const [facts] = api.diagram.workspace.allFacts();
  assert.ok(facts, 'the demo repository is indexed');
  const files = new Map<string, FileFacts>();
  for (const [path, file] of facts.files) {
    if (under === undefined || path.startsWith(`${under}/`)) {
      files.set(path, file);
    }
  }
  return workspaceGraph(
    {
      files,
      lineOf: (file, offset) => {
        const text = facts.textOf(file);
        return text === undefined ? undefined : lineColumn(lineStarts(text), offset).line;
      },
    },
    { exists: facts.exists, runbookUrls: facts.runbookUrls },
  );
}

describe('Dependency diagrams', () => {
  let api: InfraWorkbenchApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<InfraWorkbenchApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    // The first scan starts after activation: wait until the index holds the demo's files.
    const indexed = (): boolean => (api.diagram.workspace.allFacts()[0]?.files.size ?? 0) > 0;
    while (!indexed()) {
      await new Promise<void>((resolve) => {
        const listener = api.diagram.workspace.onDidUpdate(() => {
          listener.dispose();
          resolve();
        });
      });
    }
    await api.diagram.workspace.ready;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await closeAllEditors();
  });

  it('draws the whole workspace: the webview reports the nodes and edges the core builds', async () => {
    const ready = nextReady(api, 'Diagram: workspace');
    await vscode.commands.executeCommand(Commands.showWorkspaceDiagram);
    const { message } = await ready;
    const expected = expectedGraph(api);
    // The demo repository has Kubernetes manifests, a Compose file, workflows and runbooks.
    assert.ok(expected.nodes.length > 20, `${expected.nodes.length} nodes`);
    assert.ok(expected.edges.length > 10, `${expected.edges.length} edges`);
    assert.equal(message.view, 'diagram');
    assert.equal(message.nodes, expected.nodes.length);
    assert.equal(message.edges, expected.edges.length);
  });

  it('opens the file and line of a clicked node', async () => {
    const expected = expectedGraph(api);
    const node = expected.nodes.find(
      (n) => n.kind === 'Service' && n.file?.startsWith('k8s/') === true && (n.line ?? 0) > 1,
    );
    assert.ok(
      node?.file !== undefined && node.line !== undefined,
      'a Service defined below line 1',
    );
    const file = node.file;
    const opened = new Promise<vscode.TextEditor>((resolve) => {
      const listener = vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.document.uri.path.endsWith(`/${file}`) === true) {
          listener.dispose();
          resolve(editor);
        }
      });
    });
    await api.diagram.sendToActiveDiagram({ type: 'open', id: node.id });
    const editor = await opened;
    assert.equal(editor.selection.active.line, node.line - 1);
    // The line holds the object's name.
    assert.match(editor.document.lineAt(node.line - 1).text, new RegExp(node.name));
  });

  it('draws a folder from the explorer: only the files under it', async () => {
    const ready = nextReady(api, 'Diagram: k8s');
    await vscode.commands.executeCommand(Commands.showDiagram, workspaceFile('k8s'));
    const { message } = await ready;
    const expected = expectedGraph(api, 'k8s');
    const whole = expectedGraph(api);
    assert.ok(expected.nodes.length > 0 && expected.nodes.length < whole.nodes.length);
    assert.equal(message.nodes, expected.nodes.length);
    assert.equal(message.edges, expected.edges.length);
  });

  it('draws a plan coloured by action with the counts of the core', async () => {
    const uri = workspaceFile('terraform/plan.json');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const { graph } = terraformDiagramFromPlanText(text);
    assert.ok(graph.nodes.some((n) => n.action === 'replace' || n.action === 'delete'));
    const ready = nextReady(api, 'Plan Diagram: terraform/plan.json');
    await vscode.commands.executeCommand(Commands.showPlanDiagram, uri);
    const { message } = await ready;
    assert.equal(message.view, 'diagram');
    assert.equal(message.nodes, graph.nodes.length);
    assert.equal(message.edges, graph.edges.length);
  });

  it("opens from the plan preview's Show Diagram button, for the plan the preview shows", async () => {
    // A diagram of the plan left open by a test before would only be revealed: close it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const uri = workspaceFile('terraform/plan.json');
    await vscode.commands.executeCommand(Commands.previewPlanFile, uri);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const { graph } = terraformDiagramFromPlanText(text);
    const ready = nextReady(api, 'Plan Diagram: terraform/plan.json');
    await api.plan.sendToActivePreview({ type: 'showDiagram' });
    const { message } = await ready;
    assert.equal(message.nodes, graph.nodes.length);
    assert.equal(message.edges, graph.edges.length);
  });

  it('shows an error, not a blank panel, for a JSON file that is not a plan', async () => {
    const ready = nextReady(api, 'Plan Diagram: docker-compose.yaml');
    await vscode.commands.executeCommand(
      Commands.showPlanDiagram,
      workspaceFile('docker-compose.yaml'),
    );
    const { message } = await ready;
    assert.equal(message.view, 'error');
    assert.equal(message.nodes, 0);
  });

  it('applies view options sent by the webview: filters, plan context and a collapsed module', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const uri = workspaceFile('terraform/plan.json');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const { graph } = terraformDiagramFromPlanText(text);
    const title = 'Plan Diagram: terraform/plan.json';
    let ready = nextReady(api, title);
    await vscode.commands.executeCommand(Commands.showPlanDiagram, uri);
    await ready;
    const options: DiagramOptions = { hops: 0 };
    const expected = applyOptions(graph, options).graph;
    assert.ok(expected.nodes.length > 0 && expected.nodes.length < graph.nodes.length);
    ready = nextReady(api, title);
    await api.diagram.sendToActiveDiagram({ type: 'options', options });
    const drawn = await ready;
    assert.deepEqual(drawn.options, options);
    assert.equal(drawn.message.nodes, expected.nodes.length);
    assert.equal(drawn.message.edges, expected.edges.length);
    // The webview saved the options next to the source, for a restore.
    assert.deepEqual(drawn.message.state?.options, options);
  });

  it('restores a panel through its serializer: same source, same view options, same counts', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const title = 'Diagram: workspace';
    let ready = nextReady(api, title);
    await vscode.commands.executeCommand(Commands.showWorkspaceDiagram);
    await ready;
    const whole = expectedGraph(api);
    const group = applyOptions(whole, {}).allGroups[0];
    assert.ok(group !== undefined, 'the demo repository has namespaces or other groups');
    const options: DiagramOptions = { collapsed: [group] };
    const expected = applyOptions(whole, options).graph;
    // A view the default options do not make: a restore without them would draw other counts.
    assert.ok(expected.nodes.length < whole.nodes.length);
    ready = nextReady(api, title);
    await api.diagram.sendToActiveDiagram({ type: 'options', options });
    const before = await ready;
    assert.equal(before.message.nodes, expected.nodes.length);
    assert.equal(before.message.edges, expected.edges.length);
    const state = before.message.state;
    assert.ok(state !== undefined, 'the webview reports what it saved for a restore');
    assert.deepEqual(state.restore, { kind: 'workspace' });

    // What VS Code does after a reload: a new panel of the type, handed to the serializer with
    // the state the old webview saved.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const panel = vscode.window.createWebviewPanel(
      Panels.diagram,
      'restoring',
      vscode.ViewColumn.Active,
    );
    ready = nextReady(api, title);
    await api.diagram.serializer.deserializeWebviewPanel(panel, state);
    const after = await ready;
    assert.equal(panel.title, title);
    assert.deepEqual(after.source, before.source);
    assert.deepEqual(after.options, options);
    assert.equal(after.message.view, 'diagram');
    assert.equal(after.message.nodes, before.message.nodes);
    assert.equal(after.message.edges, before.message.edges);
    assert.deepEqual(after.message.state, state);
  });

  it('closes a restored panel whose stored source is outside the workspace or forged', async () => {
    for (const state of [
      { restore: { kind: 'folder', uri: 'file:///etc' } },
      { restore: { kind: 'plan' } },
      'garbage',
    ]) {
      const panel = vscode.window.createWebviewPanel(
        Panels.diagram,
        'restoring',
        vscode.ViewColumn.Active,
      );
      const disposed = new Promise<void>((resolve) => {
        panel.onDidDispose(() => {
          resolve();
        });
      });
      await api.diagram.serializer.deserializeWebviewPanel(panel, state);
      await disposed;
    }
  });
});
