import { parseYaml, splitDocuments, type YamlDocumentModel } from '../../common/yamlModel';
import type { DocumentSchema } from './formatChecker';
import type { SchemaField, SchemaProperty } from './schemaNavigator';
import { lineEntries, outlinePath, scanLines, type LineEntry } from './yamlOutline';

/** One completion proposal, by offsets in the whole text. */
export interface CompletionProposal {
  readonly label: string;
  readonly kind: 'property' | 'value';
  /** The type, shown beside the label (`integer`, `PodSpec`, `required · string`). */
  readonly detail: string | undefined;
  /** Markdown documentation from the schema. */
  readonly documentation: string | undefined;
  /**
   * What to insert: a snippet (`$0`, `${1|a,b|}`) whose lines after the first carry their full
   * indentation, so editors must insert it as is rather than re-indent it.
   */
  readonly insertText: string;
  /** Orders proposals: required keys first, then the others by name; values in schema order. */
  readonly sortText: string;
  /** The text the proposal replaces (the word being typed). */
  readonly start: number;
  readonly end: number;
}

/** What completion needs from the validator: the schema of a document. */
export interface SchemaSource {
  schemaOf(relativePath: string, document: YamlDocumentModel): DocumentSchema | undefined;
}

/**
 * Completion at `offset` in a YAML text whose document has a schema: the keys of the mapping
 * the cursor is in that are not there yet (required ones first), or the allowed values at a
 * value position. Works on the text as typed, which often does not parse: the path to the
 * cursor is read from indentation, and the parsed tree only tells which schema applies.
 */
