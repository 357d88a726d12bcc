import type { DiffValue } from './attributeDiff';
import type { JsonValue } from './planModel';
import { sensitiveMarker } from './planModel';
import type { ReportedResource } from './planReport';

/** Terraform's symbol for an action: `+`, `-`, `~`, `-/+`, `+/-`, `<=`, `.` (forget), `?`. */
export function actionSymbol(resource: ReportedResource): string {
  switch (resource.action) {
    case 'create':
      return '+';
    case 'delete':
      return '-';
    case 'update':
      return '~';
    case 'replace':
      return resource.replaceOrder === 'create-before-destroy' ? '+/-' : '-/+';
    case 'read':
      return '<=';
    case 'forget':
      return '.';
    case 'no-op':
      return ' ';
    default:
      return '?';
  }
}

/** What happens, in words: "must be replaced (create before destroy, old object forgotten)". */
export function describeAction(resource: ReportedResource): string {
  const parts: string[] = [];
  switch (resource.action) {
    case 'create':
      parts.push('will be created');
      break;
    case 'delete':
      parts.push('will be destroyed');
      break;
    case 'update':
      parts.push('will be updated in-place');
      break;
    case 'replace':
      parts.push(
        `must be replaced (${resource.replaceOrder === 'create-before-destroy' ? 'create before destroy' : 'destroy before create'}${resource.replacedObject === 'forgotten' ? ', old object forgotten, not destroyed' : ''})`,
      );
      break;
    case 'read':
      parts.push('will be read during apply');
      break;
    case 'forget':
      parts.push('will be removed from the state (not destroyed)');
      break;
    case 'no-op':
      break;
    default:
      parts.push(`has actions ${JSON.stringify(resource.actions)}`);
  }
  if (resource.previousAddress !== undefined) {
    parts.push(`moved from ${resource.previousAddress}`);
  }
  if (resource.importing !== undefined) {
    parts.push(
      resource.importing.id === undefined
        ? 'will be imported'
        : `will be imported (id ${resource.importing.id})`,
    );
  }
  if (resource.deposed !== undefined) {
    parts.push(`deposed object ${resource.deposed}`);
  }
  if (resource.reason !== undefined) {
    parts.push(describeReason(resource.reason));
  }
  return parts.join(', ');
}

const reasons: Readonly<Record<string, string>> = {
  replace_because_tainted: 'because it is tainted',
  replace_because_cannot_update: 'because a changed attribute cannot be updated in place',
  replace_by_request: 'because replacement was requested (-replace)',
  replace_by_triggers: 'because of replace_triggered_by',
  delete_because_no_resource_config: 'because it is no longer in the configuration',
  delete_because_no_module: 'because its module is no longer in the configuration',
  delete_because_wrong_repetition: 'because count/for_each changed how it repeats',
  delete_because_count_index: 'because its count index is out of range',
  delete_because_each_key: 'because its for_each key is gone',
  delete_because_no_move_target: 'because its moved target is not in the configuration',
  delete_because_enabled_false: 'because enabled = false',
  read_because_config_unknown: 'because its configuration is not known until apply',
  read_because_dependency_pending: 'because a dependency has pending changes',
  read_because_check_nested: 'because it is nested in a check block',
  forgot_because_lifecycle_destroy_in_state: 'because its state says lifecycle destroy = false',
  forgot_because_lifecycle_destroy_in_config: 'because lifecycle destroy = false',
};

/** A reason code in words; an unknown code is kept verbatim. */
export function describeReason(reason: string): string {
  return reasons[reason] ?? `reason: ${reason}`;
}

/** A value as Terraform shows it; long values are cut with `…`. */
export function renderValue(value: DiffValue, maxLength = 120): string {
  switch (value.kind) {
    case 'unknown':
      return '(known after apply)';
    case 'sensitive':
      return sensitiveMarker;
    case 'absent':
      return 'null';
    case 'known': {
      if (value.value === sensitiveMarker) {
        return sensitiveMarker;
      }
      const text = JSON.stringify(value.value);
      return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
    }
  }
}

/** An output's planned value as both summaries show it. */
export function renderOutputAfter(output: {
  readonly afterUnknown: boolean;
  readonly after?: JsonValue;
}): string {
  return output.afterUnknown
    ? '(known after apply)'
    : output.after === undefined
      ? 'null'
      : renderValue({ kind: 'known', value: output.after });
}
