import { lineDiff, type DiffLine } from './lineDiff';
import { isRecord } from './manifestResources';

/** Plain data as manifests hold it. */
export type ManifestValue =
  | string
  | number
  | boolean
  | null
  | readonly ManifestValue[]
  | { readonly [key: string]: ManifestValue };

/** One field of a resource that differs between the two revisions. */
export interface FieldChange {
  /**
   * Where the field is: `spec.replicas`, `metadata.labels["app.kubernetes.io/name"]`,
   * `spec.template.spec.containers[name=app].image` (list items with unique names are matched
   * by name; others by index), `spec.template.spec.containers[name=app].args` (a list of plain
   * values is one field).
   */
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** The value at the base; absent when added or sensitive. */
  readonly before?: ManifestValue;
  /** The value in the working tree; absent when removed or sensitive. */
  readonly after?: ManifestValue;
  /** A Secret's value: neither value is given, only that it changed. */
  readonly sensitive?: true;
  /** For a changed multi-line string (a config file in a ConfigMap): its line-by-line diff. */
  readonly lines?: readonly DiffLine[];
}

/** Options of {@link diffFields}. */
export interface FieldDiffOptions {
  /**
   * The resource is a Secret: the values of `data` and `stringData` (and the copy of the whole
   * object in kubectl's last-applied annotation) are masked.
   */
  readonly secret?: boolean;
}

/** The annotation where `kubectl apply` keeps a copy of the whole object, a Secret's data included. */
const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The field-level differences of two versions of one resource, as plain data: key order,
 * formatting and comments are already gone (values come from the YAML model), so only real
 * changes remain. Fields are listed in a stable order (keys sorted).
 */
export function diffFields(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  options: FieldDiffOptions = {},
): FieldChange[] {
  const out: FieldChange[] = [];
  const secret = options.secret === true;
  const walk = (b: unknown, a: unknown, path: string, depth: number): void => {
    if (secret && isSensitivePath(path, depth)) {
      diffSensitive(b, a, path, out);
      return;
    }
    if (isRecord(b) && isRecord(a)) {
      const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
      for (const key of keys) {
        const next = joinKey(path, key);
        if (!Object.hasOwn(a, key)) {
          push(out, next, 'removed', b[key], undefined, secret);
        } else if (!Object.hasOwn(b, key)) {
          push(out, next, 'added', undefined, a[key], secret);
        } else {
          walk(b[key], a[key], next, depth + 1);
        }
      }
      return;
    }
    if (Array.isArray(b) && Array.isArray(a)) {
      if (isPlainList(b) && isPlainList(a)) {
        if (!deepEqual(b, a)) {
          push(out, path, 'changed', b, a, secret);
        }
        return;
      }
      const names = namedItems(b, a);
      if (names !== undefined) {
        const [beforeByName, afterByName] = names;
        const order = [...beforeByName.keys()];
        for (const name of afterByName.keys()) {
          if (!beforeByName.has(name)) {
            order.push(name);
          }
        }
        for (const name of order) {
          const next = `${path}[name=${quoteName(name)}]`;
          const bi = beforeByName.get(name);
          const ai = afterByName.get(name);
          if (ai === undefined) {
            push(out, next, 'removed', bi, undefined, secret);
          } else if (bi === undefined) {
            push(out, next, 'added', undefined, ai, secret);
          } else {
            walk(bi, ai, next, depth + 1);
          }
        }
        return;
      }
      for (let i = 0; i < Math.max(b.length, a.length); i++) {
        const next = `${path}[${i}]`;
        if (i >= a.length) {
          push(out, next, 'removed', b[i], undefined, secret);
        } else if (i >= b.length) {
          push(out, next, 'added', undefined, a[i], secret);
        } else {
          walk(b[i], a[i], next, depth + 1);
        }
      }
      return;
    }
    if (!deepEqual(b, a)) {
      push(out, path, 'changed', b, a, secret);
    }
  };
  walk(before, after, '', 0);
  return out;
}

