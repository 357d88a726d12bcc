import path from 'node:path';
import * as vscode from 'vscode';
import { assertNever } from '../common/messageGuards';
import { OpenPanels } from '../host/openPanels';
import { webviewPanelOptions } from '../host/webviewOptions';
import { describeError } from '../common/describeError';
import { GitError, type GitErrorKind } from '../git/core/gitRepository';
import { Commands, Panels } from '../host/ids';
import type { Logger } from '../host/logger';
import { webviewHtml } from '../host/webviewHtml';
import { readPlanModel } from './core/buildPlanModel';
import { formatPlanMarkdown } from './core/formatPlanMarkdown';
import { KubernetesPreviewData } from './core/kubernetesPreviewData';
import type { KubernetesTarget } from './core/kubernetesView';
import { formatManifestChangesMarkdown } from './core/manifestChangesFormat';
import { manifestChangesFromGit } from './core/manifestChangesFromGit';
import { buildPlanReport } from './core/planReport';
import { PlanPreviewData } from './core/planView';
import { PlanReadError } from './core/readPlanJson';
import { TerraformSourceIndex, type LocateResult } from './core/terraformSource';
import { baseDocumentUri } from './baseContentProvider';
import {
  parseWebviewMessage,
  type HostMessage,
  type PlanErrorKind,
  type ReadyMessage,
  type ShowErrorMessage,
} from './protocol';

/** Plans larger than this are refused with a message (parsing one blocks the extension host). */
export const maxPlanBytes = 150 * 1024 * 1024;

/** What a preview shows: a plan file, or the JSON of a plan just created in a folder. */
export type PlanSource =
  | { readonly kind: 'file'; readonly uri: vscode.Uri }
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly title: string;
      /** The Terraform folder the plan was made in (jump to source looks there first). */
      readonly folder: vscode.Uri;
    }
  | {
      /** The Kubernetes changes of the manifests under `folder` since `base`. */
      readonly kind: 'kubernetes';
      readonly folder: vscode.Uri;
      /** A branch, tag or commit; undefined: the merge base with the default branch. */
      readonly base?: string;
      /** A revision compared with the base instead of the working tree (a pull request's head). */
      readonly head?: string;
    };

/** A ready message from a panel, with what the panel shows. */
export interface PlanPreviewReady {
  readonly title: string;
  readonly message: ReadyMessage;
}

/**
 * The state a restored panel comes back from: which file (plans made by a command are not
 * restored), or which folder and base of Kubernetes changes.
 */
interface PanelState {
  readonly planUri?: unknown;
  readonly kubernetes?: {
    readonly folder?: unknown;
    readonly base?: unknown;
    readonly head?: unknown;
  };
}

/** Opens, tracks and restores the Plan Preview panels. */
export class PlanPreviews implements vscode.Disposable {
  private readonly panels = new OpenPanels<PlanPreviewPanel>();
  private readonly readyEmitter = new vscode.EventEmitter<PlanPreviewReady>();
  /** Fires when a panel has rendered a plan or an error (tests wait on it). */
  readonly onDidReady = this.readyEmitter.event;
  private readonly serializer: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
  ) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(Panels.planPreview, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const kubernetes = restorableKubernetes(state);
        if (kubernetes !== undefined) {
          this.adopt(panel, kubernetes);
          await Promise.resolve();
          return;
        }
        const uri = restorableUri(state);
        if (uri === undefined) {
          panel.dispose();
          return;
        }
        this.adopt(panel, { kind: 'file', uri });
        await Promise.resolve();
      },
    });
  }

  /** Opens a preview of `source` (a file already previewed is shown again and reloaded). */
  show(source: PlanSource): PlanPreviewPanel {
    if (source.kind === 'kubernetes') {
      const open = this.panels.all.find(
        (p) =>
          p.source.kind === 'kubernetes' &&
          p.source.folder.toString() === source.folder.toString() &&
          p.source.base === source.base &&
          p.source.head === source.head,
      );
      if (open !== undefined) {
        open.reveal();
        open.reload();
        return open;
      }
    }
    if (source.kind === 'file') {
      const open = this.panels.all.find(
        (p) => p.source.kind === 'file' && p.source.uri.toString() === source.uri.toString(),
      );
      if (open !== undefined) {
        open.reveal();
        open.reload();
        return open;
      }
    }
    const title = titleOf(source);
    const panel = vscode.window.createWebviewPanel(
      Panels.planPreview,
      source.kind === 'kubernetes' ? `Kubernetes Changes: ${title}` : `Plan Preview: ${title}`,
      vscode.ViewColumn.Active,
      this.options(),
    );
    return this.adopt(panel, source);
  }

  /** The panel last focused, if it is still open. */
  get activePanel(): PlanPreviewPanel | undefined {
    return this.panels.active;
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return webviewPanelOptions(this.extensionUri, { enableFindWidget: true });
  }

  private adopt(webviewPanel: vscode.WebviewPanel, source: PlanSource): PlanPreviewPanel {
    webviewPanel.webview.options = this.options();
    const panel = new PlanPreviewPanel(
      webviewPanel,
      source,
      this.extensionUri,
      this.logger,
      (m) => {
        this.readyEmitter.fire(m);
      },
    );
    return this.panels.add(panel, webviewPanel);
  }

  dispose(): void {
    for (const panel of this.panels.all) {
      panel.dispose();
    }
    this.serializer.dispose();
    this.readyEmitter.dispose();
  }
}

