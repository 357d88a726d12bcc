// The diagram webview: draws the positioned graph the extension host posts (see ../protocol.ts)
// as SVG (on a canvas above a few thousand elements), with pan (drag), zoom (wheel, + and -), fit
// to view, search, filters by kind, group and plan action, plan context (changed plus N hops),
// collapsing and expanding groups, hover details and click to open. Filters and collapsing are
// view options the host applies (core/diagramOptions.ts) before the layout. No framework;
// colours come from the theme's CSS variables (media/diagram.css), so light, dark and
// high-contrast themes all apply.
import { changeOptions, toggleGroup, type DiagramOptions } from '../core/diagramOptions';
import { groupNodeId, type DiagramView, type DiagramViewNode } from '../core/diagramView';
import type { DiagramPanelState, HostMessage, WebviewMessage } from '../protocol';
import { paint, themeColours } from './canvas';
import {
  boxAt,
  canvasElements,
  edgePath,
  fitTransform,
  matchingNodes,
  nearestInDirection,
  toDiagram,
  type Direction,
  type Transform,
} from './geometry';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const svgNs = 'http://www.w3.org/2000/svg';

/** What survives the panel being hidden and restored: the source and the view options (the serializer reads them). */
let ui: DiagramPanelState = (vscode.getState() as DiagramPanelState | undefined) ?? {};
let options: DiagramOptions = ui.options ?? {};

let view: DiagramView | undefined;
let transform: Transform = { x: 0, y: 0, k: 1 };
const nodeElements = new Map<string, SVGGElement>();
const edgeElements: { from: string; to: string; element: SVGPathElement }[] = [];
let matches: string[] = [];
let matchIndex = 0;
/** Canvas mode: the highlights the SVG keeps in classes. */
let selected: string | undefined;
/** The canvas's keyboard position (a node id). */
let focused: string | undefined;
let blast = new Set<string>();
let cyclic = new Set<string>();
let useCanvas = false;
let colours = themeColours();

// ---- page skeleton ----

const app = html('div', 'app');
const toolbar = html('div', 'toolbar');
const title = html('span', 'title');
const search = html('input', 'search');
search.type = 'search';
search.placeholder = 'Find a node (Enter: next)';
search.setAttribute('aria-label', 'Find a node');
const kindFilter = html('select', 'kinds');
kindFilter.setAttribute('aria-label', 'Show kind');
const groupFilter = html('select', 'kinds groups');
groupFilter.setAttribute('aria-label', 'Show group');
const actionFilter = html('select', 'kinds actions');
actionFilter.setAttribute('aria-label', 'Show planned action');
const context = html('select', 'kinds context');
context.setAttribute('aria-label', 'Plan context');
context.append(new Option('Whole plan', ''));
for (let hops = 0; hops <= 3; hops++) {
  context.append(new Option(`Changed + ${hops} hop${hops === 1 ? '' : 's'}`, String(hops)));
}
const legend = html('span', 'legend');
legend.setAttribute('aria-label', 'Colours of the planned actions');
const collapseAll = button('Collapse groups', 'Draw every group as one box');
const expandAll = button('Expand groups', 'Draw every member of every group');
const zoomOut = button('−', 'Zoom out (-)');
const zoomIn = button('+', 'Zoom in (+)');
const fit = button('Fit', 'Fit to view (0)');
const exportButton = button('Export SVG', 'Save the diagram as an SVG file');
const status = html('span', 'status');
status.setAttribute('role', 'status');
toolbar.append(
  title,
  search,
  kindFilter,
  groupFilter,
  actionFilter,
  context,
  legend,
  collapseAll,
  expandAll,
  zoomOut,
  zoomIn,
  fit,
  exportButton,
  status,
);
const notice = html('div', 'notice');
const stage = html('div', 'stage');
const svg = document.createElementNS(svgNs, 'svg');
svg.setAttribute('class', 'diagram');
const viewport = document.createElementNS(svgNs, 'g');
svg.append(viewport);
const canvas = html('canvas', 'diagram canvas');
canvas.style.display = 'none';
// Keyboard: the arrow keys move between nodes, Enter opens one (SVG nodes take focus themselves).
canvas.tabIndex = 0;
canvas.setAttribute('role', 'application');
canvas.setAttribute(
  'aria-label',
  'Dependency diagram: arrow keys move between nodes, Enter opens the node',
);
stage.append(svg, canvas);
const tooltip = html('div', 'tooltip');
tooltip.hidden = true;
app.append(toolbar, notice, stage, tooltip);
document.body.append(app);

