// The Plan Preview's tree as data: the flat list of rows the webview draws (grouping, filter,
// open and closed nodes), and the counts it reports. No DOM here, so unit tests run it on Node.
import type { KubernetesViewResource } from '../core/kubernetesView';
import type { PlanView, PlanViewAttribute, PlanViewResource } from '../core/planView';
import type { ShownCounts } from '../protocol';

/** Dependents listed under a destroyed resource before "… and N more". */
const maxDependents = 50;

export type GroupBy = 'module' | 'action' | 'type';

/** One row of the tree (every row is one line high, which is what makes virtualising simple). */
export type Row =
  | {
      kind: 'section' | 'group';
      key: string;
      label: string;
      count: number;
      depth: number;
      danger: boolean;
      open: boolean;
    }
  | { kind: 'resource'; resource: PlanViewResource; depth: number; open: boolean }
  | { kind: 'manifest'; resource: KubernetesViewResource; depth: number; open: boolean }
  | {
      kind: 'note';
      text: string;
      depth: number;
      tone: 'dim' | 'danger' | 'warn';
      /** A Kubernetes target id: the row opens its source. */
      target?: number;
    }
  | { kind: 'attribute'; attribute: PlanViewAttribute; depth: number }
  | { kind: 'line'; op: string; text: string; depth: number }
  | {
      kind: 'value';
      label: string;
      symbol: string;
      before: string;
      after: string;
      depth: number;
    };

/** What decides the rows besides the view. */
export interface RowOptions {
  readonly groupBy: GroupBy;
  readonly filter: string;
  /** Every attribute of an open resource, not only the changed ones. */
  readonly all: boolean;
  /** Keys of the closed sections and groups. */
  readonly collapsed: ReadonlySet<string>;
  /** Ids of the open resources. */
  readonly expanded: ReadonlySet<number>;
  /** A resource's attributes, `loading` while asked for, undefined when never asked for. */
  readonly details: (
    id: number,
    all: boolean,
  ) => readonly PlanViewAttribute[] | 'loading' | undefined;
}

/** The nearest row above `index` that is shallower: its parent in the tree. */
export function parentOf(rows: readonly Row[], index: number): number {
  const depth = rows[index]?.depth ?? 0;
  for (let i = index - 1; i >= 0; i--) {
    if ((rows[i]?.depth ?? 0) < depth) {
      return i;
    }
  }
  return index;
}

export function emptyCounts(): ShownCounts {
  return {
    resources: 0,
    add: 0,
    change: 0,
    destroy: 0,
    replace: 0,
    import: 0,
    move: 0,
    drift: 0,
    outputs: 0,
  };
}

/** The counts of what the panel lists, counted from the rows it received. */
export function countsOf(v: PlanView): ShownCounts {
  const c = { ...emptyCounts(), resources: v.resources.length };
  for (const r of v.resources) {
    const forgets = r.actions.includes('forget');
    if (r.action === 'create' || r.action === 'replace') {
      c.add++;
    }
    if (r.action === 'update') {
      c.change++;
    }
    if ((r.action === 'delete' && r.mode !== 'data') || (r.action === 'replace' && !forgets)) {
      c.destroy++;
    }
    if (r.action === 'replace') {
      c.replace++;
    }
    if (r.imported) {
      c.import++;
    }
    if (r.moved) {
      c.move++;
    }
  }
  c.drift = v.relevantDrift.length + v.otherDrift.length;
  c.outputs = v.outputs.length;
  return c;
}

/** A filter: words match the address; `action:`, `type:`, `module:` and `is:dangerous` narrow. */
export function matcher(text: string): (r: PlanViewResource) => boolean {
  const tests: ((r: PlanViewResource) => boolean)[] = [];
  for (const word of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    const [key, value = ''] = word.includes(':') ? word.split(/:(.*)/s) : ['', word];
    switch (key) {
      case 'action':
        tests.push(
          (r) =>
            r.action.startsWith(value) ||
            r.actions.some((a) => a.startsWith(value)) ||
            (value === 'destroy' && r.action === 'delete') ||
            (value === 'import' && r.imported) ||
            (value.startsWith('move') && r.moved),
        );
        break;
      case 'type':
        tests.push((r) => r.type.toLowerCase().includes(value));
        break;
      case 'module':
        tests.push((r) => r.module.toLowerCase().includes(value));
        break;
      case 'is':
        tests.push((r) => (value.startsWith('danger') ? r.dangerous : true));
        break;
      default:
        tests.push((r) => r.address.toLowerCase().includes(word));
    }
  }
  return (r) => tests.every((t) => t(r));
}

