// A parser for the subset of the DOT language that `terraform graph` (and tools that rewrite its
// output) emit: `[strict] digraph|graph [id] { … }` with node statements and their attribute
// lists, edge chains `a -> b -> c [attrs]`, attribute statements (`node [shape=box]`),
// `key = value` assignments, nested `subgraph [id] { … }` blocks, quoted ids with escapes,
// HTML ids `<…>`, and `//`, `/* */` and `#` comments. Bad input throws DotSyntaxError with the
// line and column; nothing here recurses per node, so a huge file cannot overflow the stack.

/** An attribute list: `[label="x", shape=box]`. */
export type DotAttributes = Readonly<Record<string, string>>;

export interface DotNode {
  readonly id: string;
  readonly attributes: DotAttributes;
  /** The subgraphs it was declared in, outermost first (ids; anonymous ones are left out). */
  readonly subgraphs: readonly string[];
  /** 1-based line of its first mention. */
  readonly line: number;
}

export interface DotEdge {
  readonly from: string;
  readonly to: string;
  readonly attributes: DotAttributes;
  readonly line: number;
}

export interface DotGraph {
  readonly id?: string;
  readonly directed: boolean;
  readonly strict: boolean;
  readonly attributes: DotAttributes;
  /** Nodes in order of first mention (edge endpoints included). */
  readonly nodes: readonly DotNode[];
  readonly edges: readonly DotEdge[];
}

/** Input that is not DOT as this parser reads it. */
export class DotSyntaxError extends Error {
  constructor(
    /** What is wrong, without the location. */
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.name = 'DotSyntaxError';
  }
}

type TokenKind = 'id' | 'punct' | 'edgeop' | 'eof';

interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  /** The id was quoted or HTML: never a keyword. */
  readonly quoted: boolean;
  readonly line: number;
  readonly column: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (): { line: number; column: number } => ({ line, column: i - lineStart + 1 });
  const fail = (message: string, where = at()): never => {
    throw new DotSyntaxError(message, where.line, where.column);
  };
  const newline = (index: number): void => {
    line++;
    lineStart = index + 1;
  };
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\n') {
      newline(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '#' && text.slice(lineStart, i).trim() === '') {
      // A preprocessor-style line: ignored, as Graphviz does.
      while (i < text.length && text.charAt(i) !== '\n') {
        i++;
      }
      continue;
    }
    if (c === '/' && text.charAt(i + 1) === '/') {
      while (i < text.length && text.charAt(i) !== '\n') {
        i++;
      }
      continue;
    }
    if (c === '/' && text.charAt(i + 1) === '*') {
      const start = at();
      const end = text.indexOf('*/', i + 2);
      if (end < 0) {
        fail('unterminated comment', start);
      }
      for (let j = i; j < end; j++) {
        if (text.charAt(j) === '\n') {
          newline(j);
        }
      }
      i = end + 2;
      continue;
    }
    const where = at();
    if ('{}[];,=:'.includes(c)) {
      tokens.push({ kind: 'punct', value: c, quoted: false, ...where });
      i++;
      continue;
    }
    if (c === '-' && (text.charAt(i + 1) === '>' || text.charAt(i + 1) === '-')) {
      tokens.push({ kind: 'edgeop', value: text.slice(i, i + 2), quoted: false, ...where });
      i += 2;
      continue;
    }
    if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) {
          fail('unterminated string', where);
        }
        const d = text.charAt(i);
        if (d === '\\' && i + 1 < text.length) {
          const e = text.charAt(i + 1);
          if (e === '"') {
            value += '"';
          } else if (e === '\n') {
            newline(i + 1); // a line continuation
          } else if (e === '\r' && text.charAt(i + 2) === '\n') {
            newline(i + 2);
            i++;
          } else {
            value += `\\${e}`; // \n, \l, \N… keep their meaning for the renderer
          }
          i += 2;
          continue;
        }
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\n') {
          newline(i);
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'id', value, quoted: true, ...where });
      continue;
    }
    if (c === '<') {
      let depth = 0;
      const start = i;
      for (;;) {
        if (i >= text.length) {
          fail('unterminated HTML id', where);
        }
        const d = text.charAt(i);
        if (d === '<') {
          depth++;
        } else if (d === '>') {
          depth--;
        } else if (d === '\n') {
          newline(i);
        }
        i++;
        if (depth === 0) {
          break;
        }
      }
      tokens.push({ kind: 'id', value: text.slice(start + 1, i - 1), quoted: true, ...where });
      continue;
    }
    const word =
      /^(?:[A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*|-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?))/.exec(
        text.slice(i, i + 4096),
      );
    if (word === null) {
      fail(`unexpected character '${c}'`);
    } else {
      tokens.push({ kind: 'id', value: word[0], quoted: false, ...where });
      i += word[0].length;
    }
  }
  tokens.push({ kind: 'eof', value: '', quoted: false, ...at() });
  return tokens;
}

const keyword = (token: Token | undefined, word: string): boolean =>
  token?.kind === 'id' && !token.quoted && token.value.toLowerCase() === word;

