import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';

/** Merge keys followed within merge keys, at most: real files use one level. */
const maxMergeDepth = 3;
/** Anchors one merge key may list, at most (`<<: [*a, *b]`). */
const maxMergeSources = 8;

/** `[start, end)` character offsets into a file's whole text. */
export type TextRange = readonly [start: number, end: number];

/** A value written in a file and where it is written. */
export interface Located<T = string> {
  readonly value: T;
  readonly range: TextRange;
}

/**
 * Reads the nodes of one document of a file: follows aliases, turns scalars into strings and
 * node ranges into file ranges. Every reader returns undefined (or an empty result) for a node
 * of an unexpected shape instead of throwing: the files are whatever the user wrote.
 */
export class NodeReader {
  constructor(
    private readonly doc: Document.Parsed,
    /** Where the document's text starts in the file. */
    private readonly offset: number,
  ) {}

  /** The node itself, or the node an alias points at. */
  resolve(node: unknown): unknown {
    if (!isAlias(node)) {
      return node;
    }
    try {
      return node.resolve(this.doc);
    } catch {
      return undefined; // an alias to an anchor the document does not define
    }
  }

  /** The value of `key` in a mapping (aliases followed), or undefined. */
  get(node: unknown, key: string): unknown {
    const map = this.resolve(node);
    if (!isMap(map)) {
      return undefined;
    }
    for (const pair of map.items) {
      if (isScalar(pair.key) && String(pair.key.value) === key) {
        return this.resolve(pair.value);
      }
    }
    return undefined;
  }

  /** The node at a path of mapping keys. */
  getIn(node: unknown, path: readonly string[]): unknown {
    let current = this.resolve(node);
    for (const key of path) {
      current = this.get(current, key);
      if (current === undefined) {
        return undefined;
      }
    }
    return current;
  }

  /** The mapping at `node`, if it is one. */
  map(node: unknown): YAMLMap | undefined {
    const resolved = this.resolve(node);
    return isMap(resolved) ? resolved : undefined;
  }

  /** True when the node is a sequence. */
  isSeq(node: unknown): boolean {
    return isSeq(this.resolve(node));
  }

  /** True when there is no node, or it is `null` (`key:` with nothing after it). */
  isEmpty(node: unknown): boolean {
    const resolved = this.resolve(node);
    return resolved === undefined || (isScalar(resolved) && resolved.value === null);
  }

  /** The items of a sequence (aliases followed); empty for anything else. */
  items(node: unknown): unknown[] {
    const seq = this.resolve(node);
    return isSeq(seq) ? seq.items.map((item) => this.resolve(item)) : [];
  }

  /**
   * A scalar as the text a tool would read (`8080`, `true`, `checkout`); undefined for null,
   * collections and missing nodes. Numbers keep their source spelling (`1.10` stays `1.10`).
   */
  text(node: unknown): string | undefined {
    const scalar = this.resolve(node);
    if (!isScalar(scalar) || scalar.value === null || scalar.value === undefined) {
      return undefined;
    }
    if (typeof scalar.value === 'string') {
      return scalar.value;
    }
    if (typeof scalar.value === 'number' || typeof scalar.value === 'boolean') {
      return scalar.source ?? String(scalar.value);
    }
    return undefined;
  }

  /** A scalar's text and its range; undefined when it is no scalar or has no range. */
  located(node: unknown): Located | undefined {
    const value = this.text(node);
    const range = this.range(node);
    return value === undefined || range === undefined ? undefined : { value, range };
  }

  /** A scalar that is a string or an integer, as a number when it is one. */
  numberOrText(node: unknown): number | string | undefined {
    const scalar = this.resolve(node);
    if (isScalar(scalar) && typeof scalar.value === 'number' && Number.isInteger(scalar.value)) {
      return scalar.value;
    }
    return isScalar(scalar) && typeof scalar.value === 'string' ? scalar.value : undefined;
  }

  /** True when the node is the scalar `true`. */
  isTrue(node: unknown): boolean {
    const scalar = this.resolve(node);
    return isScalar(scalar) && scalar.value === true;
  }

  /**
   * A mapping of scalars (labels, a selector, ConfigMap data keys) as a plain record built with
   * own properties only, so that keys like `__proto__` are data. `exact` is false when some
   * entry could not be read (a key or value that is a collection, a merge key `<<`).
   */
  stringMap(
    node: unknown,
    depth = 0,
  ): { readonly values: Readonly<Record<string, string>>; exact: boolean } {
    const map = this.map(node);
    if (map === undefined) {
      return { values: {}, exact: this.resolve(node) === undefined };
    }
    const merged: [string, string][] = [];
    const entries: [string, string][] = [];
    let exact = true;
    for (const pair of map.items) {
      const key = this.text(pair.key);
      if (key === '<<' && depth >= maxMergeDepth) {
        exact = false; // merges of merges of merges: an alias bomb, not labels
        continue;
      }
      if (key === '<<') {
        // A merge key (`<<: *labels`): its entries, where the document spells them.
        const all = isSeq(this.resolve(pair.value)) ? this.items(pair.value) : [pair.value];
        // Bounded fan-out at each level: a few anchors merged is normal, hundreds is a bomb.
        const sources = all.slice(0, maxMergeSources);
        exact &&= all.length === sources.length;
        for (const source of sources) {
          const inner = this.stringMap(source, depth + 1);
          merged.push(...Object.entries(inner.values));
          exact &&= inner.exact;
        }
        continue;
      }
      const value = this.text(pair.value);
      if (key === undefined || value === undefined) {
        exact = false;
        continue;
      }
      entries.push([key, value]);
    }
    // Written entries win over merged ones, as YAML's merge key says.
    return { values: Object.fromEntries([...merged, ...entries]), exact };
  }

  /** The keys of a mapping that are scalars. */
  keys(node: unknown): string[] {
    const map = this.map(node);
    return map === undefined
      ? []
      : map.items.flatMap((pair) => {
          const key = this.text(pair.key);
          return key === undefined ? [] : [key];
        });
  }

  /**
   * The file range of a node. A block collection's own range runs on over trailing blank lines
   * and comments; this one ends with its last item. A quoted scalar's excludes the quotes.
   */
  range(node: unknown): TextRange | undefined {
    const end = contentEnd(node);
    const start = (node as Node | undefined)?.range?.[0];
    if (start === undefined || end === undefined) {
      return undefined;
    }
    // A quoted scalar's range is its text inside the quotes: what a quick fix replaces.
    const quoted =
      isScalar(node) &&
      (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') &&
      end - start >= 2;
    return quoted
      ? [start + 1 + this.offset, end - 1 + this.offset]
      : [start + this.offset, end + this.offset];
  }

  /** The file range of the key of `key` in a mapping (for a resource named by its key). */
  keyRange(node: unknown, key: string): TextRange | undefined {
    const map = this.map(node);
    const pair = map?.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    return pair === undefined ? undefined : this.range(pair.key);
  }
}

/** Where a node's content ends in its document: its last item's end for a block collection. */
function contentEnd(node: unknown, depth = 0): number | undefined {
  if (!isMap(node) && !isSeq(node)) {
    return (node as Node | undefined)?.range?.[1];
  }
  const own = node.range?.[1];
  if (node.flow === true || depth > 100) {
    return own;
  }
  const last: unknown = node.items.at(-1);
  if (last === undefined) {
    return own;
  }
  if (isMap(node)) {
    const pair = last as { key: unknown; value: unknown };
    return contentEnd(pair.value ?? pair.key, depth + 1) ?? contentEnd(pair.key, depth + 1) ?? own;
  }
  return contentEnd(last, depth + 1) ?? own;
}
