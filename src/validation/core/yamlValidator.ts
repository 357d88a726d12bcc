import { isPair, isScalar, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { classifyDocument, type DocumentFormat } from '../../common/classify';
import { binaryFileProblem } from '../../common/decodeText';
import type { Problem, ProblemSource } from '../../common/problem';
import { maxNestingDepth, parseYaml, type YamlDocumentModel } from '../../common/yamlModel';
import { describeError } from '../../common/describeError';
import { takeComposedData } from '../../common/simpleYaml';
import { createCheckers, type CheckerEnvironment } from './checkers';
import type { CustomSchemas } from './customSchemas';
import { isFormatTagWarning } from './customTags';
import { findModelines, modelineAt, type Modeline, type SchemaMappings } from './schemaOverrides';
import { formatDocs, formatLabels, type DocumentSchema, type FormatChecker } from './formatChecker';
import { nodeRange, pathAtOffset } from './yamlPath';
import { CrdRegistry, mayHoldCrd } from './crdSchemas';

/** What validating one YAML text found. */
export interface ValidationResult {
  /** False when the file is deliberately not validated (see {@link isValidatedYaml}). */
  readonly validated: boolean;
  readonly problems: readonly Problem[];
  /** What each document was validated as, as {@link YamlValidator.formatsOf} says; when parsed. */
  readonly formats?: readonly (DocumentFormat | undefined)[];
}

/** Plain options, read from settings by the editor and from flags by the CLI. */
export interface ValidatorOptions extends Omit<CheckerEnvironment, 'crds'> {
  /**
   * Files longer than this (in characters; bytes for ASCII text) are not validated: one
   * warning says so. Default {@link defaultMaxFileSize}.
   */
  readonly maxFileSize?: number;
  /** Glob mappings from the `infraWorkbench.schemas` setting and `.infra-workbench.yaml`. */
  readonly mappings?: SchemaMappings;
  /** Loads user-supplied schemas (paths, URLs) that mappings and modelines name. */
  readonly customSchemas?: CustomSchemas;
  /** Formats the user turned off: their documents are left alone. */
  readonly disabledFormats?: ReadonlySet<DocumentFormat>;
}

/** What one document is validated as, and why. */
export interface DocumentRoute {
  /** The format whose checker validates the document, unless a schema was named instead. */
  readonly format: DocumentFormat | undefined;
  /** A user-supplied schema (path or URL) that validates the document instead of a format. */
  readonly schemaRef: string | undefined;
  /** Where the decision came from: `content`, `modeline`, `settings`, `.infra-workbench.yaml:3`. */
  readonly origin: string;
  /** The modeline that decided, when one did (problems about its schema go there). */
  readonly modeline: Modeline | undefined;
  /** The source of the problems `schemaRef` finds (`yaml` when absent; `helm` for chart values). */
  readonly source?: ProblemSource;
}

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
  /**
   * Problems of each parsed document, with offsets relative to the document's start, by what
   * else they depend on (format, path, CRD generation, schema). Keyed on the parsed document
   * itself: parseYaml hands out the same object for the same document text, so an edit finds
   * the results of every document it left alone without building a key from each document's
   * text, and the results go when the parse does. Checkers' results that name lines carry the
   * document's first line (`lineOf`), so that an edit that moves the document re-checks only those.
   */
  private readonly results = new WeakMap<Document.Parsed, Map<string, CachedProblems>>();
  private readonly maxFileSize: number;
  /** The CustomResourceDefinitions custom resources are checked against (see {@link setCrdSource}). */
  readonly crds = new CrdRegistry();

  constructor(private readonly options: ValidatorOptions) {
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

  /**
   * Whether {@link validate} would parse this text: not a Helm template, not binary, not above
   * the size limit. The workspace index reads facts only from such texts.
   */
  readsAsYaml(relativePath: string, text: string): boolean {
    return (
      isValidatedYaml(relativePath, text) && unreadableText(text, this.maxFileSize) === undefined
    );
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
    const routes = this.routes(relativePath, text);
    // Tags a document's format understands (`!vault` in Ansible, `!reset` in Compose) are not warned about.
    const problems: Problem[] = model.syntaxProblems.filter((p) => {
      const at = model.documents.findIndex(
        (d) => p.start >= d.offset && p.start < d.offset + d.text.length,
      );
      return !isFormatTagWarning(p, text, routes[at]?.format);
    });
    // Line numbers counted on from the previous document: once over the text, not once per document.
    let counted = 0;
    let linesBefore = 0;
    model.documents.forEach((document, index) => {
      linesBefore += lineBreaks(text, document.offset, counted);
      counted = Math.max(counted, document.offset);
      if (document.doc.errors.length > 0) {
        return; // a document that does not parse is reported by its syntax errors only
      }
      // A document no format claims is still read for alias bombs (see validateDocument).
      const route = routes[index] ?? unclaimed;
      const firstLine = 1 + linesBefore;
      for (const p of this.validateDocument(relativePath, document, route, partial, firstLine)) {
        problems.push({ ...p, start: p.start + document.offset, end: p.end + document.offset });
      }
    });
    const replacement = text.indexOf('\uFFFD');
    if (replacement >= 0) {
      problems.push(replacementCharacterProblem(replacement));
    }
    problems.sort((a, b) => a.start - b.start || a.end - b.end);
    return { validated: true, problems, formats: routes.map((r) => r?.format) };
  }

  /** What each document of a text was recognised as (undefined: left alone), in order. */
  formatsOf(relativePath: string, text: string): (DocumentFormat | undefined)[] {
    return this.routes(relativePath, text).map((r) => r?.format);
  }

  /**
   * What each document of a text is validated as (undefined: left alone), in order. A modeline
   * (`# yaml-language-server: $schema=...`) applies to every document after it until the next
   * one; then the last matching glob mapping; then the document's content.
   */
  routes(relativePath: string, text: string): (DocumentRoute | undefined)[] {
    const modelines = findModelines(text);
    return parseYaml(text).documents.map((document) =>
      this.routeOf(relativePath, document, modelines),
    );
  }

  /** The route of one document, given the modelines of the file (offsets in the file). */
  private routeOf(
    relativePath: string,
    document: YamlDocumentModel,
    modelines: readonly Modeline[],
  ): DocumentRoute | undefined {
    const mapping = this.options.mappings?.match(relativePath);
    // The modeline in force where the document's content starts (its header comments included).
    const contentStart = nodeRange(document.doc.contents)?.[0] ?? document.doc.range[1];
    const modeline = modelineAt(modelines, document.offset + contentStart);
    const override =
      modeline === undefined
        ? mapping === undefined
          ? undefined
          : { target: mapping.target, origin: mapping.origin }
        : { target: modeline.target, origin: 'modeline' };
    let route: DocumentRoute | undefined;
    const chartSchema = override === undefined ? this.chartValuesSchema(relativePath) : undefined;
    if (chartSchema !== undefined) {
      route = {
        format: undefined,
        schemaRef: chartSchema,
        origin: "the chart's values.schema.json",
        modeline: undefined,
        source: 'helm',
      };
    } else if (override === undefined) {
      const format = classifyDocument(relativePath, document.doc);
      route =
        format === undefined
          ? undefined
          : { format, schemaRef: undefined, origin: 'content', modeline: undefined };
    } else if (override.target.kind === 'format') {
      route = {
        format: override.target.format,
        schemaRef: undefined,
        origin: override.origin,
        modeline,
      };
    } else if (override.target.kind === 'schema') {
      route = {
        format: classifyDocument(relativePath, document.doc),
        schemaRef: resolveRelative(override.target.ref, modeline === undefined ? '' : relativePath),
        origin: override.origin,
        modeline,
      };
    }
    return route?.schemaRef === undefined &&
      route?.format !== undefined &&
      this.options.disabledFormats?.has(route.format) === true
      ? undefined
      : route;
  }

  /**
   * The `values.schema.json` a chart's `values.yaml` is checked against, as Helm does on install,
   * lint and template: when the folder holds `Chart.yaml` and `values.schema.json`. Undefined
   * for other files, when the schema is missing, or when Helm checks are turned off.
   */
  private chartValuesSchema(relativePath: string): string | undefined {
    const path = relativePath.replace(/\\/g, '/');
    const slash = path.lastIndexOf('/');
    const customSchemas = this.options.customSchemas;
    if (
      path.slice(slash + 1) !== 'values.yaml' ||
      customSchemas === undefined ||
      this.options.disabledFormats?.has('helm-chart') === true
    ) {
      return undefined;
    }
    const folder = path.slice(0, slash + 1);
    return customSchemas.fileExists(`${folder}Chart.yaml`) &&
      customSchemas.fileExists(`${folder}values.schema.json`)
      ? `${folder}values.schema.json`
      : undefined;
  }

  /**
   * The schema's documentation of the key or value at `offset`: its type, the type it belongs
   * to and the schema description. Undefined outside schema-validated documents.
   */
  describeAt(relativePath: string, text: string, offset: number): HoverInfo | undefined {
    const documents = parseYaml(text).documents;
    const index = documents.findIndex(
      (d) => d.offset + d.doc.range[0] <= offset && offset <= d.offset + d.doc.range[2],
    );
    const document = documents[index];
    if (document === undefined || document.doc.errors.length > 0) {
      return undefined;
    }
    const at = pathAtOffset(document.doc, offset - document.offset);
    if (at === undefined || at.segments.length === 0) {
      return undefined;
    }
    const schema = this.schemaOf(relativePath, document, text);
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
  schemaOf(
    relativePath: string,
    document: YamlDocumentModel,
    /** The whole file, for modelines before the document; without it, the document's own. */
    text?: string,
  ): DocumentSchema | undefined {
    const modelines =
      text === undefined
        ? findModelines(document.text).map((m) => ({
            ...m,
            start: m.start + document.offset,
            end: m.end + document.offset,
          }))
        : findModelines(text);
    const route = this.routeOf(relativePath, document, modelines);
    if (route === undefined) {
      return undefined;
    }
    if (route.schemaRef !== undefined) {
      const resolution = this.options.customSchemas?.resolve(route.schemaRef);
      return resolution?.state === 'ready'
        ? { navigator: resolution.schema.navigator, title: resolution.schema.title }
        : undefined;
    }
    const checker = route.format === undefined ? undefined : this.checkers[route.format];
    const data = toData(document.doc);
    if (checker === undefined || data instanceof AliasLimitError) {
      return undefined;
    }
    return checker.schemaFor({
      relativePath,
      doc: document.doc,
      text: document.text,
      data,
      partial: isPatchFile(relativePath),
    });
  }

  /** Problems of one document, by offsets in the document's text; cached by that text. */
  private validateDocument(
    relativePath: string,
    { offset, text, doc }: YamlDocumentModel,
    route: DocumentRoute,
    partial: boolean,
    firstLine: number,
  ): readonly Problem[] {
    if (route.schemaRef !== undefined) {
      const custom = this.validateCustom({ offset, text, doc }, route, route.schemaRef);
      if (custom.fallBack !== true) {
        return custom.problems;
      }
      // The named schema is unavailable: say so, and check the document as what it looks like.
      const byFormat = this.validateDocument(
        relativePath,
        { offset, text, doc },
        { ...route, schemaRef: undefined },
        partial,
        firstLine,
      );
      return [...custom.problems, ...byFormat];
    }
    const format = route.format;
    const checker = format === undefined ? undefined : this.checkers[format];
    if (format === undefined || checker === undefined) {
      // Not validated, but an alias bomb breaks every tool that reads the file: say so anyway.
      // Only documents with both an anchor and an alias can be one; they are rare and small.
      if (!(text.includes('&') && text.includes('*'))) {
        return [];
      }
      let problems = this.cached(doc, 'aliases')?.problems;
      if (problems === undefined) {
        const data = toData(doc);
        problems = data instanceof AliasLimitError ? [aliasLimitProblem(doc, data)] : [];
        this.cache(doc, 'aliases', { problems });
      }
      return problems;
    }
    // The CRD generation: a changed CRD changes what its custom resources' results are.
    const key = `${format}:${String(partial)}:${this.crds.generation}:${relativePath}`;
    const cached = this.cached(doc, key);
    // Results that name no line stay valid when lines are added above the document.
    if (
      cached !== undefined &&
      (cached.firstLine === undefined || cached.firstLine === firstLine)
    ) {
      return cached.problems;
    }
    const uses = { lines: false };
    const data = toData(doc);
    const problems =
      data instanceof AliasLimitError
        ? [aliasLimitProblem(doc, data)]
        : checker
            .check({
              relativePath,
              doc,
              text,
              data,
              partial,
              lineOf: (at) => {
                uses.lines = true;
                return firstLine + lineBreaks(text, at);
              },
            })
            .map((p) => (p.docUrl === undefined ? { ...p, docUrl: formatDocs[format] } : p));
    this.cache(doc, key, uses.lines ? { problems, firstLine } : { problems });
    return problems;
  }

  private cached(doc: Document.Parsed, key: string): CachedProblems | undefined {
    return this.results.get(doc)?.get(key);
  }

  private cache(doc: Document.Parsed, key: string, value: CachedProblems): void {
    let byKey = this.results.get(doc);
    if (byKey === undefined) {
      byKey = new Map();
      this.results.set(doc, byKey);
    } else if (byKey.size >= maxResultsPerDocument) {
      // Older CRD generations and schema versions: never asked for again.
      byKey.clear();
    }
    byKey.set(key, value);
  }

  /**
   * A document validated against a user-supplied schema (path or URL). When the schema cannot be
   * loaded, `fallBack` says the document's own format should check it as well.
   */
  private validateCustom(
    { offset, text, doc }: YamlDocumentModel,
    route: DocumentRoute,
    ref: string,
  ): { readonly problems: readonly Problem[]; readonly fallBack?: boolean } {
    const resolution = this.options.customSchemas?.resolve(ref) ?? {
      state: 'failed' as const,
      reason: 'user-supplied schemas are not available here',
    };
    // Problems about the schema itself sit on the modeline that named it, or the document start.
    const where =
      route.modeline !== undefined &&
      route.modeline.start >= offset &&
      route.modeline.end <= offset + text.length
        ? { start: route.modeline.start - offset, end: route.modeline.end - offset }
        : { start: doc.range[0], end: Math.min(doc.range[1], doc.range[0] + 1) };
    switch (resolution.state) {
      case 'pending':
        return { problems: [] };
      case 'failed':
        return {
          problems: [
            {
              code: 'schema-unavailable',
              severity: 'warning',
              source: route.source ?? 'yaml',
              message: `The schema named by ${route.origin} could not be loaded: ${resolution.reason}. ${
                route.format === undefined
                  ? 'The document was not validated.'
                  : `The document was checked as ${formatLabels[route.format]} instead.`
              }`,
              ...where,
            },
          ],
          fallBack: true,
        };
      case 'ready':
        break;
    }
    const source = route.source ?? 'yaml';
    const key = `schema:${source}:${ref}@${resolution.generation}`;
    let problems = this.cached(doc, key)?.problems;
    if (problems === undefined) {
      const data = toData(doc);
      try {
        problems =
          data instanceof AliasLimitError
            ? [aliasLimitProblem(doc, data)]
            : resolution.schema.problems(doc, data, source);
      } catch (error) {
        problems = [
          {
            code: 'schema-unavailable',
            severity: 'warning',
            source,
            message: `Not validated: the schema ${ref} (named by ${route.origin}) does not compile: ${describeError(error)}.`,
            ...where,
          },
        ];
      }
      this.cache(doc, key, { problems });
    }
    return { problems };
  }
}

/**
 * A modeline's relative schema path is relative to the file (as in yaml-language-server);
 * a mapping's to the workspace folder. Returns a workspace-relative path, or the ref unchanged.
 */
function resolveRelative(ref: string, relativePath: string): string {
  if (relativePath === '' || /^[a-z][\w+.-]*:/i.test(ref) || ref.startsWith('/')) {
    return ref;
  }
  const dir = relativePath.replace(/\\/g, '/').split('/').slice(0, -1);
  for (const part of ref.split('/')) {
    if (part === '..') {
      dir.pop();
    } else if (part !== '.' && part !== '') {
      dir.push(part);
    }
  }
  return dir.join('/');
}

/** Problems of one document, and its first line when they depend on it. */
interface CachedProblems {
  readonly problems: readonly Problem[];
  readonly firstLine?: number;
}

/** Results kept per parsed document: a few formats and paths, the current CRD generation. */
const maxResultsPerDocument = 16;

/** The route of a document no format or override claims. */
const unclaimed: DocumentRoute = {
  format: undefined,
  schemaRef: undefined,
  origin: 'content',
  modeline: undefined,
};

/** The number of line breaks in `text` from `start` to before `end`. */
function lineBreaks(text: string, end: number, start = 0): number {
  let count = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    count++;
  }
  return count;
}

class AliasLimitError {
  constructor(readonly message: string) {}
}

function toData(doc: Document.Parsed): unknown {
  const composed = takeComposedData(doc);
  if (composed !== undefined) {
    return composed.data;
  }
  const plain = plainData(doc.contents, 0);
  if (plain !== notPlain) {
    return plain;
  }
  try {
    return doc.toJS({ maxAliasCount });
  } catch (error) {
    return new AliasLimitError(error instanceof Error ? error.message : 'alias limit');
  }
}

/** {@link plainData} met something only the yaml package converts right. */
const notPlain: unique symbol = Symbol('notPlain');

/**
 * The data of a document without aliases, merge keys or special collections, as
 * `doc.toJS()` gives it, converted directly: yaml's toJS keeps a context per node for aliases
 * and anchors (a fifth of validating a repository's manifests went there). Anything else (an
 * alias, `<<`, a `__proto__` key, a collection as a key, a `!!set`/`!!omap` of YAML 1.1,
 * nesting deeper than the parser allows) answers {@link notPlain} and the caller asks yaml.
 */
function plainData(node: unknown, depth: number): unknown {
  if (node === null || node === undefined) {
    return null;
  }
  if (depth > maxNestingDepth) {
    return notPlain;
  }
  if (isScalar(node)) {
    const value = node.value;
    return value === null || (typeof value !== 'object' && typeof value !== 'bigint')
      ? (value ?? null)
      : notPlain;
  }
  if (node instanceof YAMLMap && node.constructor === YAMLMap) {
    const data: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key: unknown = pair.key;
      let name: string;
      if (key === null || key === undefined) {
        name = '';
      } else if (isScalar(key) && key.value === null) {
        name = '';
      } else if (
        isScalar(key) &&
        (typeof key.value === 'string' ||
          typeof key.value === 'number' ||
          typeof key.value === 'boolean')
      ) {
        name = String(key.value);
      } else {
        return notPlain;
      }
      if (name === '<<' || name === '__proto__' || Object.hasOwn(data, name)) {
        return notPlain;
      }
      const value = plainData(pair.value, depth + 1);
      if (value === notPlain) {
        return notPlain;
      }
      data[name] = value;
    }
    return data;
  }
  if (node instanceof YAMLSeq && node.constructor === YAMLSeq) {
    const items: unknown[] = [];
    for (const item of node.items) {
      if (isPair(item)) {
        return notPlain; // a pair in a flow sequence (`[a: 1]`) is an object of its own
      }
      const value = plainData(item, depth + 1);
      if (value === notPlain) {
        return notPlain;
      }
      items.push(value);
    }
    return items;
  }
  return notPlain; // an alias, or a node yaml converts its own way
}

/**
 * A document's data as {@link plainData} converts it, or undefined when only the yaml package
 * can (tests compare the two on the corpus).
 */
export function plainDocumentData(doc: Document.Parsed): { readonly data: unknown } | undefined {
  const data = plainData(doc.contents, 0);
  return data === notPlain ? undefined : { data };
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