/** One Plan Preview panel: reads the plan, answers its webview's messages. */
export class PlanPreviewPanel implements vscode.Disposable {
  private data: PlanPreviewData | undefined;
  private kubernetesData: KubernetesPreviewData | undefined;
  /** What the webview is told after its `hello`: the plan or the error. */
  private content: Promise<HostMessage>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    readonly source: PlanSource,
    extensionUri: vscode.Uri,
    private readonly logger: Logger,
    private readonly onReady: (ready: PlanPreviewReady) => void,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activitybar.svg');
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      title: panel.title,
      script: vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'planPreview.js'),
      style: vscode.Uri.joinPath(extensionUri, 'media', 'planPreview.css'),
    });
    this.content = this.load();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => {
        this.dispose();
      }),
    );
  }

  /** The plan's title: its file name or the folder it was made in. */
  get title(): string {
    return titleOf(this.source);
  }

  /** The masked plan shown, once read. */
  get plan(): PlanPreviewData | undefined {
    return this.data;
  }

  /** The Kubernetes changes shown, once read. */
  get kubernetes(): KubernetesPreviewData | undefined {
    return this.kubernetesData;
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Reads the file again and sends the result to the webview. */
  reload(): void {
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
      this.logger.warn(`Plan Preview: ignored a malformed message from the webview`);
      return;
    }
    switch (message.type) {
      case 'hello':
        await this.send();
        break;
      case 'ready':
        this.onReady({ title: this.title, message });
        break;
      case 'details': {
        const attributes = this.data?.details(message.id, message.all);
        if (attributes !== undefined) {
          await this.post({ type: 'details', id: message.id, all: message.all, attributes });
        }
        break;
      }
      case 'openSource':
        await this.openSource(message.address);
        break;
      case 'openManifest':
        await this.openManifest(message.target);
        break;
      case 'copyMarkdown':
        await this.copyMarkdown();
        break;
      case 'showDiagram':
        await this.showDiagram();
        break;
      default:
        assertNever(message);
    }
  }

  /** Opens the dependency diagram of the plan file this panel shows. */
  private async showDiagram(): Promise<void> {
    if (this.source.kind !== 'file') {
      void vscode.window.showInformationMessage(
        'Infra Workbench: the diagram reads a plan from a file. Save it with `terraform show -json <planfile> > plan.json` and preview that file.',
      );
      return;
    }
    await vscode.commands.executeCommand(Commands.showPlanDiagram, this.source.uri);
  }

  /** Copies the plan's summary as Markdown (counts, destroys and replacements, the rest in `<details>`). */
  async copyMarkdown(): Promise<boolean> {
    if (this.source.kind === 'kubernetes') {
      const report = this.kubernetesData?.report;
      if (report === undefined) {
        void vscode.window.showWarningMessage(
          `The Kubernetes changes of ${this.title} could not be read: there is nothing to copy.`,
        );
        return false;
      }
      await vscode.env.clipboard.writeText(formatManifestChangesMarkdown(report));
      void vscode.window.showInformationMessage(
        `Kubernetes changes of ${this.title} copied as Markdown.`,
      );
      return true;
    }
    const data = this.data;
    if (data === undefined) {
      void vscode.window.showWarningMessage(
        `${this.title} is not a plan the preview could read: there is no summary to copy.`,
      );
      return false;
    }
    await vscode.env.clipboard.writeText(formatPlanMarkdown(buildPlanReport(data.model)));
    void vscode.window.showInformationMessage(`Plan summary of ${this.title} copied as Markdown.`);
    return true;
  }

  /** Opens the `.tf` block of `address`, or says it cannot be found. */
  async openSource(address: string): Promise<LocateResult> {
    const excluded = '{**/node_modules/**,**/.terraform/**,**/.git/**}';
    const uris = await vscode.workspace.findFiles('**/*.tf', excluded, 20_000);
    const byPath = new Map(uris.map((u) => [u.path, u]));
    const files = await Promise.all(
      uris.map(async (uri) => ({
        path: uri.path,
        text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)),
      })),
    );
    const near =
      this.source.kind === 'file'
        ? vscode.Uri.joinPath(this.source.uri, '..').path
        : this.source.folder.path;
    const result = new TerraformSourceIndex(files).locate(address, near);
    if ('notFound' in result) {
      void vscode.window.showWarningMessage(`${address}: ${result.notFound}`);
      return result;
    }
    const uri = byPath.get(result.found.path);
    if (uri !== undefined) {
      const position = new vscode.Position(result.found.line, result.found.column);
      await vscode.window.showTextDocument(uri, {
        selection: new vscode.Range(position, position),
        viewColumn: vscode.ViewColumn.Beside,
      });
    }
    return result;
  }

  /**
   * Opens the place behind a Kubernetes target id: the working tree file at its line, or (for a
   * removed resource) the base version as a read-only document. Resolves to the editor opened.
   */
  async openManifest(id: number): Promise<vscode.TextEditor | undefined> {
    const data = this.kubernetesData;
    const target: KubernetesTarget | undefined = data?.target(id);
    if (data === undefined || target === undefined) {
      return undefined;
    }
    const { root, base } = data.report;
    const uri =
      target.side === 'base'
        ? baseDocumentUri({ root, commit: base.commit, file: target.file })
        : vscode.Uri.file(path.join(root, ...target.file.split('/')));
    const position = new vscode.Position(Math.max(0, target.line - 1), 0);
    try {
      return await vscode.window.showTextDocument(uri, {
        selection: new vscode.Range(position, position),
        viewColumn: vscode.ViewColumn.Beside,
      });
    } catch (error) {
      void vscode.window.showWarningMessage(
        `${target.file} (${target.side}) cannot be opened: ${describeError(error)}`,
      );
      return undefined;
    }
  }

  private async send(): Promise<void> {
    await this.post(await this.content);
  }

  private async post(message: HostMessage): Promise<void> {
    await this.panel.webview.postMessage(message);
  }

  private async load(): Promise<HostMessage> {
    this.data = undefined;
    this.kubernetesData = undefined;
    let text: string;
    if (this.source.kind === 'kubernetes') {
      return this.loadKubernetes(this.source.folder, this.source.base, this.source.head);
    }
    if (this.source.kind === 'text') {
      text = this.source.text;
    } else {
      const uri = this.source.uri;
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.size > maxPlanBytes) {
          return errorMessage(
            'too-large',
            'This plan is too large to preview',
            `${baseName(uri)} is ${megabytes(stat.size)} MB; the preview reads plans up to ${megabytes(maxPlanBytes)} MB. The command line summarises any size: infra-workbench plan ${baseName(uri)}`,
          );
        }
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch (error) {
        return errorMessage(
          'unreadable',
          'The plan file cannot be read',
          `${uri.fsPath}: ${describeError(error)}`,
        );
      }
    }
    try {
      const data = new PlanPreviewData(readPlanModel(text), this.title);
      this.data = data;
      return { type: 'plan', view: data.view, ...this.restoreState() };
    } catch (error) {
      if (error instanceof PlanReadError) {
        return errorMessage(error.kind, errorTitle(error.kind), `${this.title}: ${error.message}`);
      }
      this.logger.error(`Plan Preview could not show ${this.title}`, error);
      return errorMessage(
        'unreadable',
        'The plan could not be shown',
        `${this.title}: ${describeError(error)}`,
      );
    }
  }

  private async loadKubernetes(
    folder: vscode.Uri,
    base: string | undefined,
    head?: string,
  ): Promise<HostMessage> {
    if (!vscode.workspace.isTrusted) {
      return {
        ...errorMessage(
          'git',
          'Trust the workspace to compare revisions',
          `${folder.fsPath}: reading the Kubernetes changes runs git, which a repository's own configuration can make run programs.`,
        ),
        hint: 'Manage Workspace Trust, then run Preview Kubernetes Changes again.',
      };
    }
    try {
      const report = await manifestChangesFromGit({
        folder: folder.fsPath,
        ...(base === undefined ? {} : { base }),
        ...(head === undefined ? {} : { head }),
      });
      const data = new KubernetesPreviewData(report, this.title);
      this.kubernetesData = data;
      return {
        type: 'kubernetes',
        view: data.view,
        restore: {
          folder: folder.toString(),
          ...(base === undefined ? {} : { base }),
          ...(head === undefined ? {} : { head }),
        },
      };
    } catch (error) {
      if (error instanceof GitError) {
        // The core speaks to the CLI ("pass a base revision (--base <ref>)").
        const problem = error.message.replace(
          /pass a base revision \(--base <ref>\)/g,
          'choose another base',
        );
        if (
          error.kind === 'no-default-branch' ||
          error.kind === 'unknown-ref' ||
          error.kind === 'no-merge-base'
        ) {
          this.offerBasePick(folder, problem);
        }
        return {
          ...errorMessage('git', gitErrorTitle(error.kind), `${folder.fsPath}: ${problem}`),
          hint: 'Preview Kubernetes Changes compares the manifests at a git base (by default the merge base with the default branch) with the working tree. Run the command again to choose another base from the list of branches, tags and commits.',
        };
      }
      this.logger.error(`Kubernetes changes of ${this.title} could not be read`, error);
      return {
        ...errorMessage(
          'unreadable',
          'The Kubernetes changes could not be read',
          `${folder.fsPath}: ${describeError(error)}`,
        ),
        hint: 'See the Infra Workbench log for details.',
      };
    }
  }

  /** The base did not work out: offer the quick pick of branches, tags and commits. */
  private offerBasePick(folder: vscode.Uri, problem: string): void {
    const choose = 'Choose a Base…';
    void vscode.window
      .showWarningMessage(`Kubernetes changes of ${this.title}: ${problem}.`, choose)
      .then(async (answer) => {
        if (answer === choose) {
          await vscode.commands.executeCommand(Commands.previewKubernetesChanges, folder);
        }
      });
  }

  /** Where a restored panel finds its plan again (files only). */
  private restoreState(): { restore?: { planUri: string } } {
    return this.source.kind === 'file' ? { restore: { planUri: this.source.uri.toString() } } : {};
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
    this.panel.dispose();
  }
}

