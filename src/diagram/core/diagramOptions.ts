import { type Graph, type NodeAction } from './graphModel';
import {
  changedWithContext,
  collapseGroups,
  defaultNodeLimit,
  groupTitle,
  reduceGraph,
} from './diagramView';
import { compareCodeUnits } from '../../common/compareText';

// The view options of a diagram panel (filters, collapsed groups, plan context) and the graph
// transformation that applies them before the layout. Plain data: the webview sends them, the
// host applies them with {@link applyOptions}, and the serializer stores them with the source.

/** What the user chose to see. Every field is optional: `{}` shows the whole graph. */
export interface DiagramOptions {
  /** Only nodes of this kind (`Deployment`, `resource`). */
  readonly kind?: string;
  /** Only nodes of this group, by its title (`namespace shop`, `module network`). */
  readonly group?: string;
  /** Only nodes with this planned action; `changed`: any action but no-op. */
  readonly action?: NodeAction | 'changed';
  /** Plans: only the changed resources and the nodes within this many edges of one. */
  readonly hops?: number;
  /** Groups the user collapsed (titles). */
  readonly collapsed?: readonly string[];
  /** Groups the user expanded (titles): they stay open even above the size threshold. */
  readonly expanded?: readonly string[];
}

/** The most hops of context offered (a plan of thousands is readable at 3). */
export const maxHops = 5;

/** Above this many nodes (after the filters), groups start collapsed... */
export const autoCollapseNodes = 400;
/** ...those with more than this many members. */
export const autoCollapseMembers = 8;

const nodeActions: readonly NodeAction[] = [
  'create',
  'update',
  'delete',
  'replace',
  'read',
  'no-op',
  'forget',
  'unknown',
];

/** A group of the graph as the toolbar lists it. */
export interface GroupSummary {
  readonly title: string;
  /** Its members after the filters. */
  readonly size: number;
  readonly collapsed: boolean;
}

/** The graph to lay out for a set of options, and what the toolbar offers. */
export interface AppliedOptions {
  readonly graph: Graph;
  /** Says what was hidden or reduced, when something was. */
  readonly note?: string;
  /** The groups after the filters (the group filter and the collapse buttons list them). */
  readonly groups: readonly GroupSummary[];
  /** Kinds and actions of the whole graph (the filters' choices do not shrink as they filter). */
  readonly kinds: readonly string[];
  readonly actions: readonly NodeAction[];
  /** Every group title of the whole graph. */
  readonly allGroups: readonly string[];
}

/**
 * Applies the options in a fixed order: plan context (changed plus `hops`), the kind, group and
 * action filters, then collapsing (the user's choices first; untouched groups of more than
 * {@link autoCollapseMembers} collapse when more than {@link autoCollapseNodes} nodes remain),
 * then, as a last resort, {@link reduceGraph} to `limit` nodes.
 */
export function applyOptions(
  graph: Graph,
  options: DiagramOptions,
  limit = defaultNodeLimit,
): AppliedOptions {
  const kinds = [...new Set(graph.nodes.map((n) => n.kind))].sort(compareCodeUnits);
  const actionSet = new Set(graph.nodes.flatMap((n) => (n.action === undefined ? [] : [n.action])));
  const actions = nodeActions.filter((a) => actionSet.has(a));
  const allGroups = [...new Set(graph.nodes.flatMap((n) => groupTitle(n) ?? []))].sort(
    compareCodeUnits,
  );
  const notes: string[] = [];
  let current = graph;
  if (options.hops !== undefined && actions.length > 0) {
    current = changedWithContext(current, options.hops);
    notes.push(
      `Changed resources and their neighbours within ${options.hops} hop${options.hops === 1 ? '' : 's'}: ${current.nodes.length} of ${graph.nodes.length} nodes.`,
    );
  }
  const { kind, group, action } = options;
  if (kind !== undefined || group !== undefined || action !== undefined) {
    const before = current.nodes.length;
    current = keepNodes(current, (n) => {
      if (kind !== undefined && n.kind !== kind) {
        return false;
      }
      if (group !== undefined && groupTitle(n) !== group) {
        return false;
      }
      if (action === 'changed') {
        return n.action !== undefined && n.action !== 'no-op';
      }
      return action === undefined || n.action === action;
    });
    const shown = [
      kind === undefined ? undefined : `kind ${kind}`,
      group,
      action === undefined ? undefined : `${action} actions`,
    ].filter((s) => s !== undefined);
    notes.push(`Filtered to ${shown.join(', ')}: ${current.nodes.length} of ${before} nodes.`);
  }
  const sizes = new Map<string, number>();
  for (const n of current.nodes) {
    const title = groupTitle(n);
    if (title !== undefined) {
      sizes.set(title, (sizes.get(title) ?? 0) + 1);
    }
  }
  const collapsedByUser = new Set(options.collapsed ?? []);
  const expandedByUser = new Set(options.expanded ?? []);
  const big = current.nodes.length > autoCollapseNodes;
  const isCollapsed = (title: string): boolean =>
    collapsedByUser.has(title) ||
    (!expandedByUser.has(title) && big && (sizes.get(title) ?? 0) > autoCollapseMembers);
  const groups = [...sizes]
    .map(([title, size]) => ({ title, size, collapsed: isCollapsed(title) }))
    .sort((a, b) => compareCodeUnits(a.title, b.title));
  const collapsedCount = groups.filter((g) => g.collapsed).length;
  if (collapsedCount > 0) {
    current = collapseGroups(current, isCollapsed);
    const automatic = groups.filter((g) => g.collapsed && !collapsedByUser.has(g.title)).length;
    notes.push(
      `${collapsedCount} group${collapsedCount === 1 ? '' : 's'} collapsed${automatic > 0 ? ` (${automatic} because the diagram has more than ${autoCollapseNodes} nodes: click one to expand it)` : ''}.`,
    );
  }
  const reduced = reduceGraph(current, limit, options.hops ?? 1);
  if (reduced.note !== undefined) {
    notes.push(reduced.note);
  }
  return {
    graph: reduced.graph,
    ...(notes.length === 0 ? {} : { note: notes.join(' ') }),
    groups,
    kinds,
    actions,
    allGroups,
  };
}