function html<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

function button(text: string, hint: string): HTMLButtonElement {
  const b = html('button', 'button', text);
  b.title = hint;
  b.type = 'button';
  return b;
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) {
    e.setAttribute(name, String(value));
  }
  return e;
}

/** What VS Code holds for this panel now (the serializer gets it after a reload), for the ready message. */
function savedState(): { state?: DiagramPanelState } {
  const state = vscode.getState() as DiagramPanelState | undefined;
  return state === undefined ? {} : { state };
}

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

// ---- messages ----

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  options = message.options;
  ui = { restore: message.restore, options };
  vscode.setState(ui);
  title.textContent = message.title;
  switch (message.type) {
    case 'diagram':
      draw(message.view);
      break;
    case 'error':
      view = undefined;
      clear();
      notice.textContent = `${message.title}. ${message.message}`;
      notice.className = 'notice error';
      status.textContent = '';
      post({ type: 'ready', view: 'error', nodes: 0, edges: 0, ...savedState() });
      break;
  }
});

// ---- drawing ----

function clear(): void {
  viewport.replaceChildren();
  nodeElements.clear();
  edgeElements.length = 0;
  selected = undefined;
  focused = undefined;
  blast = new Set();
  matches = [];
}

function draw(next: DiagramView): void {
  view = next;
  clear();
  cyclic = new Set(next.cycles.flat());
  useCanvas = next.nodes.length + next.edges.length > canvasElements;
  svg.style.display = useCanvas ? 'none' : '';
  canvas.style.display = useCanvas ? '' : 'none';
  if (!useCanvas) {
    drawSvg(next);
  }
  showChoices(next);
  showNotes(next);
  const drawnNodes = useCanvas ? next.nodes.length : viewport.querySelectorAll('g.node').length;
  const drawnEdges = useCanvas ? next.edges.length : viewport.querySelectorAll('path.edge').length;
  status.textContent =
    (drawnNodes === next.total.nodes
      ? `${drawnNodes} nodes, ${drawnEdges} edges`
      : `${drawnNodes} of ${next.total.nodes} nodes, ${drawnEdges} of ${next.total.edges} edges`) +
    (useCanvas ? ' (canvas)' : '');
  requestAnimationFrame(() => {
    fitToView();
    post({
      type: 'ready',
      view: next.nodes.length === 0 ? 'empty' : 'diagram',
      nodes: drawnNodes,
      edges: drawnEdges,
      renderer: useCanvas ? 'canvas' : 'svg',
      ...savedState(),
    });
  });
}

