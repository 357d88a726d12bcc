import { buildDependencies } from './buildDependencies';
import { maskSensitive, sensitiveChanges, toMask } from './maskSensitive';
import { configAddressOf } from './planAddress';
import {
  sensitiveMarker,
  type CheckResult,
  type DeferredChange,
  type OutputChange,
  type PathStep,
  type PlanAction,
  type PlanCounts,
  type PlanModel,
  type PlanSummary,
  type RelevantAttribute,
  type ResourceChange,
} from './planModel';
import { isObject, readPlanJson, type RawPlan } from './readPlanJson';

/** Reads the text of `terraform show -json <planfile>` into the masked model (throws PlanReadError). */
export function readPlanModel(text: string): PlanModel {
  return buildPlanModel(readPlanJson(text));
}

/**
 * The masked model of a parsed plan (see {@link readPlanJson}). Sensitive values are replaced as
 * they are read; values with nothing sensitive are shared with the parsed JSON, not copied.
 * Unknown keys are ignored; unknown actions and reasons are kept verbatim.
 */
export function buildPlanModel(raw: RawPlan): PlanModel {
  const resourceChanges = list(raw.resource_changes).map(readResourceChange);
  const resourceDrift = list(raw.resource_drift).map(readResourceChange);
  const deferredChanges: DeferredChange[] = list(raw.deferred_changes).map((entry) => {
    const record = entry as Record<string, unknown>;
    return {
      reason: typeof record.reason === 'string' ? record.reason : 'unknown',
      change: readResourceChange(record.resource_change),
    };
  });
  const outputChanges = readOutputChanges(raw);
  const checks =
    raw.checks === undefined ? readConditionResults(raw.condition_results) : readChecks(raw.checks);
  const model: Omit<PlanModel, 'summary'> = {
    formatVersion: String(raw.format_version),
    ...(typeof raw.terraform_version === 'string'
      ? { terraformVersion: raw.terraform_version }
      : {}),
    ...(typeof raw.applyable === 'boolean' ? { applyable: raw.applyable } : {}),
    ...(typeof raw.complete === 'boolean' ? { complete: raw.complete } : {}),
    errored: raw.errored === true,
    ...(typeof raw.timestamp === 'string' ? { timestamp: raw.timestamp } : {}),
    resourceChanges,
    resourceDrift,
    outputChanges,
    deferredChanges,
    checks,
    actionInvocations: list(raw.action_invocations).length,
    dependencies: buildDependencies(raw.configuration),
    ...(Array.isArray(raw.relevant_attributes)
      ? { relevantAttributes: readRelevantAttributes(raw.relevant_attributes) }
      : {}),
  };
  return { ...model, summary: summarize(model) };
}

const actionCache = new Map<string, PlanAction>();

/**
 * The kind of change an action list means (unknown lists are kept, as `unknown`). The result is
 * shared between equal lists: treat it as read-only.
 */
export function readAction(actions: readonly string[]): PlanAction {
  const key = actions.join(',');
  let action = actionCache.get(key);
  if (action === undefined) {
    action = actionOf(key, Object.freeze([...actions]));
    // Bounded: a plan's unknown action lists are few, but a hostile file could vary them.
    if (actionCache.size < 64) {
      actionCache.set(key, action);
    }
  }
  return action;
}

