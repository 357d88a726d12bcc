import { isMap, isScalar, type Document } from 'yaml';
import { LruCache } from '../../common/lruCache';
import type { Problem } from '../../common/problem';
import { parseYaml, type YamlDocumentModel } from '../../common/yamlModel';
import { KubernetesSchemas } from './kubernetesSchemas';
import { schemaProblems } from './schemaProblems';
import { pathAtOffset } from './yamlPath';

/** What validating one YAML text found. */
export interface ValidationResult {
  /** False when the file is deliberately not validated (see {@link isValidatedYaml}). */
  readonly validated: boolean;
  readonly problems: readonly Problem[];
}

/** Plain options, read from settings by the editor and from flags by the CLI. */
export interface ValidatorOptions {
  /** The folder holding the bundled schemas (the extension's or the CLI's `schemas/`). */
  readonly schemasDir: string;
  readonly kubernetesVersion: string;
}

/** Aliases a document may expand when converted for schema validation (billion laughs guard). */
const maxAliasCount = 1000;

/**
 * Validates YAML texts: syntax and duplicate keys for every file, and each document of the stream
 * against the schema of what it is (today: Kubernetes kinds, strict). The same object serves
 * the editor, the `check` CLI and the benchmarks. Results are cached per document text, so an
 * edit re-validates only the documents it changed.
 */
export class YamlValidator {
  private kubernetes: KubernetesSchemas | undefined;
  /** Problems of one document, with offsets relative to the document's start. */
  private readonly documentCache = new LruCache<string, readonly Problem[]>(2000);

  constructor(private readonly options: ValidatorOptions) {}

  validate(relativePath: string, text: string): ValidationResult {
    if (!isValidatedYaml(relativePath, text)) {
      return { validated: false, problems: [] };
    }
    const model = parseYaml(text);
    const patchFile = isPatchFile(relativePath);
    const problems: Problem[] = [...model.syntaxProblems];
    for (const document of model.documents) {
      if (document.doc.errors.length > 0) {
        continue; // a document that does not parse is reported by its syntax errors only
      }
      for (const p of this.validateDocument(document, patchFile)) {
        problems.push({ ...p, start: p.start + document.offset, end: p.end + document.offset });
      }
    }
    problems.sort((a, b) => a.start - b.start || a.end - b.end);
    return { validated: true, problems };
  }

  /**
   * The schema's documentation of the key or value at `offset`: its type, the type it belongs
   * to and the schema description. Undefined outside schema-validated documents.
   */
  describeAt(text: string, offset: number): HoverInfo | undefined {
    const document = parseYaml(text).documents.find(
      (d) => d.offset + d.doc.range[0] <= offset && offset <= d.offset + d.doc.range[2],
    );
    if (document === undefined) {
      return undefined;
    }
    const gvk = kubernetesGvk(document.doc);
    const at = pathAtOffset(document.doc, offset - document.offset);
    if (gvk === undefined || at === undefined || at.segments.length === 0) {
      return undefined;
    }
    const field = this.schemas().fieldAt(gvk.apiVersion, gvk.kind, at.segments);
    if (field === undefined) {
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
    if (field.required.length > 0) {
      lines.push('', `Required: ${field.required.map((r) => `\`${r}\``).join(', ')}`);
    }
    lines.push(
      '',
      `*Kubernetes ${this.options.kubernetesVersion} · ${gvk.apiVersion} ${gvk.kind}*`,
    );
    return {
      markdown: lines.join('\n'),
      start: at.range[0] + document.offset,
      end: at.range[1] + document.offset,
    };
  }

  /** The bundled Kubernetes schemas, loaded on the first Kubernetes document. */
  private schemas(): KubernetesSchemas {
    this.kubernetes ??= KubernetesSchemas.load(
      this.options.schemasDir,
      this.options.kubernetesVersion,
    );
    return this.kubernetes;
  }

  /** Problems of one document, by offsets in the document's text; cached by that text. */
  private validateDocument(
    { text, doc }: YamlDocumentModel,
    patchFile: boolean,
  ): readonly Problem[] {
    const gvk = kubernetesGvk(doc);
    if (gvk === undefined || gvk.apiVersion === 'runbooks/v1') {
      return [];
    }
    const partial = patchFile || (isMap(doc.contents) && doc.contents.has('$patch'));
    const key = `k8s:${this.options.kubernetesVersion}:${String(partial)}:${doc.range[0]}\n${text}`;
    let problems = this.documentCache.get(key);
    if (problems === undefined) {
      problems = this.validateKubernetes(doc, gvk, partial);
      this.documentCache.set(key, problems);
    }
    return problems;
  }

  private validateKubernetes(
    doc: Document.Parsed,
    gvk: { apiVersion: string; kind: string },
    partial: boolean,
  ): readonly Problem[] {
    const schemas = this.schemas();
    const validate = schemas.validatorFor(gvk.apiVersion, gvk.kind);
    if (validate === undefined) {
      return []; // a kind without a bundled schema (custom resources: CRD support comes next)
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount });
    } catch (error) {
      const [start, end] = doc.range;
      return [
        {
          code: 'alias-limit',
          severity: 'error',
          source: 'yaml',
          message: `This document expands more than ${maxAliasCount} aliases; it was not validated. (${error instanceof Error ? error.message : 'alias limit'})`,
          start,
          end: Math.min(end, start + 1),
        },
      ];
    }
    if (validate(data)) {
      return [];
    }
    const errors = (validate.errors ?? []).filter(
      (e) =>
        // Strategic merge patch directives ($patch, $retainKeys, $setElementOrder/...) are not fields.
        !(
          e.keyword === 'additionalProperties' &&
          (e.params as { additionalProperty: string }).additionalProperty.startsWith('$')
        ) &&
        // A patch names only what it changes: required fields live in the base it patches.
        !(partial && e.keyword === 'required'),
    );
    return schemaProblems(doc, errors, 'kubernetes', (s) => schemas.typeName(s));
  }
}

/** What hover shows for a key or value: Markdown, and the range it is about. */
export interface HoverInfo {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/** The `apiVersion` and `kind` of a document, when both are strings at its top level. */
export function kubernetesGvk(
  doc: Document.Parsed,
): { apiVersion: string; kind: string } | undefined {
  const contents = doc.contents;
  if (!isMap(contents)) {
    return undefined;
  }
  const apiVersion = contents.get('apiVersion', true);
  const kind = contents.get('kind', true);
  return isScalar(apiVersion) &&
    typeof apiVersion.value === 'string' &&
    isScalar(kind) &&
    typeof kind.value === 'string'
    ? { apiVersion: apiVersion.value, kind: kind.value }
    : undefined;
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
