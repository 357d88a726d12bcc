import * as vscode from 'vscode';
import { assertNever } from '../common/messageGuards';
import { OpenPanels } from '../host/openPanels';
import { webviewPanelOptions } from '../host/webviewOptions';
import { describeError } from '../common/describeError';
import { Panels } from '../host/ids';
import type { Logger } from '../host/logger';
import { webviewHtml } from '../host/webviewHtml';
import { PlanReadError } from '../plan/core/readPlanJson';
import { TerraformSourceIndex } from '../plan/core/terraformSource';
import { layoutDiagram } from './core/diagramLayout';
import type { DiagramOptions } from './core/diagramOptions';
import type { DiagramView } from './core/diagramView';
import { LayoutBudgetError, LayoutError, type LayoutWorker } from './core/layout';
import {
  buildDiagram,
  type BuiltDiagram,
  type DiagramSource,
  type FactsProvider,
} from './diagramSources';
import {
  parsePanelState,
  parseSourceState,
  parseWebviewMessage,
  type DiagramSourceState,
  type HostMessage,
  type ReadyMessage,
} from './protocol';

/** How long the layout may take before the panel gives up and says so. */
const layoutBudgetMs = 15_000;

/** Index updates arrive in bursts while files are saved: the diagram follows after a pause. */
const updateDelayMs = 400;

/** A ready message from a panel, with what the panel shows. */
export interface DiagramReady {
  readonly title: string;
  readonly source: DiagramSourceState;
  /** The view options the panel drew with. */
  readonly options: DiagramOptions;
  readonly message: ReadyMessage;
}

/** What the panels need from the rest of the extension. */
export interface DiagramDeps {
  readonly extensionUri: vscode.Uri;
  readonly logger: Logger;
  readonly facts: FactsProvider;
  /** Fires when the workspace index changed (YAML diagrams are rebuilt). */
  readonly onDidUpdateFacts: vscode.Event<void>;
  /** The layout worker the panels share, kept warm between layouts (its engine is dist/graphviz.mjs). */
  readonly layoutWorker: LayoutWorker;
}

/** Opens, tracks and restores the diagram panels. */
export class DiagramPanels implements vscode.Disposable {
  private readonly panels = new OpenPanels<DiagramPanel>();
  private readonly readyEmitter = new vscode.EventEmitter<DiagramReady>();
  /** Fires when a panel has drawn a diagram or an error (tests wait on it). */
  readonly onDidReady = this.readyEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private updateTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Restores a panel VS Code kept over a reload from the state its webview stored (source and
   * view options, checked; a source outside the workspace closes the panel). Registered as the
   * panel type's serializer; the integration test calls it the same way.
   */
  readonly serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (panel, state: unknown) => {
      const source = restorableSource(state);
      if (source === undefined) {
        panel.dispose();
        return;
      }
      this.adopt(panel, source, parsePanelState(state).options);
      await Promise.resolve();
    },
  };

  constructor(private readonly deps: DiagramDeps) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(Panels.diagram, this.serializer),
      deps.onDidUpdateFacts(() => {
        clearTimeout(this.updateTimer);
        this.updateTimer = setTimeout(() => {
          for (const panel of this.panels.all) {
            if (panel.source.kind !== 'plan') {
              panel.sourceChanged();
            }
          }
        }, updateDelayMs);
      }),
    );
  }

  /** Opens a diagram of `source` (one already open is shown again and rebuilt). */
  show(source: DiagramSource): DiagramPanel {
    const key = sourceKey(source);
    const open = this.panels.all.find((p) => sourceKey(p.source) === key);
    if (open !== undefined) {
      open.reveal();
      open.reload();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(
      Panels.diagram,
      titleOf(source),
      vscode.ViewColumn.Active,
      this.options(),
    );
    return this.adopt(panel, source);
  }

  /** The panel last focused, if it is still open. */
  get activePanel(): DiagramPanel | undefined {
    return this.panels.active;
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return webviewPanelOptions(this.deps.extensionUri);
  }

  private adopt(
    webviewPanel: vscode.WebviewPanel,
    source: DiagramSource,
    options: DiagramOptions = {},
  ): DiagramPanel {
    this.deps.layoutWorker.warm();
    webviewPanel.webview.options = this.options();
    webviewPanel.title = titleOf(source);
    const panel = new DiagramPanel(webviewPanel, source, options, this.deps, (m) => {
      this.readyEmitter.fire(m);
    });
    return this.panels.add(panel, webviewPanel);
  }

  dispose(): void {
    clearTimeout(this.updateTimer);
    for (const panel of this.panels.all) {
      panel.dispose();
    }
    this.disposables.forEach((d) => {
      d.dispose();
    });
    this.readyEmitter.dispose();
  }
}

