// Draws a big diagram on a canvas: thousands of SVG elements make the first render and every pan
// slow, a canvas repaints them in a few milliseconds. The colours are read from the same theme
// variables the SVG's CSS uses (media/diagram.css), so both renderers follow the VS Code theme.
import type { DiagramView, DiagramViewNode } from '../core/diagramView';
import type { Transform } from './geometry';

/** Which nodes are highlighted and how. */
export interface Highlights {
  readonly matches: ReadonlySet<string>;
  readonly selected: string | undefined;
  readonly blast: ReadonlySet<string>;
  readonly cyclic: ReadonlySet<string>;
  /** The node the keyboard is on (arrow keys move it, Enter opens it), ringed when the canvas has focus. */
  readonly focused?: string | undefined;
}

interface Colours {
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly nodeFill: string;
  readonly nodeBorder: string;
  readonly edge: string;
  readonly accent: string;
  readonly error: string;
  readonly actions: Readonly<Record<string, string | undefined>>;
  readonly blastColour: string;
}

/** The theme's colours, resolved now (call again when the theme changes). */
export function themeColours(): Colours {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string =>
    style.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--vscode-editor-background', '#1e1e1e'),
    foreground: v('--vscode-editor-foreground', v('--vscode-foreground', '#cccccc')),
    muted: v('--vscode-descriptionForeground', '#999999'),
    nodeFill: v('--vscode-editorWidget-background', v('--vscode-editor-background', '#252526')),
    nodeBorder: v('--vscode-editorWidget-border', v('--vscode-contrastBorder', '#888888')),
    edge: v('--vscode-editorLineNumber-foreground', '#888888'),
    accent: v('--vscode-focusBorder', '#007fd4'),
    error: v('--vscode-errorForeground', '#f14c4c'),
    blastColour: v('--vscode-charts-red', '#e51400'),
    actions: {
      create: v('--vscode-charts-green', '#388a34'),
      update: v('--vscode-charts-yellow', '#bf8803'),
      delete: v('--vscode-charts-red', '#e51400'),
      replace: v('--vscode-charts-purple', '#a335ee'),
      read: v('--vscode-charts-blue', '#1a85ff'),
      forget: v('--vscode-charts-orange', '#d18616'),
    },
  };
}

