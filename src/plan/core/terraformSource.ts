// Finds the `.tf` block of a plan's resource address: a small scanner for block headers and
// module sources (comments, strings with templates and heredocs skipped), not an HCL parser.
import path from 'node:path';
import { stripInstanceKeys } from './planAddress';

/** A top-level block of a `.tf` file: `resource "aws_vpc" "main" {`, `module "net" {`, … */
export interface TerraformBlock {
  /** `resource`, `data`, `module`, `variable`, … */
  readonly kind: string;
  readonly labels: readonly string[];
  /** 0-based line and column of the block's first word. */
  readonly line: number;
  readonly column: number;
  /** A module block's `source`, when it is a plain string. */
  readonly source?: string;
}

interface Token {
  readonly kind: 'word' | 'string' | 'open' | 'close' | 'equals' | 'newline' | 'other';
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /** A string with `${…}` or `%{…}` in it (not a plain label or path). */
  readonly templated?: boolean;
}

/** The top-level blocks of a `.tf` file, with module sources. Never throws. */
export function scanTerraformBlocks(text: string): TerraformBlock[] {
  const blocks: TerraformBlock[] = [];
  let depth = 0;
  let statement: Token[] = [];
  let current:
    { kind: string; labels: string[]; line: number; column: number; source?: string } | undefined;
  const endStatement = (): void => {
    if (
      depth === 1 &&
      current?.kind === 'module' &&
      statement.length === 3 &&
      statement[0]?.kind === 'word' &&
      statement[0].text === 'source' &&
      statement[1]?.kind === 'equals' &&
      statement[2]?.kind === 'string' &&
      statement[2].templated !== true
    ) {
      current.source = statement[2].text;
    }
    statement = [];
  };
  for (const token of tokenize(text)) {
    switch (token.kind) {
      case 'newline':
        endStatement();
        break;
      case 'open':
        if (depth === 0) {
          const [first, ...labels] = statement;
          if (
            first?.kind === 'word' &&
            labels.every((l) => (l.kind === 'string' && l.templated !== true) || l.kind === 'word')
          ) {
            current = {
              kind: first.text,
              labels: labels.map((l) => l.text),
              line: first.line,
              column: first.column,
            };
            blocks.push(current);
          } else {
            current = undefined;
          }
        }
        depth++;
        statement = [];
        break;
      case 'close':
        endStatement();
        depth = Math.max(0, depth - 1);
        if (depth === 0) {
          current = undefined;
        }
        break;
      default:
        statement.push(token);
    }
  }
  return blocks.map((b) => ({
    kind: b.kind,
    labels: b.labels,
    line: b.line,
    column: b.column,
    ...(b.source === undefined ? {} : { source: b.source }),
  }));
}

/** Tokens of HCL native syntax, enough for block headers; comments and heredoc bodies dropped. */
function* tokenize(text: string): Generator<Token> {
  let i = 0;
  let line = 0;
  let lineStart = 0;
  const n = text.length;
  const newline = (at: number): void => {
    line++;
    lineStart = at + 1;
  };
  while (i < n) {
    const c = text[i] ?? '';
    const column = i - lineStart;
    if (c === '\n') {
      yield { kind: 'newline', text: '\n', line, column };
      newline(i);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') {
        i++;
      }
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) {
        if (text[k] === '\n') {
          newline(k);
        }
      }
      i = stop;
    } else if (c === '"') {
      const start = { line, column };
      const read = readString(text, i + 1, (at) => {
        newline(at);
      });
      i = read.end;
      yield {
        kind: 'string',
        text: read.value,
        ...start,
        ...(read.templated ? { templated: true } : {}),
      };
    } else if (c === '<' && text[i + 1] === '<' && /[-A-Za-z_]/.test(text[i + 2] ?? '')) {
      // A heredoc: <<EOT or <<-EOT, the body ends at a line holding only the marker.
      const match = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (match === null) {
        yield { kind: 'other', text: c, line, column };
        i++;
        continue;
      }
      const marker = match[1] ?? '';
      yield { kind: 'string', text: '', line, column, templated: true };
      let at = i + match[0].length;
      newline(at - 1);
      for (;;) {
        const eol = text.indexOf('\n', at);
        const body = text.slice(at, eol < 0 ? n : eol).trim();
        if (body === marker || eol < 0) {
          i = eol < 0 ? n : eol;
          break;
        }
        newline(eol);
        at = eol + 1;
      }
    } else if (c === '{') {
      yield { kind: 'open', text: c, line, column };
      i++;
    } else if (c === '}') {
      yield { kind: 'close', text: c, line, column };
      i++;
    } else if (c === '=' && text[i + 1] !== '=' && text[i + 1] !== '>') {
      yield { kind: 'equals', text: c, line, column };
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_-]/.test(text[j] ?? '')) {
        j++;
      }
      yield { kind: 'word', text: text.slice(i, j), line, column };
      i = j;
    } else {
      yield { kind: 'other', text: c, line, column };
      i++;
    }
  }
}

/**
 * A quoted string from after its opening quote: its value (escapes read), where it ends, and
 * whether it holds a template. Templates may nest strings and braces; an unterminated string
 * ends at the end of its line.
 */
function readString(
  text: string,
  from: number,
  onNewline: (at: number) => void,
): { value: string; end: number; templated: boolean } {
  let value = '';
  let templated = false;
  let i = from;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\\') {
      const next = text[i + 1] ?? '';
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
    } else if (c === '"') {
      return { value, end: i + 1, templated };
    } else if (c === '\n') {
      return { value, end: i, templated };
    } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
      templated = true;
      i = skipTemplate(text, i + 2, onNewline);
    } else {
      value += c;
      i++;
    }
  }
  return { value, end: i, templated };
}