/** One diagram panel: builds and lays out its graph, answers its webview's messages. */
export class DiagramPanel implements vscode.Disposable {
  private built: BuiltDiagram | undefined;
  /** What the webview is told after its `hello`: the diagram or the error. */
  private content: Promise<HostMessage>;
  private stale = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    readonly source: DiagramSource,
    private options: DiagramOptions,
    private readonly deps: DiagramDeps,
    private readonly onReady: (ready: DiagramReady) => void,
  ) {
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'activitybar.svg');
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      title: panel.title,
      script: vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview', 'diagram.js'),
      style: vscode.Uri.joinPath(deps.extensionUri, 'media', 'diagram.css'),
    });
    this.content = this.load();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible && this.stale) {
          this.reload();
        }
      }),
      panel.onDidDispose(() => {
        this.dispose();
      }),
    );
    if (source.kind === 'plan') {
      const folder = vscode.Uri.joinPath(source.uri, '..');
      const name = source.uri.path.split('/').pop() ?? '';
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(folder, name),
      );
      this.disposables.push(
        watcher,
        watcher.onDidChange(() => {
          this.sourceChanged();
        }),
        watcher.onDidCreate(() => {
          this.sourceChanged();
        }),
      );
    }
  }

  get title(): string {
    return titleOf(this.source);
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** The sources changed: rebuild now when visible, else when shown again. */
  sourceChanged(): void {
    if (this.panel.visible) {
      this.reload();
    } else {
      this.stale = true;
    }
  }

  /** Builds the diagram again and sends it to the webview. */
  reload(): void {
    this.stale = false;
    this.content = this.load();
    void this.send();
  }

  /**
   * Handles a message as if the webview had sent it (validated first). The webview's messages
   * come here; tests call it through the extension's API.
   */
  async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (message === undefined) {
      this.deps.logger.warn('Diagram: ignored a malformed message from the webview');
      return;
    }
    switch (message.type) {
      case 'hello':
        await this.send();
        break;
      case 'ready':
        this.onReady({
          title: this.title,
          source: stateOf(this.source),
          options: this.options,
          message,
        });
        break;
      case 'open':
        await this.open(message.id);
        break;
      case 'exportSvg':
        await this.exportSvg(message.svg);
        break;
      case 'options':
        // Only the view changes: the graph built from the sources is laid out again.
        this.options = message.options;
        this.content = this.built === undefined ? this.load() : this.present(this.built);
        await this.send();
        break;
      default:
        assertNever(message);
    }
  }

  /** Reveals a node's definition: its file and line, or a Terraform resource's block. */
  async open(id: string): Promise<void> {
    const node = this.built?.graph.nodes.find((n) => n.id === id);
    if (node === undefined) {
      return;
    }
    const folder = this.built?.folderOf(id);
    if (node.file !== undefined && folder !== undefined) {
      const uri = vscode.Uri.joinPath(folder, node.file);
      const position = new vscode.Position(Math.max(0, (node.line ?? 1) - 1), 0);
      await vscode.window.showTextDocument(uri, {
        selection: new vscode.Range(position, position),
        viewColumn: vscode.ViewColumn.Beside,
      });
      return;
    }
    if (this.source.kind === 'plan' && (node.kind === 'resource' || node.kind === 'data')) {
      await this.openTerraform(id);
      return;
    }
    void vscode.window.showInformationMessage(
      node.missing === true
        ? `${node.label} is referred to but defined nowhere in the workspace.`
        : `${node.label} has no source file in the workspace.`,
    );
  }

  private async openTerraform(address: string): Promise<void> {
    if (this.source.kind !== 'plan') {
      return;
    }
    const excluded = '{**/node_modules/**,**/.terraform/**,**/.git/**}';
    const uris = await vscode.workspace.findFiles('**/*.tf', excluded, 20_000);
    const byPath = new Map(uris.map((u) => [u.path, u]));
    const files = await Promise.all(
      uris.map(async (uri) => ({
        path: uri.path,
        text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)),
      })),
    );
    const near = vscode.Uri.joinPath(this.source.uri, '..').path;
    const result = new TerraformSourceIndex(files).locate(address, near);
    if ('notFound' in result) {
      void vscode.window.showWarningMessage(`${address}: ${result.notFound}`);
      return;
    }
    const uri = byPath.get(result.found.path);
    if (uri !== undefined) {
      const position = new vscode.Position(result.found.line, result.found.column);
      await vscode.window.showTextDocument(uri, {
        selection: new vscode.Range(position, position),
        viewColumn: vscode.ViewColumn.Beside,
      });
    }
  }

  private async exportSvg(svg: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Export the diagram as SVG',
      filters: { SVG: ['svg'] },
      ...(folder === undefined ? {} : { defaultUri: vscode.Uri.joinPath(folder, 'diagram.svg') }),
    });
    if (target === undefined) {
      return;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
    void vscode.window.showInformationMessage(
      `Diagram saved to ${vscode.workspace.asRelativePath(target)}.`,
    );
  }

  private async send(): Promise<void> {
    const content = this.content;
    const message = await content;
    // A rebuild started meanwhile (the index updated again): its result is sent instead.
    if (content === this.content) {
      await this.panel.webview.postMessage(message);
    }
  }

  private async load(): Promise<HostMessage> {
    const restore = stateOf(this.source);
    const title = this.title;
    const started = performance.now();
    let built: BuiltDiagram;
    try {
      built = await buildDiagram(this.source, this.deps.facts);
    } catch (error) {
      this.built = undefined;
      if (error instanceof PlanReadError) {
        return {
          type: 'error',
          title: 'This file is not a plan the diagram can draw',
          message: `${title}: ${error.message}`,
          restore,
          options: this.options,
        };
      }
      return {
        type: 'error',
        title: 'The diagram could not be built',
        message: `${title}: ${describeError(error)}`,
        restore,
        options: this.options,
      };
    }
    this.built = built;
    return this.present(built, started);
  }

  /** Applies the view options to a built graph, lays it out and makes the message. */
  private async present(built: BuiltDiagram, started = performance.now()): Promise<HostMessage> {
    const restore = stateOf(this.source);
    const title = this.title;
    const options = this.options;
    let view: DiagramView;
    try {
      ({ view } = await layoutDiagram(built.graph, options, {
        budgetMs: layoutBudgetMs,
        worker: this.deps.layoutWorker,
      }));
    } catch (error) {
      if (error instanceof LayoutBudgetError || error instanceof LayoutError) {
        return {
          type: 'error',
          title: 'The diagram could not be laid out',
          message: error.message,
          restore,
          options,
        };
      }
      throw error;
    }
    this.deps.logger.info(
      `Diagram ${title}: ${view.nodes.length} nodes, ${view.edges.length} edges laid out in ${Math.round(performance.now() - started)} ms`,
    );
    return { type: 'diagram', title, view, restore, options };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
    this.panel.dispose();
  }
}

