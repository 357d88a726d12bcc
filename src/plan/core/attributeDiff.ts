import { lineDiff, type DiffLine } from './lineDiff';
import { child } from './maskSensitive';
import type { JsonValue, PathStep, ResourceChange } from './planModel';

/** A value in an attribute diff: a known value, "(known after apply)", "(sensitive value)" or none. */
export type DiffValue =
  | { readonly kind: 'known'; readonly value: JsonValue }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'sensitive' }
  | { readonly kind: 'absent' };

/** One attribute (a leaf of the nested values) before and after. */
export interface AttributeChange {
  readonly path: readonly PathStep[];
  /** The path as Terraform writes it: `tags.env`, `ingress[0].cidr_blocks[1]`, `labels["a.b"]`. */
  readonly pathText: string;
  readonly change: 'added' | 'removed' | 'updated' | 'unchanged';
  readonly before: DiffValue;
  readonly after: DiffValue;
  /** A change here forces the resource to be replaced (from `replace_paths`). */
  readonly forcesReplacement: boolean;
  /**
   * For a changed multi-line string (or a JSON document in a string, pretty-printed first): the
   * line-by-line diff.
   */
  readonly lines?: readonly DiffLine[];
}

/** Options of {@link diffAttributes}. */
export interface DiffOptions {
  /** Every attribute, unchanged ones included (default: changed only). */
  readonly all?: boolean;
}

/**
 * The attribute-level diff of one resource change, on the masked model: nested objects and
 * lists are walked down to their leaves (lists of plain values are aligned by content, so an
 * insertion does not show every later element as changed); unknown and sensitive values are
 * their own kinds; a sensitive value counts as changed when the plan's clear values differ.
 */
export function diffAttributes(
  change: ResourceChange,
  options: DiffOptions = {},
): AttributeChange[] {
  const out: AttributeChange[] = [];
  const sensitiveChanged = new Set(change.sensitiveChanges.map((p) => JSON.stringify(p)));
  const walk = (
    before: unknown,
    after: unknown,
    beforeSensitive: unknown,
    afterSensitive: unknown,
    afterUnknown: unknown,
    path: PathStep[],
  ): void => {
    const b = sideValue(before, beforeSensitive, false);
    const a = sideValue(after, afterSensitive, afterUnknown);
    const descend = containerKind(b, a, afterUnknown);
    if (descend === 'object') {
      const keys = new Set<string>();
      for (const v of [before, after, afterUnknown]) {
        if (isRecord(v)) {
          for (const k of Object.keys(v)) {
            keys.add(k);
          }
        }
      }
      for (const k of [...keys].sort()) {
        walk(
          child(before, k),
          child(after, k),
          child(beforeSensitive, k),
          child(afterSensitive, k),
          child(afterUnknown, k),
          [...path, k],
        );
      }
      return;
    }
    if (descend === 'array') {
      const beforeList = Array.isArray(before) ? before : [];
      const afterList = Array.isArray(after) ? after : [];
      const plain =
        !isMarked(beforeSensitive) && !isMarked(afterSensitive) && !isMarked(afterUnknown);
      if (plain && beforeList.length > 0 && afterList.length > 0) {
        for (const [bi, ai] of alignLists(beforeList, afterList)) {
          walk(
            bi === undefined ? undefined : beforeList[bi],
            ai === undefined ? undefined : afterList[ai],
            undefined,
            undefined,
            undefined,
            [...path, ai ?? bi ?? 0],
          );
        }
        return;
      }
      const unknownLength = Array.isArray(afterUnknown) ? afterUnknown.length : 0;
      const length = Math.max(beforeList.length, afterList.length, unknownLength);
      for (let i = 0; i < length; i++) {
        walk(
          beforeList[i],
          afterList[i],
          child(beforeSensitive, i),
          child(afterSensitive, i),
          child(afterUnknown, i),
          [...path, i],
        );
      }
      return;
    }
    if (path.length === 0 && b.kind === 'absent' && a.kind === 'absent') {
      return;
    }
    const kind = classify(b, a, sensitiveChanged.has(JSON.stringify(path)));
    if (kind === 'unchanged' && options.all !== true) {
      return;
    }
    const lines = kind === 'updated' ? multiLineDiff(b, a) : undefined;
    out.push({
      path,
      pathText: pathText(path),
      change: kind,
      before: b,
      after: a,
      forcesReplacement: change.replacePaths.some((p) => startsWith(path, p)),
      ...(lines === undefined ? {} : { lines }),
    });
  };
  walk(
    change.before,
    change.after,
    change.beforeSensitive,
    change.afterSensitive,
    change.afterUnknown,
    [],
  );
  return out;
}

function sideValue(value: unknown, sensitive: unknown, unknown: unknown): DiffValue {
  if (unknown === true) {
    return { kind: 'unknown' };
  }
  if (sensitive === true && value !== null && value !== undefined) {
    return { kind: 'sensitive' };
  }
  if (value === undefined) {
    return { kind: 'absent' };
  }
  return { kind: 'known', value: value as JsonValue };
}

