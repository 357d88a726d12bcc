import Ajv, { type ValidateFunction } from 'ajv';
import type { YamlModel } from '../../common/yamlModel';
import { resolvePointer, SchemaNavigator } from './schemaNavigator';
import { ajvOptions } from './jsonSchemaDocument';

type JsonObject = Record<string, unknown>;

/** The name of ObjectMeta in the bundled Kubernetes schema. */
export const objectMetaDefinition = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** One served version of one CustomResourceDefinition, as read from a workspace file. */
export interface CrdVersion {
  /** The CRD's `metadata.name` (`widgets.example.com`), or `<plural>.<group>` when it has none. */
  readonly crdName: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The file the CRD came from (its registry key, relative path in the workspace). */
  readonly file: string;
  readonly deprecated: boolean;
  readonly deprecationWarning: string | undefined;
  /** The version's `openAPIV3Schema`, as written (undefined: the CRD gives none). */
  readonly openApiSchema: unknown;
}

/** A custom resource's schema compiled for validation and described for hover/completion. */
export interface CrdSchema {
  readonly entry: CrdVersion;
  /** Undefined when the CRD's schema could not be compiled (see {@link compileError}). */
  readonly validate: ValidateFunction | undefined;
  readonly compileError: string | undefined;
  readonly navigator: SchemaNavigator;
  /** `CRD widgets.example.com · example.com/v1 Widget (from config/crd/widgets.yaml)` */
  readonly title: string;
  /** Short names of the schema's objects for messages (`Widget.spec`, `ObjectMeta`). */
  readonly typeName: (schema: unknown) => string | undefined;
}

/** What the registry knows about an `apiVersion`/`kind`. */
export type CrdLookup =
  | { readonly found: CrdVersion }
  | {
      /** A CRD defines the kind in this group, but not at this version, or does not serve it. */
      readonly unserved: {
        readonly crdName: string;
        readonly file: string;
        readonly served: readonly string[];
      };
    };

/**
 * The CustomResourceDefinitions of the workspace (apiextensions.k8s.io/v1, and v1beta1's
 * `spec.validation`), keyed by the file they came from: setting a file's CRDs replaces what it
 * held before, removing the file drops them. Custom resources are validated against them the
 * way the API server does with field validation Strict (structural schemas: fields not listed
 * are unknown unless `x-kubernetes-preserve-unknown-fields`). Schemas are compiled on first use.
 */
export class CrdRegistry {
  private readonly byFile = new Map<
    string,
    { readonly key: string; readonly crds: CrdVersion[] }
  >();
  private index: Map<string, CrdVersion[]> | undefined;
  private readonly compiled = new WeakMap<CrdVersion, CrdSchema>();
  private changes = 0;

  /** Bumped whenever the set of CRDs changes: caches of validation results key on it. */
  get generation(): number {
    return this.changes;
  }

  /** Every CRD version known, in file order (tests, status). */
  get versions(): readonly CrdVersion[] {
    return [...this.byFile.values()].flatMap((f) => f.crds);
  }

  /**
   * Replaces the CRDs of one file with the CustomResourceDefinition documents among `documents`
   * (plain data, other documents ignored). An empty result removes the file.
   */
  setFile(file: string, documents: readonly unknown[]): void {
    const crds = documents.flatMap((d) => readCrd(d, file));
    if (crds.length === 0) {
      this.removeFile(file);
      return;
    }
    const key = JSON.stringify(crds);
    if (this.byFile.get(file)?.key === key) {
      return; // an edit that changed nothing CRDs are made of (comments, other documents)
    }
    this.byFile.set(file, { key, crds });
    this.changed();
  }

  /** Forgets the CRDs of a deleted (or no longer CRD-holding) file. */
  removeFile(file: string): void {
    if (this.byFile.delete(file)) {
      this.changed();
    }
  }

  /** Reads the CRDs of a parsed YAML file into the registry (see {@link setFile}). */
  setModel(file: string, model: YamlModel): void {
    const documents: unknown[] = [];
    for (const { doc } of model.documents) {
      if (doc.errors.length > 0) {
        continue;
      }
      try {
        // A CRD has no aliases worth expanding; the bound keeps an alias bomb cheap.
        documents.push(doc.toJS({ maxAliasCount: 100 }));
      } catch {
        // An alias bomb is reported by the validator; it defines no CRD here.
      }
    }
    this.setFile(file, documents);
  }

