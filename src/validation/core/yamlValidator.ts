import type { Document } from 'yaml';
import { classifyDocument, type DocumentFormat } from '../../common/classify';
import { LruCache } from '../../common/lruCache';
import type { Problem } from '../../common/problem';
import { parseYaml, type YamlDocumentModel } from '../../common/yamlModel';
import { createCheckers, type CheckerEnvironment } from './checkers';
import { isFormatTagWarning } from './customTags';
import { formatDocs, type DocumentSchema, type FormatChecker } from './formatChecker';
import { pathAtOffset } from './yamlPath';

/** What validating one YAML text found. */
export interface ValidationResult {
  /** False when the file is deliberately not validated (see {@link isValidatedYaml}). */
  readonly validated: boolean;
  readonly problems: readonly Problem[];
}

/** Plain options, read from settings by the editor and from flags by the CLI. */
export type ValidatorOptions = CheckerEnvironment;

/** Aliases a document may expand when converted for schema validation (billion laughs guard). */
const maxAliasCount = 1000;

/**
 * Validates YAML texts: syntax and duplicate keys for every file, and each document of the stream
 * by the checker of what it is (Kubernetes, GitHub Actions, Compose, Ansible, Prometheus rules,
 * runbooks), each document told apart on its own. The same object serves the editor, the `check`
 * CLI and the benchmarks. Results are cached per document text, so an edit re-validates only the
 * documents it changed.
 */
export class YamlValidator {
  private readonly checkers: Partial<Record<DocumentFormat, FormatChecker>>;
  /** Problems of one document, with offsets relative to the document's start. */
  private readonly documentCache = new LruCache<string, readonly Problem[]>(2000);

  constructor(options: ValidatorOptions) {
    this.checkers = createCheckers(options);
  }

  validate(relativePath: string, text: string): ValidationResult {
    if (!isValidatedYaml(relativePath, text)) {
      return { validated: false, problems: [] };
    }
    const model = parseYaml(text);
    const partial = isPatchFile(relativePath);
    const formats = model.documents.map((d) => classifyDocument(relativePath, d.doc));
    const problems: Problem[] = model.syntaxProblems.filter((p) => {
      const at = model.documents.findIndex(
        (d) => p.start >= d.offset && p.start < d.offset + d.text.length,
      );
      return !isFormatTagWarning(p, text, formats[at]);
    });
    for (const document of model.documents) {
      if (document.doc.errors.length > 0) {
        continue; // a document that does not parse is reported by its syntax errors only
      }
      const firstLine = 1 + lineBreaks(text, document.offset);
      for (const p of this.validateDocument(relativePath, document, partial, firstLine)) {
        problems.push({ ...p, start: p.start + document.offset, end: p.end + document.offset });
      }
    }
    problems.sort((a, b) => a.start - b.start || a.end - b.end);
    return { validated: true, problems };
  }

  /** What each document of a text was recognised as (undefined: left alone), in order. */
  formatsOf(relativePath: string, text: string): (DocumentFormat | undefined)[] {
    return parseYaml(text).documents.map((d) => classifyDocument(relativePath, d.doc));
  }

