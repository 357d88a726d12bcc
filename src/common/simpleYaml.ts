import {
  Alias,
  Document,
  isNode,
  Pair,
  Scalar,
  visit,
  YAMLMap,
  YAMLSeq,
  type DocumentOptions,
  type ParseOptions,
  type Range,
  type SchemaOptions,
} from 'yaml';

/**
 * A fast composer for the YAML that configuration repositories are made of: block mappings and
 * sequences, plain and quoted scalars (over lines too), literal and folded block scalars, flow
 * collections, anchors and aliases, comments, and documents of a `---` line and comments only.
 * It builds the same `Document` the yaml package's `parseAllDocuments` builds for such a
 * document (same node classes, values, scalar types and sources, ranges), several times faster,
 * because it skips the package's token and CST stages.
 *
 * It gives up (returns undefined) on anything else or anything doubtful: tags, explicit keys,
 * directives, merge keys, tabs and lone carriage returns, duplicate keys, errors of any kind, and
 * comment placements whose effect on ranges it does not model. The caller then parses the
 * document with the yaml package, which also reports the errors.
 * `test/unit/common/simpleYaml.test.ts` compares the two on every document of the corpus, on
 * random edits of them and on sweeps of the shapes whose ranges vary.
 *
 * Comments are skipped, not attached to nodes (`comment`, `commentBefore` and `spaceBefore`
 * stay unset): nothing here reads them.
 */
export function composeSimpleDocument(
  text: string,
  options: ParseOptions & DocumentOptions & SchemaOptions,
): Document.Parsed | undefined {
  if (text.charCodeAt(0) === 0xfeff || text.startsWith('%')) {
    return undefined;
  }
  // Windows line ends (a checkout with core.autocrlf): composed as line feeds, then every range
  // moved by the carriage returns before it. The yaml package reads a CRLF as one line break
  // and keeps no carriage return in values.
  let lf = text;
  /** Where the line feeds that followed a carriage return are in `lf`. */
  const feeds: number[] = [];
  if (text.includes('\r')) {
    lf = '';
    let from = 0;
    for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
      if (text.charCodeAt(i + 1) !== NEWLINE) {
        return undefined; // a carriage return alone: left to the yaml package
      }
      lf += text.slice(from, i);
      feeds.push(lf.length);
      from = i + 1;
    }
    lf += text.slice(from);
  }
  const doc = new Document(undefined, options) as Document.Parsed;
  try {
    new SimpleComposer(lf, doc).compose();
  } catch (error) {
    if (error === unsupported) {
      return undefined;
    }
    throw error;
  }
  if (feeds.length > 0) {
    withCarriageReturns(doc, feeds);
  }
  return doc;
}

/**
 * Moves the ranges of a document composed from a text with its carriage returns taken out to
 * offsets in the text: `feeds` are where the line feeds that followed one are, and each before
 * an offset moves it by one.
 */
function withCarriageReturns(doc: Document.Parsed, feeds: readonly number[]): void {
  const moved = (offset: number): number => {
    // The number of such line feeds before `offset`.
    let low = 0;
    let high = feeds.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((feeds[mid] ?? 0) < offset) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return offset + low;
  };
  const move = (range: Range): Range => [moved(range[0]), moved(range[1]), moved(range[2])];
  doc.range = move(doc.range);
  visit(doc, (_key, node) => {
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      node.range = move(node.range);
    }
  });
}

/**
 * The yaml package marks its nodes with a registered symbol (so that copies of the package
 * recognise each other's nodes), set by each constructor with `Object.defineProperty`: a
 * tenth of composing a document. The nodes are made here on prototypes that carry the mark
 * instead; they are still `instanceof` their classes, with the same own properties otherwise
 * (the unit test compares them).
 */
const nodeType = Symbol.for('yaml.node.type');
function markedPrototype<T extends object>(prototype: T, mark: string): T {
  return Object.create(prototype, { [nodeType]: { value: Symbol.for(mark) } }) as T;
}
const scalarPrototype = markedPrototype(Scalar.prototype, 'yaml.scalar');
const pairPrototype = markedPrototype(Pair.prototype, 'yaml.pair');

/**
 * Constructor functions rather than `Object.create`, so that V8 sizes their objects to the
 * properties they get, as it does for classes (checking 50,000 documents peaked at 540 MB with
 * `Object.create`, 413 MB this way and with the package's constructors).
 */
const SimpleScalar = function (this: { value: unknown }, value: unknown): void {
  this.value = value;
} as unknown as new (value: unknown) => Scalar;
SimpleScalar.prototype = scalarPrototype;

const SimplePair = function (
  this: { key: unknown; value: unknown },
  key: unknown,
  value: unknown,
): void {
  this.key = key;
  this.value = value;
} as unknown as new (key: unknown, value: unknown) => Pair;
SimplePair.prototype = pairPrototype;

/** A collection's schema is its own property, hidden as the yaml package hides it. */
function collection(this: { items: unknown[] }, schema: unknown): void {
  Object.defineProperty(this, 'schema', {
    value: schema,
    configurable: true,
    enumerable: false,
    writable: true,
  });
  this.items = [];
}
// Two constructors, so that maps and sequences keep shapes of their own.
const SimpleMap = function (this: { items: unknown[] }, schema: unknown): void {
  collection.call(this, schema);
} as unknown as new (schema: unknown) => YAMLMap;
SimpleMap.prototype = markedPrototype(YAMLMap.prototype, 'yaml.map');
const SimpleSeq = function (this: { items: unknown[] }, schema: unknown): void {
  collection.call(this, schema);
} as unknown as new (schema: unknown) => YAMLSeq;
SimpleSeq.prototype = markedPrototype(YAMLSeq.prototype, 'yaml.seq');

function newScalar(value: unknown): Scalar {
  return new SimpleScalar(value);
}

function newPair(key: unknown, value: unknown): Pair {
  return new SimplePair(key, value);
}

