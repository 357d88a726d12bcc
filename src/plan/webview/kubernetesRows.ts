// The Kubernetes changes as the Plan Preview's tree: the flat list of rows (grouping by
// namespace or kind, filter, open resources) and the counts the ready message reports. No DOM
// here, so unit tests run it on Node.
import type { KubernetesView, KubernetesViewResource } from '../core/kubernetesView';
import type { ShownCounts } from '../protocol';
import { emptyCounts, sectionWriter, type Row } from './planRows';

export type KubernetesGroupBy = 'namespace' | 'kind';

/** What decides the rows besides the view. */
export interface KubernetesRowOptions {
  readonly groupBy: KubernetesGroupBy;
  readonly filter: string;
  /** Keys of the closed sections and groups. */
  readonly collapsed: ReadonlySet<string>;
  /** Ids of the open resources. */
  readonly expanded: ReadonlySet<number>;
}

/** The counts of what the panel lists (see {@link ShownCounts} for the Kubernetes meaning). */
export function kubernetesCountsOf(v: KubernetesView): ShownCounts {
  return {
    ...emptyCounts(),
    resources: v.resources.length,
    add: v.resources.filter((r) => r.action === 'add').length,
    change: v.resources.filter((r) => r.action === 'change').length,
    destroy: v.resources.filter((r) => r.action === 'remove').length,
    move: v.moved.length,
  };
}

/**
 * A filter: words match the title (kind, namespace, name) or the file; `action:`, `kind:`,
 * `ns:` (or `namespace:`) narrow.
 */
export function kubernetesMatcher(text: string): (r: KubernetesViewResource) => boolean {
  const tests: ((r: KubernetesViewResource) => boolean)[] = [];
  for (const word of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    const [key, value = ''] = word.includes(':') ? word.split(/:(.*)/s) : ['', word];
    switch (key) {
      case 'action':
        tests.push(
          (r) => r.action.startsWith(value) || (value.startsWith('del') && r.action === 'remove'),
        );
        break;
      case 'kind':
        tests.push((r) => r.kind.toLowerCase().includes(value));
        break;
      case 'ns':
      case 'namespace':
        tests.push((r) => r.namespace.toLowerCase().includes(value));
        break;
      default:
        tests.push(
          (r) => r.title.toLowerCase().includes(word) || r.location.toLowerCase().includes(word),
        );
    }
  }
  return (r) => tests.every((t) => t(r));
}

const symbols = { add: '+', change: '~', remove: '-' } as const;

/** The symbol of a resource row. */
export function manifestSymbol(r: KubernetesViewResource): string {
  return symbols[r.action];
}

function groupKeyOf(r: KubernetesViewResource, groupBy: KubernetesGroupBy): string {
  return groupBy === 'namespace' ? r.namespace : r.group === '' ? r.kind : `${r.kind}.${r.group}`;
}

function groupLabel(key: string, groupBy: KubernetesGroupBy): string {
  return groupBy === 'namespace' && key === '' ? '(no namespace)' : key;
}

/** The tree as a flat list of rows: changes grouped, then moved, problems and notes. */
export function buildKubernetesRows(v: KubernetesView, o: KubernetesRowOptions): Row[] {
  const match = kubernetesMatcher(o.filter);
  const out: Row[] = [];
  const section = sectionWriter(out, o.collapsed);
  const shown = v.resources.filter(match);
  const groups = new Map<string, KubernetesViewResource[]>();
  for (const r of shown) {
    const key = groupKeyOf(r, o.groupBy);
    const list = groups.get(key);
    if (list === undefined) {
      groups.set(key, [r]);
    } else {
      list.push(r);
    }
  }
  // Groups with removals first, like the resources within each group (the report's order).
  const keys = [...groups.keys()].sort((a, b) => {
    const da = groups.get(a)?.some((r) => r.action === 'remove') === true ? 0 : 1;
    const db = groups.get(b)?.some((r) => r.action === 'remove') === true ? 0 : 1;
    return da - db || a.localeCompare(b, undefined, { numeric: true });
  });
  const filtered = o.filter.trim() !== '';
  section(
    'k8s-changes',
    filtered
      ? `Resource changes (${shown.length} of ${v.resources.length} match)`
      : 'Resource changes',
    shown.length,
    shown.some((r) => r.action === 'remove'),
    () => {
      if (v.resources.length === 0) {
        out.push({
          kind: 'note',
          text: v.noChanges ? v.headline : 'No resource added, changed or removed.',
          depth: 1,
          tone: 'dim',
        });
      } else if (shown.length === 0) {
        out.push({ kind: 'note', text: 'Nothing matches the filter.', depth: 1, tone: 'dim' });
      }
      for (const key of keys) {
        const members = groups.get(key) ?? [];
        const groupKey = `k8s-group:${o.groupBy}:${key}`;
        const open = !o.collapsed.has(groupKey);
        out.push({
          kind: 'group',
          key: groupKey,
          label: groupLabel(key, o.groupBy),
          count: members.length,
          depth: 1,
          danger: members.some((r) => r.action === 'remove'),
          open,
        });
        if (open) {
          for (const r of members) {
            addResourceRows(out, o, r, 2);
          }
        }
      }
    },
  );
  if (v.moved.length > 0) {
    section('k8s-moved', 'Moved to another file, unchanged', v.moved.length, false, () => {
      for (const m of v.moved) {
        out.push({
          kind: 'note',
          text: `${m.title}: ${m.from} → ${m.to}`,
          depth: 1,
          tone: 'dim',
          target: m.target,
        });
      }
    });
  }
  if (v.problems.length > 0) {
    section('k8s-problems', 'Could not be parsed', v.problems.length, true, () => {
      for (const p of v.problems) {
        out.push({ kind: 'note', text: p.text, depth: 1, tone: 'danger', target: p.target });
      }
    });
  }
  if (v.notes.length > 0) {
    section('k8s-notes', 'Not compared', v.notes.length, false, () => {
      for (const n of v.notes) {
        out.push({ kind: 'note', text: n, depth: 1, tone: 'dim' });
      }
    });
  }
  return out;
}

function addResourceRows(
  out: Row[],
  o: KubernetesRowOptions,
  r: KubernetesViewResource,
  depth: number,
): void {
  const open = o.expanded.has(r.id);
  out.push({ kind: 'manifest', resource: r, depth, open });
  if (!open) {
    return;
  }
  const inner = depth + 1;
  if (r.note !== undefined) {
    out.push({ kind: 'note', text: r.note, depth: inner, tone: 'warn' });
  }
  if (r.action !== 'change') {
    out.push({
      kind: 'note',
      text: r.action === 'add' ? `New in ${r.location}` : `Removed from ${r.location} (base)`,
      depth: inner,
      tone: 'dim',
    });
    return;
  }
  for (const f of r.fields) {
    const symbol = f.change === 'added' ? '+' : f.change === 'removed' ? '-' : '~';
    out.push({
      kind: 'value',
      label: f.path,
      symbol,
      before: f.change === 'added' || f.lines !== undefined ? '' : f.before,
      after: f.lines === undefined ? f.after : '(line by line below)',
      depth: inner,
    });
    for (const line of f.lines ?? []) {
      out.push({ kind: 'line', op: line.op, text: line.text, depth: inner + 1 });
    }
  }
}
