import { isNode, parseAllDocuments, visit, type Document, type EmptyStream } from 'yaml';
import { LruCache } from './lruCache';
import { composeSimpleDocument, isCommentOnlyStream } from './simpleYaml';
import type { Problem } from './problem';

/**
 * One document of a YAML stream, parsed on its own. Node ranges and problem offsets are relative
 * to the document's `text`; add `offset` for positions in the whole file.
 */
export interface YamlDocumentModel {
  /** Where the document's text starts in the file. */
  readonly offset: number;
  /** The document's own text, from its `---` line (if any) to the next one. */
  readonly text: string;
  readonly doc: Document.Parsed;
}

/**
 * A YAML text parsed once, with positions: every feature (validation, classification, the
 * workspace index, diagrams) reads this model instead of parsing again. A stream is split at its
 * `---` lines and each document is parsed separately and cached by its text, so an edit re-parses
 * only the document it touches.
 */
export interface YamlModel {
  readonly text: string;
  /** The documents of the stream, in order. */
  readonly documents: readonly YamlDocumentModel[];
  /** YAML syntax errors and warnings (including duplicate keys), by offsets in the whole text. */
  readonly syntaxProblems: readonly Problem[];
}

interface ParsedSegment {
  /** The segment's text (not a slice of a larger string). */
  readonly text: string;
  readonly docs: readonly Document.Parsed[];
  /** Offsets relative to the segment. */
  readonly problems: readonly Problem[];
}

/**
 * The models of a few recent whole texts, found by comparing the texts (`===`): the same string
 * compares at once, and so does a text of another length. A map keyed by the text hashed every
 * new text whole (V8 hashes strings of up to 16,383 characters), which with the segment cache's
 * lookups took 2% of checking 50,000 documents.
 */
class RecentModels {
  /** Most recently used first. */
  private readonly models: YamlModel[] = [];

  constructor(private readonly limit: number) {}

  get(text: string): YamlModel | undefined {
    const i = this.models.findIndex((m) => m.text === text);
    const found = this.models[i];
    if (found !== undefined && i > 0) {
      this.models.splice(i, 1);
      this.models.unshift(found);
    }
    return found;
  }

  /** Keeps `model` (under its own text: a text looked up with may be a slice of a larger one). */
  add(model: YamlModel): void {
    this.delete(model.text);
    this.models.unshift(model);
    this.models.length = Math.min(this.models.length, this.limit);
  }

  delete(text: string): void {
    const i = this.models.findIndex((m) => m.text === text);
    if (i >= 0) {
      this.models.splice(i, 1);
    }
  }
}

/** Whole texts, each up to megabytes: a few recent versions (a miss re-reads only the segment cache). */
const modelCache = new RecentModels(3);
const segmentCache = new LruCache<string, ParsedSegment>(20_000);

/**
 * Parses a YAML stream into a {@link YamlModel}, reusing the parse of every document whose text
 * has not changed. Never throws on bad input: syntax errors become problems. Aliases are not
 * expanded here, so an alias bomb costs no more than its text; code that converts to JS must
 * bound `maxAliasCount`.
 */
export function parseYaml(text: string): YamlModel {
  const cached = modelCache.get(text);
  if (cached !== undefined) {
    return cached;
  }
  const documents: YamlDocumentModel[] = [];
  const syntaxProblems: Problem[] = [];
  for (const { offset, text: segment } of splitDocuments(text)) {
    // An empty cache is not asked: that would hash the segment (the CLI caches none).
    let parsed = segmentCache.size === 0 ? undefined : segmentCache.get(segment);
    if (parsed === undefined && transient) {
      parsed = { ...parseSegment(segment), text: segment };
    } else if (parsed === undefined) {
      // A slice of the text would keep the whole text of this version alive as long as the
      // cache holds the segment: one copy of a large file per edit. Keep a copy of its own.
      // A file of one document is its own segment: nothing larger to keep alive.
      const own = segment.length === text.length ? segment : ownString(segment);
      parsed = { ...parseSegment(own), text: own };
      segmentCache.set(own, parsed);
    }
    for (const doc of parsed.docs) {
      documents.push({ offset, text: parsed.text, doc });
    }
    for (const p of parsed.problems) {
      syntaxProblems.push({ ...p, start: p.start + offset, end: p.end + offset });
    }
  }
  const model = { text, documents, syntaxProblems };
  modelCache.add(model);
  if (transient) {
    transientModels.add(model);
  }
  return model;
}