const actionOrder = ['replace', 'delete', 'create', 'update', 'read', 'forget', 'no-op', 'unknown'];
const actionLabels: Readonly<Record<string, string>> = {
  replace: 'Replace',
  delete: 'Destroy',
  create: 'Create',
  update: 'Update in place',
  read: 'Read',
  forget: 'Forget (remove from state)',
  'no-op': 'Move or import only',
  unknown: 'Unknown actions',
};

function groupKeyOf(r: PlanViewResource, groupBy: GroupBy): string {
  switch (groupBy) {
    case 'module':
      return r.module;
    case 'action':
      return r.action;
    case 'type':
      return r.mode === 'data' ? `data.${r.type}` : r.type;
  }
}

function groupLabel(key: string, groupBy: GroupBy): string {
  switch (groupBy) {
    case 'module':
      return key === '' ? 'root module' : key;
    case 'action':
      return actionLabels[key] ?? key;
    case 'type':
      return key;
  }
}

/**
 * Writes a top-level section row into `out`, then its body unless the user collapsed it: what
 * the plan and Kubernetes trees share.
 */
export function sectionWriter(
  out: Row[],
  collapsed: ReadonlySet<string>,
): (key: string, label: string, count: number, danger: boolean, body: () => void) => void {
  return (key, label, count, danger, body) => {
    const open = !collapsed.has(key);
    out.push({ kind: 'section', key, label, count, depth: 0, danger, open });
    if (open) {
      body();
    }
  };
}

/**
 * The tree as a flat list of rows, from the view, the filter and what is open; `missing` lists
 * the open resources whose attributes were never asked for.
 */
export function buildRows(v: PlanView, o: RowOptions): { rows: Row[]; missing: number[] } {
  const match = matcher(o.filter);
  const out: Row[] = [];
  const missing: number[] = [];
  const section = sectionWriter(out, o.collapsed);
  const resourceRows = (r: PlanViewResource, depth: number): void => {
    addResourceRows(out, missing, o, r, depth);
  };
  const shown = v.resources.filter(match);
  const groups = new Map<string, PlanViewResource[]>();
  for (const r of shown) {
    const key = groupKeyOf(r, o.groupBy);
    let list = groups.get(key);
    if (list === undefined) {
      list = [];
      groups.set(key, list);
    }
    list.push(r);
  }
  const keys = [...groups.keys()].sort((a, b) => {
    if (o.groupBy === 'action') {
      return actionOrder.indexOf(a) - actionOrder.indexOf(b);
    }
    const da = groups.get(a)?.some((r) => r.dangerous) === true ? 0 : 1;
    const db = groups.get(b)?.some((r) => r.dangerous) === true ? 0 : 1;
    return da - db || a.localeCompare(b, undefined, { numeric: true });
  });
  const filtered = o.filter.trim() !== '';
  section(
    'changes',
    filtered
      ? `Resource changes (${shown.length} of ${v.resources.length} match)`
      : 'Resource changes',
    shown.length,
    shown.some((r) => r.dangerous),
    () => {
      if (v.resources.length === 0) {
        out.push({
          kind: 'note',
          text: v.noChanges
            ? 'No changes. Your infrastructure matches the configuration.'
            : 'No resource changes.',
          depth: 1,
          tone: 'dim',
        });
      } else if (shown.length === 0) {
        out.push({ kind: 'note', text: 'Nothing matches the filter.', depth: 1, tone: 'dim' });
      }
      for (const key of keys) {
        const members = groups.get(key) ?? [];
        const groupKey = `group:${o.groupBy}:${key}`;
        const open = !o.collapsed.has(groupKey);
        out.push({
          kind: 'group',
          key: groupKey,
          label: groupLabel(key, o.groupBy),
          count: members.length,
          depth: 1,
          danger: members.some((r) => r.dangerous),
          open,
        });
        if (open) {
          for (const r of members) {
            resourceRows(r, 2);
          }
        }
      }
    },
  );
  const relevant = v.relevantDrift.filter(match);
  const other = v.otherDrift.filter(match);
  if (v.relevantDrift.length > 0) {
    section(
      'drift-relevant',
      'Changed outside Terraform, read by the configuration',
      relevant.length,
      false,
      () => {
        for (const r of relevant) {
          resourceRows(r, 1);
        }
      },
    );
  }
  if (v.otherDrift.length > 0) {
    section(
      'drift-other',
      'Changed outside Terraform, not read by the configuration (noise)',
      other.length,
      false,
      () => {
        for (const r of other) {
          resourceRows(r, 1);
        }
      },
    );
  }
  if (v.outputs.length > 0) {
    section('outputs', 'Outputs', v.outputs.length, false, () => {
      for (const o of v.outputs) {
        out.push({
          kind: 'value',
          label: o.name,
          symbol: o.symbol,
          before: o.action === 'create' ? '' : o.before.text,
          after: o.action === 'delete' ? 'null' : o.after.text,
          depth: 1,
        });
      }
    });
  }
  if (v.deferred.length > 0) {
    section('deferred', 'Deferred to a later plan', v.deferred.length, false, () => {
      for (const d of v.deferred) {
        out.push({
          kind: 'note',
          text: `${d.address} (${d.action}, ${d.reason})`,
          depth: 1,
          tone: 'dim',
        });
      }
    });
  }
  if (v.checks.length > 0) {
    section('checks', 'Checks not passing', v.checks.length, true, () => {
      for (const c of v.checks) {
        out.push({ kind: 'note', text: `${c.address}: ${c.status}`, depth: 1, tone: 'danger' });
        for (const p of c.problems) {
          out.push({ kind: 'note', text: p, depth: 2, tone: 'dim' });
        }
      }
    });
  }
  return { rows: out, missing };
}