/** Parses DOT text (throws {@link DotSyntaxError}). */
export function parseDot(text: string): DotGraph {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (offset = 0): Token =>
    tokens[Math.min(pos + offset, tokens.length - 1)] ?? {
      kind: 'eof',
      value: '',
      quoted: false,
      line: 1,
      column: 1,
    };
  const next = (): Token => {
    const token = peek();
    pos = Math.min(pos + 1, tokens.length - 1);
    return token;
  };
  const describe = (token: Token): string =>
    token.kind === 'eof' ? 'the end of the file' : `'${token.value}'`;
  const fail = (message: string, token = peek()): never => {
    throw new DotSyntaxError(message, token.line, token.column);
  };
  const expectPunct = (value: string): void => {
    const token = next();
    if (token.kind !== 'punct' || token.value !== value) {
      fail(`expected '${value}' but found ${describe(token)}`, token);
    }
  };
  const isPunct = (value: string, token = peek()): boolean =>
    token.kind === 'punct' && token.value === value;

  let strict = false;
  if (keyword(peek(), 'strict')) {
    strict = true;
    next();
  }
  const head = next();
  let directed: boolean;
  if (keyword(head, 'digraph')) {
    directed = true;
  } else if (keyword(head, 'graph')) {
    directed = false;
  } else {
    return fail(`expected 'digraph' or 'graph' but found ${describe(head)}`, head);
  }
  let graphId: string | undefined;
  if (peek().kind === 'id') {
    graphId = next().value;
  }
  expectPunct('{');

  const attributes: Record<string, string> = {};
  const nodes = new Map<
    string,
    { id: string; attributes: Record<string, string>; subgraphs: string[]; line: number }
  >();
  const edges: DotEdge[] = [];
  // Subgraphs open at this point, outermost first (undefined for anonymous ones).
  const open: (string | undefined)[] = [];
  const anonymous = new Set<number>();

  const attributeList = (): Record<string, string> => {
    const found: Record<string, string> = {};
    while (isPunct('[')) {
      next();
      while (!isPunct(']')) {
        const key = next();
        if (key.kind !== 'id') {
          fail(`expected an attribute name but found ${describe(key)}`, key);
        }
        expectPunct('=');
        const value = next();
        if (value.kind !== 'id') {
          fail(`expected a value for '${key.value}' but found ${describe(value)}`, value);
        }
        found[key.value] = value.value;
        if (isPunct(',') || isPunct(';')) {
          next();
        }
      }
      next();
    }
    return found;
  };
  const nodeId = (): Token => {
    const token = next();
    if (token.kind !== 'id' || keyword(token, 'subgraph')) {
      fail(`expected a node id but found ${describe(token)}`, token);
    }
    if (isPunct(':')) {
      // A port (`a:p1:n`): the node is `a`.
      next();
      const port = next();
      if (port.kind !== 'id') {
        fail(`expected a port after ':' but found ${describe(port)}`, port);
      }
      if (isPunct(':')) {
        next();
        next();
      }
    }
    return token;
  };
  const mention = (token: Token): void => {
    if (!nodes.has(token.value)) {
      nodes.set(token.value, {
        id: token.value,
        attributes: {},
        subgraphs: open.filter((s): s is string => s !== undefined),
        line: token.line,
      });
    }
  };

  for (;;) {
    const token = peek();
    if (token.kind === 'eof') {
      return fail(`expected '}' but found the end of the file`, token);
    }
    if (isPunct(';') || isPunct(',')) {
      next();
      continue;
    }
    if (isPunct('}')) {
      next();
      if (open.length === 0) {
        break;
      }
      open.pop();
      anonymous.delete(open.length);
      continue;
    }
    if (keyword(token, 'subgraph') || isPunct('{')) {
      if (keyword(token, 'subgraph')) {
        next();
      }
      const id = peek().kind === 'id' ? next().value : undefined;
      expectPunct('{');
      open.push(id);
      continue;
    }
    if (keyword(token, 'graph') || keyword(token, 'node') || keyword(token, 'edge')) {
      next();
      const list = attributeList();
      if (keyword(token, 'graph') && open.length === 0) {
        Object.assign(attributes, list);
      }
      continue;
    }
    if (token.kind !== 'id') {
      fail(`expected a statement but found ${describe(token)}`, token);
    }
    const first = nodeId();
    if (isPunct('=')) {
      next();
      const value = next();
      if (value.kind !== 'id') {
        fail(`expected a value for '${first.value}' but found ${describe(value)}`, value);
      }
      if (open.length === 0) {
        attributes[first.value] = value.value;
      }
      continue;
    }
    const chain = [first];
    while (peek().kind === 'edgeop') {
      const op = next();
      if (op.value !== (directed ? '->' : '--')) {
        fail(`'${op.value}' in a ${directed ? 'digraph' : 'graph'}`, op);
      }
      if (keyword(peek(), 'subgraph') || isPunct('{')) {
        fail('a subgraph as an edge end is not supported');
      }
      chain.push(nodeId());
    }
    const list = attributeList();
    chain.forEach(mention);
    if (chain.length === 1) {
      const node = nodes.get(first.value);
      if (node !== undefined) {
        Object.assign(node.attributes, list);
      }
    } else {
      for (let k = 1; k < chain.length; k++) {
        const from = chain[k - 1];
        const to = chain[k];
        if (from !== undefined && to !== undefined) {
          edges.push({ from: from.value, to: to.value, attributes: list, line: from.line });
        }
      }
    }
  }
  const rest = peek();
  if (rest.kind !== 'eof') {
    fail(`unexpected ${describe(rest)} after the graph`, rest);
  }
  return {
    ...(graphId === undefined ? {} : { id: graphId }),
    directed,
    strict,
    attributes,
    nodes: [...nodes.values()],
    edges,
  };
}
