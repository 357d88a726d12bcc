import * as vscode from 'vscode';
import type { TextRange } from '../workspace/core/yamlNodes';
import type { FolderFacts, WorkspaceIndexes } from '../workspace/workspaceIndexes';
import {
  runbookCatalog,
  type AlertRef,
  type RunbookAlert,
  type RunbookCatalog,
  type RunbookEntry,
} from './core/runbookLinks';
import { locationIn } from './openInFolder';

/** A node of the Runbooks view. */
export type RunbooksNode =
  | { readonly type: 'folder'; readonly folder: FolderFacts; readonly catalog: RunbookCatalog }
  | {
      readonly type: 'service';
      readonly folder: FolderFacts;
      readonly service: string;
      readonly runbooks: readonly RunbookEntry[];
    }
  | { readonly type: 'runbook'; readonly folder: FolderFacts; readonly runbook: RunbookEntry }
  | {
      readonly type: 'runbookAlert';
      readonly folder: FolderFacts;
      readonly runbook: RunbookEntry;
      readonly alert: RunbookAlert;
    }
  | { readonly type: 'orphans'; readonly folder: FolderFacts; readonly alerts: readonly AlertRef[] }
  | { readonly type: 'alert'; readonly folder: FolderFacts; readonly alert: AlertRef };

/**
 * The Runbooks view: the workspace's runbooks grouped by service, each with its severity and
 * whether every alert it names exists; the alerts no runbook answers under their own node.
 * Follows the workspace index; one level per workspace folder when there are several.
 */