/** Set while {@link parseOnce} runs. */
let transient = false;

/** Models whose documents are in no segment cache: {@link forgetParse} has nothing more to drop. */
const transientModels = new WeakSet<YamlModel>();

/**
 * Runs `read` with the parses of new texts kept only as whole models, for a caller that calls
 * {@link forgetParse} right after (the `check` CLI, the index for a closed file): their
 * documents are neither copied out of the text nor cached one by one, which cost a twentieth of
 * checking a repository for nothing. Parses `read` makes with {@link parseYaml} are still reused
 * until then.
 */
export function parseOnce<T>(read: () => T): T {
  const outer = transient;
  transient = true;
  try {
    return read();
  } finally {
    transient = outer;
  }
}

/**
 * Drops the parse of a text from the caches: for a caller that reads each text once (the
 * `check` CLI), so that the parsed documents of thousands of files are not kept for edits that
 * will not come. A later {@link parseYaml} of the text parses it again.
 */
export function forgetParse(text: string): void {
  const model = modelCache.get(text);
  modelCache.delete(text);
  if (model !== undefined && transientModels.has(model)) {
    return;
  }
  for (const { text: segment } of splitDocuments(text)) {
    segmentCache.delete(segment);
  }
}

/**
 * A copy of `text` that refers to no larger string. V8 makes substrings as views of their
 * parent (and sees through concatenations when slicing them); a JSON round trip builds a new
 * string, exact for any UTF-16 text, lone surrogates included.
 */
function ownString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * Splits a stream before each line that starts a document (`---` at column 0, alone or followed
 * by a space). YAML forbids such a line inside any content, so a split never cuts a scalar.
 * Directives (`%YAML`) stay with the document they precede.
 */
export function splitDocuments(text: string): { offset: number; text: string }[] {
  const starts = [0];
  const marker = /^---(?=[ \t]|\r?\n|$)/gm;
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    if (m.index > 0) {
      starts.push(m.index);
    }
  }
  const segments: { offset: number; text: string }[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] ?? 0;
    const end = starts[i + 1] ?? text.length;
    const segment = text.slice(start, end);
    const previous = segments.at(-1);
    if (previous !== undefined && /^%/m.test(previous.text)) {
      // Directives belong to the next document: parse them together.
      segments[segments.length - 1] = { offset: previous.offset, text: previous.text + segment };
    } else {
      segments.push({ offset: start, text: segment });
    }
  }
  return segments;
}

/**
 * Application-specific tags of formats we read, accepted silently: CloudFormation intrinsic
 * functions, GitLab CI's `!reference`, Ansible's `!vault`/`!unsafe`, Home Assistant and ESPHome
 * includes and secrets. Their values are read as the plain scalar, list or mapping they tag.
 * Other tags still get a warning (they may be typos).
 */
export const knownTags: readonly string[] = [
  // CloudFormation / SAM
  '!Ref',
  '!Sub',
  '!GetAtt',
  '!Base64',
  '!Cidr',
  '!FindInMap',
  '!GetAZs',
  '!ImportValue',
  '!Join',
  '!Select',
  '!Split',
  '!Transform',
  '!And',
  '!Equals',
  '!If',
  '!Not',
  '!Or',
  '!Condition',
  '!ToJsonString',
  '!Length',
  '!Rain::Embed',
  // GitLab CI
  '!reference',
  // Ansible
  '!vault',
  '!unsafe',
  '!vault-encrypted',
  // Home Assistant / ESPHome
  '!include',
  '!include_dir_list',
  '!include_dir_merge_list',
  '!include_dir_named',
  '!include_dir_merge_named',
  '!secret',
  '!env_var',
  '!input',
  '!lambda',
  '!extend',
  '!remove',
];