/** Builds the SVG elements of a view (also for the export of a canvas-drawn one). */
function drawSvg(next: DiagramView): void {
  const defs = svgElement('defs', {});
  const marker = svgElement('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(svgElement('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }));
  defs.append(marker);
  viewport.append(defs);

  const clusters = svgElement('g', { class: 'clusters' });
  for (const c of next.clusters) {
    const g = svgElement('g', { class: 'cluster' });
    g.dataset.group = c.label;
    const hint = svgElement('title', {});
    hint.textContent = `${c.label}: click to collapse into one box`;
    g.append(hint);
    g.append(
      svgElement('rect', { x: c.x, y: c.y, width: c.width, height: c.height, rx: 6 }),
      text(c.label, c.x + 8, c.y + 14, 'cluster-title'),
    );
    clusters.append(g);
  }
  const edges = svgElement('g', { class: 'edges' });
  for (const e of next.edges) {
    const path = svgElement('path', {
      d: edgePath(e.points),
      class: `edge kind-${cssName(e.kind)}${cyclic.has(e.from) && cyclic.has(e.to) ? ' cycle' : ''}`,
      'marker-end': 'url(#arrow)',
    });
    const hint = svgElement('title', {});
    hint.textContent = `${e.from} → ${e.to} (${e.kind}${e.label === undefined ? '' : `: ${e.label}`})`;
    path.append(hint);
    edges.append(path);
    edgeElements.push({ from: e.from, to: e.to, element: path });
  }
  const nodes = svgElement('g', { class: 'nodes' });
  for (const n of next.nodes) {
    const classes = ['node', `kind-${cssName(n.kind)}`];
    if (n.action !== undefined) {
      classes.push(`action-${n.action}`);
    }
    if (n.missing === true) {
      classes.push('missing');
    }
    if (n.external === true) {
      classes.push('external');
    }
    if (cyclic.has(n.id)) {
      classes.push('cycle');
    }
    const g = svgElement('g', { class: classes.join(' '), tabindex: 0, role: 'button' });
    g.dataset.id = n.id;
    g.setAttribute('aria-label', n.label);
    g.append(
      svgElement('rect', {
        x: n.x - n.width / 2,
        y: n.y - n.height / 2,
        width: n.width,
        height: n.height,
        rx: 3,
      }),
      text(n.label, n.x, n.y + 4, 'label', 'middle'),
    );
    nodes.append(g);
    nodeElements.set(n.id, g);
  }
  viewport.append(clusters, edges, nodes);
}

/** The filters' choices and values, from the view and the options it was drawn with. */
function showChoices(next: DiagramView): void {
  const fill = (select: HTMLSelectElement, all: string, values: readonly string[]): void => {
    select.replaceChildren(new Option(all, ''), ...values.map((v) => new Option(v, v)));
  };
  fill(kindFilter, 'All kinds', next.kinds);
  kindFilter.value = options.kind ?? '';
  fill(groupFilter, 'All groups', next.allGroups);
  groupFilter.value = options.group ?? '';
  groupFilter.hidden = next.allGroups.length === 0;
  fill(actionFilter, 'All actions', ['changed', ...next.actions]);
  actionFilter.value = options.action ?? '';
  const plan = next.actions.length > 0;
  actionFilter.hidden = !plan;
  context.hidden = !plan;
  context.value = options.hops === undefined ? '' : String(options.hops);
  legend.replaceChildren(
    ...next.actions
      .filter((a) => a !== 'no-op' && a !== 'unknown')
      .map((a) => html('span', `swatch action-${a}`, a)),
  );
  collapseAll.hidden = expandAll.hidden = next.groups.length === 0;
}

function showNotes(next: DiagramView): void {
  const notes: string[] = [];
  if (next.note !== undefined) {
    notes.push(next.note);
  }
  if (next.nodes.length === 0) {
    notes.push(
      'The graph is empty: no Kubernetes resources, Compose services, workflow jobs, runbooks or Terraform resources were found here.',
    );
  }
  for (const p of next.problems) {
    notes.push(`${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`);
  }
  if (next.cycles.length > 0) {
    notes.push(
      `${next.cycles.length} cycle${next.cycles.length === 1 ? '' : 's'} (drawn in the error colour): ${next.cycles.map((c) => c.join(' → ')).join('; ')}`,
    );
  }
  notice.textContent = notes.join('\n');
  notice.className = notes.length === 0 ? 'notice empty' : 'notice';
}

function text(
  content: string,
  x: number,
  y: number,
  className: string,
  anchor?: 'middle',
): SVGTextElement {
  const t = svgElement('text', { x, y, class: className });
  if (anchor !== undefined) {
    t.setAttribute('text-anchor', anchor);
  }
  t.textContent = content;
  return t;
}

function cssName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

// ---- view transform ----

let paintPending = false;

function applyTransform(): void {
  if (useCanvas) {
    repaint();
    return;
  }
  viewport.setAttribute(
    'transform',
    `translate(${transform.x} ${transform.y}) scale(${transform.k})`,
  );
}

