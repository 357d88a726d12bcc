import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, type Document } from 'yaml';
import type { Problem } from '../../common/problem';
import { crdDefinitionEntry, crdDefinitionProblems } from './crdDefinitionSchema';
import { compileCrd, objectMetaDefinition, type CrdRegistry, type CrdSchema } from './crdSchemas';
import type { DocumentInput, DocumentSchema, FormatChecker } from './formatChecker';
import type { KubernetesSchemas } from './kubernetesSchemas';
import { SchemaCodes, schemaProblems } from './schemaProblems';
import { locate, nodeRange } from './yamlPath';

const crdApiVersion = 'apiextensions.k8s.io/v1';

/** A validator and how to name the schema objects its errors point at. */
interface KindSchema {
  readonly validate: ValidateFunction;
  readonly typeName: (schema: unknown) => string | undefined;
}

/**
 * Kubernetes documents against the bundled strict schema of their `apiVersion`/`kind`, and
 * custom resources against the CRDs of the workspace (see {@link CrdRegistry}). Kinds neither
 * knows (custom resources without a CRD in view) are left alone.
 */
export class KubernetesChecker implements FormatChecker {
  private crdDefinition: CrdSchema | undefined;

  constructor(
    private readonly schemas: () => KubernetesSchemas,
    private readonly version: string,
    private readonly crds?: CrdRegistry,
  ) {}

  check({ doc, data, partial }: DocumentInput): readonly Problem[] {
    const gvk = kubernetesGvk(doc);
    if (gvk === undefined) {
      return envelopeProblems(doc);
    }
    if (gvk.apiVersion === 'v1' && gvk.kind === 'List') {
      return this.listProblems(doc, data, partial);
    }
    const problems: Problem[] =
      gvk.apiVersion === crdApiVersion && gvk.kind === crdDefinitionEntry.kind
        ? crdDefinitionProblems(doc, data)
        : [];
    const kindSchema = this.kindSchema(gvk.apiVersion, gvk.kind, doc, problems);
    if (kindSchema === undefined || kindSchema.validate(data)) {
      return problems;
    }
    problems.push(
      ...this.errorProblems(doc, kindSchema, kindSchema.validate.errors ?? [], partial),
    );
    return problems;
  }

  /**
   * The schema of a kind: bundled, else from a workspace CRD. Problems about the lookup itself
   * (a version the CRD does not serve, a deprecated one) go to `problems`.
   */
  private kindSchema(
    apiVersion: string,
    kind: string,
    doc: Document.Parsed,
    problems: Problem[],
    prefix: readonly string[] = [],
  ): KindSchema | undefined {
    const schemas = this.schemas();
    const bundled = schemas.validatorFor(apiVersion, kind);
    if (bundled !== undefined) {
      return { validate: bundled, typeName: (s) => schemas.typeName(s) };
    }
    const builtIn = this.builtInSchema(apiVersion, kind);
    if (builtIn?.validate !== undefined) {
      return { validate: builtIn.validate, typeName: builtIn.typeName };
    }
    const lookup = this.crds?.lookup(apiVersion, kind);
    if (lookup === undefined) {
      return undefined;
    }
    const [start, end] = nodeRange(locate(doc, [...prefix, 'apiVersion']).node) ?? [0, 1];
    if ('unserved' in lookup) {
      const { crdName, file, served } = lookup.unserved;
      problems.push({
        code: 'unserved-version',
        severity: 'error',
        source: 'kubernetes',
        message: `The CRD ${crdName} (${file}) does not serve ${apiVersion}: use ${served.map((v) => `${apiVersion.slice(0, apiVersion.indexOf('/'))}/${v}`).join(' or ')}.`,
        start,
        end,
      });
      return undefined;
    }
    const crd = this.crds?.schemaOf(lookup.found, () =>
      schemas.definitionClosure(objectMetaDefinition),
    );
    if (crd === undefined) {
      return undefined;
    }
    if (lookup.found.deprecated) {
      problems.push({
        code: 'deprecated-version',
        severity: 'warning',
        source: 'kubernetes',
        message:
          lookup.found.deprecationWarning ??
          `${apiVersion} ${kind} is deprecated by its CRD ${lookup.found.crdName} (${lookup.found.file}).`,
        start,
        end,
      });
    }
    if (crd.validate === undefined) {
      problems.push({
        code: 'crd-schema',
        severity: 'warning',
        source: 'kubernetes',
        message: `The schema of CRD ${lookup.found.crdName} (${lookup.found.file}) could not be read, so this ${kind} was not validated: ${crd.compileError ?? ''}`,
        start,
        end,
      });
      return undefined;
    }
    return { validate: crd.validate, typeName: crd.typeName };
  }

  /** Kinds the bundle lacks that we describe ourselves: CustomResourceDefinition. */
  private builtInSchema(apiVersion: string, kind: string): CrdSchema | undefined {
    if (apiVersion !== crdApiVersion || kind !== crdDefinitionEntry.kind) {
      return undefined;
    }
    this.crdDefinition ??= compileCrd(
      crdDefinitionEntry,
      this.schemas().definitionClosure(objectMetaDefinition),
      `Kubernetes ${this.version} · ${crdApiVersion} ${kind} (from the API reference)`,
    );
    return this.crdDefinition;
  }

