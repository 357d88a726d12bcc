import path from 'node:path';
import * as vscode from 'vscode';
import { looksLikeTerraformPlan } from '../common/classify';
import { decodeText } from '../common/decodeText';
import { describeError } from '../common/describeError';
import { fetchPullRequest, hasCommit, mergeBase } from '../git/core/gitWork';
import { readFilesAtRevision } from '../git/core/readFilesAtRevision';
import { Commands } from '../host/ids';
import type { Logger } from '../host/logger';
import { baseDocumentUri, emptyDocumentUri } from '../plan/baseContentProvider';
import { mapCheckRuns, type CheckItem } from './core/checks';
import {
  infraAreasOf,
  touchesKubernetes,
  type ChangedPath,
  type InfraArea,
} from './core/infraAreas';
import {
  basePathOf,
  checkDescription,
  checkSummaryMarkdown,
  headPathOf,
  mapPullRequestFiles,
} from './core/pullRequestDetails';
import { redactSecrets } from './core/redact';
import type { PullRequestItem } from './core/treeModel';
import type { ConnectionState, GitHubConnection } from './githubConnection';

/** What a pull request's details were read as (one REST round per PR version). */
export interface PullRequestSnapshot {
  readonly pullRequest: PullRequestItem;
  readonly headSha: string;
  readonly baseSha: string;
  readonly baseRef: string;
  readonly files: readonly ChangedPath[];
  readonly checks: readonly CheckItem[];
  readonly areas: readonly InfraArea[];
  /** Whether the areas were derived with the files' texts (head commit present locally). */
  readonly readTexts: boolean;
}

/** A node under a pull request in the Pull Requests view. */
export type DetailNode =
  | {
      readonly type: 'section';
      readonly section: 'infrastructure' | 'files' | 'checks';
      readonly snapshot: PullRequestSnapshot;
    }
  | { readonly type: 'area'; readonly area: InfraArea; readonly snapshot: PullRequestSnapshot }
  | { readonly type: 'file'; readonly file: ChangedPath; readonly snapshot: PullRequestSnapshot }
  | { readonly type: 'check'; readonly check: CheckItem; readonly snapshot: PullRequestSnapshot }
  | { readonly type: 'note'; readonly text: string; readonly pullRequest: number };

type Ready = Extract<ConnectionState, { kind: 'ready' }>;

/** The scheme of the read-only check summary documents. */
const checkSummaryScheme = 'infra-workbench-check';

const checkIcons: Readonly<Record<CheckItem['state'], [string, string?]>> = {
  success: ['pass', 'testing.iconPassed'],
  failure: ['error', 'testing.iconFailed'],
  pending: ['clock', 'testing.iconQueued'],
  none: ['circle-outline'],
  neutral: ['circle-slash'],
  skipped: ['debug-step-over'],
};

const sectionLabels = { infrastructure: 'Infrastructure', files: 'Files', checks: 'Checks' };

/**
 * Expanding a pull request: three REST calls (the PR for its head and base commits, its files,
 * its head's check runs), cached per PR and `updatedAt`, then Infrastructure (areas from the
 * changed paths, with the manifests' namespaces when the head commit is in the local
 * repository), Files (opening one shows the diff editor) and Checks (summary in the tooltip).
 *
 * File contents come from git, not from the contents API: one `git fetch` of `pull/N/head` and
 * the base branch serves every file of the PR and the Kubernetes change preview, keeps working
 * offline afterwards, and has no 1 MB limit; the API would cost two requests per file opened.
 */
