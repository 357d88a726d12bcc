import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/**
 * The HTML page of a webview panel: a strict Content Security Policy (nothing but the
 * extension's own stylesheet and one script carrying a fresh nonce), no data in the page:
 * the script asks for it by message once it runs.
 */
export function webviewHtml(options: {
  readonly webview: vscode.Webview;
  readonly title: string;
  readonly script: vscode.Uri;
  readonly style: vscode.Uri;
}): string {
  const { webview } = options;
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="${webview.asWebviewUri(options.style).toString()}">
</head>
<body>
<script nonce="${nonce}" src="${webview.asWebviewUri(options.script).toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
