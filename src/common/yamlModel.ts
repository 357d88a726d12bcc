import { isNode, parseAllDocuments, visit, type Document } from 'yaml';
import { LruCache } from './lruCache';
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
  readonly docs: readonly Document.Parsed[];
  /** Offsets relative to the segment. */
  readonly problems: readonly Problem[];
}

const modelCache = new LruCache<string, YamlModel>(64);
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
    let parsed = segmentCache.get(segment);
    if (parsed === undefined) {
      parsed = parseSegment(segment);
      segmentCache.set(segment, parsed);
    }
    for (const doc of parsed.docs) {
      documents.push({ offset, text: segment, doc });
    }
    for (const p of parsed.problems) {
      syntaxProblems.push({ ...p, start: p.start + offset, end: p.end + offset });
    }
  }
  const model = { text, documents, syntaxProblems };
  modelCache.set(text, model);
  return model;
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

function parseSegment(text: string): ParsedSegment {
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  const docs = [...parsed];
  const problems: Problem[] = [];
  for (const doc of docs) {
    for (const error of doc.errors) {
      const pos = error.code === 'DUPLICATE_KEY' ? keyRangeAt(doc, error.pos) : error.pos;
      problems.push(toProblem(text, pos, error.code, error.message, 'error'));
    }
    for (const warning of doc.warnings) {
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
  return { code: 'syntax', severity, source: 'yaml', message: cleanMessage(message), start, end };
}

/** The `yaml` package appends " at line L, column C" and a code frame; ranges carry that already. */
function cleanMessage(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '').trim();
}