/** The identity stored for restoring. */
function stateOf(source: DiagramSource): DiagramSourceState {
  return source.kind === 'workspace'
    ? { kind: 'workspace' }
    : { kind: source.kind, uri: source.uri.toString() };
}

function sourceKey(source: DiagramSource): string {
  return JSON.stringify(stateOf(source));
}

/** A restored panel's source, checked, and only inside the open workspace. */
export function restorableSource(state: unknown): DiagramSource | undefined {
  const restore = parseSourceState((state as { restore?: unknown } | undefined)?.restore);
  if (restore === undefined) {
    return undefined;
  }
  if (restore.kind === 'workspace') {
    return restore;
  }
  try {
    const uri = vscode.Uri.parse(restore.uri, true);
    return vscode.workspace.getWorkspaceFolder(uri) === undefined
      ? undefined
      : { kind: restore.kind, uri };
  } catch {
    return undefined;
  }
}

function titleOf(source: DiagramSource): string {
  switch (source.kind) {
    case 'workspace':
      return 'Diagram: workspace';
    case 'folder':
    case 'file':
      return `Diagram: ${vscode.workspace.asRelativePath(source.kind === 'file' ? vscode.Uri.joinPath(source.uri, '..') : source.uri)}`;
    case 'plan':
      return `Plan Diagram: ${vscode.workspace.asRelativePath(source.uri)}`;
  }
}
