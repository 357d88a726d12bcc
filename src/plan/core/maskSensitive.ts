import { sensitiveMarker, type JsonValue, type PathStep, type ValueMask } from './planModel';

/**
 * The value with every part the mask marks sensitive replaced by {@link sensitiveMarker} (a
 * sensitive null stays null: there is nothing to hide). Parts with nothing sensitive are shared
 * with the input, not copied, so a large plan is not duplicated in memory. When the mask and
 * the value disagree in shape, the whole value is hidden rather than guessed at.
 */
export function maskSensitive(value: unknown, mask: unknown): JsonValue | undefined {
  if (mask === true) {
    return value === null || value === undefined ? value : sensitiveMarker;
  }
  if (!hasSensitive(mask)) {
    return value as JsonValue | undefined;
  }
  if (Array.isArray(mask)) {
    if (!Array.isArray(value)) {
      return hideUnlessEmpty(value);
    }
    let copy: JsonValue[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const masked = maskSensitive(value[i], mask[i]);
      if (masked !== value[i]) {
        copy ??= value.slice() as JsonValue[];
        copy[i] = masked ?? null;
      }
    }
    return copy ?? (value as JsonValue[]);
  }
  const objectMask = mask as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return hideUnlessEmpty(value);
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, JsonValue> | undefined;
  for (const key of Object.keys(objectMask)) {
    if (!(key in record)) {
      continue;
    }
    const masked = maskSensitive(record[key], objectMask[key]);
    if (masked !== record[key]) {
      copy ??= { ...(record as Record<string, JsonValue>) };
      copy[key] = masked ?? null;
    }
  }
  return copy ?? (record as Record<string, JsonValue>);
}

function hideUnlessEmpty(value: unknown): JsonValue | undefined {
  return value === null || value === undefined ? value : sensitiveMarker;
}

/** The mask marks something sensitive. */
export function hasSensitive(mask: unknown): boolean {
  if (mask === true) {
    return true;
  }
  if (typeof mask !== 'object' || mask === null) {
    return false;
  }
  return (Array.isArray(mask) ? mask : Object.values(mask)).some(hasSensitive);
}

/**
 * The paths of sensitive parts whose value differs between before and after, compared on the
 * clear values before masking; only the fact of a change leaves, as Terraform shows it.
 */
export function sensitiveChanges(
  before: unknown,
  after: unknown,
  beforeMask: unknown,
  afterMask: unknown,
): PathStep[][] {
  const found: PathStep[][] = [];
  const walk = (b: unknown, a: unknown, bm: unknown, am: unknown, path: PathStep[]): void => {
    if (bm === true || am === true) {
      if (!sameJson(b, a)) {
        found.push(path);
      }
      return;
    }
    const keys = new Set<string>();
    for (const m of [bm, am]) {
      if (typeof m === 'object' && m !== null) {
        for (const k of Object.keys(m)) {
          keys.add(k);
        }
      }
    }
    for (const k of keys) {
      const step: PathStep = Array.isArray(bm) || Array.isArray(am) ? Number(k) : k;
      walk(child(b, step), child(a, step), child(bm, step), child(am, step), [...path, step]);
    }
  };
  walk(before, after, beforeMask, afterMask, []);
  return found;
}

/** The part of a JSON value at one step, or undefined. */
export function child(value: unknown, step: PathStep): unknown {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  if (Array.isArray(value)) {
    return typeof step === 'number' ? value[step] : undefined;
  }
  return Object.prototype.hasOwnProperty.call(value, step)
    ? (value as Record<string, unknown>)[String(step)]
    : undefined;
}

/** Deep equality of JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  return ka.length === Object.keys(rb).length && ka.every((k) => k in rb && sameJson(ra[k], rb[k]));
}

/**
 * A mask as the model keeps it. Shared with the input, not copied: consumers treat anything but
 * `true`, an array or an object as "not marked".
 */
export function toMask(value: unknown): ValueMask {
  return typeof value === 'boolean' || (typeof value === 'object' && value !== null)
    ? (value as ValueMask)
    : false;
}
