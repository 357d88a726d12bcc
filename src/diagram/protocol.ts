// The message contract between the diagram panel (extension host) and its webview. Both sides
// import this file; no 'vscode' and no DOM here. What arrives from the webview is untrusted: the
// host reads it only through {@link parseWebviewMessage}.
import { parseOptions, type DiagramOptions } from './core/diagramOptions';
import type { DiagramView } from './core/diagramView';
import { isCount } from '../common/messageGuards';

/** Which diagram a panel shows: what the serializer stores and validates on restore. */
export type DiagramSourceState =
  | { readonly kind: 'workspace' }
  | { readonly kind: 'folder'; readonly uri: string }
  | { readonly kind: 'file'; readonly uri: string }
  | { readonly kind: 'plan'; readonly uri: string };

// ---- host -> webview ----

/** Host → webview, after `hello` and whenever the sources change: the positioned diagram. */
export interface ShowDiagramMessage {
  readonly type: 'diagram';
  readonly title: string;
  readonly view: DiagramView;
  /** What the webview keeps in its state so that a restored panel shows the same diagram. */
  readonly restore: DiagramSourceState;
  /** The view options applied (kept in the webview's state next to `restore`). */
  readonly options: DiagramOptions;
}

/** Host → webview, after `hello`: nothing could be drawn, and why. */
export interface ShowErrorMessage {
  readonly type: 'error';
  readonly title: string;
  readonly message: string;
  readonly restore: DiagramSourceState;
  readonly options: DiagramOptions;
}

export type HostMessage = ShowDiagramMessage | ShowErrorMessage;

// ---- webview -> host ----

/** Webview → host, when its script has started: send what to show (again, after a reload). */
export interface HelloMessage {
  readonly type: 'hello';
}

/** Webview → host, once a diagram (or the error) is drawn: how many nodes and edges are in the DOM. */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly view: 'diagram' | 'empty' | 'error';
  /** Node boxes drawn. */
  readonly nodes: number;
  /** Edge paths drawn. */
  readonly edges: number;
  /** SVG elements, or a canvas for big diagrams (the counts are what it painted). */
  readonly renderer?: 'svg' | 'canvas';
  /** The state the webview saved for a restore (what VS Code hands the serializer after a reload). */
  readonly state?: DiagramPanelState;
}

/** Webview → host, when a node is clicked: reveal its definition (the host looks the node up by id). */
export interface OpenMessage {
  readonly type: 'open';
  readonly id: string;
}

/** Webview → host: save the SVG the webview serialised (the host asks where). */
export interface ExportSvgMessage {
  readonly type: 'exportSvg';
  readonly svg: string;
}

/** Webview → host: draw the diagram again with these view options (filters, collapsed groups, plan context). */
export interface OptionsMessage {
  readonly type: 'options';
  readonly options: DiagramOptions;
}

export type WebviewMessage =
  HelloMessage | ReadyMessage | OpenMessage | ExportSvgMessage | OptionsMessage;

/** What the webview stores with `setState` (and the serializer receives on restore). */
export interface DiagramPanelState {
  readonly restore?: DiagramSourceState;
  readonly options?: DiagramOptions;
}

/** The largest SVG export accepted from the webview (a 5,000-node dot SVG is about 4.3 MB). */
export const maxExportBytes = 64 * 1024 * 1024;

/** A message from the webview, checked field by field; undefined for anything else. */
export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  if (typeof data !== 'object' || data === null) {
    return undefined;
  }
  const m = data as Record<string, unknown>;
  switch (m.type) {
    case 'hello':
      return { type: 'hello' };
    case 'ready':
      return (m.view === 'diagram' || m.view === 'empty' || m.view === 'error') &&
        isCount(m.nodes) &&
        isCount(m.edges)
        ? {
            type: 'ready',
            view: m.view,
            nodes: m.nodes,
            edges: m.edges,
            ...(m.renderer === 'svg' || m.renderer === 'canvas' ? { renderer: m.renderer } : {}),
            ...(m.state === undefined ? {} : { state: parsePanelState(m.state) }),
          }
        : undefined;
    case 'open':
      return typeof m.id === 'string' && m.id.length > 0 && m.id.length < 10_000
        ? { type: 'open', id: m.id }
        : undefined;
    case 'exportSvg':
      return typeof m.svg === 'string' && m.svg.startsWith('<svg') && m.svg.length <= maxExportBytes
        ? { type: 'exportSvg', svg: m.svg }
        : undefined;
    case 'options':
      return typeof m.options === 'object' && m.options !== null
        ? { type: 'options', options: parseOptions(m.options) }
        : undefined;
    default:
      return undefined;
  }
}

/** A panel's saved state, checked: what is not valid in it is left out. */
export function parsePanelState(data: unknown): DiagramPanelState {
  const s = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const restore = parseSourceState(s.restore);
  return {
    ...(restore === undefined ? {} : { restore }),
    ...(s.options === undefined ? {} : { options: parseOptions(s.options) }),
  };
}

/** A restored panel's stored source, checked; undefined for anything else. */
export function parseSourceState(data: unknown): DiagramSourceState | undefined {
  if (typeof data !== 'object' || data === null) {
    return undefined;
  }
  const s = data as Record<string, unknown>;
  switch (s.kind) {
    case 'workspace':
      return { kind: 'workspace' };
    case 'folder':
    case 'file':
    case 'plan':
      return typeof s.uri === 'string' && s.uri.length > 0 && s.uri.length < 10_000
        ? { kind: s.kind, uri: s.uri }
        : undefined;
    default:
      return undefined;
  }
}
