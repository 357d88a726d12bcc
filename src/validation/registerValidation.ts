import path from 'node:path';
import * as vscode from 'vscode';
import { problemSources, type Problem, type ProblemSource } from '../common/problem';
import { Commands, diagnosticCollectionName } from '../host/ids';
import type { Logger } from '../host/logger';
import { onDidChangeSettings, readSettings } from '../host/settings';
import { CustomSchemas } from './core/customSchemas';
import {
  readRepoConfig,
  repoConfigFile,
  SchemaMappings,
  type RunbookUrlMapping,
  type SchemaMapping,
} from './core/schemaOverrides';
import { YamlValidator } from './core/yamlValidator';
import { registerFormatStatusBar } from './formatStatusBar';
import { watchWorkspaceCrds, type WorkspaceCrds } from './workspaceCrds';
import { toDiagnostic, textPositions, type PositionSource } from './toDiagnostic';
import { registerProblemsStatusBar } from './problemsStatusBar';
import { WorkspaceIndexes } from '../workspace/workspaceIndexes';
import {
  InfraDocumentSymbols,
  SchemaCompletions,
  SchemaHover,
  ValidationCodeActions,
  yamlSelector,
} from './validationProviders';

const debounceMs = 150;

/** The validation feature: disposes everything it registered; its workspace index serves other features. */
export interface ValidationFeature {
  dispose(): void;
  /** Every workspace file's facts (runbook links, the Runbooks view read them). */
  readonly workspace: WorkspaceIndexes;
}

/**
 * Validates open YAML documents as they change (debounced; at once on open and save) and
 * publishes the problems in one diagnostic collection per source (kubernetes, compose, …).
 * Owns the pieces validation needs from the editor: settings, the repository's
 * `.infra-workbench.yaml`, the schema cache and the format status bar item.
 */
