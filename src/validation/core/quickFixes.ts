import { isMap, isScalar, type YAMLMap } from 'yaml';
import type { Problem } from '../../common/problem';
import { parseYaml, type YamlDocumentModel } from '../../common/yamlModel';
import { scalarText, type SchemaSource } from './completion';
import type { DocumentSchema } from './formatChecker';
import { SchemaCodes } from './schemaProblems';
import { closestNames } from './suggest';
import { locate, nodeRange, pathAtOffset } from './yamlPath';

/** A text replacement in the validated text, by offsets. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A fix for one problem, as an editor offers it. */
export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix the editor applies on "auto fix" (the best suggestion). */
  readonly preferred: boolean;
}

/**
 * The text a problem was found in and where its schemas come from: fixes that need the schema
 * (allowed values, the type of a missing property) read it there rather than from the problem.
 */
export interface FixContext {
  readonly relativePath: string;
  readonly text: string;
  readonly schemas: SchemaSource;
}

/** The problem codes {@link quickFixesFor} may fix. */
export const fixableCodes: readonly string[] = [
  SchemaCodes.unknownProperty,
  SchemaCodes.invalidValue,
  SchemaCodes.missingProperty,
  'unquoted-data-value',
];

/** Values offered for an invalid one, at most. */
const maxValues = 20;

/**
 * The fixes of a problem: rename an unknown key to each suggestion (the closest first); with
 * the text and its schemas, also replace an invalid value by each allowed one (the closest
 * first) and add missing required properties with a placeholder of their type.
 */
export function quickFixesFor(problem: Problem, context?: FixContext): QuickFix[] {
  switch (problem.code) {
    case SchemaCodes.unknownProperty:
      return (problem.suggestions ?? []).map((name, index) => ({
        title: `Rename to '${name}'`,
        edits: [{ start: problem.start, end: problem.end, newText: name }],
        preferred: index === 0,
      }));
    case SchemaCodes.invalidValue:
      return context === undefined ? [] : enumFixes(problem, context);
    case 'unquoted-data-value':
      return (problem.suggestions ?? []).map((quoted) => ({
        title: `Quote the value: ${quoted}`,
        edits: [{ start: problem.start, end: problem.end, newText: quoted }],
        preferred: true,
      }));
    case SchemaCodes.missingProperty:
      return context === undefined ? [] : missingPropertyFixes(problem, context);
    default:
      return [];
  }
}

interface Located {
  readonly document: YamlDocumentModel;
  readonly schema: DocumentSchema;
  /** The problem's start, relative to the document. */
  readonly local: number;
}

function locateProblem(problem: Problem, context: FixContext): Located | undefined {
  const document = parseYaml(context.text)
    .documents.filter((d) => d.offset <= problem.start)
    .at(-1);
  if (document === undefined || document.doc.errors.length > 0) {
    return undefined;
  }
  const schema = context.schemas.schemaOf(context.relativePath, document);
  return schema === undefined
    ? undefined
    : { document, schema, local: problem.start - document.offset };
}

function enumFixes(problem: Problem, context: FixContext): QuickFix[] {
  const at = locateProblem(problem, context);
  const path = at === undefined ? undefined : pathAtOffset(at.document.doc, at.local);
  const field = path === undefined ? undefined : at?.schema.navigator.fieldAt(path.segments);
  if (at === undefined || field === undefined) {
    return [];
  }
  const node = locate(at.document.doc, path?.segments ?? []).node;
  const current = isScalar(node) ? scalarText(node.value) : '';
  const allowed = field.enumValues
    .filter((v) => v === null || typeof v !== 'object')
    .map((v) => scalarText(v));
  const close = closestNames(current, allowed, allowed.length);
  const ordered = [...close, ...allowed.filter((v) => !close.includes(v))].slice(0, maxValues);
  return ordered.map((value, index) => ({
    title: `Change to ${value}`,
    edits: [{ start: problem.start, end: problem.end, newText: value }],
    preferred: index === 0 && close.length > 0,
  }));
}

