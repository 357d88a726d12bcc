import * as vscode from 'vscode';
import { Commands } from '../host/ids';
import { isOurDiagnostic } from '../validation/toDiagnostic';
import { CrossFileCodes } from '../workspace/core/crossFileChecks';
import type { FileFacts, PrometheusRule } from '../workspace/core/fileFacts';
import type { TextRange } from '../workspace/core/yamlNodes';
import type { FolderFacts, WorkspaceIndexes } from '../workspace/workspaceIndexes';
import {
  alertHoverMarkdown,
  alertsByName,
  allRunbooks,
  resolveRunbookLink,
  runbooksOfAlert,
  type AlertRef,
} from './core/runbookLinks';
import { locationIn } from './openInFolder';

/** The facts of an open document, when the index holds the very text the editor shows. */
interface DocumentFacts {
  readonly folder: FolderFacts;
  /** The document's workspace-relative path. */
  readonly path: string;
  readonly file: FileFacts;
}

function documentFacts(
  workspace: WorkspaceIndexes,
  document: vscode.TextDocument,
): DocumentFacts | undefined {
  const found = workspace.factsAt(document.uri);
  const file = found?.facts.files.get(found.relativePath);
  // Offsets of facts from an older text would point at the wrong characters.
  if (
    found === undefined ||
    file === undefined ||
    found.facts.textOf(found.relativePath) !== document.getText()
  ) {
    return undefined;
  }
  return { folder: found.facts, path: found.relativePath, file };
}

function rangeOf(document: vscode.TextDocument, range: TextRange): vscode.Range {
  return new vscode.Range(document.positionAt(range[0]), document.positionAt(range[1]));
}

/**
 * In rule files, each `runbook_url` that leads to a file of the repository links to it; in
 * runbooks, each name of `spec.alerts` links to the rule that defines it.
 */
export class AlertRunbookLinks implements vscode.DocumentLinkProvider {
  constructor(private readonly workspace: WorkspaceIndexes) {}

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const facts = documentFacts(this.workspace, document);
    if (facts === undefined) {
      return [];
    }
    const { folder, file } = facts;
    const links: vscode.DocumentLink[] = [];
    for (const rule of file.rules) {
      const url = rule.runbookUrl;
      const link =
        url === undefined
          ? undefined
          : resolveRunbookLink(url.value, folder.runbookUrls, folder.exists);
      if (url === undefined || link?.kind !== 'found') {
        continue;
      }
      const target = vscode.Uri.joinPath(folder.folder.uri, link.path);
      const item = new vscode.DocumentLink(rangeOf(document, url.range), target);
      item.tooltip = `Open the runbook of ${rule.name}: ${link.path}`;
      links.push(item);
    }
    if (file.runbooks.length > 0) {
      const alerts = alertsByName(folder.files);
      for (const runbook of file.runbooks) {
        for (const alert of runbook.alerts) {
          const ref = ruleAnsweredBy(alerts.get(alert.value) ?? [], facts.path, folder);
          const location =
            ref === undefined ? undefined : locationIn(folder, ref.path, ref.rule.range);
          if (location === undefined) {
            continue;
          }
          // `#L12,5` opens the file at that line and column.
          const start = location.range.start;
          const target = location.uri.with({
            fragment: `L${start.line + 1},${start.character + 1}`,
          });
          const item = new vscode.DocumentLink(rangeOf(document, alert.range), target);
          item.tooltip = `Open the alerting rule ${alert.value} in ${ref?.path ?? ''}`;
          links.push(item);
        }
      }
    }
    return links;
  }
}

/**
 * Of the rules defining an alert, the one a runbook links to: the rule whose `runbook_url`
 * leads to the runbook, else the first by path.
 */
function ruleAnsweredBy(
  refs: readonly AlertRef[],
  runbookPath: string,
  folder: FolderFacts,
): AlertRef | undefined {
  const linking = refs.find((ref) => {
    const url = ref.rule.runbookUrl;
    const link =
      url === undefined
        ? undefined
        : resolveRunbookLink(url.value, folder.runbookUrls, folder.exists);
    return link?.kind === 'found' && link.path === runbookPath;
  });
  return linking ?? [...refs].sort((a, b) => a.path.localeCompare(b.path))[0];
}