function addResourceRows(
  out: Row[],
  missing: number[],
  o: RowOptions,
  r: PlanViewResource,
  depth: number,
): void {
  const open = o.expanded.has(r.id);
  out.push({ kind: 'resource', resource: r, depth, open });
  if (!open) {
    return;
  }
  const inner = depth + 1;
  if (r.forcesReplacement.length > 0) {
    out.push({
      kind: 'note',
      text: `Forces replacement: ${r.forcesReplacement.join(', ')}`,
      depth: inner,
      tone: 'danger',
    });
  }
  if (r.dependents !== undefined) {
    out.push({
      kind: 'note',
      text:
        r.dependents.length === 0
          ? 'Blast radius: no resource of the configuration depends on it.'
          : `Blast radius: ${r.dependents.length} dependent resource${r.dependents.length === 1 ? '' : 's'}, directly or through others:`,
      depth: inner,
      tone: r.dependents.length === 0 ? 'dim' : 'warn',
    });
    for (const d of r.dependents.slice(0, maxDependents)) {
      out.push({ kind: 'note', text: d, depth: inner + 1, tone: 'warn' });
    }
    if (r.dependents.length > maxDependents) {
      out.push({
        kind: 'note',
        text: `… and ${r.dependents.length - maxDependents} more`,
        depth: inner + 1,
        tone: 'dim',
      });
    }
  }
  const attributes = o.details(r.id, o.all);
  if (attributes === undefined || attributes === 'loading') {
    if (attributes === undefined) {
      missing.push(r.id);
    }
    out.push({ kind: 'note', text: 'Loading attributes…', depth: inner, tone: 'dim' });
    return;
  }
  if (attributes.length === 0) {
    out.push({
      kind: 'note',
      text: o.all ? 'No attributes.' : 'No attribute changes.',
      depth: inner,
      tone: 'dim',
    });
  }
  for (const a of attributes) {
    out.push({ kind: 'attribute', attribute: a, depth: inner + a.depth });
    for (const line of a.lines ?? []) {
      out.push({ kind: 'line', op: line.op, text: line.text, depth: inner + a.depth + 1 });
    }
  }
}