export function registerValidation(deps: {
  readonly logger: Logger;
  readonly schemasDir: string;
  /** The extension's global storage folder: fetched schemas are cached below it. */
  readonly storageDir: string;
}): ValidationFeature {
  const collections = new Map<ProblemSource, vscode.DiagnosticCollection>(
    problemSources.map((s) => [
      s,
      vscode.languages.createDiagnosticCollection(diagnosticCollectionName(s)),
    ]),
  );
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  let settings = readSettings();
  let repoMappings: readonly SchemaMapping[] = [];
  let repoRunbookUrls: readonly RunbookUrlMapping[] = [];
  const configProblems = new Map<string, readonly Problem[]>();

  const newCustomSchemas = (): CustomSchemas =>
    new CustomSchemas({
      baseDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(),
      cacheDir: path.join(deps.storageDir, 'schemas'),
      allowRemote: vscode.workspace.isTrusted,
      onDidLoad: () => {
        revalidateAll();
      },
    });
  let customSchemas = newCustomSchemas();
  const createValidator = (): YamlValidator => {
    const created = new YamlValidator({
      schemasDir: deps.schemasDir,
      kubernetesVersion: settings.kubernetesVersion,
      mappings: new SchemaMappings([...repoMappings, ...settings.schemaMappings]),
      customSchemas,
      disabledFormats: settings.disabledFormats,
      maxFileSize: settings.maxFileSize,
    });
    // A new validator starts without the workspace's CRDs (none yet on the first call).
    workspaceCrds.current?.applyTo(created);
    return created;
  };
  const workspaceCrds: { current?: WorkspaceCrds } = {};
  let validator = createValidator();
  const crds = watchWorkspaceCrds({
    getValidator: () => validator,
    onDidChange: () => {
      revalidateAll();
    },
    exclude: settings.filesExclude,
    logger: deps.logger,
  });
  workspaceCrds.current = crds;
  const statusBar = registerFormatStatusBar(() => validator);

  const problemsBar = registerProblemsStatusBar([...collections.values()]);
  const publish = (
    uri: vscode.Uri,
    document: PositionSource,
    problems: readonly Problem[],
  ): void => {
    for (const [source, collection] of collections) {
      const mine = problems.filter((p) => p.source === source);
      if (mine.length > 0 || collection.has(uri)) {
        collection.set(
          uri,
          mine.map((p) => toDiagnostic(document, p)),
        );
      }
    }
    problemsBar.refresh();
  };

  // Every file of the workspace, open or not, with the cross-file checks.
  const indexes = new WorkspaceIndexes({
    logger: deps.logger,
    getValidator: () => validator,
    exclude: () => settings.filesExclude,
    crossFile: () => ({
      missingReferences: settings.missingReferences,
      unroutedAlerts: settings.unroutedAlerts,
      // A prefix of the settings is the repository's root on the web.
      runbookUrls: [
        ...repoRunbookUrls,
        ...settings.runbookUrlPrefixes.map((prefix) => ({ prefix, folder: '' })),
      ],
    }),
    publish: (uri, problems, text) => {
      // Positions come from the open document when it holds the text the problems were found in.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      publish(uri, open?.getText() === text ? open : textPositions(text), problems);
    },
    onDidPublish: () => {
      problemsBar.refresh();
    },
  });
  const scanWorkspace = (): void => {
    if (!settings.validationEnable || !settings.workspaceValidation) {
      indexes.stop();
      return;
    }
    problemsBar.setBusy(true);
    indexes
      .rescan()
      .catch((error: unknown) => {
        deps.logger.error('Validating the workspace failed', error);
      })
      .finally(() => {
        problemsBar.setBusy(false);
      });
  };

  const validateNow = (document: vscode.TextDocument): void => {
    if (!isYamlDocument(document)) {
      return;
    }
    const configIssues = configProblems.get(document.uri.toString());
    if (configIssues !== undefined) {
      publish(document.uri, document, configIssues);
      return;
    }
    if (!settings.validationEnable) {
      publish(document.uri, document, []);
      return;
    }
    try {
      const located = indexes.locate(document.uri);
      if (located !== undefined) {
        indexes.documentChanged(located, document.getText());
        if (document === vscode.window.activeTextEditor?.document) {
          statusBar.refresh();
        }
        return;
      }
      const relative = vscode.workspace.asRelativePath(document.uri, false);
      const result = validator.validate(relative, document.getText());
      publish(document.uri, document, result.problems);
      if (document === vscode.window.activeTextEditor?.document) {
        statusBar.refresh();
      }
    } catch (error) {
      // A bug in a validator must not take the other features down with it.
      deps.logger.error(`Validation of ${document.uri.toString()} failed`, error);
    }
  };

  const schedule = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        validateNow(document);
      }, debounceMs),
    );
  };

  /**
   * Validates everything again (the validator or what it knows changed): the workspace index
   * re-validates its files and republishes what changed; other open documents are validated here.
   */
  function revalidateAll(): void {
    if (!settings.validationEnable) {
      indexes.stop();
      for (const collection of collections.values()) {
        collection.clear();
      }
    } else {
      indexes.validatorChanged();
    }
    vscode.workspace.textDocuments.forEach(validateNow);
    statusBar.refresh();
    problemsBar.refresh();
  }

  /** Reads `.infra-workbench.yaml` of every workspace folder; its mistakes show in that file. */
  const loadRepoConfig = async (): Promise<void> => {
    const mappings: SchemaMapping[] = [];
    const runbookUrls: RunbookUrlMapping[] = [];
    configProblems.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, repoConfigFile);
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue; // no config file in this folder
      }
      const config = readRepoConfig(text);
      mappings.push(...config.mappings);
      runbookUrls.push(...config.runbookUrls);
      configProblems.set(uri.toString(), config.problems);
    }
    repoMappings = mappings;
    repoRunbookUrls = runbookUrls;
    validator = createValidator();
    revalidateAll();
  };
  const scanOnce: { started: boolean } = { started: false };

  const configWatcher = vscode.workspace.createFileSystemWatcher(`**/${repoConfigFile}`);
  const reloadConfig = (): void => {
    loadRepoConfig()
      .catch((error: unknown) => {
        deps.logger.error(`Reading ${repoConfigFile} failed`, error);
      })
      .finally(() => {
        // The first scan waits for the repository's config: it decides how files are validated.
        if (!scanOnce.started) {
          scanOnce.started = true;
          scanWorkspace();
        }
      });
  };
  reloadConfig();

  const disposable = vscode.Disposable.from(
    ...collections.values(),
    statusBar.disposable,
    problemsBar.disposable,
    indexes,
    vscode.commands.registerCommand(Commands.validateWorkspace, () => {
      scanWorkspace();
      return indexes.ready;
    }),
    crds,
    configWatcher,
    configWatcher.onDidCreate(reloadConfig),
    configWatcher.onDidChange(reloadConfig),
    configWatcher.onDidDelete(reloadConfig),
    vscode.languages.registerCodeActionsProvider(
      yamlSelector,
      new ValidationCodeActions(() => validator),
      { providedCodeActionKinds: ValidationCodeActions.kinds },
    ),
    // Hover, completion and the outline only read: they stay on when validation is turned off.
    vscode.languages.registerHoverProvider(yamlSelector, new SchemaHover(() => validator)),
    vscode.languages.registerCompletionItemProvider(
      yamlSelector,
      new SchemaCompletions(() => validator),
      ...SchemaCompletions.triggerCharacters,
    ),
    vscode.languages.registerDocumentSymbolProvider(yamlSelector, new InfraDocumentSymbols()),
    vscode.workspace.onDidOpenTextDocument(validateNow),
    vscode.workspace.onDidSaveTextDocument(validateNow),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) {
        schedule(e.document);
      }
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(pending.get(document.uri.toString()));
      pending.delete(document.uri.toString());
      const located = indexes.locate(document.uri);
      if (located !== undefined) {
        // A workspace file keeps its problems: the index goes back to the text on disk.
        indexes.documentClosed(located);
        return;
      }
      for (const collection of collections.values()) {
        collection.delete(document.uri);
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      customSchemas = newCustomSchemas();
      validator = createValidator();
      revalidateAll();
    }),
    onDidChangeSettings(() => {
      const before = settings;
      settings = readSettings();
      // A new validator recompiles schemas lazily; settings change rarely.
      validator = createValidator();
      if (
        before.workspaceValidation !== settings.workspaceValidation ||
        before.validationEnable !== settings.validationEnable ||
        before.missingReferences !== settings.missingReferences ||
        before.filesExclude.join('\n') !== settings.filesExclude.join('\n')
      ) {
        scanWorkspace();
      }
      revalidateAll();
    }),
    {
      dispose: () => {
        pending.forEach((timer) => {
          clearTimeout(timer);
        });
      },
    },
  );
  return {
    workspace: indexes,
    dispose: () => {
      disposable.dispose();
    },
  };
}

function isYamlDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml' || /\.ya?ml$/i.test(document.uri.path);
}
