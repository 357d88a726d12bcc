import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  isAlias,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
  type Document,
} from 'yaml';
import {
  composeSimpleDocument,
  isCommentOnlyStream,
  takeComposedData,
} from '../../../src/common/simpleYaml';
import { plainDocumentData } from '../../../src/validation/core/yamlValidator';
import { splitDocuments } from '../../../src/common/yamlModel';
import { random } from '../../bench/benchInputs';
import { corpusDir, listFiles } from '../corpus';

const options = { prettyErrors: false, uniqueKeys: true, logLevel: 'error' } as const;

/** Comments are what the simple composer leaves out, on purpose. */
const ignored = new Set(['comment', 'commentBefore', 'spaceBefore']);

/**
 * Where two parse results first differ: node classes, own properties (values, ranges, scalar
 * types and sources, flow flags) and items, recursively; undefined when they are the same.
 */
function difference(a: unknown, b: unknown, where: string): string | undefined {
  if (Object.is(a, b)) {
    return undefined;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return `${where}: ${String(a)} against ${String(b)}`;
  }
  if (a.constructor !== b.constructor) {
    return `${where}: ${a.constructor.name} against ${b.constructor.name}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!ignored.has(key)) {
      const found = difference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${where}.${key}`,
      );
      if (found !== undefined) {
        return found;
      }
    }
  }
  return undefined;
}

function essentials(doc: Document.Parsed): unknown {
  return {
    contents: doc.contents,
    range: doc.range,
    docStart: doc.directives.docStart,
    docEnd: doc.directives.docEnd,
    errors: doc.errors,
    warnings: doc.warnings,
    data: doc.toJS({ maxAliasCount: 100 }) as unknown,
  };
}

/**
 * Composes one document both ways. When the simple composer gives a document, the yaml package
 * must read the same text as one document without errors or warnings, and build the same thing.
 */
function compare(text: string, label: string): 'simple' | 'left' {
  const simple = composeSimpleDocument(text, options);
  if (simple === undefined) {
    return 'left';
  }
  const docs = [...parseAllDocuments(text, options)];
  const [doc] = docs;
  assert.equal(docs.length, 1, `${label}: the yaml package reads ${docs.length} documents`);
  assert.ok(doc !== undefined);
  assert.deepEqual(
    [...doc.errors, ...doc.warnings].map((e) => e.message),
    [],
    `${label}: the yaml package reports problems in ${JSON.stringify(text)}`,
  );
  // The data built while composing is what the validator would convert from the yaml
  // package's document (none where only the yaml package converts it right), handed out once.
  assert.deepStrictEqual(
    takeComposedData(simple),
    plainDocumentData(doc),
    `${label}: the composed data in ${JSON.stringify(text)}`,
  );
  assert.equal(takeComposedData(simple), undefined);
  const found = difference(essentials(doc), essentials(simple), 'document');
  assert.equal(found, undefined, `${label}: ${found ?? ''} in ${JSON.stringify(text)}`);
  return 'simple';
}

function corpusSegments(): { label: string; text: string }[] {
  const corpus = corpusDir();
  return listFiles(corpus)
    .filter((f) => /\.ya?ml$/i.test(f))
    .flatMap((rel) =>
      splitDocuments(readFileSync(path.join(corpus, rel), 'utf8')).map((s) => ({
        label: `${rel}@${s.offset}`,
        text: s.text,
      })),
    );
}