function gitErrorTitle(kind: GitErrorKind): string {
  switch (kind) {
    case 'git-missing':
      return 'git was not found';
    case 'not-a-repository':
      return 'Not a git repository';
    case 'no-commits':
      return 'The repository has no commits yet';
    case 'no-default-branch':
      return 'No default branch to compare with';
    case 'unknown-ref':
      return 'Unknown base revision';
    case 'no-merge-base':
      return 'No common commit with the default branch';
    case 'failed':
      return 'git failed';
  }
}

function errorMessage(kind: PlanErrorKind, title: string, message: string): ShowErrorMessage {
  return { type: 'error', kind, title, message };
}

function errorTitle(kind: PlanErrorKind): string {
  switch (kind) {
    case 'invalid-json':
      return 'This file is not valid JSON';
    case 'not-a-plan':
      return 'This file is not a Terraform or OpenTofu plan';
    case 'unsupported-version':
      return 'This plan format version is not supported';
    case 'invalid-plan':
      return 'This plan is not shaped as Terraform writes plans';
    case 'too-large':
      return 'This plan is too large to preview';
    case 'unreadable':
      return 'The plan file cannot be read';
    case 'plan-failed':
      return 'The plan could not be created';
    case 'git':
      return 'git could not read the revision';
  }
}

