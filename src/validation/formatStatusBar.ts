import * as vscode from 'vscode';
import { documentFormats, type DocumentFormat } from '../common/classify';
import { Commands, Settings, settingsSection } from '../host/ids';
import { formatLabels } from './core/formatChecker';
import type { YamlValidator } from './core/yamlValidator';

/** The status bar item and the command behind it, with a way to refresh after validation. */
export interface FormatStatusBar {
  /** Shows what the active document is validated as (call after its routes may have changed). */
  readonly refresh: () => void;
  readonly disposable: vscode.Disposable;
}

/**
 * A status bar item that says what the active YAML document was recognised as (per document:
 * `Kubernetes, Runbook`), where that came from, and opens {@link chooseFormat} on click.
 */
export function registerFormatStatusBar(validator: () => YamlValidator): FormatStatusBar {
  const item = vscode.window.createStatusBarItem(
    'infraWorkbench.format',
    vscode.StatusBarAlignment.Right,
    100,
  );
  item.name = 'Infra Workbench: Validated As';
  item.command = Commands.chooseFormat;

  const refresh = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    if (document === undefined || !isYaml(document)) {
      item.hide();
      return;
    }
    const relative = vscode.workspace.asRelativePath(document.uri, false);
    const routes = validator().routes(relative, document.getText());
    const names = [
      ...new Set(
        routes.flatMap((r) => {
          if (r?.schemaRef !== undefined) {
            return [shortRef(r.schemaRef)];
          }
          return r?.format === undefined ? [] : [formatLabels[r.format]];
        }),
      ),
    ];
    const origins = [...new Set(routes.flatMap((r) => (r === undefined ? [] : [r.origin])))];
    item.text = names.length === 0 ? '$(circle-slash) YAML' : `$(checklist) ${names.join(', ')}`;
    item.tooltip =
      names.length === 0
        ? 'Infra Workbench does not check this file: no document is a format it knows. Click to choose one.'
        : `Infra Workbench checks this file as ${names.join(', ')} (decided by ${origins
            .map((o) => (o === 'content' ? 'its content' : o))
            .join(', ')}). Click to change.`;
    item.show();
  };

  refresh();
  const disposable = vscode.Disposable.from(
    item,
    vscode.commands.registerCommand(Commands.chooseFormat, async (uri?: vscode.Uri) => {
      await chooseFormat(uri ?? vscode.window.activeTextEditor?.document.uri);
      refresh();
    }),
    vscode.window.onDidChangeActiveTextEditor(refresh),
  );
  return { refresh, disposable };
}

interface Choice extends vscode.QuickPickItem {
  /** A target for the setting, undefined to remove the mapping, or a prompt for one. */
  readonly value: string | undefined;
}

/**
 * Asks how a file should be validated and writes the answer to the `infraWorkbench.schemas`
 * setting of its workspace folder (the file's relative path as the glob).
 */
async function chooseFormat(uri: vscode.Uri | undefined): Promise<void> {
  if (uri === undefined) {
    void vscode.window.showInformationMessage('Open a YAML file to choose how it is validated.');
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const relative = vscode.workspace.asRelativePath(uri, false);
  const choices: Choice[] = [
    { label: '$(search) Detect from content', description: 'remove the mapping', value: undefined },
    ...documentFormats.map((f: DocumentFormat) => ({
      label: formatLabels[f],
      description: f,
      value: f,
    })),
    { label: '$(circle-slash) Do not validate', description: 'none', value: 'none' },
    { label: '$(file) JSON schema file…', value: 'pick-file' },
    { label: '$(globe) JSON schema URL…', value: 'pick-url' },
  ];
  const picked = await vscode.window.showQuickPick(choices, {
    title: `Validate ${relative} as`,
    placeHolder: 'Saved in the infraWorkbench.schemas setting of this workspace folder',
  });
  if (picked === undefined) {
    return;
  }
  let value = picked.value;
  if (value === 'pick-file') {
    const [file] =
      (await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { 'JSON schema': ['json'] },
        ...(folder === undefined ? {} : { defaultUri: folder.uri }),
      })) ?? [];
    if (file === undefined) {
      return;
    }
    value = vscode.workspace.asRelativePath(file, false);
  } else if (value === 'pick-url') {
    value = await vscode.window.showInputBox({
      prompt: 'The URL of a JSON schema (fetched in trusted workspaces, cached for offline use)',
      placeHolder: 'https://json.schemastore.org/…',
      validateInput: (v) => (/^https?:\/\/\S+$/.test(v) ? undefined : 'Enter an http(s) URL'),
    });
    if (value === undefined) {
      return;
    }
  }
  const config = vscode.workspace.getConfiguration(settingsSection, uri);
  const current = { ...(config.get<Record<string, string>>(Settings.schemas) ?? {}) };
  if (value === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a user-keyed map
    delete current[relative];
  } else {
    current[relative] = value;
  }
  await config.update(
    Settings.schemas,
    current,
    folder === undefined
      ? vscode.ConfigurationTarget.Global
      : vscode.ConfigurationTarget.WorkspaceFolder,
  );
}

function shortRef(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1) || ref;
}

function isYaml(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml' || /\.ya?ml$/i.test(document.uri.path);
}
