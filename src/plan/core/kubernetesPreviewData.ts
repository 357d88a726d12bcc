// Builds the Kubernetes preview's view model (kubernetesView.ts) from a ManifestChangesReport in
// the extension host. The report never holds a Secret's value (diffFields masks it) and this
// file only renders what the report holds, so the panel cannot show one either.
import type {
  KubernetesTarget,
  KubernetesView,
  KubernetesViewField,
  KubernetesViewResource,
} from './kubernetesView';
import { renderManifestValue, sensitiveText } from './manifestChangesFormat';
import { manifestHeadline, type ManifestChangesReport } from './manifestChangesFromGit';
import type { FieldChange } from './manifestFieldDiff';
import type { SourceLocation } from './manifestResources';

/** Longest rendered value on one row. */
const maxValueLength = 300;

/** How the base reads in the panel: `main (1a2b3c4d5e6f)`, `merge base of HEAD and main (…)`. */
export function describeBase(report: ManifestChangesReport): string {
  const base = `${report.base.description} (${report.base.commit.slice(0, 12)})`;
  // Between two revisions (a pull request's base and head) both ends are named.
  return report.head === undefined
    ? base
    : `${base} → ${report.head.description} (${report.head.commit.slice(0, 12)})`;
}

/** "Kubernetes: 1 to add, 1 to remove, 2 moved"; the no-changes sentence when nothing differs. */
export function kubernetesHeadline(report: ManifestChangesReport): string {
  const counts = report.summary.counts;
  if (counts.add + counts.change + counts.remove + counts.moved === 0) {
    return `No Kubernetes changes between ${describeBase(report)} and the working tree.`;
  }
  const head = manifestHeadline(counts);
  if (counts.moved === 0) {
    return head;
  }
  return counts.add + counts.change + counts.remove === 0
    ? `Kubernetes: ${counts.moved} moved`
    : `${head}, ${counts.moved} moved`;
}

/**
 * The preview of one report: the view (sent once) and the source location behind each target
 * id (jump to source).
 */
export class KubernetesPreviewData {
  readonly view: KubernetesView;
  private readonly targets: KubernetesTarget[] = [];

  constructor(
    readonly report: ManifestChangesReport,
    title: string,
  ) {
    const counts = report.summary.counts;
    const resources = report.changes.map((change, id): KubernetesViewResource => {
      const at: KubernetesTarget =
        change.head !== undefined
          ? { side: 'working tree', ...change.head }
          : { side: 'base', ...(change.base ?? { file: '', line: 1 }) };
      return {
        id,
        action: change.action,
        title: change.title,
        kind: change.identity.kind,
        group: change.identity.group,
        namespace: change.identity.namespace,
        name: change.identity.name,
        location: locationText(change.base, change.head),
        target: this.addTarget(at),
        fields: change.fields.map(viewField),
        ...(change.note === undefined ? {} : { note: change.note }),
      };
    });
    this.view = {
      title,
      base: describeBase(report),
      scope: report.scope,
      noChanges: counts.add + counts.change + counts.remove + counts.moved === 0,
      headline: kubernetesHeadline(report),
      counts: {
        add: counts.add,
        change: counts.change,
        remove: counts.remove,
        moved: counts.moved,
      },
      files: report.files.length,
      resources,
      moved: report.moved.map((m) => ({
        title: m.title,
        kind: m.identity.kind,
        namespace: m.identity.namespace,
        from: where(m.base),
        to: where(m.head),
        target: this.addTarget({ side: 'working tree', ...m.head }),
      })),
      problems: report.problems.map((p) => ({
        text: `${p.file}:${p.line}:${p.column} (${p.side}): ${p.message}`,
        target: this.addTarget({ side: p.side, file: p.file, line: p.line }),
      })),
      notes: report.notes.map((n) => `${n.file} (${n.side}): ${n.message}`),
    };
  }

  /** The place behind a target id; undefined for an id this report does not have. */
  target(id: number): KubernetesTarget | undefined {
    return Number.isInteger(id) ? this.targets[id] : undefined;
  }

  private addTarget(target: KubernetesTarget): number {
    this.targets.push({ side: target.side, file: target.file, line: target.line });
    return this.targets.length - 1;
  }
}

function where(at: SourceLocation): string {
  return `${at.file}:${at.line}`;
}

function locationText(base: SourceLocation | undefined, head: SourceLocation | undefined): string {
  if (base !== undefined && head !== undefined && base.file !== head.file) {
    return `${where(base)} → ${where(head)}`;
  }
  const at = head ?? base;
  return at === undefined ? '' : where(at);
}

function viewField(field: FieldChange): KubernetesViewField {
  if (field.sensitive === true) {
    return {
      path: field.path,
      change: field.change,
      before: field.change === 'added' ? 'null' : sensitiveText,
      after: field.change === 'removed' ? 'null' : sensitiveText,
      sensitive: true,
    };
  }
  return {
    path: field.path,
    change: field.change,
    before: field.change === 'added' ? 'null' : renderManifestValue(field.before, maxValueLength),
    after: field.change === 'removed' ? 'null' : renderManifestValue(field.after, maxValueLength),
    sensitive: false,
    ...(field.lines === undefined ? {} : { lines: field.lines }),
  };
}