/**
 * A Kubernetes preview to restore: a folder of the workspace (git runs there, so only in a
 * trusted workspace) and a base that is a string.
 */
function restorableKubernetes(state: unknown): PlanSource | undefined {
  const saved = (state as PanelState | undefined)?.kubernetes;
  if (typeof saved?.folder !== 'string' || !vscode.workspace.isTrusted) {
    return undefined;
  }
  try {
    const folder = vscode.Uri.parse(saved.folder, true);
    if (vscode.workspace.getWorkspaceFolder(folder) === undefined) {
      return undefined;
    }
    return {
      kind: 'kubernetes',
      folder,
      ...(typeof saved.base === 'string' ? { base: saved.base } : {}),
      ...(typeof saved.head === 'string' ? { head: saved.head } : {}),
    };
  } catch {
    return undefined;
  }
}

function restorableUri(state: unknown): vscode.Uri | undefined {
  const planUri = (state as PanelState | undefined)?.planUri;
  if (typeof planUri !== 'string') {
    return undefined;
  }
  try {
    const uri = vscode.Uri.parse(planUri, true);
    return vscode.workspace.getWorkspaceFolder(uri) === undefined ? undefined : uri;
  } catch {
    return undefined;
  }
}

/** A plan file's path in the workspace (plans are often all called plan.json), or the given title. */
function titleOf(source: PlanSource): string {
  switch (source.kind) {
    case 'file':
      return vscode.workspace.asRelativePath(source.uri);
    case 'text':
      return source.title;
    case 'kubernetes':
      return kubernetesTitle(source.folder);
  }
}

/** A folder in the workspace by its relative path (the workspace name for its root), else its name. */
export function kubernetesTitle(folder: vscode.Uri): string {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(folder);
  if (workspaceFolder === undefined) {
    return baseName(folder);
  }
  return workspaceFolder.uri.toString() === folder.toString()
    ? workspaceFolder.name
    : vscode.workspace.asRelativePath(folder);
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