  private errorProblems(
    doc: Document.Parsed,
    kindSchema: KindSchema,
    all: readonly ErrorObject[],
    partial: boolean,
  ): Problem[] {
    const isPatch = partial || (isMap(doc.contents) && doc.contents.has('$patch'));
    const errors = all.filter(
      (e) =>
        // Strategic merge patch directives ($patch, $retainKeys, $setElementOrder/...) are not fields.
        !(
          e.keyword === 'additionalProperties' &&
          (e.params as { additionalProperty: string }).additionalProperty.startsWith('$')
        ) &&
        // A patch names only what it changes: required fields live in the base it patches.
        !(isPatch && e.keyword === 'required'),
    );
    return schemaProblems(doc, errors, 'kubernetes', kindSchema.typeName).map((p) =>
      unquotedDataValue(doc, p),
    );
  }

  /** `kind: List` (what `kubectl get -o yaml` prints): each item is checked as its own kind. */
  private listProblems(doc: Document.Parsed, data: unknown, partial: boolean): Problem[] {
    const items = (data as { items?: unknown }).items;
    if (!Array.isArray(items)) {
      return [];
    }
    const problems: Problem[] = [];
    items.forEach((item: unknown, index) => {
      const { apiVersion, kind } = (item ?? {}) as { apiVersion?: unknown; kind?: unknown };
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
        const [start, end] = nodeRange(locate(doc, ['items', String(index)]).node) ?? [0, 1];
        problems.push({
          code: 'missing-property',
          severity: 'error',
          source: 'kubernetes',
          message: `Item ${index} of the List needs a string 'apiVersion' and 'kind' to be applied.`,
          start,
          end,
        });
        return;
      }
      const kindSchema = this.kindSchema(apiVersion, kind, doc, problems, ['items', String(index)]);
      if (kindSchema === undefined || kindSchema.validate(item)) {
        return;
      }
      const prefix = `/items/${index}`;
      const errors = (kindSchema.validate.errors ?? []).map((e) => ({
        ...e,
        instancePath: `${prefix}${e.instancePath}`,
      }));
      problems.push(...this.errorProblems(doc, kindSchema, errors, partial));
    });
    return problems;
  }
  schemaFor({ doc }: DocumentInput): DocumentSchema | undefined {
    const gvk = kubernetesGvk(doc);
    if (gvk === undefined) {
      return undefined;
    }
    const schemas = this.schemas();
    const navigator = schemas.navigatorFor(gvk.apiVersion, gvk.kind);
    if (navigator !== undefined) {
      return { navigator, title: `Kubernetes ${this.version} · ${gvk.apiVersion} ${gvk.kind}` };
    }
    const builtIn = this.builtInSchema(gvk.apiVersion, gvk.kind);
    if (builtIn !== undefined) {
      return { navigator: builtIn.navigator, title: builtIn.title };
    }
    const lookup = this.crds?.lookup(gvk.apiVersion, gvk.kind);
    if (lookup === undefined || !('found' in lookup)) {
      return undefined;
    }
    const crd = this.crds?.schemaOf(lookup.found, () =>
      schemas.definitionClosure(objectMetaDefinition),
    );
    return crd === undefined ? undefined : { navigator: crd.navigator, title: crd.title };
  }
}

/**
 * A document routed here without a usable `apiVersion`/`kind` (`kind:` with no value, a kind
 * without an apiVersion): nothing can apply it, so say which half is missing.
 */
function envelopeProblems(doc: Document.Parsed): Problem[] {
  const contents = doc.contents;
  if (!isMap(contents)) {
    return [];
  }
  const problems: Problem[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    const pair = contents.items.find((p) => isScalar(p.key) && p.key.value === field);
    const value = pair?.value;
    if (isScalar(value) && typeof value.value === 'string' && value.value !== '') {
      continue;
    }
    const [start, end] = nodeRange(pair?.key) ?? nodeRange(contents.items[0]?.key) ?? [0, 1];
    const what =
      field === 'kind' ? 'kind (Deployment, Service, …)' : 'API version (v1, apps/v1, …)';
    problems.push({
      code: 'missing-property',
      severity: 'error',
      source: 'kubernetes',
      message:
        pair === undefined
          ? `Missing required property '${field}': every Kubernetes object names its ${what}.`
          : value === null || (isScalar(value) && (value.value === null || value.value === ''))
            ? `'${field}' has no value: every Kubernetes object names its ${what}.`
            : `'${field}' must be a string naming the object's ${what}.`,
      start,
      end,
    });
  }
  return problems;
}

/**
 * ConfigMap and Secret `data`/`stringData` values are strings: a bare `8080` or `true` is the
 * commonest mistake there, so it gets its own code, a message that says to quote it, and the
 * quoted text as the suggestion a quick fix applies.
 */
function unquotedDataValue(doc: Document.Parsed, problem: Problem): Problem {
  if (problem.code !== SchemaCodes.wrongType || !isMap(doc.contents)) {
    return problem;
  }
  const kindNode = doc.contents.get('kind', true);
  const kind: unknown = isScalar(kindNode) ? kindNode.value : undefined;
  if (kind !== 'ConfigMap' && kind !== 'Secret') {
    return problem;
  }
  for (const section of ['data', 'stringData']) {
    const map = doc.contents.get(section, true);
    if (!isMap(map)) {
      continue;
    }
    const pair = map.items.find((p) => isScalar(p.value) && p.value.range?.[0] === problem.start);
    if (pair === undefined || !isScalar(pair.value) || !isScalar(pair.key)) {
      continue;
    }
    const value = pair.value;
    if (typeof value.value !== 'number' && typeof value.value !== 'boolean') {
      return problem;
    }
    const source = value.source ?? String(value.value);
    const quoted = JSON.stringify(source);
    return {
      ...problem,
      code: 'unquoted-data-value',
      message: `${kind} ${section} values are strings, and ${source} reads as a ${typeof value.value}: quote it (${quoted}).`,
      suggestions: [quoted],
    };
  }
  return problem;
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
