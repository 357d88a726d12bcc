// The Plan Preview's webview bundle in Chromium (Debian's, driven by playwright-core), fed a view
// model the way the panel feeds it: how long from the plan message to the tree drawn and the
// `ready` message sent, and how long a filter keystroke and a jump to the middle of the list take.
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { PlanView } from '../../src/plan/core/planView';

/** What the webview bench measured for one view. */
export interface WebviewTiming {
  /** Resources the panel lists. */
  readonly listed: number;
  /** From posting the plan message to the webview's ready message (structured clone included). */
  readonly readyMs: number;
  /** A filter keystroke: rows rebuilt and the visible ones drawn. */
  readonly filterMs: number;
  /** Scrolling to the middle of the list and drawing the rows there. */
  readonly scrollMs: number;
  /** Rows in the DOM after the scroll (the virtualised window). */
  readonly domRows: number;
}

/** Debian's Chromium, or CHROMIUM_PATH; undefined when neither is there. */
export function chromiumPath(): string | undefined {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(candidate) ? candidate : undefined;
}

/**
 * A page running a webview bundle (`script` with `css`) the way a panel runs it: a stand-in for
 * `acquireVsCodeApi` records what the webview posts in `window.__posted` (with the time).
 */
export async function openWebviewPage(
  browser: Browser,
  script: string,
  css: string,
): Promise<{ readonly page: Page; readonly errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent(
    `<!DOCTYPE html><html><head><style>${css}</style></head><body><script>
window.__posted = [];
window.__state = undefined;
window.acquireVsCodeApi = () => ({
  postMessage: (m) => { window.__posted.push({ m, at: performance.now() }); },
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});
</script><script>${readFileSync(script, 'utf8')}</script></body></html>`,
  );
  return { page, errors };
}

/** Times the webview bundle `script` (with `css`) on each view, in one browser. */
export async function timeWebview(
  executablePath: string,
  script: string,
  css: string,
  views: readonly PlanView[],
): Promise<WebviewTiming[]> {
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const timings: WebviewTiming[] = [];
    for (const view of views) {
      const { page, errors } = await openWebviewPage(browser, script, css);
      // Page code as text: this file is type-checked without the DOM library.
      await page.evaluate(`window.__view = ${JSON.stringify(view)}`);
      const readyMs = await page.evaluate<number>(`(async () => {
        const start = performance.now();
        window.postMessage({ type: 'plan', view: window.__view }, '*');
        for (;;) {
          const ready = window.__posted.find((p) => p.m.type === 'ready');
          if (ready !== undefined) return ready.at - start;
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })()`);
      const filterMs = await page.evaluate<number>(`(async () => {
        const input = document.querySelector('input.filter');
        const start = performance.now();
        input.value = 'aws_instance';
        input.dispatchEvent(new Event('input'));
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const ms = performance.now() - start;
        input.value = '';
        input.dispatchEvent(new Event('input'));
        return ms;
      })()`);
      const scroll = await page.evaluate<{ ms: number; rows: number }>(`(async () => {
        const tree = document.querySelector('.tree');
        const start = performance.now();
        tree.scrollTop = tree.scrollHeight / 2;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        await new Promise((resolve) => requestAnimationFrame(resolve));
        return { ms: performance.now() - start, rows: document.querySelectorAll('.row').length };
      })()`);
      if (errors.length > 0) {
        throw new Error(`the webview failed: ${errors.join('; ')}`);
      }
      timings.push({
        listed: view.resources.length,
        readyMs,
        filterMs,
        scrollMs: scroll.ms,
        domRows: scroll.rows,
      });
      await page.close();
    }
    return timings;
  } finally {
    await browser.close();
  }
}
