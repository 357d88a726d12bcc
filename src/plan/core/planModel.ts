// The plan model: what `terraform show -json <planfile>` (or `tofu show -json`) says, as plain
// serialisable data with every sensitive value already replaced by {@link sensitiveMarker}. This
// is the type entry point for the plan panel's webview: it can receive a PlanModel by
// postMessage as is, and run the editor-free helpers (attributeDiff.ts, blastRadius.ts) on it.

/** Any JSON value. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A mask as Terraform writes `after_unknown`, `before_sensitive` and `after_sensitive`: `true`
 * marks the whole value; an object or array marks parts of it; `false` or absent marks nothing.
 */
export type ValueMask = boolean | ValueMask[] | { [key: string]: ValueMask };

/** What a sensitive value is replaced by: in the model, and so in every output built from it. */
export const sensitiveMarker = '(sensitive value)';

/** One step of an attribute path: an object key or a list index. */
export type PathStep = string | number;

/** The kinds of change a resource instance can have; `unknown` is an action list this does not know. */
export type ActionKind =
  'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op' | 'forget' | 'unknown';

/** The planned action of one resource instance, read from the raw `change.actions` list. */
export interface PlanAction {
  readonly kind: ActionKind;
  /**
   * For `replace`: which happens first. `["delete","create"]` and OpenTofu's `["forget","create"]`
   * are destroy-before-create; `["create","delete"]` and Terraform's `["create","forget"]` are
   * create-before-destroy.
   */
  readonly replaceOrder?: 'destroy-before-create' | 'create-before-destroy';
  /** For `replace`: the old object is destroyed, or only forgotten (removed from state, left running). */
  readonly replacedObject?: 'destroyed' | 'forgotten';
  /** The actions as the plan wrote them. */
  readonly actions: readonly string[];
}

/** One entry of `resource_changes`, `resource_drift` or `deferred_changes[].resource_change`. */
export interface ResourceChange {
  /** The instance address, e.g. `module.net["eu"].aws_subnet.private[2]`. */
  readonly address: string;
  /** The address without instance keys, as the configuration names it: `module.net.aws_subnet.private`. */
  readonly configAddress: string;
  /** Where the resource was before a `moved` block or a refactoring (it moved when set). */
  readonly previousAddress?: string;
  readonly moduleAddress?: string;
  /** `managed` or `data` (kept verbatim if a tool writes something else). */
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  /** The `count` index or `for_each` key of this instance. */
  readonly index?: string | number;
  /** The instance key is not known yet (a deferred, partially expanded resource). */
  readonly indexUnknown?: boolean;
  /** The key of a deposed object (an older object left by a failed create-before-destroy). */
  readonly deposed?: string;
  readonly providerName?: string;
  readonly action: PlanAction;
  /** Why: `replace_because_tainted`, `delete_because_no_resource_config`, OpenTofu's `delete_because_enabled_false`, … (unknown reasons kept verbatim). */
  readonly actionReason?: string;
  /** The resource is being imported: the import ID when known. */
  readonly importing?: { readonly id?: string; readonly unknown?: boolean };
  /** Terraform generated configuration for an imported resource. */
  readonly generatedConfig?: boolean;
  /** The values before and after, sensitive parts replaced by {@link sensitiveMarker}. */
  readonly before: JsonValue | undefined;
  readonly after: JsonValue | undefined;
  readonly afterUnknown: ValueMask;
  readonly beforeSensitive: ValueMask;
  readonly afterSensitive: ValueMask;
  /** Sensitive attribute paths whose (hidden) value differs between before and after. */
  readonly sensitiveChanges: readonly (readonly PathStep[])[];
  /** Attributes whose change forces the replacement. */
  readonly replacePaths: readonly (readonly PathStep[])[];
}

/** One entry of `output_changes`. */
export interface OutputChange {
  readonly name: string;
  readonly action: PlanAction;
  /** The output is sensitive: before and after are {@link sensitiveMarker} (or null). */
  readonly sensitive: boolean;
  readonly before: JsonValue | undefined;
  readonly after: JsonValue | undefined;
  readonly afterUnknown: ValueMask;
}

