// A UI check of the diagram webview's canvas renderer (above 2,000 elements), which the demo
// repository's diagrams are too small to reach: the production bundle in Chromium, fed a laid-out
// 1,500-node graph the way the panel feeds it, driven from the keyboard only. Tab reaches the
// canvas, the arrow keys move between nodes (the status line names each), Enter opens the node
// (the webview posts `open` with its id, which the panel turns into the definition in the editor).
import type { Browser } from 'playwright-core';
import { applyOptions } from '../../src/diagram/core/diagramOptions';
import { layoutDiagram } from '../../src/diagram/core/diagramLayout';
import { diagramMessage, openDiagramPage, terraformShapedGraph } from '../bench/graphBench';

interface Posted {
  readonly m: { readonly type: string; readonly id?: string; readonly renderer?: string };
}

export async function checkDiagramCanvasKeyboard(
  browser: Browser,
  screenshot: string,
): Promise<string> {
  const graph = terraformShapedGraph(1500);
  const { view } = await layoutDiagram(
    graph,
    { expanded: [...applyOptions(graph, {}).allGroups] },
    { budgetMs: 60_000 },
  );
  const message = diagramMessage(view, 'keyboard');
  const { page, errors } = await openDiagramPage(browser);
  try {
    const posted = async (): Promise<Posted[]> => await page.evaluate<Posted[]>('window.__posted');
    await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
    await page.waitForFunction(`window.__posted.some((p) => p.m.type === 'ready')`, undefined, {
      timeout: 30_000,
    });
    const ready = (await posted()).find((p) => p.m.type === 'ready');
    if (ready?.m.renderer !== 'canvas') {
      throw new Error(
        `the 1,500-node diagram was drawn with ${ready?.m.renderer ?? 'nothing'}, not on a canvas`,
      );
    }
    await page.focus('canvas');
    const status = page.locator('.status');
    await page.keyboard.press('ArrowDown');
    const first = (await status.textContent()) ?? '';
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const moved = (await status.textContent()) ?? '';
    const label = /^(\S+) \(/.exec(moved)?.[1];
    if (label === undefined || moved === first) {
      throw new Error(`the arrow keys did not move between nodes: "${first}", then "${moved}"`);
    }
    await page.waitForTimeout(100); // the focus ring is painted at the next frame
    await page.screenshot({ path: screenshot });
    await page.keyboard.press('Enter');
    const open = (await posted()).find((p) => p.m.type === 'open');
    const node = view.nodes.find((n) => n.id === open?.m.id);
    if (node?.label !== label) {
      throw new Error(`Enter opened ${open?.m.id ?? 'nothing'}, the status line named ${label}`);
    }
    if (errors.length > 0) {
      throw new Error(`the diagram webview failed: ${errors.join('; ')}`);
    }
    return `canvas keyboard: ${first} → ${moved}, Enter opened ${node.id}`;
  } finally {
    await page.close();
  }
}