/**
 * True for a text of comment lines and blank ones only (no `---` line): a stream with no
 * document, which the yaml package reads without a problem (an empty stream). A tab or a
 * carriage return outside a comment, a byte order mark or a directive makes it false (the yaml
 * package is asked about those).
 */
export function isCommentOnlyStream(text: string): boolean {
  return /^(?: *(?:#[^\n\r]*)?\n)* *(?:#[^\n\r]*)?$/.test(text);
}

/**
 * The plain data of documents the composer made, as `doc.toJS()` gives it, built while
 * composing (a second walk over the nodes cost a fourteenth of checking a repository); for
 * documents whose data only the yaml package converts right (aliases, a key repeated as text
 * such as `1` and `"1"`), none. Handed out once by {@link takeComposedData}.
 */
const composedData = new WeakMap<Document.Parsed, { readonly data: unknown }>();

/**
 * The plain data the composer built for `doc`, once (the validator converts each document
 * once; later callers convert it again rather than the cache keeping a copy of every
 * document's data); undefined when there is none.
 */
export function takeComposedData(doc: Document.Parsed): { readonly data: unknown } | undefined {
  const found = composedData.get(doc);
  if (found !== undefined) {
    composedData.delete(doc);
  }
  return found;
}

/** A collection's data cannot be built here (see {@link composedData}). */
const notPlain: unique symbol = Symbol('notPlain');

/** Thrown (one shared object, no stack trace to build) when the document is not simple. */
const unsupported = new Error('not a simple YAML document');

function giveUp(): never {
  throw unsupported;
}

/** The yaml package's key for a schema's string tag. */
const stringTagKey = Symbol.for('yaml.scalar');

interface ScalarTag {
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  readonly format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

type ParsedNode = Scalar | YAMLMap | YAMLSeq | Alias;

/** Where the next line with content starts, after a node. */
interface Next {
  /** Its first character that is not a space; -1 at the end of the text. */
  readonly pos: number;
  readonly col: number;
  /**
   * The comment lines that came between, as pairs of their column and the offset after their
   * line; undefined for none.
   */
  readonly comments?: readonly number[] | undefined;
  /** Where a `...` line that ends the document starts, when one came instead of content. */
  readonly docEnd?: number | undefined;
}

interface Composed {
  readonly node: ParsedNode;
  /** The node's `range[2]`. */
  readonly end: number;
  readonly next: Next;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const TAB = 0x09;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const SINGLE = 0x27;
const DOUBLE = 0x22;

/** Characters a plain scalar may not start with in block context (`-?:` followed by a space are handled apart). */
const blockIndicators = charCodes(',[]{}#&*!|>\'"%@`?');

/**
 * Characters a continuation line of a plain scalar may start with in YAML, but which the
 * composer leaves to the yaml package (indicators, and `-` or `:` of an item or key).
 */
const plainContinuationStarts = charCodes('-?:,[]{}#&*!|>\'"%@`');

/** A key's text in a document's data, as `doc.toJS()` makes it. */
function keyName(key: Scalar): string {
  const value = key.value;
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return value === null ? '' : giveUp();
}

/** The characters of the anchor names composed here (YAML allows more). */
const anchorChars = /^[\w.-]$/;

function isWhite(c: number): boolean {
  return c === SPACE || c === NEWLINE;
}

function charCodes(chars: string): Set<number> {
  return new Set(Array.from({ length: chars.length }, (_, i) => chars.charCodeAt(i)));
}

/**
 * The first characters of every plain scalar the YAML 1.2 core schema reads as a null, boolean
 * or number (`~`, `null`, `true`, `False`, `0x1F`, `-3`, `.inf`): any other is a string.
 */
const coreNonStringStarts = charCodes('~nNtTfF0123456789+-.');

/**
 * Nesting the composer goes to, at most: below the depth at which the yaml package (and the
 * code after it) would run out of stack, which its caller checks before parsing a document
 * the composer gave up on.
 */
const maxDepth = 400;

/** Double-quoted escapes that stand for one character. */
const escapes: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

class SimpleComposer {
  private readonly length: number;
  private readonly tags: readonly ScalarTag[];
  private readonly stringTag: ScalarTag;
  private readonly schema: Document.Parsed['schema'];
  /** True when a plain scalar can be a string only, by its first character. */
  private readonly stringsByFirstChar: boolean;
  /** How many collections deep the node being composed is. */
  private depth = 0;
  /** The indentation of the block collection the flow collection being composed is in. */
  private flowIndent = -1;
  /** How many flow collections deep the node being composed is. */
  private flowDepth = 0;
  /** The data of the collection composed last ({@link notPlain}: none), for its parent to take. */
  private lastData: unknown = notPlain;
  /** The anchors defined so far (on nodes composed to the end). */
  private readonly anchors = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
  ) {
    this.length = text.length;
    this.schema = doc.schema;
    this.tags = doc.schema.tags as unknown as readonly ScalarTag[];
    this.stringTag = (doc.schema as unknown as Record<symbol, ScalarTag>)[stringTagKey] ?? giveUp();
    this.stringsByFirstChar =
      doc.schema.name === 'core' && !this.tags.some((t) => t.default === 'key');
    if (doc.schema.compat) {
      giveUp(); // a YAML 1.1 compatibility schema warns about ambiguous scalars
    }
  }

  compose(): void {
    const { text } = this;
    let start = 0;
    if (text.startsWith('---') && this.isBlankOrEnd(3)) {
      this.doc.directives.docStart = true;
      start = this.finishLine(3);
    }
    const first = this.nextContent(start);
    if (first.pos < 0) {
      this.composeEmpty(start, first);
      return;
    }
    let end = this.length;
    const root = this.node(first.pos, first.col, -1, true);
    if (
      root.next.pos >= 0 ||
      (root.next.comments !== undefined && first.col > 0) ||
      // Comment lines, or lines of spaces, after a flow collection at the root: the yaml
      // package's document range takes in part of them only.
      ((root.node instanceof YAMLMap || root.node instanceof YAMLSeq) &&
        root.node.flow === true &&
        (root.next.comments !== undefined || text.includes(' ', root.end))) ||
      (root.node instanceof Scalar && root.end < this.length) ||
      (root.end < this.length && text.charCodeAt(root.end - 1) !== NEWLINE)
    ) {
      // Content after the root node, trailing comments that ranges would take in, or a last
      // empty value whose line end the document's range may or may not take in.
      giveUp();
    }
    if (root.next.docEnd === undefined) {
      let last = this.length;
      while (text.charCodeAt(last - 1) === SPACE) {
        last--;
      }
      if (last < this.length && (last === 0 || text.charCodeAt(last - 1) === NEWLINE)) {
        giveUp(); // a last line of spaces alone: the document's range may or may not take it in
      }
    } else {
      // A `...` line ends the document (and its range); only comments may follow it here.
      end = this.finishLine(root.next.docEnd + 3);
      const after = this.nextContent(end);
      if (after.pos >= 0 || after.docEnd !== undefined || maxColumn(after.comments) > 0) {
        giveUp();
      }
      this.doc.directives.docEnd = true;
    }
    this.doc.contents = root.node as Document.Parsed['contents'];
    const data = this.dataOf(root.node);
    if (data !== notPlain) {
      composedData.set(this.doc, { data });
    }
    // Without a `---` line, the document starts on the line of its content (after comments).
    this.doc.range = [start === 0 ? first.pos - first.col : 0, root.end, end];
  }

  /**
   * A document of nothing but its `---` line, comment lines and blank ones (what a stream of
   * manifests often starts or ends with): an empty scalar after the `---` and its spaces, whose
   * range (and the document's) runs to the end of the text when it holds a comment, as the yaml
   * package has it. Without a `---` line there is no document at all (see
   * {@link isCommentOnlyStream}).
   */
  private composeEmpty(start: number, first: Next): void {
    if (start === 0 || first.docEnd !== undefined) {
      giveUp();
    }
    const at = this.skipSpaces(3);
    const end = this.text.includes('#') ? this.length : at;
    const empty = this.scalar('', 'PLAIN', false);
    empty.range = [at, at, end];
    this.doc.contents = empty as Scalar.Parsed;
    this.doc.range = [0, end, end];
    composedData.set(this.doc, { data: null });
  }

  // -- block structure ----------------------------------------------------------------------

  /**
   * The node that starts at `p` (column `col`), on its own line or after `- `. Its lines must be
   * indented deeper than `indent`. `allowKey` is false on the line of a mapping key.
   */
  private node(p: number, col: number, indent: number, allowKey: boolean): Composed {
    if (++this.depth > maxDepth) {
      giveUp(); // the yaml package then reports the document as too deep
    }
    const composed = this.nodeAt(p, col, indent, allowKey);
    this.depth--;
    return composed;
  }

  private nodeAt(p: number, col: number, indent: number, allowKey: boolean): Composed {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c === DASH && this.isBlankOrEnd(p + 1)) {
      return allowKey ? this.blockSeq(p, col) : giveUp();
    }
    if (c === 0x7c /* | */ || c === 0x3e /* > */) {
      return this.blockScalar(p, indent);
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      this.flowIndent = indent;
      const flow = this.flowCollection(p);
      if (text.charCodeAt(flow.after) === COLON) {
        giveUp(); // a flow collection as a key
      }
      return this.scalarLike(flow.node, [p, flow.closeEnd], flow.closeEnd, indent);
    }
    if (c === SINGLE || c === DOUBLE) {
      const quoted = this.quoted(p, indent);
      const after = this.skipSpaces(quoted.end);
      if (text.charCodeAt(after) === COLON && this.isBlankOrEnd(after + 1)) {
        // A key: on one line (blockMap reads it again).
        return allowKey ? this.blockMap(p, col) : giveUp();
      }
      const scalar = this.scalar(
        quoted.value,
        c === SINGLE ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE',
        false,
      );
      return this.scalarLike(scalar, [p, quoted.end], quoted.end, indent);
    }
    if (c === 0x26 /* & */) {
      return this.anchored(p, indent);
    }
    if (c === 0x2a /* * */) {
      const name = this.anchorName(p);
      if (!this.anchors.has(name)) {
        giveUp(); // an alias of no anchor (or of the node it is in): the yaml package reports it
      }
      const end = p + 1 + name.length;
      if (text.charCodeAt(this.skipSpaces(end)) === COLON) {
        giveUp(); // an alias as a key
      }
      return this.scalarLike(new Alias(name), [p, end], end, indent);
    }
    if (blockIndicators.has(c) || ((c === 0x3f || c === COLON) && this.isBlankOrEnd(p + 1))) {
      giveUp();
    }
    const plain = this.plainInBlock(p);
    if (plain.colon >= 0) {
      return allowKey ? this.blockMap(p, col) : giveUp();
    }
    const lines = this.plainLines(p, plain.end, indent);
    const scalar = this.scalar(lines.value, 'PLAIN', false);
    return this.scalarLike(scalar, [p, lines.end], lines.end, indent);
  }

  /**
   * A plain scalar in block context whose first line runs from `p` to `end`, with the lines
   * below it indented deeper than `indent` that go on with it (YAML folds them: a line break
   * between text is a space, each empty line a line break, and the spaces around a break go).
   * A comment ends it. Gives up on a continuation line the yaml package may read otherwise: one
   * that starts with an indicator or holds a key.
   */
  private plainLines(p: number, end: number, indent: number): { value: string; end: number } {
    const { text, length } = this;
    let value = text.slice(p, end);
    let last = end;
    let nl = this.skipSpaces(end);
    while (indent >= 0 && text.charCodeAt(nl) === NEWLINE) {
      const { line, at: j, breaks } = this.lineAfter(nl);
      const c = text.charCodeAt(j);
      if (j >= length || j - line <= indent || c === HASH) {
        break; // the scalar ended on the line before (scalarLike looks at what follows)
      }
      if (c === TAB || plainContinuationStarts.has(c)) {
        giveUp();
      }
      const next = this.plainInBlock(j);
      if (next.colon >= 0) {
        giveUp(); // a key below a scalar: an error
      }
      value += breaks > 0 ? '\n'.repeat(breaks) : ' ';
      value += text.slice(j, next.end);
      last = next.end;
      nl = this.skipSpaces(next.end); // a comment here ends the scalar
    }
    return { value, end: last };
  }

  /** The name of the anchor or alias at `p` (its `&` or `*`), followed by a space or a line's end. */
  private anchorName(p: number): string {
    const { text, length } = this;
    let i = p + 1;
    for (; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === NEWLINE) {
        break;
      }
      if (!anchorChars.test(text[i] ?? '')) {
        giveUp(); // a name of other characters (`&a:` reads otherwise): left to the yaml package
      }
    }
    if (i === p + 1) {
      giveUp(); // an empty name
    }
    return text.slice(p + 1, i);
  }

  /**
   * A node with an anchor at `p`: the node follows on the anchor's line (a scalar or flow
   * collection) or starts the lines below it, indented deeper than `indent` (a collection).
   */
  private anchored(p: number, indent: number): Composed {
    const { text } = this;
    const name = this.anchorName(p);
    const after = this.skipSpaces(p + 1 + name.length);
    const c = text.charCodeAt(after);
    let composed: Composed;
    if (after < this.length && c !== NEWLINE && c !== HASH) {
      composed = this.node(after, after - this.lineStart(after), indent, false);
    } else {
      const next = this.nextContent(this.finishLine(p + 1 + name.length));
      if (next.pos < 0 || next.col <= indent || next.comments !== undefined) {
        giveUp(); // an anchored empty value, or comments the value's range may take in
      }
      composed = this.node(next.pos, next.col, indent, true);
      if (composed.node instanceof Scalar) {
        giveUp(); // a scalar below its anchor
      }
    }
    if (composed.node instanceof Alias || composed.node.anchor !== undefined) {
      giveUp(); // an alias cannot have an anchor, nor a node two
    }
    composed.node.anchor = name;
    this.anchors.add(name);
    return composed;
  }

  /** A one-line node in block context: the rest of its line is spaces and a comment. */
  private scalarLike(
    node: ParsedNode,
    range: readonly [number, number],
    after: number,
    indent: number,
  ): Composed {
    const end = this.finishLine(after);
    node.range = [range[0], range[1], end];
    const next = this.nextContent(end);
    if (next.pos >= 0 && next.col > indent) {
      giveUp(); // a multi-line scalar, or bad indentation
    }
    return { node, end, next };
  }

  private blockMap(p: number, col: number): Composed {
    const map = new SimpleMap(this.schema);
    const data: Record<string, unknown> = {};
    let plain = true;
    let pos = p;
    for (;;) {
      const key = this.key(pos);
      const value = this.valueAfter(key.colon + 1, col, true);
      plain = this.pairData(map, data, key.node, value.node) && plain;
      map.items.push(newPair(key.node, value.node));
      const item = this.afterItem(value, col);
      const { next } = item;
      if (next.pos < 0 || next.col < col) {
        this.lastData = plain ? data : notPlain;
        return this.close(map, p, col, item.end, next);
      }
      if (next.col > col || this.isSeqItem(next.pos)) {
        giveUp(); // bad indentation
      }
      pos = next.pos;
    }
  }

  private blockSeq(p: number, col: number): Composed {
    const seq = new SimpleSeq(this.schema);
    const data: unknown[] = [];
    let plain = true;
    let pos = p;
    for (;;) {
      const value = this.valueAfter(pos + 1, col, false);
      seq.items.push(value.node);
      plain = this.itemData(data, value.node) && plain;
      const item = this.afterItem(value, col);
      const { next } = item;
      // At the sequence's column without `- `: it was a mapping's value, and the mapping goes on.
      if (next.pos < 0 || next.col < col || (next.col === col && !this.isSeqItem(next.pos))) {
        this.lastData = plain ? data : notPlain;
        return this.close(seq, p, col, item.end, next);
      }
      if (next.col > col) {
        giveUp();
      }
      pos = next.pos;
    }
  }

  /**
   * The value after a mapping's `:` or a sequence's `-` at `from`, in a collection at column
   * `col`: on the same line, on the lines below, or empty (null).
   */
  private valueAfter(from: number, col: number, ofKey: boolean): Composed {
    const { text } = this;
    const q = this.skipSpaces(from);
    const c = text.charCodeAt(q);
    if (q < this.length && c !== NEWLINE && c !== HASH) {
      if (ofKey && c === DASH && this.isBlankOrEnd(q + 1)) {
        giveUp(); // a sequence on the line of its key
      }
      return this.node(q, q - this.lineStart(q), col, !ofKey);
    }
    if (c === HASH && q === from) {
      giveUp(); // `key:#`: not a comment
    }
    const lineEnd = this.lineEnd(q);
    const next = this.nextContent(lineEnd);
    if (
      next.pos >= 0 &&
      (next.col > col || (ofKey && next.col === col && this.isSeqItem(next.pos)))
    ) {
      const value = this.node(next.pos, next.col, next.col > col ? col : col - 1, true);
      if (
        next.comments !== undefined &&
        (value.node instanceof Scalar || value.node instanceof Alias)
      ) {
        // A comment line (`#x`) can lower the indentation the yaml package's lexer expects next,
        // and a scalar after it may then run on to a line a collection would not.
        giveUp();
      }
      return value;
    }
    if (next.comments !== undefined) {
      if (c === HASH || !ofKey || next.pos < 0 || next.col !== col) {
        // An empty value followed by comment lines, then a line less indented or the end:
        // where its range ends varies more than emptyValueEnd models.
        giveUp();
      }
      const node = this.scalar('', 'PLAIN', false);
      const end = this.emptyValueEnd(q, lineEnd, col, next);
      node.range = [q, q, end];
      // The mapping goes on at the next key: the comment lines are no one's.
      return { node, end, next: { pos: next.pos, col: next.col } };
    }
    if (c === HASH && (next.pos - next.col !== lineEnd || (next.col !== 0 && next.col !== col))) {
      giveUp(); // where the range of an empty value with a comment ends varies
    }
    const node = this.scalar('', 'PLAIN', false);
    // An empty value's range ends where it does; with a comment, it runs on to the next content.
    const end = c === HASH ? next.pos : q;
    node.range = [q, q, end];
    return { node, end, next };
  }

  /**
   * Where the range of an empty value at `q` ends, in a mapping at column `col`, when comment
   * lines (and blank ones) come between its line (which ends at `from`) and the next key, at
   * `next`. As the yaml package has it: a comment line deeper than the mapping runs the range
   * to the line after it (to the next key's text when that follows at once); one at most as deep
   * runs it to its own line's end when it follows the key's line or a deeper comment, and
   * changes nothing after a blank line or another such comment.
   */
  private emptyValueEnd(q: number, from: number, col: number, next: Next): number {
    const { text } = this;
    const contentLine = next.pos - next.col;
    let end = q;
    let previous: 'key' | 'blank' | 'deeper' | 'shallow' = 'key';
    for (let line = from; line < contentLine;) {
      const i = this.skipSpaces(line);
      const after = this.lineEnd(i);
      if (text.charCodeAt(i) !== HASH) {
        if (previous === 'deeper') {
          end = i; // over the spaces of the first blank line after a deeper comment
        }
        previous = 'blank';
      } else if (i - line > col) {
        end = after;
        previous = 'deeper';
      } else {
        if (previous === 'key' || previous === 'deeper') {
          end = after - 1;
        }
        previous = 'shallow';
      }
      line = after;
    }
    return previous === 'deeper' ? next.pos : end;
  }

  /** A mapping key at `p` on one line, and where its `:` is. */
  private key(p: number): { node: Scalar; colon: number } {
    const { text } = this;
    const c = text.charCodeAt(p);
    let node: Scalar;
    let end: number;
    if (c === SINGLE || c === DOUBLE) {
      const quoted = this.quoted(p, -1);
      node = this.scalar(quoted.value, c === SINGLE ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', true);
      end = quoted.end;
    } else {
      if (blockIndicators.has(c) || (c === DASH && this.isBlankOrEnd(p + 1))) {
        giveUp();
      }
      const plain = this.plainInBlock(p);
      if (plain.colon < 0 || plain.end !== plain.colon || plain.end === p) {
        giveUp(); // no key here, an empty key, or spaces before its `:`
      }
      end = plain.end;
      node = this.scalar(text.slice(p, end), 'PLAIN', true);
    }
    if (text.charCodeAt(end) !== COLON || !this.isBlankOrEnd(end + 1) || end - p > 1000) {
      giveUp(); // spaces before the `:`, or a key longer than an implicit key may be
    }
    node.range = [p, end, end];
    return { node, colon: end };
  }

  /**
   * Routes the comment lines after an item's value as the yaml package's parser does: the ones
   * indented deeper than the collection (at `col`), up to the first that is not, belong to a
   * scalar or flow collection value, whose range then runs over them; the rest trail the item.
   */
  private afterItem(value: Composed, col: number): { end: number; next: Next } {
    const { node, next } = value;
    const comments = next.comments;
    if (node instanceof Alias && comments !== undefined && (comments[0] ?? -1) > col) {
      giveUp(); // whether the alias's range takes them in: left to the yaml package
    }
    if (
      comments === undefined ||
      (comments[0] ?? -1) <= col ||
      node instanceof Alias ||
      (node instanceof Scalar
        ? node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED'
        : !node.flow)
    ) {
      return value;
    }
    let k = 0;
    let end = value.end;
    while (k < comments.length && (comments[k] ?? -1) > col) {
      end = comments[k + 1] ?? end;
      k += 2;
    }
    const range = node.range ?? giveUp();
    node.range = [range[0], range[1], end];
    return {
      end,
      next: { ...next, comments: k < comments.length ? comments.slice(k) : undefined },
    };
  }

  /**
   * Ends a collection at `col` before `next`. The comment lines trailing its last item go on to
   * what follows when they are all less indented than it (or it is at column 0); otherwise they
   * stay in it, and its range runs over them and the next line's indentation.
   */
  private close(
    node: YAMLMap | YAMLSeq,
    p: number,
    col: number,
    valueEnd: number,
    next: Next,
  ): Composed {
    if (next.comments === undefined || col === 0 || maxColumn(next.comments) < col) {
      node.range = [p, valueEnd, valueEnd];
      return { node, end: valueEnd, next };
    }
    const end = next.pos >= 0 ? next.pos : (next.docEnd ?? this.length);
    node.range = [p, valueEnd, end];
    return { node, end, next: { ...next, comments: undefined } };
  }

  /**
   * The data of a node just composed: a scalar's value, or the data its collection left in
   * {@link lastData}; {@link notPlain} for an alias.
   */
  private dataOf(node: ParsedNode): unknown {
    if (node instanceof Scalar) {
      const value = node.value;
      return value === null || (typeof value !== 'object' && typeof value !== 'bigint')
        ? (value ?? null)
        : notPlain;
    }
    return node instanceof Alias ? notPlain : this.lastData;
  }

  /**
   * Adds a pair to a mapping's data, before the pair joins `map`; false when the mapping's data
   * is only the yaml package's to convert. The same key value as an earlier pair's is a
   * duplicate the yaml package reports (left to it); the same text from other values (`1` and
   * `"1"`) leaves the conversion to it. `<<` and `__proto__` are left to it too.
   */
  private pairData(
    map: YAMLMap,
    data: Record<string, unknown>,
    key: Scalar,
    node: ParsedNode,
  ): boolean {
    const name = keyName(key);
    if (name === '<<' || name === '__proto__') {
      giveUp();
    }
    if (Object.hasOwn(data, name)) {
      for (const pair of map.items) {
        if ((pair.key as Scalar).value === key.value) {
          giveUp(); // a duplicate key: the yaml package reports it
        }
      }
      return false;
    }
    const value = this.dataOf(node);
    data[name] = value;
    return value !== notPlain;
  }

  /** Adds an item to a sequence's data; false when it has none. */
  private itemData(data: unknown[], node: ParsedNode): boolean {
    const value = this.dataOf(node);
    data.push(value);
    return value !== notPlain;
  }

  private isSeqItem(p: number): boolean {
    return this.text.charCodeAt(p) === DASH && this.isBlankOrEnd(p + 1);
  }

  // -- scalars ------------------------------------------------------------------------------

  /**
   * A plain scalar in block context from `p` to the end of its line: where its text ends, and
   * the `:` that makes it a key (-1 for none).
   */
  private plainInBlock(p: number): { end: number; colon: number } {
    const { text, length } = this;
    let end = p;
    for (let i = p; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) {
        break;
      }
      if (c === COLON && this.isBlankOrEnd(i + 1)) {
        return { end, colon: i };
      }
      if (c === HASH && text.charCodeAt(i - 1) === SPACE) {
        break;
      }
      if (c === TAB) {
        giveUp();
      }
      if (c !== SPACE) {
        end = i + 1;
      }
    }
    return { end, colon: -1 };
  }

  /**
   * A quoted scalar at `p`: its value and the offset after its closing quote. It may go on over
   * lines indented deeper than `indent` (-1: it must be on one line, as keys and flow items
   * here are), which fold as YAML folds them: a line break between text is a space, each empty
   * line a line break, and the spaces around a break go.
   */
  private quoted(p: number, indent: number): { value: string; end: number } {
    const { text, length } = this;
    const quote = text.charCodeAt(p);
    let value = '';
    let chunk = p + 1;
    for (let i = p + 1; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) {
        let before = i;
        while (text.charCodeAt(before - 1) === SPACE && before > chunk) {
          before--;
        }
        value += text.slice(chunk, before);
        const resumes = this.continuation(i, indent);
        value += resumes.breaks > 0 ? '\n'.repeat(resumes.breaks) : ' ';
        chunk = resumes.at;
        i = resumes.at - 1;
        continue;
      }
      if (c === TAB) {
        giveUp(); // tabs around line breaks are trimmed too: left to the yaml package
      }
      if (c === quote) {
        if (quote === SINGLE && text.charCodeAt(i + 1) === SINGLE) {
          value += text.slice(chunk, i + 1);
          chunk = i + 2;
          i++;
          continue;
        }
        return { value: value + text.slice(chunk, i), end: i + 1 };
      }
      if (c === 0x5c /* \ */ && quote === DOUBLE) {
        value += text.slice(chunk, i);
        if (text.charCodeAt(i + 1) === NEWLINE) {
          // An escaped line break: the lines join, without the next one's indentation.
          const resumes = this.continuation(i + 1, indent);
          if (resumes.breaks > 0) {
            giveUp(); // empty lines after an escaped line break fold differently
          }
          chunk = resumes.at;
          i = resumes.at - 1;
          continue;
        }
        const e = text[i + 1] ?? '';
        const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        if (hex > 0) {
          const digits = text.slice(i + 2, i + 2 + hex);
          if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) {
            giveUp();
          }
          value += String.fromCodePoint(parseInt(digits, 16));
          i += 1 + hex;
        } else {
          value += escapes[e] ?? giveUp();
          i += 1;
        }
        chunk = i + 1;
      }
    }
    return giveUp();
  }

  /**
   * Where a quoted scalar's text resumes after the line break at `nl`, past empty lines and the
   * next line's indentation, and how many empty lines came between. Its lines must be indented
   * deeper than `indent`.
   */
  private continuation(nl: number, indent: number): { at: number; breaks: number } {
    if (indent < 0) {
      giveUp();
    }
    const next = this.lineAfter(nl);
    const c = this.text.charCodeAt(next.at);
    if (next.at >= this.length || c === TAB) {
      giveUp();
    }
    if (next.at - next.line <= indent) {
      giveUp(); // not indented enough: the yaml package reports it
    }
    return next;
  }

  /**
   * The first line after the line break at `nl` that is not empty (or spaces only): where it
   * starts, its first character that is not a space (the text's length at its end), and how
   * many empty lines came between.
   */
  private lineAfter(nl: number): { line: number; at: number; breaks: number } {
    const { text, length } = this;
    let breaks = 0;
    let line = nl + 1;
    for (;;) {
      const at = this.skipSpaces(line);
      if (at >= length || text.charCodeAt(at) !== NEWLINE) {
        return { line, at, breaks };
      }
      breaks++;
      line = at + 1;
    }
  }

  /** A scalar with the yaml package's core schema resolution of plain scalars. */
  private scalar(value: string, type: Scalar.Type, atKey: boolean): Scalar {
    let tag = this.stringTag;
    if (
      type === 'PLAIN' &&
      (!this.stringsByFirstChar || value === '' || coreNonStringStarts.has(value.charCodeAt(0)))
    ) {
      for (const t of this.tags) {
        if (
          (t.default === true || (atKey && t.default === 'key')) &&
          t.test?.test(value) === true
        ) {
          tag = t;
          break;
        }
      }
    }
    const resolved = tag.resolve(value, giveUp, this.doc.options);
    const scalar = resolved instanceof Scalar ? resolved : newScalar(resolved);
    scalar.source = value;
    scalar.type = type;
    if (tag.format !== undefined) {
      scalar.format = tag.format;
    }
    return scalar;
  }

  /** A literal (`|`) or folded (`>`) block scalar whose header is at `p`. */
  private blockScalar(p: number, indent: number): Composed {
    const { text, length } = this;
    const folded = text.charCodeAt(p) === 0x3e;
    let h = p + 1;
    const strip = text.charCodeAt(h) === DASH;
    if (strip) {
      h++;
    }
    if (!this.isBlankOrEnd(h) && text.charCodeAt(this.skipSpaces(h)) !== HASH) {
      giveUp(); // keep chomping (`+`) or an indentation indicator
    }
    let line = this.finishLine(h);
    if (line >= length) {
      giveUp();
    }
    const lines: string[] = [];
    let contentIndent = -1;
    let leadingBlank = 0;
    let contentEnd = line;
    while (line < length) {
      let j = line;
      while (text.charCodeAt(j) === SPACE) {
        j++;
      }
      const spaces = j - line;
      const c = text.charCodeAt(j);
      const end = j >= length ? length : this.lineEnd(j);
      if (j >= length || c === NEWLINE) {
        if (contentIndent < 0) {
          leadingBlank = Math.max(leadingBlank, spaces);
        } else if (spaces > contentIndent) {
          giveUp(); // a more-indented blank line: kept as spaces in some places, not others
        }
        lines.push('');
        line = end;
        continue;
      }
      if (contentIndent < 0) {
        if (spaces <= indent) {
          giveUp(); // an empty block scalar
        }
        if (leadingBlank > spaces) {
          giveUp();
        }
        contentIndent = spaces;
      }
      if (spaces < contentIndent) {
        break;
      }
      if (c === TAB || (spaces === 0 && (text.startsWith('...', j) || text.startsWith('---', j)))) {
        giveUp();
      }
      lines.push(
        text.slice(
          line + contentIndent,
          end - (end <= length && text.charCodeAt(end - 1) === NEWLINE ? 1 : 0),
        ),
      );
      contentEnd = end;
      line = end;
    }
    while (lines.at(-1) === '') {
      lines.pop();
    }
    if (lines.length === 0) {
      giveUp();
    }
    let value = folded ? foldLines(lines) : lines.join('\n');
    if (!strip) {
      value += '\n';
    }
    const node = this.scalar(value, folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', false);
    node.range = [p, contentEnd, contentEnd];
    const next = this.nextContent(contentEnd);
    if (next.pos >= 0 && next.col > indent) {
      giveUp();
    }
    return { node, end: contentEnd, next };
  }

  // -- flow collections ---------------------------------------------------------------------

  /**
   * A flow collection at `p`, on one line or over several (whose lines are indented deeper
   * than {@link flowIndent}).
   */
  private flowCollection(p: number): { node: YAMLMap | YAMLSeq; closeEnd: number; after: number } {
    const { text } = this;
    if (++this.depth > maxDepth) {
      giveUp();
    }
    this.flowDepth++;
    const isMap = text.charCodeAt(p) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    const map = isMap ? new SimpleMap(this.schema) : undefined;
    const seq = isMap ? undefined : new SimpleSeq(this.schema);
    const node = map ?? seq ?? giveUp();
    node.flow = true;
    const mapData: Record<string, unknown> = {};
    const seqData: unknown[] = [];
    let plain = true;
    let i = this.flowSpace(p + 1);
    if (text.charCodeAt(i) !== close) {
      for (;;) {
        const item = this.flowItem(i, isMap);
        i = item.after;
        if (map !== undefined) {
          const before = text.charCodeAt(i - 1);
          if (before === SPACE || before === NEWLINE) {
            giveUp(); // spaces or lines between a key and its `:`
          }
          if (
            text.charCodeAt(i) !== COLON ||
            item.node instanceof YAMLMap ||
            item.node instanceof YAMLSeq
          ) {
            giveUp(); // a key without a value, or a collection as a key
          }
          const value = this.flowItem(this.flowSpace(i + 1), false);
          const range = value.node.range ?? giveUp();
          const newline = text.indexOf('\n', range[1]);
          if (newline >= 0 && newline < value.after) {
            // A mapping's value ends at its line's end, where a sequence's item runs on to
            // the next token (the yaml package's ranges).
            range[2] = newline + 1;
          }
          plain = this.pairData(map, mapData, item.node, value.node) && plain;
          map.items.push(newPair(item.node, value.node));
          i = value.after;
        } else {
          if (text.charCodeAt(i) === COLON) {
            giveUp(); // a pair in a flow sequence
          }
          seq?.items.push(item.node);
          plain = this.itemData(seqData, item.node) && plain;
        }
        const c = text.charCodeAt(i);
        if (c === close) {
          break;
        }
        if (c !== COMMA) {
          giveUp();
        }
        i = this.flowSpace(i + 1);
        if (text.charCodeAt(i) === close) {
          break; // a trailing comma
        }
      }
    }
    const closeEnd = i + 1;
    this.depth--;
    this.flowDepth--;
    this.lastData = plain ? (map === undefined ? seqData : mapData) : notPlain;
    return { node, closeEnd, after: this.skipSpaces(closeEnd) };
  }

  /** One item (or key) of a flow collection at `p`, and the offset after the spaces that follow it. */
  private flowItem(p: number, atKey: boolean): { node: Scalar | YAMLMap | YAMLSeq; after: number } {
    const { text, length } = this;
    const c = text.charCodeAt(p);
    if (c === 0x5b || c === 0x7b) {
      const flow = this.flowCollection(p);
      const after = this.flowSpace(flow.closeEnd);
      flow.node.range = [p, flow.closeEnd, after];
      return { node: flow.node, after };
    }
    if (c === SINGLE || c === DOUBLE) {
      const quoted = this.quoted(p, this.flowIndent);
      const node = this.scalar(quoted.value, c === SINGLE ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', atKey);
      const after = this.flowSpace(quoted.end);
      node.range = [p, quoted.end, after];
      return { node, after };
    }
    const n = text.charCodeAt(p + 1);
    if (
      blockIndicators.has(c) ||
      c === COLON ||
      (c === DASH && (n === SPACE || n === COMMA || n === 0x5d || n === 0x7d || p + 1 >= length))
    ) {
      giveUp();
    }
    let end = p;
    let i = p;
    for (; i < length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COMMA || ch === 0x5d || ch === 0x7d || ch === NEWLINE) {
        break;
      }
      if (ch === COLON) {
        const n = text.charCodeAt(i + 1);
        if (
          n === SPACE ||
          n === COMMA ||
          n === 0x5d ||
          n === 0x7d ||
          n === NEWLINE ||
          i + 1 >= length
        ) {
          break;
        }
      }
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
        break; // a comment: the scalar ended before it
      }
      if (ch === TAB || ch === 0x5b || ch === 0x7b) {
        giveUp();
      }
      if (ch !== SPACE) {
        end = i + 1;
      }
    }
    const after = this.flowSpace(i);
    const next = text.charCodeAt(after);
    if (after > i && next !== COMMA && next !== 0x5d && next !== 0x7d && next !== COLON) {
      giveUp(); // a plain scalar that goes on over lines
    }
    const node = this.scalar(text.slice(p, end), 'PLAIN', atKey);
    node.range = [p, end, after];
    return { node, after };
  }

  /**
   * The next token of a flow collection from `p`: past spaces, line breaks and comments. Its
   * lines must be indented deeper than {@link flowIndent}, but for the outermost collection's
   * closing bracket, which may stand at that column; anything else is left to the yaml package.
   */
  private flowSpace(p: number): number {
    const { text, length } = this;
    let i = p;
    for (;;) {
      while (text.charCodeAt(i) === SPACE) {
        i++;
      }
      if (i >= length) {
        giveUp(); // an unclosed collection
      }
      const c = text.charCodeAt(i);
      if (c === HASH && (i === 0 || isWhite(text.charCodeAt(i - 1)))) {
        const newline = text.indexOf('\n', i);
        if (newline < 0) {
          giveUp(); // an unclosed collection
        }
        i = newline;
        continue;
      }
      if (c !== NEWLINE) {
        return i;
      }
      const start = i + 1;
      i = this.skipSpaces(start);
      const next = text.charCodeAt(i);
      if (i >= length || next === NEWLINE) {
        continue;
      }
      const col = i - start;
      if (next === TAB) {
        giveUp();
      }
      if (
        col <= this.flowIndent &&
        !(col === this.flowIndent && this.flowDepth === 1 && (next === 0x5d || next === 0x7d))
      ) {
        giveUp(); // not indented enough: the yaml package reports it (or reads it its own way)
      }
    }
  }

  // -- lines --------------------------------------------------------------------------------

  private isBlankOrEnd(p: number): boolean {
    if (p >= this.length) {
      return true;
    }
    const c = this.text.charCodeAt(p);
    return c === SPACE || c === NEWLINE;
  }

  private skipSpaces(p: number): number {
    while (this.text.charCodeAt(p) === SPACE) {
      p++;
    }
    return p;
  }

  /** The offset after the newline that ends the line of `p` (or the end of the text). */
  private lineEnd(p: number): number {
    const nl = this.text.indexOf('\n', p);
    return nl < 0 ? this.length : nl + 1;
  }

  private lineStart(p: number): number {
    return this.text.lastIndexOf('\n', p - 1) + 1;
  }

  /** After a node at `p`: spaces, perhaps a comment, then the line's end. */
  private finishLine(p: number): number {
    const q = this.skipSpaces(p);
    if (q >= this.length) {
      return this.length;
    }
    const c = this.text.charCodeAt(q);
    if (c === NEWLINE) {
      return q + 1;
    }
    if (c === HASH && q > p) {
      return this.lineEnd(q);
    }
    return giveUp();
  }

  /** The next line with content from the line that starts at `from`, past blank and comment lines. */
  private nextContent(from: number): Next {
    const { text, length } = this;
    let comments: number[] | undefined;
    let line = from;
    while (line < length) {
      let i = line;
      while (text.charCodeAt(i) === SPACE) {
        i++;
      }
      const c = text.charCodeAt(i);
      if (i >= length) {
        break;
      }
      if (c === NEWLINE) {
        line = i + 1;
        continue;
      }
      if (c === HASH) {
        const col = i - line;
        line = this.lineEnd(i);
        (comments ??= []).push(col, line);
        continue;
      }
      if (c === TAB) {
        giveUp();
      }
      const col = i - line;
      if (col === 0 && this.isBlankOrEnd(i + 3)) {
        if (text.startsWith('...', i)) {
          return { pos: -1, col: -1, comments, docEnd: i };
        }
        if (text.startsWith('---', i)) {
          giveUp(); // the start of another document
        }
      }
      return { pos: i, col, comments };
    }
    return { pos: -1, col: -1, comments };
  }
}

/** The largest column of comment lines given as column and end pairs; -1 for none. */
function maxColumn(comments: readonly number[] | undefined): number {
  let max = -1;
  for (let k = 0; k < (comments?.length ?? 0); k += 2) {
    max = Math.max(max, comments?.[k] ?? -1);
  }
  return max;
}

/** The lines of a folded block scalar (without their indentation) as the value YAML folds them into. */
function foldLines(lines: readonly string[]): string {
  let value = '';
  let sep = '';
  let previousMoreIndented = false;
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (sep === ' ') {
        sep = '\n';
      } else if (!previousMoreIndented && sep === '\n') {
        sep = '\n\n';
      }
      value += sep + line;
      sep = '\n';
      previousMoreIndented = true;
    } else if (line === '') {
      if (sep === '\n') {
        value += '\n';
      } else {
        sep = '\n';
      }
    } else {
      value += sep + line;
      sep = ' ';
      previousMoreIndented = false;
    }
  }
  return value;
}
