/**
 * A line-by-line reading of YAML block structure (indentation, `- ` items and `key:` entries)
 * that works on text the parser rejects, as it is while someone types. Completion reads the
 * path to the cursor from it; the parsed tree is not needed.
 */

/** One structural mark on a line: a sequence dash or a mapping key, at its column. */
export interface LineEntry {
  readonly column: number;
  readonly kind: 'dash' | 'key';
  /** The key's name (unquoted), for keys. */
  readonly name: string;
  /** Where the key's value starts on the line (after `:` and spaces), for keys. */
  readonly valueColumn: number;
}

/** A line's structural marks; `skip` for blank lines, comments and block scalar content. */
export interface ScannedLine {
  readonly start: number;
  readonly text: string;
  readonly entries: readonly LineEntry[];
  readonly skip: boolean;
  /** For content lines of a block scalar: the indentation the scalar's content exceeds. */
  readonly blockIndent: number | undefined;
}

const keyPattern =
  /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]},&*!|>%@`-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)/;

/** The dashes and key at the start of `text` (a line, or the part of one before the cursor). */
export function lineEntries(text: string): LineEntry[] {
  const entries: LineEntry[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ') {
      i++;
    }
    if (text[i] === '-' && (i + 1 === text.length || text[i + 1] === ' ')) {
      entries.push({ column: i, kind: 'dash', name: '', valueColumn: i + 1 });
      i++;
      continue;
    }
    break;
  }
  const match = keyPattern.exec(text.slice(i));
  if (match?.[1] !== undefined) {
    let valueColumn = i + match[0].length;
    while (text[valueColumn] === ' ') {
      valueColumn++;
    }
    entries.push({ column: i, kind: 'key', name: unquote(match[1]), valueColumn });
  }
  return entries;
}

/** Scans the lines of a document's text; block scalar content lines are marked `skip`. */
export function scanLines(text: string): ScannedLine[] {
  const lines: ScannedLine[] = [];
  let offset = 0;
  /** Lines indented more than this belong to a block scalar (`|`, `>`). */
  let blockIndent: number | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const indent = line.length - line.trimStart().length;
    const blank = line.trim() === '' || line.trimStart().startsWith('#');
    if (blockIndent !== undefined && (blank || indent > blockIndent)) {
      lines.push({ start: offset, text: line, entries: [], skip: true, blockIndent });
      offset += raw.length + 1;
      continue;
    }
    blockIndent = undefined;
    const entries = blank ? [] : lineEntries(line);
    const last = entries.at(-1);
    const value = last === undefined ? '' : line.slice(last.valueColumn).trimStart();
    if (last !== undefined && /^[|>][-+0-9]*[ \t]*(#.*)?$/.test(value)) {
      blockIndent = last.column;
    }
    lines.push({
      start: offset,
      text: line,
      entries,
      skip: blank || entries.length === 0,
      blockIndent: undefined,
    });
    offset += raw.length + 1;
  }
  return lines;
}

/** Where an entity sits: the path of the mapping or sequence item holding it, and its siblings. */
export interface OutlinePath {
  /** Keys and list indexes from the document root to the mapping the entity is in. */
  readonly segments: readonly string[];
  /** Keys of that mapping on other lines (above and below), to leave out of completion. */
  readonly siblings: ReadonlySet<string>;
}

/**
 * The path to the mapping that holds a key at `column` on line `lineIndex`, whose line holds
 * `before` (the dashes before it) — read from indentation alone.
 */
export function outlinePath(
  lines: readonly ScannedLine[],
  lineIndex: number,
  before: readonly LineEntry[],
  column: number,
): OutlinePath {
  const reversed: string[] = [];
  const siblings = new Set<string>();
  let state: 'key' | 'dash' = 'key';
  let c = column;
  let firstFrame = true;
  let items = 0;
  let entries: readonly LineEntry[] = before;
  for (let li = lineIndex; li >= 0;) {
    for (let k = entries.length - 1; k >= 0; k--) {
      const e = entries[k];
      if (e === undefined || e.column > c) {
        continue;
      }
      if (state === 'key') {
        if (e.column === c) {
          if (firstFrame && e.kind === 'key') {
            siblings.add(e.name);
          }
          continue;
        }
        firstFrame = false;
      } else {
        if (e.column === c && e.kind === 'dash') {
          items++;
          continue;
        }
        reversed.push(String(items));
      }
      c = e.column;
      if (e.kind === 'key') {
        reversed.push(e.name);
        state = 'key';
      } else {
        state = 'dash';
        items = 0;
      }
    }
    li--;
    entries = li >= 0 && lines[li]?.skip !== true ? (lines[li]?.entries ?? []) : [];
  }
  if (state === 'dash') {
    reversed.push(String(items));
  }
  // Below the line too, until the mapping ends (a line less indented than its keys).
  for (let li = lineIndex + 1; li < lines.length; li++) {
    const line = lines[li];
    const first = line?.entries[0];
    if (line === undefined || line.skip || first === undefined) {
      continue;
    }
    if (first.column < column) {
      break;
    }
    if (first.kind === 'key' && first.column === column) {
      siblings.add(first.name);
    }
  }
  return { segments: reversed.reverse(), siblings };
}

function unquote(key: string): string {
  if (key.startsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  return key.startsWith("'") ? key.slice(1, -1).replace(/''/g, "'") : key;
}