  /** The CRD version serving `apiVersion`/`kind`, or why there is none, or undefined (unknown group/kind). */
  lookup(apiVersion: string, kind: string): CrdLookup | undefined {
    const slash = apiVersion.indexOf('/');
    if (slash < 0) {
      return undefined; // core group: never a CRD
    }
    const group = apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const candidates = this.kinds().get(`${group}/${kind}`);
    if (candidates === undefined) {
      return undefined;
    }
    const found = candidates.find((c) => c.version === version);
    if (found !== undefined) {
      return { found };
    }
    const [first] = candidates;
    if (first === undefined) {
      return undefined;
    }
    return {
      unserved: {
        crdName: first.crdName,
        file: first.file,
        served: [...new Set(candidates.filter((c) => c.file === first.file).map((c) => c.version))],
      },
    };
  }

  /**
   * The compiled schema of a CRD version. `definitions` gives the bundled Kubernetes
   * definitions `metadata` is validated with (ObjectMeta and what it refers to).
   */
  schemaOf(entry: CrdVersion, definitions: () => Readonly<Record<string, unknown>>): CrdSchema {
    let schema = this.compiled.get(entry);
    if (schema === undefined) {
      schema = compileCrd(entry, definitions());
      this.compiled.set(entry, schema);
    }
    return schema;
  }

  private kinds(): Map<string, CrdVersion[]> {
    if (this.index === undefined) {
      this.index = new Map();
      // Files in name order, so two files defining the same CRD resolve the same way every time.
      for (const file of [...this.byFile.keys()].sort()) {
        for (const crd of this.byFile.get(file)?.crds ?? []) {
          const key = `${crd.group}/${crd.kind}`;
          this.index.set(key, [...(this.index.get(key) ?? []), crd]);
        }
      }
    }
    return this.index;
  }

  private changed(): void {
    this.changes++;
    this.index = undefined;
  }
}