/** Skips a template's expression up to its closing brace (strings inside it included). */
function skipTemplate(text: string, from: number, onNewline: (at: number) => void): number {
  let depth = 1;
  let i = from;
  while (i < text.length && depth > 0) {
    const c = text[i];
    if (c === '"') {
      i = readString(text, i + 1, onNewline).end;
      continue;
    }
    if (c === '{') {
      depth++;
    } else if (c === '}') {
      depth--;
    } else if (c === '\n') {
      onNewline(i);
    }
    i++;
  }
  return i;
}

/** A `.tf` file of the workspace: an absolute path with `/` separators, and its text. */
export interface TerraformFile {
  readonly path: string;
  readonly text: string;
}

/** Where a resource is declared: 0-based line and column of its block. */
export interface SourceLocation {
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

/** The result of {@link TerraformSourceIndex.locate}: a location, or why there is none. */
export type LocateResult = { readonly found: SourceLocation } | { readonly notFound: string };

/** A resource address split into its module path and its block. */
export interface ParsedAddress {
  readonly modules: readonly string[];
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
}

/** `module.a["x"].module.b.data.aws_ami.u[0]` → modules [a, b], data, aws_ami, u. */
export function parseResourceAddress(address: string): ParsedAddress | undefined {
  const parts = stripInstanceKeys(address).split('.');
  const modules: string[] = [];
  while (parts[0] === 'module' && parts.length > 2) {
    modules.push(parts[1] ?? '');
    parts.splice(0, 2);
  }
  if (parts[0] === 'module') {
    return undefined;
  }
  let kind: 'resource' | 'data' = 'resource';
  if (parts[0] === 'data') {
    kind = 'data';
    parts.shift();
  }
  const [type, name, ...rest] = parts;
  if (type === undefined || name === undefined || rest.length > 0 || type === '' || name === '') {
    return undefined;
  }
  return { modules, kind, type, name };
}

/**
 * The blocks of a workspace's `.tf` files by folder, answering "where is this resource?":
 * root-level addresses are looked up in every folder (the one nearest the plan wins), module
 * paths are followed through `module` blocks whose `source` is a local folder.
 */
export class TerraformSourceIndex {
  private readonly byDir = new Map<string, { path: string; block: TerraformBlock }[]>();

  constructor(files: readonly TerraformFile[]) {
    for (const file of files) {
      const dir = path.posix.dirname(file.path);
      let list = this.byDir.get(dir);
      if (list === undefined) {
        list = [];
        this.byDir.set(dir, list);
      }
      for (const block of scanTerraformBlocks(file.text)) {
        list.push({ path: file.path, block });
      }
    }
  }

  /** The block of `address`; `nearDir` (the plan's folder) decides between several roots. */
  locate(address: string, nearDir?: string): LocateResult {
    const parsed = parseResourceAddress(address);
    if (parsed === undefined) {
      return { notFound: `${address} is not a resource address` };
    }
    const found: SourceLocation[] = [];
    const reasons = new Set<string>();
    for (const root of [...this.byDir.keys()].sort()) {
      let dir: string | undefined = root;
      for (const module of parsed.modules) {
        const call: { path: string; block: TerraformBlock } | undefined = this.byDir
          .get(dir)
          ?.find((b) => b.block.kind === 'module' && b.block.labels[0] === module);
        if (call === undefined) {
          dir = undefined;
          break;
        }
        const source: string | undefined = call.block.source;
        if (source === undefined || !(source.startsWith('./') || source.startsWith('../'))) {
          reasons.add(
            source === undefined
              ? `module "${module}" has no plain source`
              : `module "${module}" comes from ${source}, not a folder of the workspace`,
          );
          dir = undefined;
          break;
        }
        dir = path.posix.normalize(path.posix.join(dir, source)).replace(/\/$/, '');
      }
      if (dir === undefined) {
        continue;
      }
      const hit = this.byDir
        .get(dir)
        ?.find(
          (b) =>
            b.block.kind === parsed.kind &&
            b.block.labels[0] === parsed.type &&
            b.block.labels[1] === parsed.name,
        );
      if (hit !== undefined) {
        found.push({ path: hit.path, line: hit.block.line, column: hit.block.column });
      }
    }
    if (found[0] === undefined) {
      const block = `${parsed.kind} "${parsed.type}" "${parsed.name}"`;
      const via =
        parsed.modules.length > 0
          ? ` (in ${parsed.modules.map((m) => `module.${m}`).join('.')})`
          : '';
      return {
        notFound: `No ${block} block${via} found in the workspace's .tf files${reasons.size > 0 ? `: ${[...reasons].join('; ')}` : ''}.`,
      };
    }
    const [first] = found;
    const best = nearDir === undefined ? undefined : nearest(found, nearDir);
    return { found: best ?? first };
  }
}

/** The location whose folder shares the longest path prefix with `dir`. */
function nearest(found: readonly SourceLocation[], dir: string): SourceLocation | undefined {
  let best: SourceLocation | undefined;
  let bestScore = -1;
  for (const location of found) {
    const a = path.posix.dirname(location.path).split('/');
    const b = dir.split('/');
    let score = 0;
    while (score < a.length && score < b.length && a[score] === b[score]) {
      score++;
    }
    if (score > bestScore) {
      best = location;
      bestScore = score;
    }
  }
  return best;
}