function keepNodes(graph: Graph, keep: (node: Graph['nodes'][number]) => boolean): Graph {
  const ids = new Set(graph.nodes.filter(keep).map((n) => n.id));
  return {
    nodes: graph.nodes.filter((n) => ids.has(n.id)),
    edges: graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to)),
    problems: graph.problems,
  };
}

/** The longest group title, kind or list accepted from a webview (untrusted input). */
const maxText = 1_000;
const maxList = 10_000;

/** Options as they arrive from the webview or a restored state, checked field by field; invalid fields are dropped. */
export function parseOptions(data: unknown): DiagramOptions {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {};
  }
  const o = data as Record<string, unknown>;
  const text = (value: unknown): value is string =>
    typeof value === 'string' && value.length > 0 && value.length <= maxText;
  const list = (value: unknown): string[] | undefined =>
    Array.isArray(value) && value.length <= maxList && value.every(text)
      ? [...new Set(value)]
      : undefined;
  const collapsed = list(o.collapsed);
  const expanded = list(o.expanded);
  const action = o.action;
  return {
    ...(text(o.kind) ? { kind: o.kind } : {}),
    ...(text(o.group) ? { group: o.group } : {}),
    ...(action === 'changed' || nodeActions.includes(action as NodeAction)
      ? { action: action as NodeAction | 'changed' }
      : {}),
    ...(typeof o.hops === 'number' && Number.isInteger(o.hops) && o.hops >= 0 && o.hops <= maxHops
      ? { hops: o.hops }
      : {}),
    ...(collapsed === undefined || collapsed.length === 0 ? {} : { collapsed }),
    ...(expanded === undefined || expanded.length === 0 ? {} : { expanded }),
  };
}

/** `options` with `title` collapsed (`true`) or expanded (`false`). */
export function toggleGroup(
  options: DiagramOptions,
  title: string,
  collapse: boolean,
): DiagramOptions {
  const without = (list: readonly string[] | undefined): string[] =>
    (list ?? []).filter((t) => t !== title);
  const collapsed = collapse ? [...without(options.collapsed), title] : without(options.collapsed);
  const expanded = collapse ? without(options.expanded) : [...without(options.expanded), title];
  const rest: { -readonly [K in keyof DiagramOptions]: DiagramOptions[K] } = { ...options };
  delete rest.collapsed;
  delete rest.expanded;
  return {
    ...rest,
    ...(collapsed.length === 0 ? {} : { collapsed }),
    ...(expanded.length === 0 ? {} : { expanded }),
  };
}

/** A change to options: a field set to undefined (or an empty string or list) is removed. */
export type OptionsChange = {
  readonly [K in keyof DiagramOptions]?: DiagramOptions[K] | undefined;
};

/** `options` with `change` applied (through {@link parseOptions}, so the result is valid). */
export function changeOptions(options: DiagramOptions, change: OptionsChange): DiagramOptions {
  const merged: Record<string, unknown> = { ...options };
  for (const [key, value] of Object.entries(change)) {
    merged[key] = value === '' ? undefined : value;
  }
  return parseOptions(merged);
}