export class PullRequestDetails {
  private readonly cache = new Map<string, PullRequestSnapshot>();
  /** The Markdown of check summaries opened, by `pr/checkId` (the URI's query). */
  private readonly summaries = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when details changed after a fetch (the tree re-renders). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly connection: GitHubConnection,
    private readonly logger: Logger,
  ) {}

  /** Forgets every cached PR (refresh). */
  clear(): void {
    this.cache.clear();
  }

  /** The cached snapshot of a pull request number (tests read it). */
  cached(number: number): PullRequestSnapshot | undefined {
    return [...this.cache.values()].find((s) => s.pullRequest.number === number);
  }

  /** The children of a pull request or of one of its nodes. */
  async children(node: PullRequestItem | DetailNode): Promise<DetailNode[]> {
    if ('kind' in node) {
      let snapshot: PullRequestSnapshot;
      try {
        snapshot = await this.load(node);
      } catch (error) {
        const text = this.describe(error);
        this.logger.warn(`GitHub: details of #${String(node.number)}: ${text}`);
        return [
          { type: 'note', text: `Could not load details: ${text}`, pullRequest: node.number },
        ];
      }
      const sections: DetailNode[] = [];
      if (snapshot.areas.length > 0) {
        sections.push({ type: 'section', section: 'infrastructure', snapshot });
      }
      sections.push({ type: 'section', section: 'files', snapshot });
      sections.push({ type: 'section', section: 'checks', snapshot });
      return sections;
    }
    if (node.type !== 'section') {
      return [];
    }
    const { snapshot } = node;
    switch (node.section) {
      case 'infrastructure':
        return snapshot.areas.map((area) => ({ type: 'area', area, snapshot }));
      case 'files':
        return snapshot.files.map((file) => ({ type: 'file', file, snapshot }));
      case 'checks':
        return snapshot.checks.length === 0
          ? [{ type: 'note', text: 'No check runs', pullRequest: snapshot.pullRequest.number }]
          : snapshot.checks.map((check) => ({ type: 'check', check, snapshot }));
    }
  }

  /** The tree item of a detail node. */
  treeItem(node: DetailNode): vscode.TreeItem {
    const { Collapsed, None } = vscode.TreeItemCollapsibleState;
    switch (node.type) {
      case 'section': {
        const { snapshot } = node;
        const count = {
          infrastructure: snapshot.areas.length,
          files: snapshot.files.length,
          checks: snapshot.checks.length,
        }[node.section];
        const item = new vscode.TreeItem(sectionLabels[node.section], Collapsed);
        item.description = String(count);
        item.iconPath = new vscode.ThemeIcon(
          { infrastructure: 'server-environment', files: 'files', checks: 'checklist' }[
            node.section
          ],
        );
        if (node.section === 'infrastructure') {
          item.contextValue = touchesKubernetes(snapshot.areas)
            ? 'githubPullRequestInfrastructure.kubernetes'
            : 'githubPullRequestInfrastructure';
          item.tooltip = snapshot.readTexts
            ? 'Areas from the changed paths; Kubernetes namespaces read from the manifests at the head'
            : 'Areas from the changed paths; Kubernetes by folder (open a file or preview the change to fetch the head and read namespaces)';
        }
        return item;
      }
      case 'area': {
        const item = new vscode.TreeItem(node.area.label, None);
        item.description = node.area.kindLabel;
        item.tooltip = `${node.area.kindLabel}: ${node.area.label}\n${node.area.files.join('\n')}`;
        item.iconPath = new vscode.ThemeIcon(
          node.area.kind.startsWith('kubernetes') ? 'symbol-namespace' : 'folder',
        );
        return item;
      }
      case 'file': {
        const { file } = node;
        const item = new vscode.TreeItem(path.posix.basename(file.path), None);
        const folder = path.posix.dirname(file.path);
        item.description = [
          folder === '.' ? '' : folder,
          file.status === 'modified' ? '' : file.status,
        ]
          .filter((p) => p !== '')
          .join(' · ');
        item.tooltip =
          file.previousPath === undefined ? file.path : `${file.previousPath} → ${file.path}`;
        item.resourceUri = vscode.Uri.from({ scheme: 'infra-workbench-pr', path: `/${file.path}` });
        item.iconPath = vscode.ThemeIcon.File;
        item.contextValue = 'githubPullRequestFile';
        item.command = {
          title: 'Open Changes',
          command: Commands.githubOpenPullRequestFile,
          arguments: [node],
        };
        return item;
      }
      case 'check': {
        const { check } = node;
        const item = new vscode.TreeItem(check.label, None);
        item.description = checkDescription(check);
        const [icon, color] = checkIcons[check.state];
        item.iconPath = new vscode.ThemeIcon(
          icon,
          color === undefined ? undefined : new vscode.ThemeColor(color),
        );
        const tooltip = new vscode.MarkdownString(
          `**${check.label}** · ${check.state}\n\n${check.summary ?? '_No summary._'}`,
        );
        tooltip.supportHtml = false;
        item.tooltip = tooltip;
        item.contextValue = 'githubCheck';
        item.command = {
          title: 'Show Check Summary',
          command: Commands.githubShowCheckSummary,
          arguments: [node],
        };
        return item;
      }
      case 'note': {
        const item = new vscode.TreeItem(node.text, None);
        item.iconPath = new vscode.ThemeIcon('info');
        item.tooltip = node.text;
        return item;
      }
    }
  }

  /** Opens the diff editor of a changed file between the merge base and the head. */
  async openFile(node: DetailNode | undefined): Promise<boolean> {
    if (node?.type !== 'file') {
      return false;
    }
    const { snapshot, file } = node;
    const state = this.ready();
    if (!state) {
      return false;
    }
    const root = state.repository.root;
    try {
      await this.ensureCommits(state, snapshot);
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Cannot show the changes of ${file.path}: fetching pull request #${String(snapshot.pullRequest.number)} failed: ${this.describe(error)}`,
      );
      return false;
    }
    const base = (await mergeBase(root, snapshot.baseSha, snapshot.headSha)) ?? snapshot.baseSha;
    const basePath = basePathOf(file);
    const headPath = headPathOf(file);
    const left =
      basePath === undefined
        ? emptyDocumentUri(file.path)
        : baseDocumentUri({ root, commit: base, file: basePath });
    const right =
      headPath === undefined
        ? emptyDocumentUri(file.path)
        : baseDocumentUri({ root, commit: snapshot.headSha, file: headPath });
    await vscode.commands.executeCommand(
      'vscode.diff',
      left,
      right,
      `${path.posix.basename(file.path)} (#${String(snapshot.pullRequest.number)} ${base.slice(0, 7)} ↔ ${snapshot.headSha.slice(0, 7)})`,
      { preview: true },
    );
    return true;
  }

  /** Opens a check's summary as a Markdown preview; returns the document. */
  async showCheckSummary(node: DetailNode | undefined): Promise<vscode.TextDocument | undefined> {
    if (node?.type !== 'check') {
      return undefined;
    }
    // A read-only document (never dirty: no save prompt when the window closes).
    const key = `${String(node.snapshot.pullRequest.number)}/${String(node.check.id)}`;
    this.summaries.set(key, checkSummaryMarkdown(node.check, node.snapshot.pullRequest));
    const name = node.check.label.replace(/[^\w.-]+/g, '-');
    const document = await vscode.workspace.openTextDocument(
      vscode.Uri.from({ scheme: checkSummaryScheme, path: `/${name}.md`, query: key }),
    );
    await vscode.commands.executeCommand('markdown.showPreview', document.uri);
    return document;
  }

  /**
   * Runs the Kubernetes change preview between the PR's merge base and head (fetching
   * `pull/N/head` first when the head commit is not local).
   */
  async previewInfrastructureChange(
    target: PullRequestItem | DetailNode | undefined,
  ): Promise<boolean> {
    const pullRequest =
      target === undefined
        ? undefined
        : 'kind' in target
          ? target
          : 'snapshot' in target
            ? target.snapshot.pullRequest
            : undefined;
    const state = this.ready();
    if (pullRequest === undefined || !state) {
      void vscode.window.showInformationMessage(
        'Preview infrastructure change works on a pull request of the Pull Requests view.',
      );
      return false;
    }
    try {
      const snapshot = await this.load(pullRequest);
      await this.ensureCommits(state, snapshot);
      const root = state.repository.root;
      const base = (await mergeBase(root, snapshot.baseSha, snapshot.headSha)) ?? snapshot.baseSha;
      await vscode.commands.executeCommand(
        Commands.previewKubernetesChanges,
        vscode.Uri.file(root),
        base,
        snapshot.headSha,
      );
      // A plan the pull request carries (`terraform show -json` committed as an artifact).
      for (const plan of await plansAtHead(root, snapshot)) {
        await vscode.commands.executeCommand(
          Commands.previewPlanText,
          plan.text,
          `Plan in #${String(pullRequest.number)}: ${plan.path}`,
          vscode.Uri.file(path.join(root, path.dirname(plan.path))),
        );
      }
      return true;
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Cannot preview the infrastructure change of #${String(pullRequest.number)}: ${this.describe(error)}`,
      );
      return false;
    }
  }

  /** Serves the read-only check summary documents. */
  registerSummaryProvider(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(checkSummaryScheme, {
      provideTextDocumentContent: (uri) =>
        this.summaries.get(uri.query) ??
        'This check summary is no longer loaded: expand the pull request again.',
    });
  }

  private ready(): Ready | undefined {
    const state = this.connection.state;
    return state.kind === 'ready' ? state : undefined;
  }

  private async load(pullRequest: PullRequestItem): Promise<PullRequestSnapshot> {
    const key = `${String(pullRequest.number)}@${pullRequest.updatedAt}`;
    const cached = this.cache.get(key);
    if (cached) {
      return cached;
    }
    const state = this.ready();
    if (!state) {
      throw new Error('not connected to GitHub');
    }
    const { owner, repo } = state.queryRepository;
    const number = pullRequest.number;
    const { data: pr } = await state.octokit.rest.pulls.get({ owner, repo, pull_number: number });
    const [files, checks] = await Promise.all([
      state.octokit.paginate(state.octokit.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: number,
        per_page: 100,
      }),
      state.octokit.rest.checks.listForRef({ owner, repo, ref: pr.head.sha, per_page: 100 }),
    ]);
    const changed = mapPullRequestFiles(files);
    const withTexts = await this.withTexts(
      state.repository.root,
      pr.head.sha,
      pr.base.sha,
      changed,
    );
    const snapshot: PullRequestSnapshot = {
      pullRequest,
      headSha: pr.head.sha,
      baseSha: pr.base.sha,
      baseRef: pr.base.ref,
      files: changed,
      checks: mapCheckRuns(checks.data.check_runs),
      areas: infraAreasOf(withTexts ?? changed),
      readTexts: withTexts !== undefined,
    };
    for (const k of [...this.cache.keys()]) {
      if (k.startsWith(`${String(number)}@`)) {
        this.cache.delete(k);
      }
    }
    this.cache.set(key, snapshot);
    return snapshot;
  }

  /**
   * The changed YAML files with their texts at the head (at the base for removed ones), when the
   * commits are in the local repository; undefined when they are not (the areas fall back to
   * folders).
   */
  private async withTexts(
    root: string,
    head: string,
    base: string,
    files: readonly ChangedPath[],
  ): Promise<ChangedPath[] | undefined> {
    try {
      if (!(await hasCommit(root, head)) || !(await hasCommit(root, base))) {
        return undefined;
      }
      const yaml = (p: string): boolean => /\.(ya?ml|json)$/i.test(p);
      const atHead = await readFilesAtRevision(
        root,
        head,
        files.filter((f) => f.status !== 'removed' && yaml(f.path)).map((f) => f.path),
      );
      const atBase = await readFilesAtRevision(
        root,
        base,
        files.filter((f) => f.status === 'removed' && yaml(f.path)).map((f) => f.path),
      );
      return files.map((f) => {
        const bytes = (f.status === 'removed' ? atBase : atHead).get(f.path);
        const decoded = bytes === undefined ? undefined : decodeText(bytes);
        return decoded === undefined || decoded.problem !== undefined
          ? f
          : { ...f, text: decoded.text };
      });
    } catch (error) {
      this.logger.warn(
        `GitHub: reading the PR's manifests from git failed: ${describeError(error)}`,
      );
      return undefined;
    }
  }

  /** Fetches the PR's head and base when either commit is missing; then re-derives the areas. */
  private async ensureCommits(state: Ready, snapshot: PullRequestSnapshot): Promise<void> {
    const root = state.repository.root;
    if ((await hasCommit(root, snapshot.headSha)) && (await hasCommit(root, snapshot.baseSha))) {
      return;
    }
    await fetchPullRequest(
      root,
      state.repository.remote.remoteName,
      snapshot.pullRequest.number,
      snapshot.baseRef,
    );
    if (!snapshot.readTexts) {
      const withTexts = await this.withTexts(
        root,
        snapshot.headSha,
        snapshot.baseSha,
        snapshot.files,
      );
      if (withTexts !== undefined) {
        const key = `${String(snapshot.pullRequest.number)}@${snapshot.pullRequest.updatedAt}`;
        this.cache.set(key, { ...snapshot, areas: infraAreasOf(withTexts), readTexts: true });
        this.changed.fire();
      }
    }
  }

  private describe(error: unknown): string {
    const state = this.connection.state;
    return redactSecrets(describeError(error), state.kind === 'ready' ? [state.token] : []);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Plan JSON files the pull request adds or changes, read at its head. */
async function plansAtHead(
  root: string,
  snapshot: PullRequestSnapshot,
): Promise<{ readonly path: string; readonly text: string }[]> {
  const candidates = snapshot.files
    .filter((f) => f.status !== 'removed' && f.path.toLowerCase().endsWith('.json'))
    .map((f) => f.path);
  if (candidates.length === 0) {
    return [];
  }
  const contents = await readFilesAtRevision(root, snapshot.headSha, candidates);
  return candidates.flatMap((file) => {
    const bytes = contents.get(file);
    const text = bytes === undefined ? undefined : decodeText(bytes).text;
    return text !== undefined && looksLikeTerraformPlan(text) ? [{ path: file, text }] : [];
  });
}