describe('simple YAML composer', () => {
  it('builds what the yaml package builds for every corpus document it composes', function () {
    this.timeout(120_000);
    let simple = 0;
    let left = 0;
    let kubernetes = 0;
    let kubernetesSimple = 0;
    for (const { label, text } of corpusSegments()) {
      const result = compare(text, label);
      simple += result === 'simple' ? 1 : 0;
      left += result === 'left' ? 1 : 0;
      if (label.startsWith('kubernetes/')) {
        kubernetes++;
        kubernetesSimple += result === 'simple' ? 1 : 0;
      }
    }
    // Most documents must take the fast path, or it is not worth having.
    assert.ok(simple > 4000, `${simple} composed, ${left} left to the yaml package`);
    assert.ok(kubernetesSimple > kubernetes * 0.8, `${kubernetesSimple} of ${kubernetes}`);
  });

  it('builds what the yaml package builds for corpus documents with Windows line ends', function () {
    this.timeout(120_000);
    // A checkout with core.autocrlf: every line ends with CRLF, and every range moves.
    let simple = 0;
    let both = 0;
    for (const { label, text } of corpusSegments()) {
      const lf = text.replace(/\r\n/g, '\n');
      const result = compare(lf.replace(/\n/g, '\r\n'), `${label} (CRLF)`);
      simple += result === 'simple' ? 1 : 0;
      // What the composer reads with line feeds, it reads with CRLF too.
      both += result === 'simple' || composeSimpleDocument(lf, options) === undefined ? 1 : 0;
    }
    assert.ok(simple > 4000, `${simple} composed`);
    assert.equal(both, corpusSegments().length);
  });

  it('builds the same document or none for corpus documents with random edits', function () {
    this.timeout(120_000);
    const next = random(Number(process.env.FUZZ_SEED ?? 7));
    const segments = corpusSegments().filter((s) => s.text.length < 20_000);
    const inserts = [
      ':',
      '-',
      ' ',
      '#',
      "'",
      '"',
      '[',
      ']',
      '{',
      '}',
      '|',
      '>',
      '\n',
      '\t',
      '&',
      '*',
      '!',
      ',',
      '?',
      '  ',
      '- ',
      ': ',
      ' #',
      '\\',
      '\n...\n',
      '\n# c\n',
      ', ]',
      ',}',
      ' "folded \n      over  \n\n      lines"',
      " 'single \n     ''quoted'' \n     lines'",
      ' "escaped\\\n      break"',
      ' [x, {y: 1}]  # c',
      ' {a: [1]} #c',
      ' [\n      a, "b", # c\n      {c: d,\n       e: f}\n    ]',
      ' &anchor',
      ' *anchor',
      ' plain\n      continued  \n\n      over lines',
      '\n      continued plain',
      '\n    \n',
    ];
    let simple = 0;
    for (let n = 0; n < Number(process.env.FUZZ ?? 4000); n++) {
      const segment = segments[Math.floor(next() * segments.length)];
      assert.ok(segment !== undefined);
      let text = segment.text;
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = Math.floor(next() * text.length);
        const roll = next();
        if (roll < 0.3) {
          text =
            text.slice(0, at) +
            (inserts[Math.floor(next() * inserts.length)] ?? '') +
            text.slice(at);
        } else if (roll < 0.4) {
          // A comment line, indented anyhow, with or without a space after its `#`.
          const start = text.lastIndexOf('\n', at) + 1;
          const comment = `${' '.repeat(Math.floor(next() * 8))}#${next() < 0.5 ? ' ' : ''}c\n`;
          text = text.slice(0, start) + comment + text.slice(start);
        } else if (roll < 0.7) {
          text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
        } else {
          // Indent, dedent or duplicate a line.
          const start = text.lastIndexOf('\n', at) + 1;
          const newline = text.indexOf('\n', at);
          const end = newline < 0 ? text.length : newline + 1;
          const line = text.slice(start, end);
          const spaces = 1 + Math.floor(next() * 2);
          const edited =
            roll < 0.8
              ? ' '.repeat(spaces) + line
              : roll < 0.9
                ? line.replace(new RegExp(`^ {1,${spaces}}`), '')
                : line + line;
          text = text.slice(0, start) + edited + text.slice(end);
        }
      }
      if (n % 4 === 3) {
        // Windows line ends, most of them or all, and now and then a carriage return alone.
        text = text.replace(/\r?\n/g, () => (next() < 0.95 ? '\r\n' : next() < 0.8 ? '\n' : '\r'));
      }
      simple += compare(text, `${segment.label} edited (${n})`) === 'simple' ? 1 : 0;
    }
    assert.ok(simple > 500, `${simple} edited documents composed`);
    if (process.env.FUZZ) console.log(simple);
  });

  it('makes nodes the yaml package takes for its own: same classes, marks and own properties', () => {
    const text = 'a: 1\nb:\n  - x\n  - &y {c: [d, 2]}\ne: *y\nf: [g]\n';
    const simple = composeSimpleDocument(text, options);
    const [doc] = parseAllDocuments(text, options);
    assert.ok(simple !== undefined && doc !== undefined);
    const nodesOf = (d: Document.Parsed): unknown[] => {
      const nodes: unknown[] = [];
      visit(d, (_key, node) => {
        nodes.push(node);
      });
      return nodes;
    };
    const theirs = nodesOf(doc);
    const ours = nodesOf(simple);
    assert.equal(ours.length, theirs.length);
    assert.ok(ours.length > 10);
    const guards: ((node: unknown) => boolean)[] = [
      isNode,
      isCollection,
      isMap,
      isSeq,
      isScalar,
      isPair,
      isAlias,
    ];
    // Own properties apart from the mark, which our prototypes carry, and the comments we skip.
    const own = (node: object): [PropertyKey, boolean | undefined][] =>
      Reflect.ownKeys(node)
        .filter((k) => k !== Symbol.for('yaml.node.type') && !ignored.has(String(k)))
        .map((k) => [k, Object.getOwnPropertyDescriptor(node, k)?.enumerable]);
    theirs.forEach((their, i) => {
      const our = ours[i] as object;
      assert.deepEqual(
        guards.map((is) => is(our)),
        guards.map((is) => is(their)),
        `node ${i}`,
      );
      assert.equal(our.constructor, (their as object).constructor);
      assert.ok(our instanceof (their as object).constructor, `node ${i}`);
      assert.deepEqual(own(our).sort(), own(their as object).sort(), `node ${i}`);
      if (isCollection(our)) {
        assert.equal(our.schema, simple.schema);
        // A copy is still the yaml package's node, with its own items.
        const copy = our.clone();
        assert.ok(isCollection(copy) && copy.constructor === our.constructor);
        assert.notEqual(copy.items, our.items);
        assert.deepEqual(copy.toJSON(), our.toJSON());
      }
    });
  });

  it('composes the shapes configuration files use', () => {
    const texts = [
      'a: 1\nb: [x, "y", 0x1F, {c: d}]\nc: {}\nd: []\n',
      'args: ["10s"] # a comment after a flow collection\nb: {c: [d]}   #c\n  # below\ne: 1\n',
      '--- # comment\n# more\nkind: "Service"   # tail\nspec:\n  ports:\n  - port: 80\n    name: http\n  -   8080   \n  - - nested\n',
      'script: |\n  line1\n\n  line2\n\nstrip: |-\n  text\nfolded: >\n  fold\n  me\n\n  para\n    more indented\n  back\nnext: 1\n',
      "quoted: 'it''s'\nescaped: \"tab\\there \\u00e9 \\x41 \\\"q\\\"\"\nempty: ''\n",
      'nulls:\n  a:\n  b: ~\n  c: null\nbools: [true, False, TRUE]\nnumbers: [1.10, -3, .inf, .nan, 1e3, 0o17]\n',
      'a:\n  b: 1\n# a comment at column 0\nc: 2\n# the end\n',
      '  indented: root\n  second: key\n',
      'url: http://example.com:8080/path\ncolon: a:b\nhash: a#b\n',
      'key: value\n\n\n',
      'a:\n  b: 1\n...\n# after the end\n',
      'verbs: ["get", "list",]\nx: {a: 1, }\n',
      "a: \"folded\n  over  \n\n  lines\"\nb: 'single\n  ''quoted'''\nc: \"escaped\\\n   break \\t\"\n",
      // Comments that ranges take in: a deeper one joins the value before it, and one at least
      // as deep as a nested collection stays in it when the collection ends.
      'a: 1\n  # joins the value 1\nb: 2\n',
      'a:\n  b: 1\n  # stays in the nested mapping\nc: 2\n',
      'k:\n  a:\n  - x\n  # stays in the sequence\n  b: 1\n',
      'a:\n  b: x\n# goes on to the next key\nc: 2\n',
      // Flow collections over lines, with comments; the closing bracket may stand at the
      // column of the key.
      'a:\n  args: [\n      "x", "y",\n      "z",\n  ]\n  b: 1\n',
      'args: [\n "x", # c\n "y"  \n  # d\n , z\n]\nb: 1\n',
      'k:\n- [\n  a, b\n  ]\n- {x: 1,\n   y: 2}\n',
      'k: [a,\n\n  b]  # c\nm: {a: [1,\n    2], b: {c:\n    d}}\n',
      // Keys of the same text from other values: composed, their data left to the yaml package.
      'a:\n  1: x\n  "1": y\n  .nan: 1\n  .NaN: 2\nb: {~: 1, "": 2, true: 3, "true": 4}\n',
      'a:\n  ~: null key\n  1: number key\n  true: boolean key\n  1.5: x\nb: [{null: 1, 0x10: 2}]\n',
      'a: {~: 1, "": 2}\n',
      // Anchors and aliases.
      'metadata:\n  labels: &labels\n    app: x\nspec:\n  selector:\n    matchLabels: *labels  # c\n  b: &v value\n  c: *v\n',
      'a: &list\n  - 1\n  - &two 2\nb: *two\nc:\n- *list\n- &f {x: 1}\n- &g "q"  # c\n',
      // Empty values followed by comment lines (settings commented out), then the next key.
      'data:\n  redis.db:\n\n  # Enables the feature\n  hydrator.enabled: "false"\n  a:\n    # b: 1\n  c:\n# d\n  e: 1\n',
      // Plain scalars over lines, as kubectl and CRD generators wrap them.
      'a: multi\n  line plain\nb: one\n  two  \n\n\n  three\n     four\n',
      'status:\n  conditions:\n  - message: endpoints have no\n      addresses\n    reason: Missing\n',
      'a: multi\n    line\n less\n',
      'description:\n  Spec defines the desired state\n  of a Trust Domain.  # c\nx:\n- a b\n  c:d e#f\n- 1\n  2\n',
    ];
    for (const [i, text] of texts.entries()) {
      assert.equal(compare(text, `case ${i}`), 'simple', `case ${i}: ${JSON.stringify(text)}`);
    }
  });

  it('reads flow collections over lines as the yaml package does, or leaves them to it', () => {
    // Every placement of line breaks, comments and indentation in a few flow collections.
    const bodies = ['"x", y, [z, {a: 1}]', '{a: [1, 2], "b": c}'];
    const columns = [0, 1, 2, 3, 4, 6];
    let simple = 0;
    let cases = 0;
    for (const [opening, body] of bodies.map((b) => [b.startsWith('{') ? '{' : '[', b] as const)) {
      const closing = opening === '[' ? ']' : '}';
      const tokens = body.split(/(?<=[,[{])/);
      for (const column of columns) {
        for (let mask = 0; mask < 1 << (tokens.length + 1); mask++) {
          let inner = '';
          tokens.forEach((token, t) => {
            inner += mask & (1 << t) ? `${token.trimStart()}\n${' '.repeat(column)}` : token;
          });
          const close = mask & (1 << tokens.length) ? `\n${' '.repeat(column)}${closing}` : closing;
          for (const [k, text] of [
            `top: ${opening}${inner}${close}\nnext: 1\n`,
            `a:\n  b: ${opening}${inner}${close}  # c\n  c: 2\n`,
            `- x\n- ${opening}${inner}${close}\n`,
            `a:\n  b: ${opening}\n${' '.repeat(column)}# comment\n${' '.repeat(column + 2)}${inner}${close}\n`,
          ].entries()) {
            cases++;
            simple += compare(text, `flow ${k} ${column} ${mask}`) === 'simple' ? 1 : 0;
          }
        }
      }
    }
    assert.ok(simple > cases / 3, `${simple} of ${cases} composed`);
    if (process.env.FUZZ) console.log(simple, cases);
  });

  it('reads comment lines after an empty value as the yaml package does, or leaves them to it', () => {
    // Every run of up to three comment lines and blank ones (spaces or none), at columns around
    // the mapping's, after an empty value (with spaces after its `:` or not) in mappings at the
    // root, nested, and in a sequence, then a key or not.
    const contexts = [
      { before: '', indent: '' },
      { before: 'x:\n', indent: '  ' },
      { before: 'x:\n  y:\n', indent: '    ' },
      { before: '- k: 1\n', indent: '  ' },
    ];
    let simple = 0;
    let cases = 0;
    for (const { before, indent } of contexts) {
      const col = indent.length;
      const lines = [0, col - 1, col, col + 1, col + 3]
        .filter((c, i, all) => c >= 0 && all.indexOf(c) === i)
        .flatMap((c) => [`${' '.repeat(c)}# c\n`, `${' '.repeat(c)}#c\n`, `${' '.repeat(c)}\n`]);
      const runs: string[] = [''];
      for (let n = 0; n < 3; n++) {
        for (const run of runs.filter((r) => r.split('\n').length - 1 === n)) {
          runs.push(...lines.map((l) => run + l));
        }
      }
      for (const run of runs) {
        for (const after of [`${indent}b: 1\n`, 'z: 2\n', '']) {
          for (const trail of ['', '  ']) {
            const text = `${before}${indent}a:${trail}\n${run}${after}`;
            cases++;
            simple += compare(text, `empty value ${cases}`) === 'simple' ? 1 : 0;
          }
        }
      }
    }
    assert.ok(simple > cases / 4, `${simple} of ${cases} composed`);
    if (process.env.FUZZ) console.log(simple, cases);
  });

  it('reads documents and streams of comments and blank lines only as the yaml package does', () => {
    const lines = ['', '  ', '# a', '  # b', '#', '#x: y', '# ---', '\t# tab'];
    const bodies: string[][] = [[]];
    for (let n = 1; n <= 3; n++) {
      for (const body of bodies.filter((b) => b.length === n - 1)) {
        bodies.push(...lines.map((line) => [...body, line]));
      }
    }
    let documents = 0;
    let streams = 0;
    for (const head of ['---', '--- # c', '---  ', '...', undefined]) {
      for (const body of bodies) {
        for (const [last, eol] of [
          ['\n', '\n'],
          ['', '\n'],
          ['\r\n', '\r\n'],
        ] as const) {
          const text = [...(head === undefined ? [] : [head]), ...body].join(eol) + last;
          if (compare(text, 'comments') === 'simple') {
            documents++;
          } else if (isCommentOnlyStream(text)) {
            // No document: the yaml package reads an empty stream, without a problem.
            const read = parseAllDocuments(text, options);
            assert.ok('empty' in read, JSON.stringify(text));
            assert.deepEqual([...read.errors, ...read.warnings], [], JSON.stringify(text));
            streams++;
          }
        }
      }
    }
    // Every text with a `---` line and no tab is a document composed; every one without, a stream.
    // (With CRLF line ends, a comment-only stream is left to the yaml package.)
    assert.equal(documents, 3 * 3 * (7 ** 3 + 7 ** 2 + 7 + 1));
    assert.equal(streams, 2 * (7 ** 3 + 7 ** 2 + 7 + 1));
  });

  it('leaves to the yaml package what it does not model', () => {
    const texts = [
      'a: *nowhere\n',
      'a: &x [*x]\n',
      'a: &x\n  b: *x\n',
      '- &x key: value\n',
      'a: &x\nb: 1\n',
      'a: &x\n  scalar below\n',
      'a: &x\n- 1\n',
      // Comment lines after a flow collection at the root: yaml's document range takes in one.
      '[x]\n# a\n# b\n',
      '[x]\n  \n\n',
      '&a\n&b\nkey: value\n',
      'k: &a &b v\n',
      '# h\n{a: 1}  # c\n# a\n',
      'base: 1\n<<: {a: 1}\n',
      '__proto__: 1\n',
      'a: {1: x, 1: y}\n',
      'a:\n  -0: x\n  0: y\n',
      'a: [*x]\n',
      'a: !Ref thing\n',
      'a: 1\na: 2\n',
      // Continuation lines of a plain scalar the yaml package may read otherwise.
      'a: multi\n  - line\n',
      'a: multi\n  line: key\n',
      'a: multi # c\n  line\n',
      'a: multi\n  line # c\n  more\n',
      'a: multi\n  # c\n  line\n',
      'a: multi\n  "line"\n',
      'a: "multi\nline not indented enough"\n',
      'a:\n  b: [1,\n  2]\n',
      'a:\n  b: [1,\n     2\n     3]\n',
      'a:\tb\n',
      'a: 1\rb: 2\n',
      'a: 1\r\nb: 2\r\rc: 3\r\n',
      '%YAML 1.2\n---\na: 1\n',
      '? complex\n: key\n',
      'a: |+\n  keep\n\n',
      'a: |2\n   explicit\n',
      'a: b: c\n',
      'a: - b\n',
      '',
      '# only a comment\n',
      // Comment lines after an empty value, then a line less indented or the end.
      'x:\n  a:\n  # c\ny: 1\n',
      'a:\n  # c\n',
      'a:\n#x\n  scalar after a comment that lowers the expected indentation\nb: 1\n',
      // Deeper than the composer goes: the yaml package's caller reports it as too deep.
      `${'- '.repeat(450)}x\n`,
      `a: ${'['.repeat(450)}${']'.repeat(450)}\n`,
    ];
    for (const text of texts) {
      assert.equal(composeSimpleDocument(text, options), undefined, JSON.stringify(text));
    }
  });
});
