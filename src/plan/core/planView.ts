// The plan preview's view model: what the webview shows, built in the extension host from the
// masked plan model, as plain serialisable data. Values are rendered to text here (the webview
// never sees a raw plan value), so nothing the model masked can reach the panel.
import { diffAttributes, type AttributeChange, type DiffValue } from './attributeDiff';
import { BlastRadiusIndex } from './blastRadius';
import { isShownChange } from './buildPlanModel';
import { actionSymbol, describeAction, renderValue } from './describeChange';
import type { DiffLine } from './lineDiff';
import {
  sensitiveMarker,
  type ActionKind,
  type OutputChange,
  type PathStep,
  type PlanCounts,
  type PlanModel,
  type ResourceChange,
} from './planModel';
import { isDangerous, reportedResource } from './planReport';
import { pathText } from './attributeDiff';

/** A value as the panel shows it. */
export interface PlanViewValue {
  readonly kind: 'known' | 'unknown' | 'sensitive' | 'absent';
  /** `"10.0.0.0/16"`, `(known after apply)`, `(sensitive value)`, `null`. */
  readonly text: string;
}

/** One attribute of a resource's diff. */
export interface PlanViewAttribute {
  /** As Terraform writes it: `tags.env`, `ingress[0].cidr_blocks[1]`. */
  readonly path: string;
  /** Nesting depth of the path (0 for a top-level attribute). */
  readonly depth: number;
  readonly change: 'added' | 'removed' | 'updated' | 'unchanged';
  readonly before: PlanViewValue;
  readonly after: PlanViewValue;
  readonly forcesReplacement: boolean;
  /** A multi-line string or a JSON document in a string, diffed line by line. */
  readonly lines?: readonly DiffLine[];
}

/** One resource change (or drift entry) in the list; its attributes are sent on request. */
export interface PlanViewResource {
  /** Identifies the resource in a details request (stable for one plan). */
  readonly id: number;
  readonly address: string;
  /** The module instance (`module.net["eu"]`), `''` for the root module. */
  readonly module: string;
  readonly type: string;
  /** `managed` or `data`. */
  readonly mode: string;
  readonly action: ActionKind;
  /** The actions as the plan wrote them (`["create","forget"]` replaces without destroying). */
  readonly actions: readonly string[];
  /** Terraform's symbol: `+`, `-`, `~`, `-/+`, `+/-`, `<=`, `.`. */
  readonly symbol: string;
  /** "must be replaced (destroy before create), because it is tainted". */
  readonly description: string;
  /** A destroy or a replacement: listed first and marked. */
  readonly dangerous: boolean;
  readonly imported: boolean;
  readonly moved: boolean;
  /** Attributes whose change forces the replacement. */
  readonly forcesReplacement: readonly string[];
  /** For a destroy or a replacement: the resources depending on it, directly or not. */
  readonly dependents?: readonly string[];
}

/** One output change. */
export interface PlanViewOutput {
  readonly name: string;
  readonly action: ActionKind;
  readonly symbol: string;
  readonly sensitive: boolean;
  readonly before: PlanViewValue;
  readonly after: PlanViewValue;
}

/** The whole preview. */
export interface PlanView {
  /** What the panel is about: the file name or folder. */
  readonly title: string;
  readonly terraformVersion?: string;
  readonly formatVersion: string;
  readonly errored: boolean;
  readonly noChanges: boolean;
  /** Terraform's line: "Plan: 1 to import, 3 to add, 1 to change, 2 to destroy." */
  readonly headline: string;
  /** What the headline leaves out: "2 to replace, 1 moved, 2 outputs changing". */
  readonly details: string;
  readonly counts: PlanCounts;
  /** Changes as Terraform shows them (no-ops left out), destroys and replacements first. */
  readonly resources: readonly PlanViewResource[];
  /** Changes outside Terraform that the configuration reads (all of them when the plan does not say). */
  readonly relevantDrift: readonly PlanViewResource[];
  /** Changes outside Terraform that nothing reads: provider read-back noise. */
  readonly otherDrift: readonly PlanViewResource[];
  readonly outputs: readonly PlanViewOutput[];
  readonly deferred: readonly {
    readonly address: string;
    readonly action: ActionKind;
    readonly reason: string;
  }[];
  readonly checks: readonly {
    readonly address: string;
    readonly status: string;
    readonly problems: readonly string[];
  }[];
}

/** Longest rendered value; the panel shows the start (the full diff is in the line view). */
const maxValueLength = 2000;

/**
 * The preview of one plan: the view (sent once) and each resource's attribute diff (sent when
 * the panel opens that resource). Built from the masked model only.
 */
export class PlanPreviewData {
  readonly view: PlanView;
  /** The change behind each view resource id. */
  private readonly entries: ResourceChange[] = [];