export class RunbooksTree implements vscode.TreeDataProvider<RunbooksNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly workspace: WorkspaceIndexes) {
    // Index updates come in bursts while a scan publishes: redraw a few times a second at most.
    this.subscription = workspace.onDidUpdate(() => {
      this.refreshTimer ??= setTimeout(() => {
        this.refreshTimer = undefined;
        this.changed.fire(undefined);
      }, 300);
    });
  }

  getChildren(node?: RunbooksNode): RunbooksNode[] {
    if (node === undefined) {
      const folders = this.workspace
        .allFacts()
        .map((folder) => ({ folder, catalog: runbookCatalog(folder) }))
        .filter(
          ({ catalog }) => catalog.services.length > 0 || catalog.alertsWithoutRunbook.length > 0,
        );
      if (folders.length === 1 && folders[0] !== undefined) {
        return this.catalogChildren(folders[0].folder, folders[0].catalog);
      }
      return folders.map(({ folder, catalog }) => ({ type: 'folder', folder, catalog }));
    }
    switch (node.type) {
      case 'folder':
        return this.catalogChildren(node.folder, node.catalog);
      case 'service':
        return node.runbooks.map((runbook) => ({ type: 'runbook', folder: node.folder, runbook }));
      case 'runbook':
        return node.runbook.alerts.map((alert) => ({
          type: 'runbookAlert',
          folder: node.folder,
          runbook: node.runbook,
          alert,
        }));
      case 'orphans':
        return node.alerts.map((alert) => ({ type: 'alert', folder: node.folder, alert }));
      default:
        return [];
    }
  }

  private catalogChildren(folder: FolderFacts, catalog: RunbookCatalog): RunbooksNode[] {
    const nodes: RunbooksNode[] = catalog.services.map(({ service, runbooks }) => ({
      type: 'service',
      folder,
      service,
      runbooks,
    }));
    if (catalog.alertsWithoutRunbook.length > 0) {
      nodes.push({ type: 'orphans', folder, alerts: catalog.alertsWithoutRunbook });
    }
    return nodes;
  }

  getTreeItem(node: RunbooksNode): vscode.TreeItem {
    const { Collapsed, Expanded, None } = vscode.TreeItemCollapsibleState;
    const folderId = node.folder.folder.uri.toString();
    switch (node.type) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.folder.name, Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        item.id = `${folderId}#folder`;
        return item;
      }
      case 'service': {
        const item = new vscode.TreeItem(
          node.service === '' ? '(no service)' : node.service,
          Expanded,
        );
        item.description = plural(node.runbooks.length, 'runbook');
        item.iconPath = new vscode.ThemeIcon('server-process');
        item.id = `${folderId}#service:${node.service}`;
        item.contextValue = 'runbookService';
        return item;
      }
      case 'runbook': {
        const { runbook } = node;
        const item = new vscode.TreeItem(
          runbook.name,
          runbook.alerts.length > 0 ? Collapsed : None,
        );
        const unknown = runbook.alerts.filter((a) => a.rules.length === 0).length;
        item.description = [
          runbook.severity,
          runbook.alertsExist ? undefined : plural(unknown, 'unknown alert'),
        ]
          .filter((part) => part !== undefined)
          .join(' · ');
        item.iconPath = runbook.alertsExist
          ? new vscode.ThemeIcon('book')
          : new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.tooltip = new vscode.MarkdownString(
          [
            `**${runbook.name}** (${runbook.path})`,
            runbook.severity === undefined ? '' : `Severity: ${runbook.severity}`,
            runbook.alerts.length === 0
              ? 'Names no alert.'
              : `Alerts: ${runbook.alerts.map((a) => `${a.name}${a.rules.length === 0 ? ' (no rule defines it)' : ''}`).join(', ')}`,
          ]
            .filter((line) => line !== '')
            .join('\n\n'),
        );
        item.resourceUri = vscode.Uri.joinPath(node.folder.folder.uri, runbook.path);
        item.command = openCommand(node.folder, runbook.path, runbook.range);
        item.id = `${folderId}#runbook:${runbook.path}#${runbook.name}`;
        item.contextValue = 'runbook';
        return item;
      }
      case 'runbookAlert': {
        const { alert } = node;
        const rule = alert.rules[0];
        const item = new vscode.TreeItem(alert.name, None);
        item.description = rule === undefined ? 'no rule defines it' : rule.path;
        item.iconPath =
          rule === undefined
            ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
            : new vscode.ThemeIcon('bell');
        item.command =
          rule === undefined
            ? openCommand(node.folder, node.runbook.path, alert.range)
            : openCommand(node.folder, rule.path, rule.rule.range);
        item.id = `${folderId}#runbook:${node.runbook.path}#${node.runbook.name}#${alert.name}#${String(alert.range[0])}`;
        return item;
      }
      case 'orphans': {
        const item = new vscode.TreeItem('Alerts without a runbook', Expanded);
        item.description = String(node.alerts.length);
        item.iconPath = new vscode.ThemeIcon('bell-slash');
        item.tooltip =
          'Alerting rules that no runbook lists in spec.alerts and whose runbook_url leads to no file of the repository.';
        // Screen readers would read the tooltip in place of the label.
        item.accessibilityInformation = {
          label: `Alerts without a runbook: ${String(node.alerts.length)}`,
        };
        item.id = `${folderId}#orphans`;
        return item;
      }
      case 'alert': {
        const { alert } = node;
        const item = new vscode.TreeItem(alert.rule.name, None);
        item.description = alert.path;
        item.iconPath = new vscode.ThemeIcon('bell');
        item.tooltip =
          alert.rule.runbookUrl === undefined
            ? `${alert.rule.name} has no runbook_url and no runbook lists it.`
            : `The runbook_url of ${alert.rule.name} (${alert.rule.runbookUrl.value}) leads to no file of the repository.`;
        item.accessibilityInformation = {
          label: `${alert.rule.name}, without a runbook, in ${alert.path}`,
        };
        item.command = openCommand(node.folder, alert.path, alert.rule.range);
        item.id = `${folderId}#alert:${alert.path}#${String(alert.rule.range[0])}`;
        item.contextValue = 'alertWithoutRunbook';
        return item;
      }
    }
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function plural(count: number, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** Opens a file of the folder at a range of the text the index holds for it. */
function openCommand(folder: FolderFacts, path: string, range?: TextRange): vscode.Command {
  const location = range === undefined ? undefined : locationIn(folder, path, range);
  const uri = vscode.Uri.joinPath(folder.folder.uri, path);
  return {
    title: 'Open',
    command: 'vscode.open',
    arguments: location === undefined ? [uri] : [uri, { selection: location.range }],
  };
}