/** A change Terraform put off to a later plan (`deferred_changes`). */
export interface DeferredChange {
  /** e.g. `instance_count_unknown`, `provider_config_unknown` (kept verbatim). */
  readonly reason: string;
  readonly change: ResourceChange;
}

/** The status of one check (`checks`): a resource's conditions, an output's, a `check` block. */
export interface CheckResult {
  readonly address: string;
  /** `resource`, `output_value`, `check`, `var` … */
  readonly kind: string;
  /** `pass`, `fail`, `error` or `unknown`. */
  readonly status: string;
  readonly instances: readonly {
    readonly address: string;
    readonly status: string;
    readonly problems: readonly string[];
  }[];
}

/** The counts behind Terraform's "Plan: 3 to add, 1 to change, 2 to destroy." and a few more. */
export interface PlanCounts {
  /** Creates plus replacements (each replacement adds one object). */
  readonly add: number;
  readonly change: number;
  /** Deletes plus replacements that destroy the old object (not forgotten ones). */
  readonly destroy: number;
  readonly replace: number;
  readonly import: number;
  readonly move: number;
  /** Forgets plus replacements that forget the old object. */
  readonly forget: number;
  readonly read: number;
  readonly noOp: number;
  /** Action lists this does not know. */
  readonly unknown: number;
  /** Outputs whose value changes. */
  readonly outputs: number;
  readonly drift: number;
  readonly deferred: number;
}

/** The counts and the line a person reads first. */
export interface PlanSummary {
  readonly counts: PlanCounts;
  /**
   * Nothing to do: every resource change is a no-op that neither moves nor imports (or a data
   * source's delete), no output changes, no actions, nothing deferred, no error.
   */
  readonly noChanges: boolean;
  /**
   * Terraform's and OpenTofu's wording: "Plan: 1 to import, 3 to add, 1 to change, 2 to destroy,
   * 1 to forget." (forget as OpenTofu writes it), "No changes. Your infrastructure matches the
   * configuration.", "No current changes. This plan requires another plan to be applied first."
   * (only deferred changes) or "Planning failed. …" (an errored plan with nothing planned).
   */
  readonly headline: string;
  /** The counts Terraform's line leaves out, e.g. "2 to replace, 1 moved, 1 to read"; empty when none. */
  readonly details: string;
}

/**
 * For each resource of the configuration (by configuration address, e.g.
 * `module.net.aws_subnet.private`), the resources it refers to directly, after following module
 * inputs and outputs; built from `configuration` (expressions' `references`, `depends_on`,
 * module calls). Plain data, so the webview can compute a blast radius itself.
 */
export type DependencyMap = Readonly<Record<string, readonly string[]>>;

/** The whole plan, masked. */
export interface PlanModel {
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  /** `applyable` as written (absent from older plans). */
  readonly applyable?: boolean;
  readonly complete?: boolean;
  /** Planning failed: the plan is incomplete and cannot be applied. */
  readonly errored: boolean;
  readonly timestamp?: string;
  readonly resourceChanges: readonly ResourceChange[];
  /** Changes made outside Terraform, found while refreshing. */
  readonly resourceDrift: readonly ResourceChange[];
  readonly outputChanges: readonly OutputChange[];
  readonly deferredChanges: readonly DeferredChange[];
  readonly checks: readonly CheckResult[];
  /** How many provider actions the plan invokes (`action_invocations`, Terraform 1.14). */
  readonly actionInvocations: number;
  readonly dependencies: DependencyMap;
  /**
   * `relevant_attributes`: the attributes of resources the configuration reads, which tell drift
   * that matters from provider read-back noise. Absent when the plan does not say (before
   * Terraform 1.2), so no drift can be judged noise.
   */
  readonly relevantAttributes?: readonly RelevantAttribute[];
  readonly summary: PlanSummary;
}

/** One entry of `relevant_attributes`: a resource instance and the attribute path read of it. */
export interface RelevantAttribute {
  readonly resource: string;
  readonly attribute: readonly PathStep[];
}
