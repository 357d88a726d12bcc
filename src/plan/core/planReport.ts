import { diffAttributes, type AttributeChange } from './attributeDiff';
import { BlastRadiusIndex } from './blastRadius';
import { isShownChange } from './buildPlanModel';
import type { JsonValue, PlanModel, PlanSummary, ResourceChange } from './planModel';

/**
 * The summary of a plan that the CLI prints (as JSON, text or Markdown), built from the masked
 * model only. Its JSON shape (`infra-workbench plan --format json`):
 *
 * ```
 * { formatVersion, terraformVersion?, errored,
 *   summary: { counts: {add, change, destroy, replace, import, move, forget, read, noOp,
 *              unknown, outputs, drift, deferred}, noChanges, headline, details },
 *   resources: [{ address, previousAddress?, action, actions, replaceOrder?, replacedObject?,
 *                 reason?, importing?, deposed?, dangerous, forcesReplacement: [path],
 *                 attributes: [{ pathText, path, change, before, after, forcesReplacement,
 *                                lines? }],
 *                 dependents?: [address] }],
 *   outputs: [{ name, action, sensitive, before?, after?, afterUnknown }],
 *   drift: [{ address, action }], deferred: [{ address, action, reason }],
 *   checks: [{ address, kind, status, problems: [message] }] }
 * ```
 *
 * `resources` lists every change but no-ops (a no-op that moves or imports is listed), destroys
 * and replacements first (`dangerous: true`); values are DiffValues (`{kind: known, value}`,
 * `{kind: unknown}`, `{kind: sensitive}`, `{kind: absent}`); `dependents` is the blast radius
 * of a destroy or replacement.
 */
export interface PlanReport {
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  readonly errored: boolean;
  readonly summary: PlanSummary;
  readonly resources: readonly ReportedResource[];
  readonly outputs: readonly {
    readonly name: string;
    readonly action: string;
    readonly sensitive: boolean;
    readonly before?: JsonValue;
    readonly after?: JsonValue;
    readonly afterUnknown: boolean;
  }[];
  readonly drift: readonly { readonly address: string; readonly action: string }[];
  readonly deferred: readonly {
    readonly address: string;
    readonly action: string;
    readonly reason: string;
  }[];
  readonly checks: readonly {
    readonly address: string;
    readonly kind: string;
    readonly status: string;
    readonly problems: readonly string[];
  }[];
}

/** One resource change in the report. */
export interface ReportedResource {
  readonly address: string;
  readonly previousAddress?: string;
  readonly action: string;
  readonly actions: readonly string[];
  readonly replaceOrder?: string;
  readonly replacedObject?: string;
  readonly reason?: string;
  readonly importing?: { readonly id?: string; readonly unknown?: boolean };
  readonly deposed?: string;
  /** A destroy or a replacement: listed first, marked. */
  readonly dangerous: boolean;
  readonly forcesReplacement: readonly string[];
  readonly attributes: readonly AttributeChange[];
  readonly dependents?: readonly string[];
}

/** Builds the report; `attributes` are computed for updates and replacements (not creates and destroys). */
export function buildPlanReport(model: PlanModel): PlanReport {
  const index = new BlastRadiusIndex(model.dependencies, model.resourceChanges);
  const shown = model.resourceChanges.filter(isShownChange);
  const dangerous = shown.filter(isDangerous);
  const rest = shown.filter((c) => !isDangerous(c));
  const resources = [...dangerous, ...rest].map((change): ReportedResource => {
    const attributes =
      change.action.kind === 'update' || change.action.kind === 'replace'
        ? diffAttributes(change)
        : [];
    return {
      ...reportedResource(change, attributes),
      ...(isDangerous(change) ? { dependents: index.of(change.address).dependentAddresses } : {}),
    };
  });
  return {
    formatVersion: model.formatVersion,
    ...(model.terraformVersion === undefined ? {} : { terraformVersion: model.terraformVersion }),
    errored: model.errored,
    summary: model.summary,
    resources,
    outputs: model.outputChanges
      .filter((o) => o.action.kind !== 'no-op')
      .map((o) => ({
        name: o.name,
        action: o.action.kind,
        sensitive: o.sensitive,
        ...(o.before === undefined ? {} : { before: o.before }),
        ...(o.after === undefined ? {} : { after: o.after }),
        afterUnknown: o.afterUnknown === true,
      })),
    drift: model.resourceDrift.map((d) => ({ address: d.address, action: d.action.kind })),
    deferred: model.deferredChanges.map((d) => ({
      address: d.change.address,
      action: d.change.action.kind,
      reason: d.reason,
    })),
    checks: model.checks.map((c) => ({
      address: c.address,
      kind: c.kind,
      status: c.status,
      problems: c.instances.flatMap((i) => i.problems),
    })),
  };
}

/** Destroys (of managed resources) and replacements (the old object destroyed or forgotten). */
export function isDangerous(change: ResourceChange): boolean {
  return (
    (change.action.kind === 'delete' && change.mode !== 'data') || change.action.kind === 'replace'
  );
}

/** A change as the summaries report it, with the attribute diff given (none: not computed). */
export function reportedResource(
  change: ResourceChange,
  attributes: ReportedResource['attributes'],
): ReportedResource {
  return {
    address: change.address,
    ...(change.previousAddress !== undefined && change.previousAddress !== change.address
      ? { previousAddress: change.previousAddress }
      : {}),
    action: change.action.kind,
    actions: change.action.actions,
    ...(change.action.replaceOrder === undefined
      ? {}
      : { replaceOrder: change.action.replaceOrder }),
    ...(change.action.replacedObject === undefined
      ? {}
      : { replacedObject: change.action.replacedObject }),
    ...(change.actionReason === undefined ? {} : { reason: change.actionReason }),
    ...(change.importing === undefined ? {} : { importing: change.importing }),
    ...(change.deposed === undefined ? {} : { deposed: change.deposed }),
    dangerous: isDangerous(change),
    forcesReplacement: attributes.filter((a) => a.forcesReplacement).map((a) => a.pathText),
    attributes,
  };
}