/** Paints the canvas at the next frame (pans and zooms come faster than frames). */
function repaint(): void {
  if (paintPending) {
    return;
  }
  paintPending = true;
  requestAnimationFrame(() => {
    paintPending = false;
    if (useCanvas && view !== undefined) {
      paint(
        canvas,
        view,
        transform,
        {
          matches: new Set(matches),
          selected,
          blast,
          cyclic,
          focused: document.activeElement === canvas ? focused : undefined,
        },
        colours,
      );
    }
  });
}

// A theme change sets new variables on the body: the canvas reads them again.
new MutationObserver(() => {
  colours = themeColours();
  repaint();
}).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });

function fitToView(): void {
  if (view === undefined) {
    return;
  }
  transform = fitTransform(
    { width: view.width, height: view.height },
    { width: stage.clientWidth, height: stage.clientHeight },
  );
  applyTransform();
}

function zoom(factor: number, at?: { x: number; y: number }): void {
  const point = at ?? { x: stage.clientWidth / 2, y: stage.clientHeight / 2 };
  const k = Math.min(8, Math.max(0.02, transform.k * factor));
  transform = {
    k,
    x: point.x - ((point.x - transform.x) * k) / transform.k,
    y: point.y - ((point.y - transform.y) * k) / transform.k,
  };
  applyTransform();
}

function centreOn(node: DiagramViewNode): void {
  const k = Math.max(transform.k, 1);
  transform = {
    k,
    x: stage.clientWidth / 2 - node.x * k,
    y: stage.clientHeight / 2 - node.y * k,
  };
  applyTransform();
}

let drag: { x: number; y: number; moved: boolean } | undefined;
stage.addEventListener('pointerdown', (event) => {
  if (event.button !== 0) {
    return;
  }
  drag = { x: event.clientX, y: event.clientY, moved: false };
});
window.addEventListener('pointermove', (event) => {
  if (drag === undefined) {
    return;
  }
  const dx = event.clientX - drag.x;
  const dy = event.clientY - drag.y;
  if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) {
    return;
  }
  drag.moved = true;
  stage.classList.add('dragging');
  transform = { ...transform, x: transform.x + dx, y: transform.y + dy };
  drag.x = event.clientX;
  drag.y = event.clientY;
  applyTransform();
});
window.addEventListener('pointerup', () => {
  stage.classList.remove('dragging');
  // A click after a drag is not a click on a node.
  setTimeout(() => {
    drag = undefined;
  }, 0);
});
stage.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    const box = stage.getBoundingClientRect();
    zoom(Math.exp(-event.deltaY / 300), {
      x: event.clientX - box.left,
      y: event.clientY - box.top,
    });
  },
  { passive: false },
);
zoomIn.addEventListener('click', () => {
  zoom(1.25);
});
zoomOut.addEventListener('click', () => {
  zoom(0.8);
});
fit.addEventListener('click', fitToView);
window.addEventListener('resize', () => {
  if (view !== undefined && transform.k < 0.05) {
    fitToView();
  } else {
    repaint();
  }
});
const arrows: Readonly<Record<string, Direction | undefined>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};
canvas.addEventListener('keydown', (event) => {
  if (view === undefined || view.nodes.length === 0) {
    return;
  }
  const direction = arrows[event.key];
  const current = view.nodes.find((n) => n.id === focused);
  if (direction !== undefined) {
    event.preventDefault();
    // From nothing, the node nearest the middle of what is shown.
    const middle = toDiagram(transform, stage.clientWidth / 2, stage.clientHeight / 2);
    const next =
      current === undefined
        ? view.nodes.reduce((best, n) =>
            Math.hypot(n.x - middle.x, n.y - middle.y) <
            Math.hypot(best.x - middle.x, best.y - middle.y)
              ? n
              : best,
          )
        : nearestInDirection(view.nodes, current, direction);
    if (next !== undefined) {
      focusNode(next);
    }
  } else if ((event.key === 'Enter' || event.key === ' ') && current !== undefined) {
    event.preventDefault();
    select(current.id);
  }
});
canvas.addEventListener('focus', repaint);
canvas.addEventListener('blur', repaint);

