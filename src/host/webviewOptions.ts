import * as vscode from 'vscode';

/**
 * Options of our webview panels: scripts on, loading only our bundles (`dist/webview`) and
 * `media/`, the webview rebuilt from the host's state when shown again (no hidden context kept).
 */
export function webviewPanelOptions(
  extensionUri: vscode.Uri,
  extra: vscode.WebviewPanelOptions = {},
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
    ...extra,
  };
}