export function completionsAt(
  source: SchemaSource,
  relativePath: string,
  text: string,
  offset: number,
): CompletionProposal[] {
  const segment = splitDocuments(text)
    .filter((s) => s.offset <= offset)
    .at(-1);
  if (segment === undefined) {
    return [];
  }
  const local = offset - segment.offset;
  const lines = scanLines(segment.text);
  let lineIndex = 0;
  while ((lines[lineIndex + 1]?.start ?? Number.POSITIVE_INFINITY) <= local) {
    lineIndex++;
  }
  const line = lines[lineIndex];
  if (line === undefined || local > line.start + line.text.length) {
    return [];
  }
  const column = local - line.start;
  const prefix = line.text.slice(0, column);
  if (
    /^(---|\.\.\.)/.test(line.text) ||
    /(^|\s)#/.test(prefix) ||
    insideBlockScalar(lines, lineIndex, column)
  ) {
    return [];
  }
  const schema = schemaAt(source, relativePath, segment.text, line.start, line.text.length);
  if (schema === undefined) {
    return [];
  }
  const entries = lineEntries(prefix);
  const last = entries.at(-1);
  const suffix = line.text.slice(column);
  if (last?.kind === 'key' && column >= last.column + last.name.length) {
    // A value position: `key: |`.
    const valueStart = Math.min(last.valueColumn, column);
    const typed = prefix.slice(valueStart);
    if (/^[[{|>&*!]/.test(typed)) {
      return [];
    }
    const path = outlinePath(lines, lineIndex, entries.slice(0, -1), last.column).segments;
    const field = schema.navigator.fieldAt([...path, last.name]);
    const end = column + (/^[^#]*?(?=\s*(#|$))/.exec(suffix)?.[0].length ?? 0);
    const lead = prefix.endsWith(':') ? ' ' : '';
    return field === undefined
      ? []
      : valueProposals(field, line.start + segment.offset, valueStart, end, lead);
  }
  const word = /[^\s-][^\s]*$/.exec(prefix.slice(last === undefined ? 0 : last.valueColumn));
  if (word !== null && /[:{}[\],]/.test(word[0])) {
    return [];
  }
  const keyColumn = word === null ? column : column - word[0].length;
  const before = entries.filter((e) => e.kind === 'dash');
  const where = outlinePath(lines, lineIndex, before, keyColumn);
  const field = schema.navigator.fieldAt(where.segments);
  if (field === undefined) {
    return [];
  }
  const start = line.start + segment.offset + keyColumn;
  const end = line.start + segment.offset + column + (/^[\w.\-/$]*/.exec(suffix)?.[0].length ?? 0);
  const hasColon = /^[\w.\-/$]*\s*:/.test(suffix);
  const proposals = keyProposals(schema, field, where, {
    start,
    end,
    keyColumn,
    listIndent: listIndent(lines) ?? 0,
    hasColon,
  });
  if (before.length > 0 && word === null) {
    // `- |` in a list of scalars: the values the items may take.
    proposals.push(...valueProposals(field, start, 0, end - start, ''));
  }
  return proposals;
}

/** The schema of the document being typed, from a parse that tolerates the line in progress. */
function schemaAt(
  source: SchemaSource,
  relativePath: string,
  text: string,
  lineStart: number,
  lineLength: number,
): DocumentSchema | undefined {
  const candidates = [
    text,
    // The line being typed is the usual reason the document does not parse: leave it out.
    text.slice(0, lineStart) + ' '.repeat(lineLength) + text.slice(lineStart + lineLength),
  ];
  let fallback: YamlDocumentModel | undefined;
  for (const candidate of candidates) {
    const document = parseYaml(candidate).documents[0];
    if (document === undefined) {
      continue;
    }
    if (document.doc.errors.length === 0) {
      return source.schemaOf(relativePath, document);
    }
    fallback ??= document;
  }
  return fallback === undefined ? undefined : source.schemaOf(relativePath, fallback);
}

interface KeyPlace {
  readonly start: number;
  readonly end: number;
  readonly keyColumn: number;
  /** How far the file indents a list under its key (0 or 2, from the file's own style). */
  readonly listIndent: number;
  /** The key is being renamed (`repl|icas: 3`): insert the name only. */
  readonly hasColon: boolean;
}

function keyProposals(
  schema: DocumentSchema,
  field: SchemaField,
  where: { readonly segments: readonly string[]; readonly siblings: ReadonlySet<string> },
  place: KeyPlace,
): CompletionProposal[] {
  return field.properties
    .filter((p) => !where.siblings.has(p.name))
    .map((p) => {
      const child = schema.navigator.fieldAt([...where.segments, p.name]);
      const type = child?.typeName ?? child?.types.join(' | ');
      return {
        label: p.name,
        kind: 'property',
        detail: [p.required ? 'required' : undefined, type === '' ? undefined : type]
          .filter((d) => d !== undefined)
          .join(' · '),
        documentation: p.description,
        insertText: place.hasColon ? escapeSnippet(p.name) : keySnippet(p, child, place),
        sortText: `${p.required ? '0' : '1'}${p.name}`,
        start: place.start,
        end: place.end,
      };
    });
}

function keySnippet(
  property: SchemaProperty,
  field: SchemaField | undefined,
  place: KeyPlace,
): string {
  const name = escapeSnippet(property.name);
  const types = field?.types ?? [];
  const values = property.enumValues.length > 0 ? property.enumValues : (field?.enumValues ?? []);
  if (values.length > 0 && values.every((v) => typeof v !== 'object' || v === null)) {
    return `${name}: \${1|${values.map((v) => escapeChoice(scalarText(v))).join(',')}|}`;
  }
  if (types.length === 1 && types[0] === 'array') {
    return `${name}:\n${' '.repeat(place.keyColumn + place.listIndent)}- $0`;
  }
  if (types.length === 1 && types[0] === 'object') {
    return `${name}:\n${' '.repeat(place.keyColumn + 2)}$0`;
  }
  if (types.length === 1 && types[0] === 'boolean') {
    return `${name}: \${1|true,false|}`;
  }
  return `${name}: $0`;
}

function valueProposals(
  field: SchemaField,
  lineOffset: number,
  startColumn: number,
  endColumn: number,
  lead: string,
): CompletionProposal[] {
  const values: unknown[] = [...field.enumValues];
  if (values.length === 0 && field.types.includes('boolean')) {
    values.push(true, false);
  }
  return values
    .filter((v) => typeof v !== 'object' || v === null)
    .map((v, index) => {
      const label = scalarText(v);
      return {
        label,
        kind: 'value',
        detail: field.typeName ?? (field.types.join(' | ') || undefined),
        documentation: field.description,
        insertText: lead + escapeSnippet(label),
        sortText: String(index).padStart(4, '0'),
        start: lineOffset + startColumn,
        end: lineOffset + endColumn,
      };
    });
}

/** A scalar as YAML writes it: quoted only when plain text would read as something else. */
export function scalarText(value: unknown): string {
  if (typeof value !== 'string') {
    return JSON.stringify(value);
  }
  const plain =
    /^[^\s\-?:,[\]{}#&*!|>'"%@`][^#]*$/.test(value) &&
    !/:(\s|$)|\s$/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[\da-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i.test(
      value,
    );
  return plain ? value : JSON.stringify(value);
}

/** How many columns the file indents a list under its key: 2 if any list is, else 0. */
function listIndent(lines: ReturnType<typeof scanLines>): number | undefined {
  let previous: LineEntry | undefined;
  for (const line of lines) {
    if (line.skip) {
      continue;
    }
    const first = line.entries[0];
    if (first?.kind === 'dash' && previous?.kind === 'key') {
      return first.column > previous.column ? first.column - previous.column : 0;
    }
    const last = line.entries.at(-1);
    previous =
      last?.kind === 'key' && line.text.slice(last.valueColumn).trim() === '' ? last : undefined;
  }
  return undefined;
}

/** The cursor is in the text of a `|` or `>` scalar, where keys are only text. */
function insideBlockScalar(
  lines: ReturnType<typeof scanLines>,
  lineIndex: number,
  column: number,
): boolean {
  const line = lines[lineIndex];
  if (line?.blockIndent === undefined) {
    return false;
  }
  return line.text.trim() !== '' || column > line.blockIndent;
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

function escapeChoice(text: string): string {
  return text.replace(/[$}\\,|]/g, '\\$&');
}