/** Moves the canvas's keyboard position to `node`, in view, and says which node it is. */
function focusNode(node: DiagramViewNode): void {
  focused = node.id;
  const box = stage.getBoundingClientRect();
  const at = {
    x: node.x * transform.k + transform.x,
    y: node.y * transform.k + transform.y,
  };
  // Off screen, or too small to read at this zoom: centre on it at a readable size.
  if (at.x < 0 || at.y < 0 || at.x > box.width || at.y > box.height || transform.k < 0.6) {
    centreOn(node);
  } else {
    repaint();
  }
  status.textContent = `${node.label} (${node.kind})${node.group === undefined ? '' : ` in ${node.group}`}`;
}

document.addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) {
    return;
  }
  if (event.key === '+' || event.key === '=') {
    zoom(1.25);
  } else if (event.key === '-') {
    zoom(0.8);
  } else if (event.key === '0') {
    fitToView();
  } else if (event.key === 'Enter' && event.target instanceof SVGGElement) {
    const id = event.target.dataset.id;
    if (id !== undefined) {
      select(id);
    }
  }
});

// ---- search, filter, selection, hover ----

search.addEventListener('input', () => {
  matches = view === undefined ? [] : matchingNodes(view.nodes, search.value).map((n) => n.id);
  matchIndex = 0;
  for (const [id, element] of nodeElements) {
    element.classList.toggle('match', matches.includes(id));
  }
  repaint();
  showMatch();
});
search.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && matches.length > 0) {
    matchIndex = (matchIndex + 1) % matches.length;
    showMatch();
  }
});

function showMatch(): void {
  const id = matches[matchIndex];
  const node = id === undefined ? undefined : view?.nodes.find((n) => n.id === id);
  if (node !== undefined) {
    // Tab to the diagram and Enter opens the match.
    focused = node.id;
    centreOn(node);
  }
  if (search.value !== '') {
    status.textContent = `${matches.length === 0 ? 'no' : `${matchIndex + 1} of ${matches.length}`} matches`;
  }
}

/** Asks the host to draw again with new options (it answers with a new diagram message). */
function setOptions(next: DiagramOptions): void {
  options = next;
  ui = { ...ui, options };
  vscode.setState(ui);
  status.textContent = 'Laying out…';
  post({ type: 'options', options });
}

kindFilter.addEventListener('change', () => {
  setOptions(changeOptions(options, { kind: kindFilter.value }));
});
groupFilter.addEventListener('change', () => {
  setOptions(changeOptions(options, { group: groupFilter.value }));
});
actionFilter.addEventListener('change', () => {
  setOptions(changeOptions(options, { action: actionFilter.value as DiagramOptions['action'] }));
});
context.addEventListener('change', () => {
  setOptions(
    changeOptions(options, { hops: context.value === '' ? undefined : Number(context.value) }),
  );
});
collapseAll.addEventListener('click', () => {
  const titles = view?.groups.map((g) => g.title) ?? [];
  setOptions(changeOptions(options, { collapsed: titles, expanded: undefined }));
});
expandAll.addEventListener('click', () => {
  const titles = view?.groups.map((g) => g.title) ?? [];
  setOptions(changeOptions(options, { expanded: titles, collapsed: undefined }));
});

/** Selects a node: it and everything depending on it (its blast radius) are highlighted; the host opens it. */
function select(id: string): void {
  const node = view?.nodes.find((n) => n.id === id);
  if (node?.kind === 'group') {
    // A collapsed group: expand it.
    setOptions(toggleGroup(options, node.id.slice(groupNodeId('').length), false));
    return;
  }
  const dependents = new Set<string>([id]);
  const queue = [id];
  for (const current of queue) {
    for (const e of view?.edges ?? []) {
      if (e.to === current && !dependents.has(e.from)) {
        dependents.add(e.from);
        queue.push(e.from);
      }
    }
  }
  selected = id;
  blast = dependents;
  repaint();
  for (const [nodeId, element] of nodeElements) {
    element.classList.toggle('selected', nodeId === id);
    element.classList.toggle('blast', nodeId !== id && dependents.has(nodeId));
  }
  for (const e of edgeElements) {
    e.element.classList.toggle('blast', dependents.has(e.from) && dependents.has(e.to));
  }
  post({ type: 'open', id });
}

