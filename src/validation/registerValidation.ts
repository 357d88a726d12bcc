import * as vscode from 'vscode';
import { diagnosticCollectionName } from '../host/ids';
import type { Logger } from '../host/logger';
import { onDidChangeSettings, readSettings } from '../host/settings';
import { toDiagnostic } from './toDiagnostic';
import { YamlValidator } from './core/yamlValidator';
import {
  InfraDocumentSymbols,
  SchemaCompletions,
  SchemaHover,
  ValidationCodeActions,
  yamlSelector,
} from './validationProviders';

const debounceMs = 150;

/** Validates open YAML documents as they change and publishes the problems as diagnostics. */
export function registerValidation(deps: {
  readonly logger: Logger;
  readonly schemasDir: string;
}): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(diagnosticCollectionName);
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const createValidator = (kubernetesVersion: string): YamlValidator =>
    new YamlValidator({ schemasDir: deps.schemasDir, kubernetesVersion });
  let settings = readSettings();
  let validator = createValidator(settings.kubernetesVersion);

  const validateNow = (document: vscode.TextDocument): void => {
    if (!settings.validationEnable || !isYamlDocument(document)) {
      return;
    }
    try {
      const relative = vscode.workspace.asRelativePath(document.uri, false);
      const result = validator.validate(relative, document.getText());
      collection.set(
        document.uri,
        result.problems.map((p) => toDiagnostic(document, p)),
      );
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

  const revalidateAll = (): void => {
    collection.clear();
    vscode.workspace.textDocuments.forEach(validateNow);
  };

  revalidateAll();
  return vscode.Disposable.from(
    collection,
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
    vscode.workspace.onDidChangeTextDocument((e) => {
      schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(pending.get(document.uri.toString()));
      pending.delete(document.uri.toString());
      collection.delete(document.uri);
    }),
    onDidChangeSettings(() => {
      const previous = settings;
      settings = readSettings();
      // A new validator reloads and recompiles the schemas: only when their version changed.
      if (settings.kubernetesVersion !== previous.kubernetesVersion) {
        validator = createValidator(settings.kubernetesVersion);
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
}

function isYamlDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml' || /\.ya?ml$/i.test(document.uri.path);
}