/** Walk into both sides when each is the same kind of container, absent or null. */
function containerKind(
  b: DiffValue,
  a: DiffValue,
  afterUnknown: unknown,
): 'object' | 'array' | undefined {
  const shapes = [b, a].map((v) =>
    v.kind === 'known' && v.value !== null
      ? Array.isArray(v.value)
        ? 'array'
        : typeof v.value === 'object'
          ? 'object'
          : 'scalar'
      : v.kind === 'absent' || (v.kind === 'known' && v.value === null)
        ? 'none'
        : 'scalar',
  );
  const [sb, sa] = shapes;
  const kinds = new Set([sb, sa].filter((s) => s !== 'none'));
  if (kinds.size !== 1 || kinds.has('scalar')) {
    return undefined;
  }
  const kind = sb === 'none' ? sa : sb;
  // An empty container on both sides (or one side missing) is a leaf: there is nothing inside.
  const empty = (v: DiffValue): boolean =>
    v.kind !== 'known' ||
    v.value === null ||
    (Array.isArray(v.value) ? v.value.length === 0 : Object.keys(v.value as object).length === 0);
  if (empty(b) && empty(a) && !isMarked(afterUnknown)) {
    return undefined;
  }
  return kind as 'object' | 'array';
}

function classify(
  b: DiffValue,
  a: DiffValue,
  sensitiveChanged: boolean,
): AttributeChange['change'] {
  const none = (v: DiffValue): boolean =>
    v.kind === 'absent' || (v.kind === 'known' && v.value === null);
  if (none(b) && none(a)) {
    return 'unchanged';
  }
  if (none(b)) {
    return 'added';
  }
  if (none(a)) {
    return 'removed';
  }
  if (a.kind === 'unknown') {
    return 'updated';
  }
  if (b.kind === 'sensitive' || a.kind === 'sensitive') {
    return b.kind !== a.kind || sensitiveChanged ? 'updated' : 'unchanged';
  }
  return b.kind === 'known' &&
    a.kind === 'known' &&
    JSON.stringify(b.value) === JSON.stringify(a.value)
    ? 'unchanged'
    : 'updated';
}

/** The line diff of two known strings when either spans lines or both hold JSON documents. */
function multiLineDiff(b: DiffValue, a: DiffValue): DiffLine[] | undefined {
  if (b.kind !== 'known' || a.kind !== 'known') {
    return undefined;
  }
  if (typeof b.value !== 'string' || typeof a.value !== 'string') {
    return undefined;
  }
  const jsonBefore = prettyJson(b.value);
  const jsonAfter = prettyJson(a.value);
  if (jsonBefore !== undefined && jsonAfter !== undefined) {
    return lineDiff(jsonBefore, jsonAfter);
  }
  if (b.value.includes('\n') || a.value.includes('\n')) {
    return lineDiff(b.value, a.value);
  }
  return undefined;
}

function prettyJson(text: string): string | undefined {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') {
    return undefined;
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

/**
 * Pairs of (before index, after index) aligning two lists by equal elements; between equal
 * elements, leftovers are paired as updates in order and the rest are removals or additions.
 */
function alignLists(
  before: readonly unknown[],
  after: readonly unknown[],
): [number | undefined, number | undefined][] {
  const a = before.map((v) => JSON.stringify(v));
  const b = after.map((v) => JSON.stringify(v));
  const lines = lineDiffOfKeys(a, b);
  const pairs: [number | undefined, number | undefined][] = [];
  let i = 0;
  let j = 0;
  let removed: number[] = [];
  let added: number[] = [];
  const flush = (): void => {
    const n = Math.max(removed.length, added.length);
    for (let k = 0; k < n; k++) {
      pairs.push([removed[k], added[k]]);
    }
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.op === ' ') {
      flush();
      pairs.push([i++, j++]);
    } else if (line.op === '-') {
      removed.push(i++);
    } else {
      added.push(j++);
    }
  }
  flush();
  return pairs;
}

function lineDiffOfKeys(a: readonly string[], b: readonly string[]): DiffLine[] {
  // Element keys never hold a newline (JSON.stringify escapes it), so joining is safe.
  return lineDiff(a.join('\n'), b.join('\n'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The mask marks something (true, or a container with something true inside). */
function isMarked(mask: unknown): boolean {
  if (mask === true) {
    return true;
  }
  return typeof mask === 'object' && mask !== null && Object.values(mask).some(isMarked);
}

function startsWith(path: readonly PathStep[], prefix: readonly PathStep[]): boolean {
  return prefix.length <= path.length && prefix.every((step, i) => path[i] === step);
}

/** `tags.env`, `ingress[0].cidr`, `labels["app.kubernetes.io/name"]`. */
export function pathText(path: readonly PathStep[]): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') {
      text += `[${step}]`;
    } else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) {
      text += text === '' ? step : `.${step}`;
    } else {
      text += `[${JSON.stringify(step)}]`;
    }
  }
  return text;
}