  /**
   * The schema's documentation of the key or value at `offset`: its type, the type it belongs
   * to and the schema description. Undefined outside schema-validated documents.
   */
  describeAt(relativePath: string, text: string, offset: number): HoverInfo | undefined {
    const document = parseYaml(text).documents.find(
      (d) => d.offset + d.doc.range[0] <= offset && offset <= d.offset + d.doc.range[2],
    );
    if (document === undefined || document.doc.errors.length > 0) {
      return undefined;
    }
    const at = pathAtOffset(document.doc, offset - document.offset);
    if (at === undefined || at.segments.length === 0) {
      return undefined;
    }
    const schema = this.schemaOf(relativePath, document);
    const field = schema?.navigator.fieldAt(at.segments);
    if (schema === undefined || field === undefined) {
      return undefined;
    }
    const name = [...at.segments].reverse().find((s) => !/^\d+$/.test(s)) ?? '';
    const type = field.typeName ?? (field.types.join(' | ') || 'any');
    const lines = [
      `**${name}**: \`${type}\`${field.owner === undefined ? '' : ` — in \`${field.owner}\``}`,
    ];
    if (field.description !== undefined) {
      lines.push('', field.description);
    }
    if (field.enumValues.length > 0) {
      lines.push(
        '',
        `Allowed: ${field.enumValues.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`,
      );
    }
    if (field.required.length > 0) {
      lines.push('', `Required: ${field.required.map((r) => `\`${r}\``).join(', ')}`);
    }
    lines.push('', `*${schema.title}*`);
    return {
      markdown: lines.join('\n'),
      start: at.range[0] + document.offset,
      end: at.range[1] + document.offset,
    };
  }

  /** The schema of one document of a file, for hover and completion. */
  schemaOf(relativePath: string, document: YamlDocumentModel): DocumentSchema | undefined {
    const format = classifyDocument(relativePath, document.doc);
    const checker = format === undefined ? undefined : this.checkers[format];
    const data = toData(document.doc);
    if (checker === undefined || data instanceof AliasLimitError) {
      return undefined;
    }
    return checker.schemaFor({
      relativePath,
      doc: document.doc,
      data,
      partial: isPatchFile(relativePath),
    });
  }

  /** Problems of one document, by offsets in the document's text; cached by that text. */
  private validateDocument(
    relativePath: string,
    { text, doc }: YamlDocumentModel,
    partial: boolean,
    firstLine: number,
  ): readonly Problem[] {
    const format = classifyDocument(relativePath, doc);
    const checker = format === undefined ? undefined : this.checkers[format];
    if (format === undefined || checker === undefined) {
      return [];
    }
    // The document's first line is part of the key: messages may name lines of the file.
    const key = `${format}:${String(partial)}:${relativePath}:${doc.range[0]}:${firstLine}\n${text}`;
    let problems = this.documentCache.get(key);
    if (problems === undefined) {
      const data = toData(doc);
      problems =
        data instanceof AliasLimitError
          ? [aliasLimitProblem(doc, data)]
          : checker
              .check({
                relativePath,
                doc,
                data,
                partial,
                lineOf: (offset) => firstLine + lineBreaks(text, offset),
              })
              .map((p) => (p.docUrl === undefined ? { ...p, docUrl: formatDocs[format] } : p));
      this.documentCache.set(key, problems);
    }
    return problems;
  }
}

/** The number of line breaks in `text` before `end`. */
function lineBreaks(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    count++;
  }
  return count;
}

class AliasLimitError {
  constructor(readonly message: string) {}
}

function toData(doc: Document.Parsed): unknown {
  try {
    return doc.toJS({ maxAliasCount });
  } catch (error) {
    return new AliasLimitError(error instanceof Error ? error.message : 'alias limit');
  }
}

function aliasLimitProblem(doc: Document.Parsed, error: AliasLimitError): Problem {
  const [start, end] = doc.range;
  return {
    code: 'alias-limit',
    severity: 'error',
    source: 'yaml',
    message: `This document expands more than ${maxAliasCount} aliases; it was not validated. (${error.message})`,
    start,
    end: Math.min(end, start + 1),
  };
}

/** What hover shows for a key or value: Markdown, and the range it is about. */
export interface HoverInfo {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Kustomize and `kubectl patch` files hold partial objects: `*patch*.yaml`, or files under a
 * `patches/` folder. They are still checked for unknown fields and wrong types, not for
 * required ones. (Files a kustomization lists under `patches:` by other names need the
 * workspace index.)
 */
export function isPatchFile(relativePath: string): boolean {
  const path = relativePath.replace(/\\/g, '/').toLowerCase();
  return /(^|\/)patch(es)?\//.test(path) || /patch[^/]*\.ya?ml$/.test(path);
}

/**
 * Helm chart templates are Go templates that only become YAML after rendering: flagging them
 * as invalid YAML would be noise, so they are left alone.
 */
export function isValidatedYaml(relativePath: string, text: string): boolean {
  const path = relativePath.replace(/\\/g, '/');
  return !(/(^|\/)templates\//.test(path) && text.includes('{{'));
}
