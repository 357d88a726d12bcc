import * as vscode from 'vscode';
import type { Logger } from '../host/logger';
import { mayHoldCrd } from './core/crdSchemas';
import type { YamlValidator } from './core/yamlValidator';

/** Folders never worth reading for CRDs (the CLI skips the same). */
const defaultExcludes = ['**/node_modules/**', '**/.git/**', '**/.terraform/**'];

/** Above this, a file is not read for CRDs (the largest real CRDs are about 1 MB). */
const maxCrdFileBytes = 5 * 1024 * 1024;

const notifyDelayMs = 300;

/** The workspace's CRD files, kept in a validator; see {@link watchWorkspaceCrds}. */
export interface WorkspaceCrds {
  /** Stops watching. */
  dispose(): void;
  /**
   * Gives every CRD known so far to a validator created after the watch started (the
   * Kubernetes version setting changed): call it before re-validating with that validator.
   */
  applyTo(validator: YamlValidator): void;
  /** Settles when the first scan of the workspace is done (whether or not it found CRDs). */
  readonly ready: Promise<void>;
}

/**
 * Keeps the validator's CustomResourceDefinitions in step with the workspace, so custom
 * resources are validated against the CRDs of the repository, offline.
 *
 * Contract:
 * - scans `**\/*.{yaml,yml}` once (skipping node_modules, .git, .terraform and `exclude` globs),
 *   reading only files whose bytes mention `CustomResourceDefinition` (a cheap pre-check) and
 *   not above 5 MB, and calls `getValidator().setCrdSource(relativePath, text)` for each;
 * - keeps them current: a FileSystemWatcher for created, changed and deleted files (deleted:
 *   `setCrdSource(path, undefined)`), and open documents' unsaved text, which wins over the
 *   file on disk until the document is closed (then the file is read again);
 * - after any change to the CRDs (and after the first scan when it found any) calls
 *   `onDidChange()`, debounced, for the caller to re-validate open documents; edits that change
 *   no CRD do not call it;
 * - when the caller replaces its validator, it calls {@link WorkspaceCrds.applyTo} on the new one;
 * - never throws: unreadable files are skipped (and logged when a logger is given).
 * Dispose to stop watching.
 */
export function watchWorkspaceCrds(deps: {
  readonly getValidator: () => YamlValidator;
  readonly onDidChange: () => void;
  readonly exclude?: readonly string[];
  readonly logger?: Logger;
}): WorkspaceCrds {
  /** The text of every file currently holding CRDs, by workspace-relative path. */
  const sources = new Map<string, string>();
  /** Files whose open document has unsaved text: that text is what counts. */
  const dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // An object, not a `let`: async callbacks read it after dispose() changed it.
  const state = { disposed: false };

  const keyOf = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, false);

  const notify = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!state.disposed) {
        deps.onDidChange();
      }
    }, notifyDelayMs);
  };

  /** Sets (or clears) one file's text; notifies when its CRDs changed. */
  const update = (key: string, text: string | undefined): void => {
    const holds = text !== undefined && mayHoldCrd(text) ? text : undefined;
    if (holds === undefined && !sources.has(key)) {
      return; // not a CRD file before or now
    }
    const validator = deps.getValidator();
    const before = validator.crds.generation;
    if (holds === undefined) {
      sources.delete(key);
    } else {
      sources.set(key, holds);
    }
    validator.setCrdSource(key, holds);
    if (validator.crds.generation !== before) {
      notify();
    }
  };

  const readFile = async (uri: vscode.Uri): Promise<string | undefined> => {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > maxCrdFileBytes) {
        return undefined;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      return Buffer.from(bytes).includes('CustomResourceDefinition')
        ? new TextDecoder('utf-8').decode(bytes)
        : undefined;
    } catch (error) {
      deps.logger?.error(`Reading ${uri.toString()} for CRDs failed`, error);
      return undefined;
    }
  };

  const fromDisk = async (uri: vscode.Uri): Promise<void> => {
    const key = keyOf(uri);
    if (dirty.has(key)) {
      return; // the open document's unsaved text wins
    }
    const text = await readFile(uri);
    if (!state.disposed && !dirty.has(key)) {
      update(key, text);
    }
  };

  const isYaml = (uri: vscode.Uri): boolean => /\.ya?ml$/i.test(uri.path);

  const fromDocument = (document: vscode.TextDocument): void => {
    if (!isYaml(document.uri) || document.uri.scheme !== 'file') {
      return;
    }
    const key = keyOf(document.uri);
    if (document.isDirty) {
      dirty.add(key);
    } else {
      dirty.delete(key);
    }
    update(key, document.getText());
  };

  const exclude = `{${[...defaultExcludes, ...(deps.exclude ?? [])].join(',')}}`;
  const ready = (async (): Promise<void> => {
    const uris = await vscode.workspace.findFiles('**/*.{yaml,yml}', exclude);
    for (const uri of uris) {
      if (state.disposed) {
        return;
      }
      await fromDisk(uri);
    }
    // Open documents may hold unsaved CRD edits the disk does not have yet.
    vscode.workspace.textDocuments.filter((d) => d.isDirty).forEach(fromDocument);
  })().catch((error: unknown) => {
    deps.logger?.error('Scanning the workspace for CRDs failed', error);
  });

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
  const onDisk = (uri: vscode.Uri): void => {
    // The watcher sees everything; the default excludes hold for it too (`exclude` globs only
    // for the scan: matching them here would need a glob matcher).
    if (!/\/(node_modules|\.git|\.terraform)\//.test(uri.path)) {
      void fromDisk(uri);
    }
  };
  const typing = new Map<string, ReturnType<typeof setTimeout>>();
  const subscriptions = vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(onDisk),
    watcher.onDidChange(onDisk),
    watcher.onDidDelete((uri) => {
      const key = keyOf(uri);
      dirty.delete(key);
      update(key, undefined);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      // Typing in a 1 MB CRD must not re-read its schemas per keystroke.
      const key = e.document.uri.toString();
      clearTimeout(typing.get(key));
      typing.set(
        key,
        setTimeout(() => {
          typing.delete(key);
          if (!state.disposed) {
            fromDocument(e.document);
          }
        }, notifyDelayMs),
      );
    }),
    vscode.workspace.onDidSaveTextDocument(fromDocument),
    vscode.workspace.onDidCloseTextDocument((document) => {
      // Unsaved edits are gone with the document: the file on disk counts again.
      if (isYaml(document.uri) && document.uri.scheme === 'file') {
        dirty.delete(keyOf(document.uri));
        void fromDisk(document.uri);
      }
    }),
  );
  return {
    ready,
    applyTo(validator: YamlValidator): void {
      for (const [key, text] of sources) {
        validator.setCrdSource(key, text);
      }
    },
    dispose(): void {
      state.disposed = true;
      clearTimeout(timer);
      typing.forEach((t) => {
        clearTimeout(t);
      });
      subscriptions.dispose();
    },
  };
}
