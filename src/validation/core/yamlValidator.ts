import type { Document } from 'yaml';
import { classifyDocument, type DocumentFormat } from '../../common/classify';
import { binaryFileProblem } from '../../common/decodeText';
import { LruCache } from '../../common/lruCache';
import type { Problem } from '../../common/problem';
import { parseYaml, type YamlDocumentModel } from '../../common/yamlModel';
import { createCheckers, type CheckerEnvironment } from './checkers';
import { CrdRegistry, mayHoldCrd } from './crdSchemas';
import { formatDocs, type DocumentSchema, type FormatChecker } from './formatChecker';
import { pathAtOffset } from './yamlPath';

/** What validating one YAML text found. */
export interface ValidationResult {
  /** False when the file is deliberately not validated (see {@link isValidatedYaml}). */
  readonly validated: boolean;
  readonly problems: readonly Problem[];
}

/** Plain options, read from settings by the editor and from flags by the CLI. */
export type ValidatorOptions = Omit<CheckerEnvironment, 'crds'> & {
  /**
   * Files longer than this (in characters; bytes for ASCII text) are not validated: one
   * warning says so. Default {@link defaultMaxFileSize}.
   */
  readonly maxFileSize?: number;
};

/** 5 MB: far above hand-written manifests, below what would stall the editor. */
export const defaultMaxFileSize = 5 * 1024 * 1024;

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
  private readonly maxFileSize: number;
  /** The CustomResourceDefinitions custom resources are checked against (see {@link setCrdSource}). */
  readonly crds = new CrdRegistry();

  constructor(options: ValidatorOptions) {
    this.checkers = createCheckers({ ...options, crds: this.crds });
    this.maxFileSize = options.maxFileSize ?? defaultMaxFileSize;
  }

  /**
   * Sets (text) or forgets (undefined) the CustomResourceDefinitions of one file. `fileKey`
   * names the file in titles and messages (a workspace-relative path). Cheap when the text holds
   * no CRD or the same CRDs as before. Re-validate open documents after a change: results of
   * custom resources depend on it (cached results are keyed on the CRD generation).
   */
  setCrdSource(fileKey: string, text: string | undefined): void {
    if (text === undefined || text.length > this.maxFileSize || !mayHoldCrd(text)) {
      this.crds.removeFile(fileKey);
      return;
    }
    this.crds.setModel(fileKey, parseYaml(text));
  }

  validate(relativePath: string, text: string): ValidationResult {
    if (!isValidatedYaml(relativePath, text)) {
      return { validated: false, problems: [] };
    }
    const unreadable = unreadableText(text, this.maxFileSize);
    if (unreadable !== undefined) {
      return { validated: true, problems: [unreadable] };
    }
    const model = parseYaml(text);
    const partial = isPatchFile(relativePath);
    const problems: Problem[] = [...model.syntaxProblems];
    for (const document of model.documents) {
      if (document.doc.errors.length > 0) {
        continue; // a document that does not parse is reported by its syntax errors only
      }
      for (const p of this.validateDocument(relativePath, document, partial)) {
        problems.push({ ...p, start: p.start + document.offset, end: p.end + document.offset });
      }
    }
    const replacement = text.indexOf('\uFFFD');
    if (replacement >= 0) {
      problems.push(replacementCharacterProblem(replacement));
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
  ): readonly Problem[] {
    const format = classifyDocument(relativePath, doc);
    const checker = format === undefined ? undefined : this.checkers[format];
    if (format === undefined || checker === undefined) {
      // Not validated, but an alias bomb breaks every tool that reads the file: say so anyway.
      // Only documents with both an anchor and an alias can be one; they are rare and small.
      if (!(text.includes('&') && text.includes('*'))) {
        return [];
      }
      const key = `aliases:${doc.range[0]}\n${text}`;
      let problems = this.documentCache.get(key);
      if (problems === undefined) {
        const data = toData(doc);
        problems = data instanceof AliasLimitError ? [aliasLimitProblem(doc, data)] : [];
        this.documentCache.set(key, problems);
      }
      return problems;
    }
    // The CRD generation: a changed CRD changes what its custom resources' results are.
    const key = `${format}:${String(partial)}:${this.crds.generation}:${relativePath}:${doc.range[0]}\n${text}`;
    let problems = this.documentCache.get(key);
    if (problems === undefined) {
      const data = toData(doc);
      problems =
        data instanceof AliasLimitError
          ? [aliasLimitProblem(doc, data)]
          : checker
              .check({ relativePath, doc, data, partial })
              .map((p) => (p.docUrl === undefined ? { ...p, docUrl: formatDocs[format] } : p));
      this.documentCache.set(key, problems);
    }
    return problems;
  }
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

/**
 * Texts not worth parsing, as one problem at the start: binary files (NUL characters) and files
 * above the size limit. Undefined for texts to validate.
 */
function unreadableText(text: string, maxFileSize: number): Problem | undefined {
  if (text.length > maxFileSize) {
    const mb = (n: number): string => `${Number((n / (1024 * 1024)).toFixed(1))} MB`;
    return {
      code: 'file-too-large',
      severity: 'warning',
      source: 'yaml',
      message: `File is ${mb(text.length)}, above the ${mb(maxFileSize)} limit; not validated (raise infraWorkbench.validation.maxFileSize).`,
      start: 0,
      end: 0,
    };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    return binaryFileProblem();
  }
  return undefined;
}

function replacementCharacterProblem(offset: number): Problem {
  return {
    code: 'invalid-utf8',
    severity: 'warning',
    source: 'yaml',
    message:
      'U+FFFD replacement character: the file is probably not valid UTF-8 here (bytes that could not be decoded). Re-save it as UTF-8.',
    start: offset,
    end: offset + 1,
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
