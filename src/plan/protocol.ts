// The message contract between the Plan Preview panel (extension host) and its webview. Both
// sides import this file; no 'vscode' and no DOM here. What arrives from the webview is
// untrusted: the host reads it only through {@link parseWebviewMessage}.
import type { KubernetesView } from './core/kubernetesView';
import type { PlanView, PlanViewAttribute } from './core/planView';
import { isCount } from '../common/messageGuards';

/** Why the panel shows an error instead of a plan. */
export type PlanErrorKind =
  | 'invalid-json'
  | 'not-a-plan'
  | 'unsupported-version'
  | 'invalid-plan'
  | 'too-large'
  | 'unreadable'
  | 'plan-failed'
  /** The Kubernetes changes could not be read: not a repository, no commits, unknown base. */
  | 'git';

// ---- host -> webview ----

/** Host → webview, after `hello`: the plan to show (masked, values rendered to text). */
export interface ShowPlanMessage {
  readonly type: 'plan';
  readonly view: PlanView;
  /** For a plan file: what the webview keeps in its state so that a restored panel reopens it. */
  readonly restore?: { readonly planUri: string };
}

/** Host → webview, after `hello`: the file is not a plan the preview can show, and why. */
export interface ShowErrorMessage {
  readonly type: 'error';
  readonly kind: PlanErrorKind;
  readonly title: string;
  readonly message: string;
  /** What to do about it, in place of the hint about saving plans as JSON. */
  readonly hint?: string;
}

/**
 * Host → webview, after `hello`: the Kubernetes changes between a git base and the working tree
 * (Secret values never in it: see kubernetesView.ts).
 */
export interface ShowKubernetesMessage {
  readonly type: 'kubernetes';
  readonly view: KubernetesView;
  /** What the webview keeps in its state so that a restored panel compares the same again. */
  readonly restore?: KubernetesRestore;
}

/**
 * A Kubernetes preview's identity: the folder (a URI), the base (absent: the default) and the
 * head revision (absent: the working tree).
 */
export interface KubernetesRestore {
  readonly folder: string;
  readonly base?: string;
  readonly head?: string;
}

/** Host → webview, answering `details`: one resource's attribute diff. */
export interface DetailsMessage {
  readonly type: 'details';
  readonly id: number;
  readonly all: boolean;
  readonly attributes: readonly PlanViewAttribute[];
}

export type HostMessage =
  ShowPlanMessage | ShowKubernetesMessage | ShowErrorMessage | DetailsMessage;

// ---- webview -> host ----

/** Webview → host, when its script has started: send what to show (again, after a reload). */
export interface HelloMessage {
  readonly type: 'hello';
}

/**
 * What the webview reports it shows, in its `ready` message. For Kubernetes changes: `add`,
 * `change`, `destroy` (removed), `move` (moved without changes) and `resources` (added, changed
 * and removed); the others are 0.
 */
export interface ShownCounts {
  /** Resource changes listed (drift excluded). */
  readonly resources: number;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
  readonly import: number;
  readonly move: number;
  readonly drift: number;
  readonly outputs: number;
}

/** What a panel shows, as its ready message says. */
export type ReadyView = 'plan' | 'kubernetes' | 'no-changes' | 'error';

const readyViews: readonly string[] = ['plan', 'kubernetes', 'no-changes', 'error'];

/** Webview → host, once the plan (or the error) is rendered: what it shows. */
export interface ReadyMessage {
  readonly type: 'ready';
  /** `plan`, `kubernetes`, `no-changes` (either kind) or `error`. */
  readonly view: ReadyView;
  readonly headline: string;
  readonly counts: ShownCounts;
}

/** Webview → host: the attribute diff of a resource (all attributes or the changed ones). */
export interface RequestDetailsMessage {
  readonly type: 'details';
  readonly id: number;
  readonly all: boolean;
}

/** Webview → host: open the `.tf` block of a resource address. */
export interface OpenSourceMessage {
  readonly type: 'openSource';
  readonly address: string;
}

/**
 * Webview → host: open the place behind a Kubernetes target id (a resource, a moved resource or
 * a problem): the working tree file, or the base version read-only.
 */
export interface OpenManifestMessage {
  readonly type: 'openManifest';
  readonly target: number;
}

/** Webview → host: copy the plan summary as Markdown. */
export interface CopyMarkdownMessage {
  readonly type: 'copyMarkdown';
}

/** Webview → host: show the plan's dependency diagram. */
export interface ShowDiagramMessage {
  readonly type: 'showDiagram';
}

export type WebviewMessage =
  | HelloMessage
  | ReadyMessage
  | RequestDetailsMessage
  | OpenSourceMessage
  | OpenManifestMessage
  | CopyMarkdownMessage
  | ShowDiagramMessage;

const countKeys: readonly (keyof ShownCounts)[] = [
  'resources',
  'add',
  'change',
  'destroy',
  'replace',
  'import',
  'move',
  'drift',
  'outputs',
];

/** A message from the webview, checked field by field; undefined for anything else. */
export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  if (typeof data !== 'object' || data === null) {
    return undefined;
  }
  const m = data as Record<string, unknown>;
  switch (m.type) {
    case 'hello':
      return { type: 'hello' };
    case 'copyMarkdown':
      return { type: 'copyMarkdown' };
    case 'showDiagram':
      return { type: 'showDiagram' };
    case 'details':
      return isCount(m.id) && typeof m.all === 'boolean'
        ? { type: 'details', id: m.id, all: m.all }
        : undefined;
    case 'openSource':
      return typeof m.address === 'string' && m.address.length > 0 && m.address.length < 10_000
        ? { type: 'openSource', address: m.address }
        : undefined;
    case 'openManifest':
      return isCount(m.target) ? { type: 'openManifest', target: m.target } : undefined;
    case 'ready': {
      const counts = m.counts;
      if (
        typeof m.view !== 'string' ||
        !readyViews.includes(m.view) ||
        typeof m.headline !== 'string' ||
        typeof counts !== 'object' ||
        counts === null
      ) {
        return undefined;
      }
      const c = counts as Record<string, unknown>;
      if (!countKeys.every((k) => isCount(c[k]))) {
        return undefined;
      }
      const shown = Object.fromEntries(countKeys.map((k) => [k, c[k]])) as unknown as ShownCounts;
      return { type: 'ready', view: m.view as ReadyView, headline: m.headline, counts: shown };
    }
    default:
      return undefined;
  }
}
