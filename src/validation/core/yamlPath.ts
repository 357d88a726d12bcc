import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

/** What a JSON path resolves to in a YAML document: the value node and, under a map, its pair. */
export interface YamlLocation {
  readonly node: Node | undefined;
  readonly pair: Pair | undefined;
}

/** Splits an ajv `instancePath` (JSON Pointer) into its segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The key of a pair as a string, when it is a scalar. */
export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) {
    return String(key.value);
  }
  return typeof key === 'string' ? key : undefined;
}

/** Finds the node at a JSON path in a parsed YAML document, following maps and sequences. */
export function locate(doc: Document.Parsed, segments: readonly string[]): YamlLocation {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  for (const segment of segments) {
    if (isMap(node)) {
      const found = node.items.find((p) => keyText(p) === segment);
      if (found === undefined) {
        return { node: undefined, pair: undefined };
      }
      pair = found;
      node = found.value;
    } else if (isSeq(node)) {
      const index = Number(segment);
      node = node.items[index];
      pair = undefined;
    } else {
      return { node: undefined, pair: undefined };
    }
  }
  return { node: isPair(node) ? undefined : (node as Node | undefined), pair };
}

/** The character range of a node ([start, end) of its value), if it has one. */
export function nodeRange(node: unknown): [number, number] | undefined {
  const range = (node as { range?: readonly [number, number, number] } | undefined)?.range;
  return range === undefined ? undefined : [range[0], range[1]];
}

/** Where an offset falls in a document: the JSON path of the innermost key or value there. */
export interface PathAtOffset {
  readonly segments: readonly string[];
  /** The range of the key or scalar value the offset is on. */
  readonly range: [number, number];
}

/**
 * The path of the key or value at `offset` (a key's path ends with that key's name; a list item's
 * with its index), or undefined when the offset is on no key or value.
 */
export function pathAtOffset(doc: Document.Parsed, offset: number): PathAtOffset | undefined {
  const segments: string[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const key = nodeRange(p.key);
        const value = nodeRange(p.value);
        return (
          (key !== undefined && contains(key, offset)) ||
          (value !== undefined && containsStrictly(value, offset))
        );
      });
      const name = pair === undefined ? undefined : keyText(pair);
      if (pair === undefined || name === undefined) {
        return undefined;
      }
      segments.push(name);
      const keyRange = nodeRange(pair.key);
      if (keyRange !== undefined && contains(keyRange, offset)) {
        return { segments, range: keyRange };
      }
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const range = nodeRange(item);
        return range !== undefined && containsStrictly(range, offset);
      });
      if (index < 0) {
        return undefined;
      }
      segments.push(String(index));
      node = node.items[index];
    } else {
      const range = nodeRange(node);
      return range !== undefined && contains(range, offset) ? { segments, range } : undefined;
    }
  }
}

/** Inclusive of the end: a pointer just after a word is still on it. */
function contains(range: readonly [number, number], offset: number): boolean {
  return offset >= range[0] && offset <= range[1];
}

/** Exclusive of the end: a block mapping ends where the next key begins. */
function containsStrictly(range: readonly [number, number], offset: number): boolean {
  return offset >= range[0] && offset < range[1];
}