/** True when a text may hold a CustomResourceDefinition: a cheap test before parsing. */
export function mayHoldCrd(text: string): boolean {
  // The plain search first: the multiline pattern tries every line start of every file.
  return (
    text.includes('CustomResourceDefinition') &&
    /^\s*kind:\s*["']?CustomResourceDefinition\b/m.test(text)
  );
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The served versions of one CRD document, or none when it is not a (usable) CRD. */
function readCrd(data: unknown, file: string): CrdVersion[] {
  if (
    !isObject(data) ||
    data.kind !== 'CustomResourceDefinition' ||
    typeof data.apiVersion !== 'string' ||
    !data.apiVersion.startsWith('apiextensions.k8s.io/')
  ) {
    return [];
  }
  const spec = isObject(data.spec) ? data.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const group = str(spec.group);
  const kind = str(names.kind);
  if (group === undefined || kind === undefined) {
    return [];
  }
  const metadata = isObject(data.metadata) ? data.metadata : {};
  const crdName = str(metadata.name) ?? `${str(names.plural) ?? kind.toLowerCase()}.${group}`;
  // v1beta1 CRDs may give one schema for every version (spec.validation) and a single spec.version.
  const shared = isObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  const versions: unknown[] = Array.isArray(spec.versions)
    ? spec.versions
    : str(spec.version) !== undefined
      ? [{ name: spec.version, served: true }]
      : [];
  return versions.flatMap((v): CrdVersion[] => {
    const name = isObject(v) ? str(v.name) : undefined;
    if (!isObject(v) || name === undefined || v.served === false) {
      return [];
    }
    return [
      {
        crdName,
        group,
        version: name,
        kind,
        file,
        deprecated: v.deprecated === true,
        deprecationWarning: str(v.deprecationWarning),
        openApiSchema: isObject(v.schema) ? v.schema.openAPIV3Schema : shared,
      },
    ];
  });
}

/** Keywords of OpenAPI schemas that say nothing a validator checks (or that ajv cannot read). */
const ignoredKeywords = new Set([
  'default',
  'format',
  'example',
  'nullable',
  'x-kubernetes-validations',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-preserve-unknown-fields',
  'exclusiveMinimum',
  'exclusiveMaximum',
]);

const crdAjvOptions = {
  ...ajvOptions,
  // Kubernetes patterns are RE2: `[a-z\-]` is fine there and a syntax error in a `u` RegExp.
  unicodeRegExp: false,
} as const;

/**
 * Checks schemas against the JSON Schema meta-schema for every CRD, as each CRD's own Ajv
 * instance would (with the same message): one instance compiles the meta-schema's validator
 * once, where each CRD's instance compiled its own (about 10 ms per CRD).
 */
let metaSchemaChecker: Ajv | undefined;

/** The id of the bundled Kubernetes definitions in {@link definitionsAjv} (absolute: a CRD schema may set its own `$id`). */
const definitionsId = 'urn:infra-workbench:kubernetes-definitions';

/**
 * One Ajv instance per bundle of Kubernetes definitions, holding them as one schema: the
 * validator of ObjectMeta (and of what it refers to) is compiled once and called by every CRD's
 * validator, where each CRD compiled its own copy (about 10 ms per CRD, most of compiling a small
 * one). Each CRD's own schema is removed from the instance once compiled, so that the instance
 * keeps the definitions only.
 */
const definitionsAjv = new WeakMap<object, Ajv>();

function compileChecked(
  root: JsonObject,
  bundled: Readonly<Record<string, unknown>>,
): ValidateFunction {
  // The bundled definitions are generated and checked with the bundle; what is checked here is
  // the CRD's own schema (checking the whole bundle against the meta-schema took 5 ms per CRD).
  const schema = {
    ...root,
    definitions: {
      [objectMetaDefinition]: { $ref: `${definitionsId}#/definitions/${objectMetaDefinition}` },
    },
  };
  metaSchemaChecker ??= new Ajv(crdAjvOptions);
  if (!metaSchemaChecker.validateSchema(schema)) {
    throw new Error(`schema is invalid: ${metaSchemaChecker.errorsText()}`);
  }
  let ajv = definitionsAjv.get(bundled);
  if (ajv === undefined) {
    ajv = new Ajv({ ...crdAjvOptions, validateSchema: false });
    ajv.addSchema({ definitions: bundled }, definitionsId);
    definitionsAjv.set(bundled, ajv);
  }
  try {
    return ajv.compile(schema);
  } finally {
    ajv.removeSchema(schema);
  }
}

/** Turns a CRD version's structural schema into a strict JSON schema and compiles it. */
export function compileCrd(
  entry: CrdVersion,
  bundled: Readonly<Record<string, unknown>>,
  title = `CRD ${entry.crdName} · ${entry.group}/${entry.version} ${entry.kind} (from ${entry.file})`,
): CrdSchema {
  const names = new Map<unknown, string>();
  const root = convert(
    entry.openApiSchema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    {
      strict: true,
      name: entry.kind,
      names,
    },
  );
  // The envelope the API server requires of every object, whatever the CRD's schema says.
  const properties = isObject(root.properties) ? root.properties : {};
  root.properties = {
    ...properties,
    apiVersion: {
      ...(isObject(properties.apiVersion) ? properties.apiVersion : {}),
      type: 'string',
    },
    kind: { ...(isObject(properties.kind) ? properties.kind : {}), type: 'string' },
    metadata: {
      $ref: `#/definitions/${objectMetaDefinition}`,
      description: metaDescription(bundled),
    },
  };
  root.required = withRequired(root.required, ['apiVersion', 'kind']);
  root.type = ['object'];
  if (root.additionalProperties === undefined && !preserves(entry.openApiSchema)) {
    root.additionalProperties = false;
  }
  root.definitions = bundled;
  for (const [name, schema] of Object.entries(bundled)) {
    names.set(schema, name.slice(name.lastIndexOf('.') + 1));
  }
  names.set(root, entry.kind);
  const typeName = (schema: unknown): string | undefined => names.get(schema);
  const navigator = new SchemaNavigator(root, (ref) => resolvePointer(root, ref), typeName);
  let validate: ValidateFunction | undefined;
  let compileError: string | undefined;
  try {
    validate = compileChecked(root, bundled);
  } catch (error) {
    // A pattern JavaScript cannot read should cost its own check, not the whole schema.
    try {
      validate = compileChecked(withoutPatterns(root) as JsonObject, bundled);
      compileError = undefined;
    } catch {
      compileError = error instanceof Error ? error.message : String(error);
    }
  }
  return { entry, validate, compileError, navigator, title, typeName };
}

function metaDescription(bundled: Readonly<Record<string, unknown>>): string | undefined {
  const meta = bundled[objectMetaDefinition];
  return isObject(meta) && typeof meta.description === 'string' ? meta.description : undefined;
}

function preserves(schema: unknown): boolean {
  return isObject(schema) && schema['x-kubernetes-preserve-unknown-fields'] === true;
}

interface ConvertContext {
  /** Inside `properties`/`items` (structural): unlisted fields are unknown. Not inside allOf/anyOf/oneOf/not. */
  readonly strict: boolean;
  /** `Widget.spec.replicas`: names objects in messages. */
  readonly name: string;
  readonly names: Map<unknown, string>;
}

/**
 * One node of a structural schema as draft-07 JSON Schema:
 * - unlisted properties of an object are unknown fields (additionalProperties: false) unless
 *   `x-kubernetes-preserve-unknown-fields` (structural pruning + field validation Strict);
 * - `x-kubernetes-int-or-string` accepts integers and strings;
 * - `x-kubernetes-embedded-resource` requires apiVersion and kind and validates metadata as ObjectMeta;
 * - null is accepted wherever a value is (the bundled schemas do the same: null is unset);
 * - OpenAPI 3.0's boolean exclusiveMinimum/Maximum become draft-07's numbers;
 * - CEL rules, formats and defaults are dropped (not checked offline).
 */
function convert(raw: unknown, context: ConvertContext): JsonObject {
  if (!isObject(raw)) {
    return {};
  }
  const out: JsonObject = {};
  const sub = (value: unknown, name: string, strict = context.strict): JsonObject =>
    convert(value, { ...context, name, strict });
  for (const [key, value] of Object.entries(raw)) {
    if (ignoredKeywords.has(key)) {
      continue;
    }
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, sub(v, `${context.name}.${k}`)]),
      );
    } else if (key === 'items') {
      out.items = Array.isArray(value)
        ? value.map((v) => sub(v, `${context.name}[]`))
        : sub(value, `${context.name}[]`);
    } else if (key === 'additionalProperties') {
      out.additionalProperties = isObject(value) ? sub(value, `${context.name}.*`) : value;
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((v) => sub(v, context.name, false));
    } else if (key === 'not') {
      out.not = sub(value, context.name, false);
    } else {
      out[key] = value;
    }
  }
  for (const [limitKey, exclusiveKey] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    const limit = raw[limitKey];
    const exclusive = raw[exclusiveKey];
    if (exclusive === true && typeof limit === 'number') {
      // OpenAPI 3.0 says `minimum: 1, exclusiveMinimum: true`; draft-07 `exclusiveMinimum: 1`.
      out[exclusiveKey] = limit;
    } else if (typeof exclusive === 'number') {
      out[exclusiveKey] = exclusive;
    }
  }
  if (raw['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf ??= [{ type: 'integer' }, { type: 'string' }];
  }
  if (raw['x-kubernetes-embedded-resource'] === true) {
    const properties = isObject(out.properties) ? out.properties : {};
    out.properties = {
      ...properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: `#/definitions/${objectMetaDefinition}` },
    };
    out.required = withRequired(out.required, ['apiVersion', 'kind']);
  }
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
  }
  const isObjectNode =
    out.properties !== undefined || (Array.isArray(out.type) && out.type.includes('object'));
  if (
    context.strict &&
    isObjectNode &&
    out.additionalProperties === undefined &&
    raw['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  if (isObjectNode) {
    context.names.set(out, context.name);
  }
  return out;
}

function withRequired(required: unknown, names: readonly string[]): string[] {
  const listed = Array.isArray(required)
    ? required.filter((r): r is string => typeof r === 'string')
    : [];
  return [...new Set([...listed, ...names])];
}

function withoutPatterns(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    return schema.map(withoutPatterns);
  }
  if (!isObject(schema)) {
    return schema;
  }
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k, v]) => !(k === 'pattern' && typeof v === 'string'))
      .map(([k, v]) => [
        k,
        k === 'properties' || k === 'definitions' ? mapValues(v) : withoutPatterns(v),
      ]),
  );
}

function mapValues(value: unknown): unknown {
  return isObject(value)
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutPatterns(v)]))
    : value;
}
