import * as vscode from 'vscode';
import { classifyFile, scannedExtensions, type InfraKind } from '../common/classify';
import { forgetParse, parseYaml } from '../common/yamlModel';
import type { Logger } from '../host/logger';
import { readSettings } from '../host/settings';
import { groupInfraFiles, type InfraFile, type InfraFileGroup } from './core/groupInfraFiles';

/** Stops a scan of a huge workspace from holding the extension host; the overview says so. */
const maxScannedFiles = 5000;
/** Files larger than this are not read for classification (plans are recognised by their head). */
const maxReadBytes = 4 * 1024 * 1024;

export type InfraFilesNode =
  | {
      readonly type: 'group';
      readonly group: InfraFileGroup;
      readonly folder: vscode.WorkspaceFolder;
    }
  | { readonly type: 'file'; readonly file: InfraFile; readonly uri: vscode.Uri };

/** The "Infrastructure Files" view: the workspace's infra files grouped by kind. */
export class InfraFilesTree implements vscode.TreeDataProvider<InfraFilesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private scan: Promise<{ folder: vscode.WorkspaceFolder; groups: InfraFileGroup[] }[]> | undefined;

  constructor(
    private readonly logger: Logger,
    /**
     * What the workspace index read a file as, when it has read its current text (undefined:
     * not read there): the view then neither reads nor parses the file again.
     */
    private readonly indexedKind: (
      uri: vscode.Uri,
    ) => { readonly kind: InfraKind | undefined } | undefined = () => undefined,
  ) {}

  /** Forgets the last scan; the view asks again and a new scan runs. */
  refresh(): void {
    this.scan = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: InfraFilesNode): vscode.TreeItem {
    if (node.type === 'group') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.group.files.length);
      item.contextValue = 'infraGroup';
      item.id = `${node.folder.uri.toString()}#${node.group.kind}`;
      return item;
    }
    const item = new vscode.TreeItem(node.uri, vscode.TreeItemCollapsibleState.None);
    const slash = node.file.relativePath.lastIndexOf('/');
    item.description = slash > 0 ? node.file.relativePath.slice(0, slash) : '';
    item.tooltip = node.file.relativePath;
    item.command = { command: 'vscode.open', title: 'Open', arguments: [node.uri] };
    item.contextValue = 'infraFile';
    return item;
  }

  async getChildren(node?: InfraFilesNode): Promise<InfraFilesNode[]> {
    if (node?.type === 'file') {
      return [];
    }
    if (node?.type === 'group') {
      return node.group.files.map((file) => ({
        type: 'file',
        file,
        uri: vscode.Uri.joinPath(node.folder.uri, file.relativePath),
      }));
    }
    this.scan ??= this.scanWorkspace();
    const folders = await this.scan;
    return folders.flatMap(({ folder, groups }) =>
      groups.map((group): InfraFilesNode => ({ type: 'group', group, folder })),
    );
  }

  private async scanWorkspace(): Promise<
    { folder: vscode.WorkspaceFolder; groups: InfraFileGroup[] }[]
  > {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const exclude = readSettings().filesExclude;
    const excludeGlob = exclude.length > 0 ? `{${exclude.join(',')}}` : undefined;
    const started = Date.now();
    const result = [];
    for (const folder of folders) {
      const uris = await vscode.workspace.findFiles(
        new vscode.RelativePattern(folder, `**/*.{${scannedExtensions.join(',')}}`),
        excludeGlob,
        maxScannedFiles,
      );
      if (uris.length >= maxScannedFiles) {
        this.logger.warn(`${folder.name}: only the first ${maxScannedFiles} files were scanned.`);
      }
      const files: InfraFile[] = [];
      for (const uri of uris) {
        const relativePath = vscode.workspace.asRelativePath(uri, false);
        const kind = await this.classify(uri, relativePath);
        if (kind !== undefined) {
          files.push({ relativePath, kind });
        }
      }
      result.push({ folder, groups: groupInfraFiles(files) });
    }
    this.logger.info(
      `Scanned ${folders.length} folder(s) for infrastructure files in ${Date.now() - started} ms.`,
    );
    return result;
  }

  private async classify(
    uri: vscode.Uri,
    relativePath: string,
  ): Promise<InfraFile['kind'] | undefined> {
    const byPath = classifyFile(relativePath, {});
    if (byPath !== undefined) {
      return byPath;
    }
    const indexed = relativePath.endsWith('.json') ? undefined : this.indexedKind(uri);
    if (indexed !== undefined) {
      return indexed.kind;
    }
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > maxReadBytes) {
        return undefined;
      }
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (relativePath.endsWith('.json')) {
        return classifyFile(relativePath, { text });
      }
      const kind = classifyFile(relativePath, { yaml: parseYaml(text) });
      // A closed file's parsed documents are not kept for the edits that will not come.
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) {
        forgetParse(text);
      }
      return kind;
    } catch (error) {
      this.logger.warn(`Could not read ${relativePath}: ${String(error)}`);
      return undefined;
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
