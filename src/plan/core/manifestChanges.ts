import { deepEqual, diffFields, type FieldChange } from './manifestFieldDiff';
import {
  describeIdentity,
  type ManifestResource,
  type ResourceIdentity,
  type SourceLocation,
} from './manifestResources';
import { compareCodeUnits } from '../../common/compareText';

/** What happens to a resource between the base and the working tree. */
export type ManifestAction = 'add' | 'change' | 'remove';

/** One resource added, removed or changed. Plain data: the webview and `--format json` read it. */
export interface ManifestResourceChange {
  readonly action: ManifestAction;
  readonly identity: ResourceIdentity;
  /** The identity as a reviewer reads it ({@link describeIdentity}). */
  readonly title: string;
  /** apiVersion at the base (absent when added). */
  readonly baseApiVersion?: string;
  /** apiVersion in the working tree (absent when removed). */
  readonly headApiVersion?: string;
  /** Where the resource was written at the base (jump to source on the old side). */
  readonly base?: SourceLocation;
  /** Where it is written in the working tree. */
  readonly head?: SourceLocation;
  /** The fields that differ (for `change` only; empty otherwise). */
  readonly fields: readonly FieldChange[];
  /** A caveat, e.g. the file could not be parsed at the other revision. */
  readonly note?: string;
}

/** A resource that only moved (another file or position): not a change, listed for the reader. */
export interface MovedResource {
  readonly identity: ResourceIdentity;
  readonly title: string;
  readonly base: SourceLocation;
  readonly head: SourceLocation;
}

/** Counts of a comparison. */
export interface ManifestCounts {
  readonly add: number;
  readonly change: number;
  readonly remove: number;
  /** Resources in another file than at the base, with no field changed. */
  readonly moved: number;
  /** Resources found on both sides with no field changed (moved ones included). */
  readonly unchanged: number;
}

/** The semantic difference of two sets of resources. */
export interface ManifestComparison {
  readonly counts: ManifestCounts;
  /** Removes, then changes, then adds; by title within each. */
  readonly changes: readonly ManifestResourceChange[];
  readonly moved: readonly MovedResource[];
}

const actionOrder: Readonly<Record<ManifestAction, number>> = { remove: 0, change: 1, add: 2 };

/**
 * Compares the resources of two revisions by identity (group, kind, namespace, name), never by
 * file or position: a resource moved to another file, with its keys reordered or its comments
 * edited, is unchanged. When one identity appears several times on a side (the same object in
 * two overlays), see {@link pairOccurrences}.
 */
export function compareManifests(
  base: readonly ManifestResource[],
  head: readonly ManifestResource[],
): ManifestComparison {
  const baseByKey = groupByKey(base);
  const headByKey = groupByKey(head);
  const changes: ManifestResourceChange[] = [];
  const moved: MovedResource[] = [];
  let unchanged = 0;
  const keys = new Set([...baseByKey.keys(), ...headByKey.keys()]);
  for (const key of keys) {
    const [pairs, removed, added] = pairOccurrences(
      baseByKey.get(key) ?? [],
      headByKey.get(key) ?? [],
    );
    for (const [b, h] of pairs) {
      // Most pairs are equal: tell so without building a path for every field.
      const fields = deepEqual(b.value, h.value)
        ? []
        : diffFields(b.value, h.value, {
            secret: h.identity.kind === 'Secret' && h.identity.group === '',
          });
      if (fields.length === 0) {
        unchanged++;
        if (b.location.file !== h.location.file) {
          moved.push({
            identity: h.identity,
            title: describeIdentity(h.identity),
            base: b.location,
            head: h.location,
          });
        }
        continue;
      }
      changes.push({
        action: 'change',
        identity: h.identity,
        title: describeIdentity(h.identity),
        baseApiVersion: b.apiVersion,
        headApiVersion: h.apiVersion,
        base: b.location,
        head: h.location,
        fields,
      });
    }
    for (const b of removed) {
      changes.push({
        action: 'remove',
        identity: b.identity,
        title: describeIdentity(b.identity),
        baseApiVersion: b.apiVersion,
        base: b.location,
        fields: [],
      });
    }
    for (const h of added) {
      changes.push({
        action: 'add',
        identity: h.identity,
        title: describeIdentity(h.identity),
        headApiVersion: h.apiVersion,
        head: h.location,
        fields: [],
      });
    }
  }
  changes.sort(
    (x, y) =>
      actionOrder[x.action] - actionOrder[y.action] ||
      compareCodeUnits(x.title, y.title) ||
      compareCodeUnits(locationText(x), locationText(y)),
  );
  moved.sort((x, y) => compareCodeUnits(x.title, y.title));
  return {
    counts: {
      add: changes.filter((c) => c.action === 'add').length,
      change: changes.filter((c) => c.action === 'change').length,
      remove: changes.filter((c) => c.action === 'remove').length,
      moved: moved.length,
      unchanged,
    },
    changes,
    moved,
  };
}

function locationText(change: ManifestResourceChange): string {
  const at = change.head ?? change.base;
  return at === undefined ? '' : `${at.file}:${String(at.line).padStart(8, '0')}`;
}

function groupByKey(resources: readonly ManifestResource[]): Map<string, ManifestResource[]> {
  const map = new Map<string, ManifestResource[]>();
  for (const r of resources) {
    const list = map.get(r.key);
    if (list === undefined) {
      map.set(r.key, [r]);
    } else {
      list.push(r);
    }
  }
  return map;
}

/**
 * Pairs the occurrences of one identity: unchanged ones first (in the same file, then anywhere:
 * moved), then in the same file, then in order of file and line.
 */
function pairOccurrences(
  base: readonly ManifestResource[],
  head: readonly ManifestResource[],
): [[ManifestResource, ManifestResource][], ManifestResource[], ManifestResource[]] {
  if (base.length === 1 && head.length === 1 && base[0] !== undefined && head[0] !== undefined) {
    return [[[base[0], head[0]]], [], []];
  }
  const byPosition = (x: ManifestResource, y: ManifestResource): number =>
    compareCodeUnits(x.location.file, y.location.file) || x.location.line - y.location.line;
  const restBase = [...base].sort(byPosition);
  const restHead = [...head].sort(byPosition);
  const pairs: [ManifestResource, ManifestResource][] = [];
  const pairWhere = (match: (b: ManifestResource, h: ManifestResource) => boolean): void => {
    for (let i = 0; i < restBase.length;) {
      const b = restBase[i];
      const j = b === undefined ? -1 : restHead.findIndex((h) => match(b, h));
      const h = restHead[j];
      if (b !== undefined && h !== undefined) {
        restHead.splice(j, 1);
        restBase.splice(i, 1);
        pairs.push([b, h]);
      } else {
        i++;
      }
    }
  };
  const sameFile = (b: ManifestResource, h: ManifestResource): boolean =>
    b.location.file === h.location.file;
  pairWhere((b, h) => sameFile(b, h) && deepEqual(b.value, h.value));
  pairWhere((b, h) => deepEqual(b.value, h.value));
  pairWhere(sameFile);
  while (restBase.length > 0 && restHead.length > 0) {
    const b = restBase.shift();
    const h = restHead.shift();
    if (b !== undefined && h !== undefined) {
      pairs.push([b, h]);
    }
  }
  return [pairs, restBase, restHead];
}