function actionOf(key: string, actions: readonly string[]): PlanAction {
  switch (key) {
    case 'create':
    case 'update':
    case 'delete':
    case 'read':
    case 'no-op':
    case 'forget':
      return { kind: key, actions };
    case 'delete,create':
      return {
        kind: 'replace',
        replaceOrder: 'destroy-before-create',
        replacedObject: 'destroyed',
        actions,
      };
    case 'create,delete':
      return {
        kind: 'replace',
        replaceOrder: 'create-before-destroy',
        replacedObject: 'destroyed',
        actions,
      };
    // Terraform writes a replacement that forgets the old object as create-then-forget,
    // OpenTofu as forget-then-create.
    case 'create,forget':
      return {
        kind: 'replace',
        replaceOrder: 'create-before-destroy',
        replacedObject: 'forgotten',
        actions,
      };
    case 'forget,create':
      return {
        kind: 'replace',
        replaceOrder: 'destroy-before-create',
        replacedObject: 'forgotten',
        actions,
      };
    case '':
      return { kind: 'no-op', actions };
    default:
      return { kind: 'unknown', actions };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Reads one resource change; built by assignment (not spreads): a large plan has many. */
function readResourceChange(entry: unknown): ResourceChange {
  const r = entry as Record<string, unknown>;
  const change = isObject(r.change) ? r.change : {};
  const actions = Array.isArray(change.actions) ? (change.actions as string[]) : [];
  const beforeSensitive = toMask(change.before_sensitive);
  const afterSensitive = toMask(change.after_sensitive);
  const moduleAddress = typeof r.module_address === 'string' ? r.module_address : undefined;
  const mode = typeof r.mode === 'string' ? r.mode : 'managed';
  const type = typeof r.type === 'string' ? r.type : '';
  const name = typeof r.name === 'string' ? r.name : '';
  const address = typeof r.address === 'string' ? r.address : addressFromParts(r);
  const out: Mutable<ResourceChange> = {
    address,
    configAddress: configAddressOf(
      moduleAddress === undefined
        ? { address, mode, type, name }
        : { address, moduleAddress, mode, type, name },
    ),
    mode,
    type,
    name,
    action: readAction(actions),
    before: maskSensitive(change.before, beforeSensitive),
    after: maskSensitive(change.after, afterSensitive),
    afterUnknown: toMask(change.after_unknown),
    beforeSensitive,
    afterSensitive,
    sensitiveChanges: sensitiveChanges(
      change.before,
      change.after,
      beforeSensitive,
      afterSensitive,
    ),
    replacePaths: Array.isArray(change.replace_paths)
      ? change.replace_paths.filter(Array.isArray).map((p) => p.filter(isPathStep))
      : [],
  };
  if (typeof r.previous_address === 'string') {
    out.previousAddress = r.previous_address;
  }
  if (moduleAddress !== undefined) {
    out.moduleAddress = moduleAddress;
  }
  if (typeof r.index === 'string' || typeof r.index === 'number') {
    out.index = r.index;
  }
  if (r.index_unknown === true) {
    out.indexUnknown = true;
  }
  if (typeof r.deposed === 'string') {
    out.deposed = r.deposed;
  }
  if (typeof r.provider_name === 'string') {
    out.providerName = r.provider_name;
  }
  if (typeof r.action_reason === 'string') {
    out.actionReason = r.action_reason;
  }
  if (isObject(change.importing)) {
    const importing: { id?: string; unknown?: boolean } = {};
    if (typeof change.importing.id === 'string') {
      importing.id = change.importing.id;
    }
    if (change.importing.unknown === true) {
      importing.unknown = true;
    }
    out.importing = importing;
  }
  if (typeof change.generated_config === 'string' && change.generated_config !== '') {
    out.generatedConfig = true;
  }
  return out;
}

/** The address of an entry written without one (resource_drift of Terraform 1.0.0). */
function addressFromParts(r: Record<string, unknown>): string {
  const module = typeof r.module_address === 'string' ? `${r.module_address}.` : '';
  const data = r.mode === 'data' ? 'data.' : '';
  const index =
    typeof r.index === 'number'
      ? `[${r.index}]`
      : typeof r.index === 'string'
        ? `[${JSON.stringify(r.index)}]`
        : '';
  return `${module}${data}${String(r.type)}.${String(r.name)}${index}`;
}

function isPathStep(step: unknown): step is PathStep {
  return typeof step === 'string' || typeof step === 'number';
}

/**
 * `output_changes`, masked: an output is sensitive when its change's masks say so, or when
 * `planned_values` or the root module's configuration mark it sensitive (older plans have no
 * masks on outputs).
 */
function readOutputChanges(raw: RawPlan): OutputChange[] {
  if (!isObject(raw.output_changes)) {
    return [];
  }
  const planned =
    isObject(raw.planned_values) && isObject(raw.planned_values.outputs)
      ? raw.planned_values.outputs
      : {};
  const configured =
    isObject(raw.configuration) &&
    isObject(raw.configuration.root_module) &&
    isObject(raw.configuration.root_module.outputs)
      ? raw.configuration.root_module.outputs
      : {};
  return Object.entries(raw.output_changes).map(([name, value]) => {
    const change = value as Record<string, unknown>;
    const plannedOutput = planned[name];
    const configuredOutput = configured[name];
    const wholly =
      change.before_sensitive === true ||
      change.after_sensitive === true ||
      (isObject(plannedOutput) && plannedOutput.sensitive === true) ||
      (isObject(configuredOutput) && configuredOutput.sensitive === true);
    const sensitive = wholly || hasTrue(change.before_sensitive) || hasTrue(change.after_sensitive);
    return {
      name,
      action: readAction(change.actions as string[]),
      sensitive,
      before: wholly
        ? hideValue(change.before)
        : maskSensitive(change.before, change.before_sensitive),
      after: wholly ? hideValue(change.after) : maskSensitive(change.after, change.after_sensitive),
      afterUnknown: toMask(change.after_unknown),
    };
  });
}

function hideValue(value: unknown): string | null | undefined {
  return value === null || value === undefined ? value : sensitiveMarker;
}

function hasTrue(mask: unknown): boolean {
  if (mask === true) {
    return true;
  }
  return typeof mask === 'object' && mask !== null && Object.values(mask).some(hasTrue);
}

function readChecks(checks: unknown): CheckResult[] {
  return list(checks)
    .filter(isObject)
    .map((check) => {
      const address = isObject(check.address) ? check.address : {};
      return {
        address: typeof address.to_display === 'string' ? address.to_display : '',
        kind: typeof address.kind === 'string' ? address.kind : 'unknown',
        status: typeof check.status === 'string' ? check.status : 'unknown',
        instances: list(check.instances)
          .filter(isObject)
          .map((instance) => {
            const instanceAddress = isObject(instance.address) ? instance.address : {};
            return {
              address:
                typeof instanceAddress.to_display === 'string' ? instanceAddress.to_display : '',
              status: typeof instance.status === 'string' ? instance.status : 'unknown',
              problems: list(instance.problems)
                .filter(isObject)
                .map((p) => (typeof p.message === 'string' ? p.message : '')),
            };
          }),
      };
    });
}

/** Terraform 1.2 and 1.3 wrote `condition_results` (one per condition) before `checks`. */
function readConditionResults(results: unknown): CheckResult[] {
  return list(results)
    .filter(isObject)
    .map((r) => ({
      address: typeof r.address === 'string' ? r.address : '',
      kind: typeof r.condition_type === 'string' ? r.condition_type : 'unknown',
      status: r.unknown === true ? 'unknown' : r.result === true ? 'pass' : 'fail',
      instances: [],
    }));
}

function readRelevantAttributes(entries: readonly unknown[]): RelevantAttribute[] {
  return entries
    .filter(isObject)
    .filter((e) => typeof e.resource === 'string')
    .map((e) => ({
      resource: e.resource as string,
      attribute: Array.isArray(e.attribute) ? e.attribute.filter(isPathStep) : [],
    }));
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A change Terraform shows: not a no-op, or a no-op that moves or imports; not a data source's delete. */
export function isShownChange(change: ResourceChange): boolean {
  if (change.action.kind === 'delete' && change.mode === 'data') {
    // A data source leaving the state: Terraform does not show it.
    return false;
  }
  return (
    change.action.kind !== 'no-op' ||
    change.previousAddress !== undefined ||
    change.importing !== undefined
  );
}

/** The counts and Terraform's headline for the model's changes. */
export function summarize(model: Omit<PlanModel, 'summary'>): PlanSummary {
  const counts = {
    add: 0,
    change: 0,
    destroy: 0,
    replace: 0,
    import: 0,
    move: 0,
    forget: 0,
    read: 0,
    noOp: 0,
    unknown: 0,
    outputs: 0,
    drift: model.resourceDrift.length,
    deferred: model.deferredChanges.length,
  } satisfies PlanCounts;
  for (const change of model.resourceChanges) {
    if (change.importing !== undefined) {
      counts.import++;
    }
    if (change.previousAddress !== undefined && change.previousAddress !== change.address) {
      counts.move++;
    }
    switch (change.action.kind) {
      case 'create':
        counts.add++;
        break;
      case 'update':
        counts.change++;
        break;
      case 'delete':
        // Terraform does not count data sources leaving the state.
        if (change.mode !== 'data') {
          counts.destroy++;
        }
        break;
      case 'replace':
        counts.replace++;
        counts.add++;
        if (change.action.replacedObject === 'forgotten') {
          counts.forget++;
        } else {
          counts.destroy++;
        }
        break;
      case 'forget':
        counts.forget++;
        break;
      case 'read':
        counts.read++;
        break;
      case 'no-op':
        counts.noOp++;
        break;
      case 'unknown':
        counts.unknown++;
        break;
    }
  }
  counts.outputs = model.outputChanges.filter((o) => o.action.kind !== 'no-op').length;
  const nothingPlanned =
    !model.resourceChanges.some(isShownChange) &&
    counts.outputs === 0 &&
    model.actionInvocations === 0;
  const noChanges = nothingPlanned && !model.errored && counts.deferred === 0;
  let headline: string;
  if (!nothingPlanned) {
    // OpenTofu's wording: Terraform leaves forgets out of its line.
    headline = `Plan: ${counts.import > 0 ? `${counts.import} to import, ` : ''}${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy${counts.forget > 0 ? `, ${counts.forget} to forget` : ''}.${model.actionInvocations > 0 ? ` Actions: ${model.actionInvocations} to invoke.` : ''}`;
  } else if (model.errored) {
    headline = 'Planning failed. An error occurred while generating this plan.';
  } else if (counts.deferred > 0) {
    headline = 'No current changes. This plan requires another plan to be applied first.';
  } else {
    headline = 'No changes. Your infrastructure matches the configuration.';
  }
  const details = [
    counts.replace > 0 ? `${counts.replace} to replace` : '',
    counts.move > 0 ? `${counts.move} moved` : '',
    counts.read > 0 ? `${counts.read} to read` : '',
    counts.unknown > 0 ? `${counts.unknown} with unknown actions` : '',
    counts.outputs > 0 ? `${counts.outputs} output${counts.outputs === 1 ? '' : 's'} changing` : '',
    counts.drift > 0 ? `${counts.drift} changed outside Terraform` : '',
    counts.deferred > 0 ? `${counts.deferred} deferred` : '',
  ]
    .filter((s) => s !== '')
    .join(', ');
  return { counts, noChanges, headline, details };
}
