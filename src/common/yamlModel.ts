import { isNode, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import type { Problem } from './problem';

/**
 * A YAML text parsed once, with positions: every feature (validation, classification, the
 * workspace index, diagrams) reads this model instead of parsing again.
 */
export interface YamlModel {
  readonly text: string;
  /** The documents of the stream, in order; `---` separated documents each get one. */
  readonly documents: readonly Document.Parsed[];
  /** Converts offsets into 1-based line/column (`lineCounter.linePos(offset)`). */
  readonly lineCounter: LineCounter;
  /** YAML syntax errors and warnings (including duplicate keys), located by offsets. */
  readonly syntaxProblems: readonly Problem[];
}

const cacheLimit = 64;
const cache = new Map<string, YamlModel>();

/**
 * Parses a YAML stream into a {@link YamlModel}, or returns the cached model of the same text.
 * Never throws on bad input: syntax errors become problems. Aliases are not expanded here, so
 * an alias bomb costs no more than its text; code that converts to JS must bound `maxAliasCount`.
 */
export function parseYaml(text: string): YamlModel {
  const cached = cache.get(text);
  if (cached !== undefined) {
    // Refresh recency: Map iteration order is insertion order.
    cache.delete(text);
    cache.set(text, cached);
    return cached;
  }
  const model = parseUncached(text);
  cache.set(text, model);
  if (cache.size > cacheLimit) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) {
      cache.delete(oldest.value);
    }
  }
  return model;
}

function parseUncached(text: string): YamlModel {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const documents = [...parsed];
  const syntaxProblems: Problem[] = [];
  for (const doc of documents) {
    for (const error of doc.errors) {
      const pos = error.code === 'DUPLICATE_KEY' ? keyRangeAt(doc, error.pos) : error.pos;
      syntaxProblems.push(toProblem(text, pos, error.code, error.message, 'error'));
    }
    for (const warning of doc.warnings) {
      syntaxProblems.push(toProblem(text, warning.pos, warning.code, warning.message, 'warning'));
    }
  }
  if ('empty' in parsed) {
    // A stream with no document (only comments or directives) still carries its errors.
    for (const error of parsed.errors) {
      syntaxProblems.push(toProblem(text, error.pos, error.code, error.message, 'error'));
    }
  }
  return { text, documents, lineCounter, syntaxProblems };
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