/** Paints the whole view at `transform` on `canvas` (sized to its box at the device pixel ratio). */
export function paint(
  canvas: HTMLCanvasElement,
  view: DiagramView,
  transform: Transform,
  highlights: Highlights,
  colours: Colours,
): void {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d');
  if (ctx === null) {
    return;
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const k = transform.k * ratio;
  ctx.setTransform(k, 0, 0, k, transform.x * ratio, transform.y * ratio);
  // What is outside the visible part is skipped (in diagram coordinates).
  const left = -transform.x / transform.k;
  const top = -transform.y / transform.k;
  const right = left + canvas.clientWidth / transform.k;
  const bottom = top + canvas.clientHeight / transform.k;
  const visible = (x: number, y: number, w: number, h: number): boolean =>
    x + w >= left && x <= right && y + h >= top && y <= bottom;
  const hairline = 1 / transform.k;

  ctx.setLineDash([4, 3]);
  ctx.strokeStyle = colours.nodeBorder;
  ctx.lineWidth = hairline;
  ctx.fillStyle = colours.muted;
  ctx.font = 'bold 11px sans-serif';
  for (const c of view.clusters) {
    if (visible(c.x, c.y, c.width, c.height)) {
      ctx.strokeRect(c.x, c.y, c.width, c.height);
      if (transform.k * 11 >= 5) {
        ctx.fillText(c.label, c.x + 8, c.y + 14);
      }
    }
  }
  ctx.setLineDash([]);

  for (const e of view.edges) {
    const [first, ...rest] = e.points;
    const tip = e.points[e.points.length - 1];
    const before = e.points[e.points.length - 2];
    if (first === undefined || tip === undefined) {
      continue;
    }
    const hot = highlights.blast.has(e.from) && highlights.blast.has(e.to);
    const cycle = highlights.cyclic.has(e.from) && highlights.cyclic.has(e.to);
    const colour = hot ? colours.blastColour : cycle ? colours.error : colours.edge;
    ctx.strokeStyle = colour;
    ctx.lineWidth = hot ? 2 : Math.max(hairline, 1);
    ctx.beginPath();
    ctx.moveTo(first[0], first[1]);
    let i = 0;
    for (; i + 3 <= rest.length; i += 3) {
      const [a, b, c] = [rest[i], rest[i + 1], rest[i + 2]];
      if (a !== undefined && b !== undefined && c !== undefined) {
        ctx.bezierCurveTo(a[0], a[1], b[0], b[1], c[0], c[1]);
      }
    }
    for (; i < rest.length; i++) {
      const p = rest[i];
      if (p !== undefined) {
        ctx.lineTo(p[0], p[1]);
      }
    }
    ctx.stroke();
    if (before !== undefined) {
      arrowhead(ctx, before, tip, colour);
    }
  }

  const labels = transform.k * 10 >= 4;
  ctx.font = '10px Helvetica, Arial, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const n of view.nodes) {
    const x = n.x - n.width / 2;
    const y = n.y - n.height / 2;
    if (!visible(x, y, n.width, n.height)) {
      continue;
    }
    const action = n.action === undefined ? undefined : colours.actions[n.action];
    ctx.fillStyle = colours.nodeFill;
    ctx.fillRect(x, y, n.width, n.height);
    if (action !== undefined) {
      ctx.globalAlpha = 0.28;
      ctx.fillStyle = action;
      ctx.fillRect(x, y, n.width, n.height);
      ctx.globalAlpha = 1;
    }
    const [stroke, lineWidth] = nodeStroke(n, highlights, colours, action);
    ctx.strokeStyle = stroke;
    ctx.lineWidth = Math.max(hairline, lineWidth);
    ctx.setLineDash(n.missing === true ? [4, 3] : n.external === true ? [1, 3] : []);
    ctx.strokeRect(x, y, n.width, n.height);
    ctx.setLineDash([]);
    if (labels) {
      ctx.fillStyle = colours.foreground;
      ctx.fillText(n.label, n.x, n.y, n.width - 4);
    }
    if (highlights.focused === n.id) {
      // A focus ring outside the box, as the SVG's :focus-visible outline draws one.
      const gap = 4 / transform.k;
      ctx.strokeStyle = colours.accent;
      ctx.lineWidth = 2 / transform.k;
      ctx.setLineDash([4 / transform.k, 2 / transform.k]);
      ctx.strokeRect(x - gap, y - gap, n.width + 2 * gap, n.height + 2 * gap);
      ctx.setLineDash([]);
    }
  }
}

function nodeStroke(
  n: DiagramViewNode,
  h: Highlights,
  colours: Colours,
  action: string | undefined,
): [string, number] {
  if (h.selected === n.id || h.matches.has(n.id)) {
    return [colours.accent, 3];
  }
  if (h.blast.has(n.id)) {
    return [colours.blastColour, 2.5];
  }
  if (n.missing === true || h.cyclic.has(n.id)) {
    return [colours.error, 1];
  }
  return action === undefined ? [colours.nodeBorder, 1] : [action, 2];
}

function arrowhead(
  ctx: CanvasRenderingContext2D,
  from: readonly [number, number],
  tip: readonly [number, number],
  colour: string,
): void {
  const angle = Math.atan2(tip[1] - from[1], tip[0] - from[0]);
  const size = 7;
  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.moveTo(tip[0], tip[1]);
  ctx.lineTo(tip[0] - size * Math.cos(angle - 0.4), tip[1] - size * Math.sin(angle - 0.4));
  ctx.lineTo(tip[0] - size * Math.cos(angle + 0.4), tip[1] - size * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fill();
}
