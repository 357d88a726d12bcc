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
