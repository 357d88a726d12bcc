// The Kubernetes changes preview's view model: what the Plan Preview webview shows for a
// ManifestChangesReport, as plain serialisable data with every value rendered to text. Types
// only (the webview bundle reads them); kubernetesPreviewData.ts builds them in the host.
import type { DiffLine } from './lineDiff';
import type { ManifestAction } from './manifestChanges';
import type { FieldChange } from './manifestFieldDiff';

/** One field of a changed resource, rendered. */
export interface KubernetesViewField {
  /** `spec.template.spec.containers[name=app].image`. */
  readonly path: string;
  readonly change: FieldChange['change'];
  /** `"nginx:1"`, `null` when added, `(sensitive)` for a Secret's value. */
  readonly before: string;
  /** `"nginx:2"`, `null` when removed, `(sensitive)` for a Secret's value. */
  readonly after: string;
  readonly sensitive: boolean;
  /** A changed multi-line string (a config file in a ConfigMap), line by line. */
  readonly lines?: readonly DiffLine[];
}

/** One resource added, removed or changed. */
export interface KubernetesViewResource {
  /** Identifies the resource in the panel (stable for one report). */
  readonly id: number;
  readonly action: ManifestAction;
  /** `Deployment.apps shop/web`. */
  readonly title: string;
  readonly kind: string;
  /** The API group, `''` for the core group. */
  readonly group: string;
  /** `''` when the manifest leaves it to apply time. */
  readonly namespace: string;
  readonly name: string;
  /** `k8s/web.yaml:3`, or `k8s/old.yaml:3 → k8s/new.yaml:1` when it also moved. */
  readonly location: string;
  /** The target id (see KubernetesPreviewData.target) that jump to source opens. */
  readonly target: number;
  readonly fields: readonly KubernetesViewField[];
  readonly note?: string;
}

/** A resource in another file than at the base, otherwise unchanged. */
export interface KubernetesViewMoved {
  readonly title: string;
  readonly kind: string;
  readonly namespace: string;
  readonly from: string;
  readonly to: string;
  readonly target: number;
}

/** A manifest that did not parse at one side. */
export interface KubernetesViewProblem {
  /** `k8s/bad.yaml:4:3 (working tree): …`. */
  readonly text: string;
  readonly target: number;
}

/** The whole Kubernetes preview. */
export interface KubernetesView {
  /** What the panel is about: the folder compared. */
  readonly title: string;
  /** `merge base of HEAD and main (1a2b3c4d5e6f)`. */
  readonly base: string;
  /** The folder compared, relative to the repository root (`''` for the whole repository). */
  readonly scope: string;
  readonly noChanges: boolean;
  /** "Kubernetes: 2 to add, 1 to change, 1 to remove, 3 moved", or the no-changes sentence. */
  readonly headline: string;
  readonly counts: {
    readonly add: number;
    readonly change: number;
    readonly remove: number;
    readonly moved: number;
  };
  /** Changed manifest files compared. */
  readonly files: number;
  /** Removals first, then changes, then additions. */
  readonly resources: readonly KubernetesViewResource[];
  readonly moved: readonly KubernetesViewMoved[];
  readonly problems: readonly KubernetesViewProblem[];
  /** Files not compared on purpose (Helm templates, too large, binary), with why. */
  readonly notes: readonly string[];
}

/** A place jump to source opens: a file of the working tree, or of the base commit. */
export interface KubernetesTarget {
  readonly side: 'base' | 'working tree';
  /** Relative to the repository root, `/`-separated. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}