function missingPropertyFixes(problem: Problem, context: FixContext): QuickFix[] {
  const at = locateProblem(problem, context);
  if (at === undefined) {
    return [];
  }
  const { doc } = at.document;
  const named = /^Missing required property '([^']+)'/.exec(problem.message)?.[1];
  const key = pathAtOffset(doc, at.local)?.segments ?? [];
  // The problem sits on the key holding the incomplete mapping, or on the first key of a list
  // item or document that is incomplete itself.
  const candidates = [key, key.slice(0, -1)].map((path) => {
    const map = locate(doc, path).node;
    const field = at.schema.navigator.fieldAt(path);
    const missing =
      isMap(map) && field !== undefined ? field.required.filter((r) => !map.has(r)) : [];
    return { path, map, missing };
  });
  const chosen =
    candidates.find((c) => named !== undefined && c.missing.includes(named)) ??
    candidates.find((c) => named === undefined && c.missing.length > 0);
  if (chosen === undefined || !isMap(chosen.map)) {
    return [];
  }
  const insert =
    chosen.map.items.length === 0
      ? emptyMappingInsertion(at.document, chosen.map, chosen.path === key ? at.local : undefined)
      : chosen.map.flow === true
        ? undefined
        : insertionPoint(at.document, chosen.map);
  if (insert === undefined) {
    return [];
  }
  const line = (name: string): string =>
    `${' '.repeat(insert.indent)}${quoteKey(name)}: ${placeholder(at.schema, [...chosen.path, name])}`;
  const edit = (names: readonly string[]): TextEdit => ({
    start: insert.start,
    end: insert.end,
    newText: insert.before + names.map(line).join('\n') + insert.after,
  });
  const own = named ?? chosen.missing[0];
  const fixes: QuickFix[] =
    own === undefined
      ? []
      : [{ title: `Add missing property '${own}'`, edits: [edit([own])], preferred: true }];
  if (chosen.missing.length > 1) {
    fixes.push({
      title: 'Add all missing properties',
      edits: [edit(chosen.missing)],
      preferred: false,
    });
  }
  return fixes;
}

/** A replacement that adds keys to a mapping: `before` + the key lines + `after`. */
interface Insertion {
  readonly start: number;
  readonly end: number;
  readonly indent: number;
  readonly before: string;
  readonly after: string;
}

/** Where a new key goes: on a line of its own after the mapping's last entry, at its keys' column. */
function insertionPoint(document: YamlDocumentModel, map: YAMLMap): Insertion | undefined {
  const first = nodeRange(map.items[0]?.key);
  const last = map.items.at(-1);
  if (first === undefined || last === undefined) {
    return undefined;
  }
  const text = document.text;
  const lineStart = text.lastIndexOf('\n', first[0] - 1) + 1;
  const end = nodeRange(last.value)?.[1] ?? nodeRange(last.key)?.[1] ?? first[1];
  let offset: number;
  if (end > 0 && text[end - 1] === '\n') {
    offset = end;
  } else {
    const newline = text.indexOf('\n', end);
    offset = newline < 0 ? text.length : newline + 1;
  }
  const atEnd = offset === text.length && !text.endsWith('\n');
  return {
    start: document.offset + offset,
    end: document.offset + offset,
    indent: first[0] - lineStart,
    before: atEnd ? '\n' : '',
    after: '\n',
  };
}

/**
 * An empty mapping (`roleRef: {}`, as the placeholder of a missing object leaves it) becomes a
 * block mapping under its key, holding the added keys.
 */
function emptyMappingInsertion(
  document: YamlDocumentModel,
  map: YAMLMap,
  keyOffset: number | undefined,
): Insertion | undefined {
  const range = nodeRange(map);
  if (keyOffset === undefined || range === undefined || map.flow !== true) {
    return undefined;
  }
  const text = document.text;
  let start = range[0];
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) {
    start--;
  }
  if (text[start - 1] !== ':') {
    return undefined;
  }
  const keyColumn = keyOffset - (text.lastIndexOf('\n', keyOffset - 1) + 1);
  return {
    start: document.offset + start,
    end: document.offset + range[1],
    indent: keyColumn + 2,
    before: '\n',
    after: '',
  };
}

/** A value of the property's type, to be filled in: `""`, `0`, `false`, `{}`, `[]` or the first allowed value. */
function placeholder(schema: DocumentSchema, path: readonly string[]): string {
  const field = schema.navigator.fieldAt(path);
  const value = field?.enumValues.find((v) => v === null || typeof v !== 'object');
  if (value !== undefined) {
    return scalarText(value);
  }
  switch (field?.types[0]) {
    case 'object':
      return '{}';
    case 'array':
      return '[]';
    case 'integer':
    case 'number':
      return '0';
    case 'boolean':
      return 'false';
    case 'string':
      return '""';
    default:
      return field !== undefined && field.properties.length > 0 ? '{}' : '""';
  }
}

function quoteKey(name: string): string {
  return /^[A-Za-z_$][\w.$/-]*$/.test(name) ? name : JSON.stringify(name);
}
