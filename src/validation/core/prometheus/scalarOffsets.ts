import { Scalar } from 'yaml';

/**
 * Maps offsets within a YAML scalar's value to offsets in the document text, so a problem found
 * inside a string (a PromQL syntax error, a template error) can be underlined exactly. Works for
 * plain, single- and double-quoted and block (`|`, `>`) scalars; returns undefined when the
 * source cannot be aligned with the value, and callers then fall back to the whole value.
 */
export function scalarOffsetMap(
  text: string,
  node: Scalar,
): ((offset: number) => number) | undefined {
  const range = node.range;
  const value = node.value;
  if (range === undefined || range === null || typeof value !== 'string') {
    return undefined;
  }
  const [start, end] = range;
  const source = text.slice(start, end);
  const map =
    node.type === Scalar.QUOTE_DOUBLE
      ? alignDoubleQuoted(source, value)
      : align(source, value, contentStart(source, node.type));
  if (map === undefined) {
    return undefined;
  }
  return (offset: number): number => {
    if (offset <= 0) {
      return start + (map[0] ?? 0);
    }
    if (offset >= value.length) {
      // Just past the last character of the value.
      return start + (map[value.length - 1] ?? source.length - 1) + 1;
    }
    return start + (map[offset] ?? 0);
  };
}

/** Where the value's characters begin in the source: after the quote or the block header. */
function contentStart(source: string, type: Scalar['type']): number {
  switch (type) {
    case Scalar.QUOTE_SINGLE:
      return 1;
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED: {
      const newline = source.indexOf('\n');
      return newline < 0 ? source.length : newline + 1;
    }
    default:
      return 0;
  }
}

/**
 * Aligns each value character with the next equal source character. Folding (a line break and
 * indentation becoming one space), indentation removed from block scalars and doubled single
 * quotes only drop source characters, so a greedy alignment finds the right ones.
 */
function align(source: string, value: string, from: number): number[] | undefined {
  const map: number[] = [];
  let j = from;
  // By UTF-16 code unit, as offsets into JavaScript strings are.
  for (const c of value.split('')) {
    while (j < source.length && source[j] !== c) {
      // A folded line break is a space in the value but a newline in the source.
      if (c === ' ' && source[j] === '\n') {
        break;
      }
      j++;
    }
    if (j >= source.length) {
      return undefined;
    }
    map.push(j);
    j++;
  }
  return map;
}

const simpleEscapes: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Like {@link align}, decoding the escapes of a double-quoted scalar. */
function alignDoubleQuoted(source: string, value: string): number[] | undefined {
  const map: number[] = [];
  let j = 1;
  let i = 0;
  while (i < value.length && j < source.length) {
    const s = source[j] ?? '';
    if (s === '\\') {
      const next = source[j + 1] ?? '';
      const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (hex > 0) {
        const code = Number.parseInt(source.slice(j + 2, j + 2 + hex), 16);
        const decoded = String.fromCodePoint(code);
        map.push(...new Array<number>(decoded.length).fill(j));
        i += decoded.length;
        j += 2 + hex;
        continue;
      }
      if (next === '\n' || next === '\r') {
        // An escaped line break joins the lines without a space.
        j += 2;
        while (source[j] === ' ' || source[j] === '\t') {
          j++;
        }
        continue;
      }
      const decoded = simpleEscapes[next];
      if (decoded === undefined || value[i] !== decoded) {
        return undefined;
      }
      map.push(j);
      i++;
      j += 2;
      continue;
    }
    if (s === value[i]) {
      map.push(j);
      i++;
      j++;
      continue;
    }
    if (s === '\n' || s === ' ' || s === '\t' || s === '\r') {
      // Folding: line breaks and indentation collapse to one space (or to the newlines kept).
      if (value[i] === ' ' && s === '\n') {
        map.push(j);
        i++;
      }
      j++;
      continue;
    }
    return undefined;
  }
  return i === value.length ? map : undefined;
}