/** Hover over an alert named in a runbook: the rule's `expr`, `for` and labels. */
export class RunbookAlertHover implements vscode.HoverProvider {
  constructor(private readonly workspace: WorkspaceIndexes) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const facts = documentFacts(this.workspace, document);
    if (facts === undefined || facts.file.runbooks.length === 0) {
      return undefined;
    }
    const offset = document.offsetAt(position);
    for (const runbook of facts.file.runbooks) {
      const alert = runbook.alerts.find((a) => a.range[0] <= offset && offset <= a.range[1]);
      if (alert !== undefined) {
        const refs = alertsByName(facts.folder.files).get(alert.value) ?? [];
        return new vscode.Hover(
          new vscode.MarkdownString(alertHoverMarkdown(refs, alert.value)),
          rangeOf(document, alert.range),
        );
      }
    }
    return undefined;
  }
}

/**
 * Above each alerting rule: "Open runbook" for each runbook that answers it (its `runbook_url`
 * and the runbooks listing it), or "Create runbook" when it has none in the repository.
 */
export class AlertRunbookLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly workspace: WorkspaceIndexes) {
    this.subscription = workspace.onDidUpdate(() => {
      this.changed.fire();
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const facts = documentFacts(this.workspace, document);
    if (facts === undefined) {
      return [];
    }
    const { folder, file, path } = facts;
    const runbooks = allRunbooks(folder.files);
    const lenses: vscode.CodeLens[] = [];
    for (const rule of file.rules) {
      if (rule.type !== 'alert') {
        continue;
      }
      const range = rangeOf(document, rule.range);
      const { listing, linked } = runbooksOfAlert({ path, rule }, folder, runbooks);
      const open = [
        ...(linked === undefined ? [] : [{ path: linked, range: undefined }]),
        ...listing.map((r) => ({ path: r.path, range: r.runbook.name?.range })),
      ];
      for (const target of open) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: open.length === 1 ? 'Open runbook' : `Open runbook ${fileName(target.path)}`,
            tooltip: `Open ${target.path}`,
            command: Commands.openRunbook,
            arguments: [vscode.Uri.joinPath(folder.folder.uri, target.path), target.range],
          }),
        );
      }
      if (open.length === 0 && createTarget(rule, folder) !== null) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: 'Create runbook',
            tooltip: `No runbook in the repository answers ${rule.name}: write one from a template`,
            command: Commands.createRunbookForAlert,
            arguments: [document.uri, rule.name],
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Where a runbook for an alert is created: where its `runbook_url` points (undefined: the
 * default place, `runbooks/<name>.yaml`, when it has no link); null when the link points
 * somewhere a YAML runbook cannot be written (a Markdown page, a folder, another site).
 */
export function createTarget(rule: PrometheusRule, folder: FolderFacts): string | undefined | null {
  if (rule.runbookUrl === undefined) {
    return undefined;
  }
  const link = resolveRunbookLink(rule.runbookUrl.value, folder.runbookUrls, folder.exists);
  return link?.kind === 'missing' ? (link.createPath ?? null) : null;
}

/** The quick fix of a missing runbook: "Create runbook for this alert". */
export class CreateRunbookQuickFix implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly workspace: WorkspaceIndexes) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const missing = context.diagnostics.filter((d) =>
      isOurDiagnostic(d, [CrossFileCodes.missingRunbook]),
    );
    const facts = missing.length === 0 ? undefined : documentFacts(this.workspace, document);
    if (facts === undefined) {
      return [];
    }
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of missing) {
      const start = document.offsetAt(diagnostic.range.start);
      const rule = facts.file.rules.find((r) => r.runbookUrl?.range[0] === start);
      const target = rule === undefined ? null : createTarget(rule, facts.folder);
      if (rule === undefined || typeof target !== 'string') {
        continue;
      }
      const action = new vscode.CodeAction(
        `Create runbook for this alert (${target})`,
        vscode.CodeActionKind.QuickFix,
      );
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.command = {
        title: action.title,
        command: Commands.createRunbookForAlert,
        arguments: [document.uri, rule.name],
      };
      actions.push(action);
    }
    return actions;
  }
}
