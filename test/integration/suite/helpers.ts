import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { problemSources } from '../../../src/common/problem';

export const isOurs = (d: vscode.Diagnostic): boolean =>
  (problemSources as readonly (string | undefined)[]).includes(d.source);

export const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter(isOurs);

/** How long a wait for diagnostics lasts before it fails with what it saw. */
const waitMs = 25_000;

/**
 * Resolves with the extension's diagnostics of `uri` at the first change after this call that
 * satisfies `until` (events, not sleeps). Call it before the action that causes the change.
 */
export function nextDiagnostics(
  uri: vscode.Uri,
  until: (diagnostics: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    // Fails with what was seen, well before the test's own timeout says only "timeout".
    const timer = setTimeout(() => {
      listener.dispose();
      const seen = ours(uri).map((d) => `${String(codeOf(d))}@${d.range.start.line}`);
      reject(
        new Error(
          `No diagnostics change of ${vscode.workspace.asRelativePath(uri)} met the condition within ${waitMs / 1000} s; it has [${seen.join(', ')}]`,
        ),
      );
    }, waitMs);
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && until(ours(uri))) {
        clearTimeout(timer);
        listener.dispose();
        resolve(ours(uri));
      }
    });
  });
}

/** Resolves with the extension's diagnostics of `uri` once they satisfy `until` (now or later). */
export function diagnosticsWhen(
  uri: vscode.Uri,
  until: (diagnostics: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return until(ours(uri)) ? Promise.resolve(ours(uri)) : nextDiagnostics(uri, until);
}

/** Resolves with the extension's diagnostics of `uri` once there are some. */
export async function diagnosticsOf(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  const now = ours(uri);
  return now.length > 0 ? now : nextDiagnostics(uri, (ds) => ds.length > 0);
}

export const extensionId = 'infra-workbench.infra-workbench';

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  return vscode.Uri.joinPath(folder.uri, relative);
}

/** A diagnostic's code as text, whether it links to documentation or not. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object'
    ? String(code.value)
    : code === undefined
      ? undefined
      : String(code);
}

/** Reverts and closes every editor (closing a dirty one would wait on a save prompt). */
export async function closeAllEditors(): Promise<void> {
  while (vscode.window.activeTextEditor !== undefined) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}
