import * as assert from 'node:assert/strict';
import { webviewHtml } from '../../../src/host/webviewHtml';

type Options = Parameters<typeof webviewHtml>[0];
type Webview = Options['webview'];
type Uri = Options['script'];

/** Just what webviewHtml reads of a webview and of its URIs. */
function fakeWebview(): Webview {
  return {
    cspSource: 'https://file+.vscode-resource.example',
    asWebviewUri: (uri: Uri) => ({
      toString: () => `https://file+.vscode-resource.example${uri.path}`,
    }),
  } as unknown as Webview;
}

const uri = (path: string): Uri => ({ path }) as unknown as Uri;

function page(title = 'Plan Preview: <x>.json'): string {
  return webviewHtml({
    webview: fakeWebview(),
    title,
    script: uri('/ext/dist/webview/planPreview.js'),
    style: uri('/ext/media/planPreview.css'),
  });
}

describe('webview HTML', () => {
  it('has a strict Content Security Policy: nothing but our stylesheet and one script with a nonce', () => {
    const html = page();
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.example(;|$)/);
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]{20,})'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.ok(!csp.includes('unsafe'), csp);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
    assert.deepEqual(scripts, [
      ` nonce="${nonce}" src="https://file+.vscode-resource.example/ext/dist/webview/planPreview.js"`,
    ]);
    assert.match(
      html,
      /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.example\/ext\/media\/planPreview\.css">/,
    );
  });

  it('uses a fresh nonce for every page and escapes the title', () => {
    const nonceOf = (html: string): string | undefined => /'nonce-([^']+)'/.exec(html)?.[1];
    assert.notEqual(nonceOf(page()), nonceOf(page()));
    assert.match(page(), /<title>Plan Preview: &#60;x&#62;\.json<\/title>/);
  });
});