/**
 * The parser reads a tag it does not know as the plain scalar, list or mapping it tags (what
 * {@link knownTags} ask for) and warns; the warnings about known tags are dropped. Passing
 * them as `customTags` instead would read the same values, but the parser rebuilds its tag list
 * for every document from them (quadratic in the tags: 10% of parsing a repository).
 */
const knownTagSet = new Set(knownTags);

/** The yaml package's recursion ran out of stack: the message it reports then. */
const stackExhausted = 'Maximum call stack size exceeded';

/**
 * Deeper than any real configuration, shallow enough that neither the parser (which recurses
 * per level and runs out of stack near 800) nor the checkers after it come near their limits.
 */
export const maxNestingDepth = 500;

const parseOptions = {
  prettyErrors: false,
  uniqueKeys: true,
  // Problems are returned, never printed: keep the extension host's console and CI logs clean.
  logLevel: 'error',
} as const;

function parseSegment(text: string): Omit<ParsedSegment, 'text'> {
  // Most configuration documents are simple; their parse is the same, several times faster.
  const simple = composeSimpleDocument(text, parseOptions);
  if (simple !== undefined) {
    return { docs: [simple], problems: [] };
  }
  if (isCommentOnlyStream(text)) {
    return { docs: [], problems: [] }; // a licence header before the first `---`, say
  }
  const tooDeepAt = nestingBeyond(text, maxNestingDepth);
  if (tooDeepAt !== undefined) {
    // Parsing would cost seconds of stack unwinding and say nothing more useful than this.
    return {
      docs: [],
      problems: [tooDeepProblem(text, tooDeepAt, `more than ${maxNestingDepth} levels`)],
    };
  }
  let parsed: Document.Parsed[] | EmptyStream;
  try {
    parsed = parseAllDocuments(text, parseOptions);
  } catch (error) {
    // The parser reports bad input as errors; this is for what it did not foresee (stack, memory).
    const message = error instanceof Error ? error.message : String(error);
    return {
      docs: [],
      problems: [
        {
          code: message.includes(stackExhausted) ? 'too-deep' : 'syntax',
          severity: 'error',
          source: 'yaml',
          message: `This YAML could not be read (${message}); it was not validated.`,
          start: 0,
          end: Math.min(1, text.length),
        },
      ],
    };
  }
  const docs = [...parsed];
  const problems: Problem[] = [];
  for (const doc of docs) {
    const tooDeep = doc.errors.find((e) => e.message.includes(stackExhausted));
    if (tooDeep !== undefined) {
      // Dozens of "stack exceeded" and follow-on errors say nothing more than this one does.
      problems.push(tooDeepProblem(text, tooDeep.pos[0], 'the parser ran out of stack here'));
      continue;
    }
    for (const error of doc.errors) {
      const pos = error.code === 'DUPLICATE_KEY' ? keyRangeAt(doc, error.pos) : error.pos;
      problems.push(toProblem(text, pos, error.code, error.message, 'error'));
    }
    for (const warning of doc.warnings) {
      if (
        warning.code === 'TAG_RESOLVE_FAILED' &&
        knownTagSet.has(text.slice(warning.pos[0], warning.pos[1]))
      ) {
        continue;
      }
      problems.push(toProblem(text, warning.pos, warning.code, warning.message, 'warning'));
    }
  }
  if ('empty' in parsed) {
    // A stream with no document (only comments or directives) still carries its errors.
    for (const error of parsed.errors) {
      problems.push(toProblem(text, error.pos, error.code, error.message, 'error'));
    }
  }
  return { docs, problems };
}

function tooDeepProblem(text: string, offset: number, why: string): Problem {
  return {
    code: 'too-deep',
    severity: 'error',
    source: 'yaml',
    message: `This document is nested too deeply to read (${why}); it was not validated. Flatten the structure.`,
    start: Math.min(offset, text.length),
    end: Math.min(offset + 1, text.length),
  };
}

