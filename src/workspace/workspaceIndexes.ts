import * as vscode from 'vscode';
import type { InfraKind } from '../common/classify';
import type { Problem } from '../common/problem';
import type { Logger } from '../host/logger';
import type { YamlValidator } from '../validation/core/yamlValidator';
import type { RunbookUrlMapping } from '../validation/core/schemaOverrides';
import type { CrossFileOptions } from './core/crossFileChecks';
import { isDiscoverable } from './core/discoverFiles';
import type { FileFacts } from './core/fileFacts';
import { WorkspaceIndex } from './core/workspaceIndex';

/** Debounce of file system events before the index re-reads and re-validates. */
const fileEventDelayMs = 200;

/** How often the scan's notification is updated. */
const progressIntervalMs = 250;

/** Lets queued work give way to the editor between slices. */
const pause = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

export interface WorkspaceIndexesDeps {
  readonly logger: Logger;
  readonly getValidator: () => YamlValidator;
  /** Glob patterns of files never indexed (settings). */
  readonly exclude: () => readonly string[];
  readonly crossFile: () => CrossFileOptions;
  /** Shows a file's problems (empty: clears them); `text` is what the offsets point into. */
  readonly publish: (uri: vscode.Uri, problems: readonly Problem[], text: string) => void;
  /** After a batch of files was published (the status bar summary updates). */
  readonly onDidPublish: () => void;
}

interface Located {
  readonly index: WorkspaceIndex;
  readonly folder: vscode.WorkspaceFolder;
  readonly relativePath: string;
}

/**
 * What one workspace folder's index knows, for the features that read it (runbook links, the
 * Runbooks view): the facts of every validated YAML file and the files that exist.
 */
export interface FolderFacts {
  readonly folder: vscode.WorkspaceFolder;
  /** Facts by workspace-relative path (`/`-separated). */
  readonly files: ReadonlyMap<string, FileFacts>;
  /** Whether a file (any extension) exists at a workspace-relative path. */
  readonly exists: (relativePath: string) => boolean;
  /** Runbook URL prefixes mapped to folders (repository config and settings). */
  readonly runbookUrls: readonly RunbookUrlMapping[];
  /** The text the facts' offsets of a file point into. */
  readonly textOf: (relativePath: string) => string | undefined;
}

/**
 * The editor's side of the workspace index: one {@link WorkspaceIndex} per workspace folder on
 * disk, fed by a file system watcher and by open documents, publishing the problems of every
 * file, open or not. Scans report progress in a notification and give way to typing.
 */
export class WorkspaceIndexes implements vscode.Disposable {
  private readonly indexes = new Map<
    string,
    { folder: vscode.WorkspaceFolder; index: WorkspaceIndex }
  >();
  private readonly pendingEvents = new Map<string, 'change' | 'delete'>();
  private readonly factsCache = new WeakMap<
    WorkspaceIndex,
    { readonly revision: number; readonly facts: FolderFacts }
  >();
  private eventTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private scanning: Promise<void> | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly updated = new vscode.EventEmitter<void>();
  /** Fires when the facts of some file, the files present or the options changed. */
  readonly onDidUpdate = this.updated.event;