/** Top-level `data`/`stringData` of a Secret, and kubectl's last-applied copy of it. */
function isSensitivePath(path: string, depth: number): boolean {
  return (
    (depth === 1 && (path === 'data' || path === 'stringData')) ||
    path === `metadata.annotations${bracket(lastApplied)}`
  );
}

/** A Secret's values compared key by key, reporting only which keys changed. */
function diffSensitive(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  // A whole `data` added or removed is listed key by key, like a changed one.
  const b = before === undefined && isRecord(after) ? {} : before;
  const a = after === undefined && isRecord(before) ? {} : after;
  if (isRecord(b) && isRecord(a)) {
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    for (const key of keys) {
      const next = joinKey(path, key);
      if (!Object.hasOwn(a, key)) {
        out.push({ path: next, change: 'removed', sensitive: true });
      } else if (!Object.hasOwn(b, key)) {
        out.push({ path: next, change: 'added', sensitive: true });
      } else if (!deepEqual(b[key], a[key])) {
        out.push({ path: next, change: 'changed', sensitive: true });
      }
    }
    return;
  }
  if (!deepEqual(b, a)) {
    out.push({
      path,
      change: b === undefined ? 'added' : a === undefined ? 'removed' : 'changed',
      sensitive: true,
    });
  }
}

function push(
  out: FieldChange[],
  path: string,
  change: FieldChange['change'],
  before: unknown,
  after: unknown,
  secret: boolean,
): void {
  if (secret) {
    // A whole subtree added or removed at once may hold the Secret's values: mask inside it.
    const topKey = /^(data|stringData)$/.exec(path)?.[1];
    const holdsLastApplied = (v: unknown): boolean =>
      JSON.stringify(v ?? null).includes(lastApplied);
    if (topKey !== undefined || holdsLastApplied(before) || holdsLastApplied(after)) {
      diffSensitive(before, after, path, out);
      return;
    }
  }
  const lines =
    change === 'changed' &&
    typeof before === 'string' &&
    typeof after === 'string' &&
    (before.includes('\n') || after.includes('\n'))
      ? lineDiff(...withoutFinalNewline(before, after))
      : undefined;
  out.push({
    path,
    change,
    ...(before === undefined ? {} : { before: before as ManifestValue }),
    ...(after === undefined ? {} : { after: after as ManifestValue }),
    ...(lines === undefined ? {} : { lines }),
  });
}

/** Both texts end a line (block scalars do): no empty last line in their diff. */
function withoutFinalNewline(before: string, after: string): [string, string] {
  return before.endsWith('\n') && after.endsWith('\n')
    ? [before.slice(0, -1), after.slice(0, -1)]
    : [before, after];
}

/** A list of scalars (args, command, finalizers): compared as one value. */
function isPlainList(list: readonly unknown[]): boolean {
  return list.every((v) => v === null || typeof v !== 'object');
}

/**
 * When every item of both lists is an object with a string `name`, unique within its list
 * (containers, env, ports, volumes), the items by name; otherwise undefined (match by index).
 */
function namedItems(
  b: readonly unknown[],
  a: readonly unknown[],
): [Map<string, unknown>, Map<string, unknown>] | undefined {
  if (b.length + a.length === 0) {
    return undefined;
  }
  const byName = (list: readonly unknown[]): Map<string, unknown> | undefined => {
    const map = new Map<string, unknown>();
    for (const item of list) {
      if (!isRecord(item) || typeof item.name !== 'string' || map.has(item.name)) {
        return undefined;
      }
      map.set(item.name, item);
    }
    return map;
  };
  const before = byName(b);
  const after = byName(a);
  return before === undefined || after === undefined ? undefined : [before, after];
}

const plainKey = /^[A-Za-z_$][\w$-]*$/;

function joinKey(path: string, key: string): string {
  if (plainKey.test(key)) {
    return path === '' ? key : `${path}.${key}`;
  }
  return `${path}${bracket(key)}`;
}

function bracket(key: string): string {
  return `[${JSON.stringify(key)}]`;
}

function quoteName(name: string): string {
  return /^[\w.:/@-]+$/.test(name) ? name : JSON.stringify(name);
}

/** Structural equality of plain data (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}