/** The node under a mouse event: its SVG element, or the canvas box under the pointer. */
function nodeAt(event: MouseEvent): DiagramViewNode | undefined {
  if (view === undefined) {
    return undefined;
  }
  if (useCanvas) {
    const box = stage.getBoundingClientRect();
    const at = toDiagram(transform, event.clientX - box.left, event.clientY - box.top);
    return boxAt(view.nodes, at.x, at.y);
  }
  const target = (event.target as Element).closest('g.node');
  const id = target instanceof SVGGElement ? target.dataset.id : undefined;
  return id === undefined ? undefined : view.nodes.find((n) => n.id === id);
}

/** The group whose box frame (SVG) or title strip (canvas) is under a mouse event. */
function clusterAt(event: MouseEvent): string | undefined {
  if (useCanvas) {
    const box = stage.getBoundingClientRect();
    const at = toDiagram(transform, event.clientX - box.left, event.clientY - box.top);
    return view?.clusters.find(
      (c) => at.x >= c.x && at.x <= c.x + c.width && at.y >= c.y && at.y <= c.y + 20,
    )?.label;
  }
  const cluster = (event.target as Element).closest('g.cluster');
  return cluster instanceof SVGGElement ? cluster.dataset.group : undefined;
}

stage.addEventListener('click', (event) => {
  if (drag?.moved === true) {
    return;
  }
  const node = nodeAt(event);
  if (node !== undefined) {
    select(node.id);
    return;
  }
  const group = clusterAt(event);
  if (group !== undefined) {
    setOptions(toggleGroup(options, group, true));
  }
});

stage.addEventListener('mousemove', (event) => {
  const node = nodeAt(event);
  if (node === undefined) {
    tooltip.hidden = true;
    return;
  }
  const lines = [
    node.label,
    `kind: ${node.kind}`,
    ...(node.group === undefined ? [] : [node.group]),
    ...(node.action === undefined ? [] : [`planned: ${node.action}`]),
    ...(node.missing === true ? ['missing: referred to, defined nowhere'] : []),
    ...(node.external === true ? ['outside the repository'] : []),
    ...(node.file === undefined
      ? []
      : [`${node.file}${node.line === undefined ? '' : `:${node.line}`}`]),
    ...Object.entries(node.details ?? {}).map(([k, v]) => `${k}: ${v}`),
    node.kind === 'group' ? 'Click to expand the group' : 'Click to open its definition',
  ];
  tooltip.textContent = lines.join('\n');
  tooltip.hidden = false;
  tooltip.style.left = `${Math.min(event.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8)}px`;
  tooltip.style.top = `${Math.min(event.clientY + 14, window.innerHeight - tooltip.offsetHeight - 8)}px`;
});
stage.addEventListener('mouseleave', () => {
  tooltip.hidden = true;
});

// ---- export ----

/** Properties copied from the computed style: a saved file has no theme variables to resolve. */
const exportedStyle = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
];

exportButton.addEventListener('click', () => {
  if (view === undefined) {
    return;
  }
  if (useCanvas) {
    // The canvas has no elements to save: build them for the export, then drop them.
    svg.style.display = '';
    drawSvg(view);
  }
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((original, i) => {
    const computed = getComputedStyle(original);
    const style = exportedStyle.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
    copies[i]?.setAttribute('style', style);
  });
  copy.querySelector('g')?.removeAttribute('transform');
  copy.setAttribute('xmlns', svgNs);
  copy.setAttribute('viewBox', `0 0 ${view.width} ${view.height}`);
  copy.setAttribute('width', String(view.width));
  copy.setAttribute('height', String(view.height));
  copy.style.background = getComputedStyle(document.body).backgroundColor;
  post({ type: 'exportSvg', svg: new XMLSerializer().serializeToString(copy) });
  if (useCanvas) {
    viewport.replaceChildren();
    nodeElements.clear();
    edgeElements.length = 0;
    svg.style.display = 'none';
  }
});

post({ type: 'hello' });