  constructor(private readonly deps: WorkspaceIndexesDeps) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => {
        this.queueEvent(uri, 'change');
      }),
      watcher.onDidChange((uri) => {
        this.queueEvent(uri, 'change');
      }),
      watcher.onDidDelete((uri) => {
        this.queueEvent(uri, 'delete');
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        void this.rescan();
      }),
    );
  }

  /** (Re)creates the folders' indexes and scans them all, with progress. Concurrent calls share one scan. */
  rescan(): Promise<void> {
    this.scanning ??= this.scanAll().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  /** Settles when the current scan, if any, is done. */
  get ready(): Promise<void> {
    return this.scanning ?? Promise.resolve();
  }

  /** The index and relative path of a file in an indexed folder. */
  locate(uri: vscode.Uri): Located | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const entry = folder === undefined ? undefined : this.indexes.get(folder.uri.toString());
    if (entry === undefined || folder === undefined) {
      return undefined;
    }
    const relativePath = vscode.workspace.asRelativePath(uri, false);
    return { index: entry.index, folder, relativePath };
  }

  /** The facts of the folder holding a file, and the file's path in it. */
  factsAt(uri: vscode.Uri): { facts: FolderFacts; relativePath: string } | undefined {
    const located = this.locate(uri);
    return located === undefined
      ? undefined
      : {
          facts: this.folderFacts(located.folder, located.index),
          relativePath: located.relativePath,
        };
  }

  /**
   * What a YAML file is, as the index read it from its current text (`kind` undefined: none of
   * the known kinds); undefined when the index has not read it (not indexed, or waiting).
   */
  kindOf(uri: vscode.Uri): { readonly kind: InfraKind | undefined } | undefined {
    const located = this.locate(uri);
    const facts = located?.index.currentFacts(located.relativePath);
    return facts === undefined ? undefined : { kind: facts.kind };
  }

  /** The facts of every indexed folder (none when workspace validation is off). */
  allFacts(): FolderFacts[] {
    return [...this.indexes.values()].map(({ folder, index }) => this.folderFacts(folder, index));
  }

  private folderFacts(folder: vscode.WorkspaceFolder, index: WorkspaceIndex): FolderFacts {
    // Links, hovers and lenses ask per request; the map is rebuilt only when the index moved.
    const cached = this.factsCache.get(index);
    if (cached?.revision === index.revision) {
      return cached.facts;
    }
    const facts = this.buildFolderFacts(folder, index);
    this.factsCache.set(index, { revision: index.revision, facts });
    return facts;
  }

  private buildFolderFacts(folder: vscode.WorkspaceFolder, index: WorkspaceIndex): FolderFacts {
    const files = new Map<string, FileFacts>();
    for (const file of index.files()) {
      if (file.facts !== undefined) {
        files.set(file.path, file.facts);
      }
    }
    return {
      folder,
      files,
      exists: (relativePath) => index.exists(relativePath),
      runbookUrls: this.deps.crossFile().runbookUrls,
      textOf: (relativePath) => index.get(relativePath)?.text,
    };
  }

  /** An open document's text changed (or it was opened): validated at once, others follow. */
  documentChanged(located: Located, text: string): void {
    located.index.setEditorText(located.relativePath, text);
    located.index.validateNow(located.relativePath);
    this.publishChanges();
    this.settleSoon();
  }

  /**
   * A document was closed: the file on disk counts again, unless it is one the index would not
   * have found (ignored, excluded: it was only indexed while open).
   */
  documentClosed(located: Located): void {
    located.index.setEditorText(located.relativePath, undefined);
    isDiscoverable(
      { root: located.folder.uri.fsPath, exclude: this.deps.exclude() },
      located.relativePath,
    )
      .then(async (discoverable) => {
        if (discoverable) {
          await located.index.refreshFromDisk(located.relativePath);
        } else {
          located.index.remove(located.relativePath);
        }
        this.settleSoon();
      })
      .catch((error: unknown) => {
        this.deps.logger.error(`Re-reading ${located.relativePath} failed`, error);
      });
  }

  /** The validator or the options were replaced (settings, repository config, trust): everything is validated again. */
  validatorChanged(): void {
    for (const { index } of this.indexes.values()) {
      index.setValidator(this.deps.getValidator());
      index.setCrossFileOptions(this.deps.crossFile());
    }
    this.settleSoon();
    this.updated.fire();
  }

  /** Forgets every index and clears the problems of files that are not open (workspace validation turned off). */
  stop(): void {
    for (const { folder, index } of this.indexes.values()) {
      for (const file of index.files()) {
        this.deps.publish(vscode.Uri.joinPath(folder.uri, file.path), [], '');
      }
    }
    this.indexes.clear();
    this.updated.fire();
  }

  dispose(): void {
    this.disposed = true;
    this.updated.dispose();
    clearTimeout(this.eventTimer);
    clearTimeout(this.settleTimer);
    this.disposables.forEach((d) => {
      d.dispose();
    });
  }

  private async scanAll(): Promise<void> {
    // Folders that went away take their problems with them.
    const current = new Map(
      (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file')
        .map((f) => [f.uri.toString(), f] as const),
    );
    // A new scan starts from nothing: what the old indexes published is cleared first.
    this.stop();
    for (const [key, folder] of current) {
      this.indexes.set(key, {
        folder,
        index: new WorkspaceIndex(
          {
            root: folder.uri.fsPath,
            exclude: this.deps.exclude(),
            crossFile: this.deps.crossFile(),
            // Thousands of closed files' parsed documents would stay in the extension host.
            keepParses: 'open',
          },
          this.deps.getValidator(),
        ),
      });
    }
    // Open documents' unsaved text wins over the disk from the start.
    for (const document of vscode.workspace.textDocuments) {
      const located = this.locate(document.uri);
      if (located !== undefined && /\.ya?ml$/i.test(located.relativePath)) {
        located.index.setEditorText(located.relativePath, document.getText());
      }
    }
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Infra Workbench: validating the workspace',
        cancellable: false,
      },
      async (progress) => {
        for (const { folder, index } of this.indexes.values()) {
          let reported = 0;
          let reportedAt = 0;
          const started = Date.now();
          const { unreadableFolders } = await index.scan({
            pause,
            onProgress: (done, total) => {
              // A message per file would flood the renderer: a few per second.
              if (Date.now() - reportedAt < progressIntervalMs && done < total) {
                return;
              }
              reportedAt = Date.now();
              const increment = total === 0 ? 0 : ((done - reported) / total) * 100;
              reported = done;
              progress.report({ message: `${folder.name}: ${done}/${total} files`, increment });
            },
          });
          const s = index.summary();
          this.deps.logger.info(
            `Indexed ${folder.name}: ${s.files} YAML files, ${s.documents} documents in ${Date.now() - started} ms; ${s.errors} errors, ${s.warnings} warnings`,
          );
          for (const unreadable of unreadableFolders) {
            this.deps.logger.warn(
              `Cannot read ${unreadable.path} in ${folder.name}: ${unreadable.reason}`,
            );
          }
          if (this.disposed) {
            return;
          }
          this.publishChanges();
        }
      },
    );
  }

  private queueEvent(uri: vscode.Uri, kind: 'change' | 'delete'): void {
    this.pendingEvents.set(uri.toString(), kind);
    clearTimeout(this.eventTimer);
    this.eventTimer = setTimeout(() => {
      this.eventTimer = undefined;
      this.applyEvents().catch((error: unknown) => {
        this.deps.logger.error('Updating the workspace index failed', error);
      });
    }, fileEventDelayMs);
  }

  private async applyEvents(): Promise<void> {
    const events = [...this.pendingEvents];
    this.pendingEvents.clear();
    for (const [key, kind] of events) {
      const located = this.locate(vscode.Uri.parse(key));
      if (located === undefined) {
        continue;
      }
      if (kind === 'delete') {
        located.index.remove(located.relativePath);
      } else if (
        await isDiscoverable(
          { root: located.folder.uri.fsPath, exclude: this.deps.exclude() },
          located.relativePath,
        )
      ) {
        await located.index.refreshFromDisk(located.relativePath);
      }
    }
    this.settleSoon();
  }

  /** Validates what is queued, in slices, then publishes what changed. */
  private settleSoon(): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      Promise.all([...this.indexes.values()].map(({ index }) => index.settle({ pause })))
        .then(() => {
          this.publishChanges();
        })
        .catch((error: unknown) => {
          this.deps.logger.error('Validating the workspace failed', error);
        });
    }, 0);
  }

  private publishChanges(): void {
    if (this.disposed) {
      return;
    }
    let published = 0;
    for (const { folder, index } of this.indexes.values()) {
      for (const relativePath of index.takeChanges()) {
        const file = index.get(relativePath);
        this.deps.publish(
          vscode.Uri.joinPath(folder.uri, relativePath),
          file === undefined ? [] : index.problemsOf(relativePath),
          file?.text ?? '',
        );
        published++;
      }
    }
    if (published > 0) {
      this.deps.onDidPublish();
      this.updated.fire();
    }
  }
}