/**
 * Where a text's nesting first exceeds `limit` levels, by a linear scan that never recurses:
 * flow brackets outside quotes and comments, plus block levels (a stack of indentations, and
 * each `- ` that opens a sequence on the same line). It may overcount (a literal block indented
 * like a staircase), never by enough to reach a limit real files stay far below.
 */
export function nestingBeyond(text: string, limit: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) {
      lineEnd = text.length;
    }
    let i = lineStart;
    while (i < lineEnd && text[i] === ' ') {
      i++;
    }
    const blank = i >= lineEnd || text[i] === '#' || text[i] === '\r';
    if (!blank && flow === 0) {
      const indent = i - lineStart;
      while (indents.length > 0 && (indents.at(-1) ?? 0) >= indent) {
        indents.pop();
      }
      indents.push(indent);
    }
    let sequences = 0;
    while (
      !blank &&
      flow === 0 &&
      text[i] === '-' &&
      (text[i + 1] === ' ' || text[i + 1] === '\t')
    ) {
      sequences++;
      if (indents.length + sequences > limit) {
        return i;
      }
      i += 2;
      while (text[i] === ' ') {
        i++;
      }
    }
    if (indents.length > limit) {
      return i;
    }
    let quote: string | undefined;
    for (; i < lineEnd; i++) {
      const c = text[i];
      if (quote !== undefined) {
        if (c === quote) {
          quote = undefined;
        }
      } else if (c === '"' || c === "'") {
        quote = flow > 0 || text[i - 1] === ' ' || text[i - 1] === ':' ? c : undefined;
      } else if (c === '#' && (i === lineStart || text[i - 1] === ' ')) {
        break;
      } else if (c === '[' || c === '{') {
        flow++;
        if (indents.length + sequences + flow > limit) {
          return i;
        }
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      }
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** The `yaml` package locates a duplicate key by its first character; widen that to the whole key. */
function keyRangeAt(
  doc: Document.Parsed,
  pos: readonly [number, number],
): readonly [number, number] {
  let range: readonly [number, number] = pos;
  visit(doc, {
    Pair(_, pair) {
      if (isNode(pair.key) && pair.key.range?.[0] === pos[0]) {
        range = [pair.key.range[0], pair.key.range[1]];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return range;
}

function toProblem(
  text: string,
  pos: readonly [number, number],
  yamlCode: string,
  message: string,
  severity: 'error' | 'warning',
): Problem {
  const start = Math.min(pos[0], text.length);
  // A zero-width range is invisible in an editor: widen it to one character where possible.
  const end = pos[1] > start ? Math.min(pos[1], text.length) : Math.min(start + 1, text.length);
  if (yamlCode === 'DUPLICATE_KEY') {
    const key = text.slice(start, end).split('\n', 1)[0] ?? '';
    return {
      code: 'duplicate-key',
      severity,
      source: 'yaml',
      message: `Duplicate key '${key}': a mapping holds each key once, and tools disagree on which value wins. Remove or rename one of them.`,
      start,
      end,
    };
  }
  return {
    code: 'syntax',
    severity,
    source: 'yaml',
    message: clearMessage(yamlCode, message),
    start,
    end,
  };
}

/** The yaml package's message, said the way a user can act on it. */
function clearMessage(yamlCode: string, message: string): string {
  switch (yamlCode) {
    case 'TAB_AS_INDENT':
      return 'Tabs are not allowed for indentation in YAML; use spaces.';
    case 'TAG_RESOLVE_FAILED': {
      const tag = /Unresolved tag: (\S+)/.exec(message)?.[1] ?? 'this tag';
      return `Unknown tag ${tag}: its value is read as plain YAML. Check the spelling if a tool expects it.`;
    }
    default:
      return cleanMessage(message);
  }
}

/** The `yaml` package appends " at line L, column C" and a code frame; ranges carry that already. */
function cleanMessage(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '').trim();
}