  constructor(
    readonly model: PlanModel,
    title: string,
  ) {
    const radius = new BlastRadiusIndex(model.dependencies, model.resourceChanges);
    const shown = model.resourceChanges.filter(isShownChange);
    const ordered = [...shown.filter(isDangerous), ...shown.filter((c) => !isDangerous(c))];
    const resources = ordered.map((change) => {
      const dependents = isDangerous(change)
        ? radius.of(change.address).dependentAddresses
        : undefined;
      return this.resource(change, dependents);
    });
    const relevantDrift: PlanViewResource[] = [];
    const otherDrift: PlanViewResource[] = [];
    for (const drift of model.resourceDrift) {
      (isRelevantDrift(model, drift) ? relevantDrift : otherDrift).push(
        this.resource(drift, undefined),
      );
    }
    this.view = {
      title,
      ...(model.terraformVersion === undefined ? {} : { terraformVersion: model.terraformVersion }),
      formatVersion: model.formatVersion,
      errored: model.errored,
      noChanges: model.summary.noChanges,
      headline: model.summary.headline,
      details: model.summary.details,
      counts: model.summary.counts,
      resources,
      relevantDrift,
      otherDrift,
      outputs: model.outputChanges.filter((o) => o.action.kind !== 'no-op').map(viewOutput),
      deferred: model.deferredChanges.map((d) => ({
        address: d.change.address,
        action: d.change.action.kind,
        reason: d.reason,
      })),
      checks: model.checks
        .filter((c) => c.status !== 'pass')
        .map((c) => ({
          address: c.address,
          status: c.status,
          problems: c.instances.flatMap((i) => i.problems),
        })),
    };
  }

  /** The change of a view resource id (undefined for an id this plan does not have). */
  change(id: number): ResourceChange | undefined {
    return Number.isInteger(id) ? this.entries[id] : undefined;
  }

  /** The attribute diff of a view resource: changed attributes, or every attribute with `all`. */
  details(id: number, all: boolean): PlanViewAttribute[] | undefined {
    const change = this.change(id);
    return change === undefined ? undefined : diffAttributes(change, { all }).map(viewAttribute);
  }

  private resource(
    change: ResourceChange,
    dependents: readonly string[] | undefined,
  ): PlanViewResource {
    const id = this.entries.length;
    this.entries.push(change);
    const reported = reportedResource(change, []);
    const moved = change.previousAddress !== undefined && change.previousAddress !== change.address;
    return {
      id,
      address: change.address,
      module: change.moduleAddress ?? '',
      type: change.type,
      mode: change.mode,
      action: change.action.kind,
      actions: change.action.actions,
      symbol: actionSymbol(reported),
      description: describeAction(reported),
      dangerous: isDangerous(change),
      imported: change.importing !== undefined,
      moved,
      forcesReplacement: change.replacePaths.map(pathText),
      ...(dependents === undefined ? {} : { dependents }),
    };
  }
}

function viewValue(value: DiffValue): PlanViewValue {
  const text = renderValue(value, maxValueLength);
  if (value.kind === 'known' && value.value === sensitiveMarker) {
    return { kind: 'sensitive', text };
  }
  return { kind: value.kind, text };
}

function viewAttribute(attribute: AttributeChange): PlanViewAttribute {
  return {
    path: attribute.pathText,
    depth: Math.max(0, attribute.path.length - 1),
    change: attribute.change,
    before: viewValue(attribute.before),
    after: viewValue(attribute.after),
    forcesReplacement: attribute.forcesReplacement,
    ...(attribute.lines === undefined ? {} : { lines: attribute.lines }),
  };
}

function viewOutput(output: OutputChange): PlanViewOutput {
  const side = (value: unknown, unknown: boolean): DiffValue =>
    unknown
      ? { kind: 'unknown' }
      : value === undefined
        ? { kind: 'absent' }
        : { kind: 'known', value: value as never };
  return {
    name: output.name,
    action: output.action.kind,
    symbol: output.action.kind === 'delete' ? '-' : output.action.kind === 'create' ? '+' : '~',
    sensitive: output.sensitive,
    before: viewValue(side(output.before, false)),
    after: viewValue(side(output.after, output.afterUnknown === true)),
  };
}

/**
 * Drift matters when the configuration reads one of the drifted attributes (`relevant_attributes`
 * names the resource and an attribute path at, above or below a changed one). Without
 * `relevant_attributes` in the plan, every drift counts.
 */
export function isRelevantDrift(model: PlanModel, drift: ResourceChange): boolean {
  if (model.relevantAttributes === undefined) {
    return true;
  }
  const read = model.relevantAttributes.filter((r) => r.resource === drift.address);
  if (read.length === 0) {
    return false;
  }
  const changed = diffAttributes(drift).map((a) => a.path);
  return read.some(
    (r) =>
      r.attribute.length === 0 ||
      changed.some((path) => isPrefix(r.attribute, path) || isPrefix(path, r.attribute)),
  );
}

function isPrefix(prefix: readonly PathStep[], path: readonly PathStep[]): boolean {
  return prefix.length <= path.length && prefix.every((step, i) => path[i] === step);
}
