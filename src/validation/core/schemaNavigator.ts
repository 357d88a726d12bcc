/** What a schema says about one field, for hover and completion. */
export interface SchemaField {
  readonly description: string | undefined;
  /** The type the field belongs to (`Container` for `image`). */
  readonly owner: string | undefined;
  /** The field's own named type (`PodSpec`), when it has one. */
  readonly typeName: string | undefined;
  /** JSON types the field accepts, without null. */
  readonly types: readonly string[];
  /** Keys the field's mapping must hold. */
  readonly required: readonly string[];
  /** The keys the field's mapping may hold, with their descriptions (for completion). */
  readonly properties: readonly SchemaProperty[];
  /** The values the field accepts, when the schema lists them (`enum`, `const`). */
  readonly enumValues: readonly unknown[];
}

/** One key a mapping may hold. */
export interface SchemaProperty {
  readonly name: string;
  readonly description: string | undefined;
  readonly required: boolean;
  readonly enumValues: readonly unknown[];
}

/** The JSON Schema keywords the navigator reads (draft-07 and 2020-12). */
interface RawSchema {
  readonly $ref?: string;
  readonly allOf?: readonly unknown[];
  readonly anyOf?: readonly unknown[];
  readonly oneOf?: readonly unknown[];
  readonly description?: string;
  readonly markdownDescription?: string;
  readonly title?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly patternProperties?: Readonly<Record<string, unknown>>;
  readonly items?: unknown;
  readonly additionalProperties?: unknown;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly externalDocs?: { readonly url?: string };
}

/** A schema flattened for reading: its branches' properties merged, references followed. */
interface Flat {
  description: string | undefined;
  readonly types: string[];
  readonly properties: Map<string, unknown>;
  readonly patternProperties: [RegExp, unknown][];
  readonly items: unknown[];
  readonly additional: unknown[];
  readonly required: Set<string>;
  readonly enumValues: unknown[];
  /** The named definition the field's type is, when it is one. */
  named: unknown;
}

const maxDepth = 12;

/**
 * Reads a JSON schema the way hover and completion need it: what a path of keys leads to, with
 * `$ref`, `allOf`, `anyOf` and `oneOf` flattened (the union of what the branches allow).
 * Validation is ajv's job; this only describes.
 */
export class SchemaNavigator {
  constructor(
    private readonly root: unknown,
    /** Resolves a `$ref` (`#/definitions/X`, `#/$defs/X`) to its schema object. */
    private readonly resolveRef: (ref: string) => unknown,
    /** The short type name of a schema object (a definition's name), if it has one. */
    readonly typeName: (schema: unknown) => string | undefined,
  ) {}

  /** A navigator over one self-contained schema document (local `#/...` references). */
  static forDocument(root: unknown): SchemaNavigator {
    const names = new Map<unknown, string>();
    for (const key of ['definitions', '$defs']) {
      const defs = (root as Record<string, Record<string, unknown> | undefined>)[key] ?? {};
      for (const [name, schema] of Object.entries(defs)) {
        names.set(schema, name);
      }
    }
    return new SchemaNavigator(
      root,
      (ref) => resolvePointer(root, ref),
      (schema) => names.get(schema),
    );
  }

  /**
   * What the schema says about the value at `segments` (object keys and list indexes), or
   * undefined where the schema has nothing to say.
   */
  fieldAt(segments: readonly string[]): SchemaField | undefined {
    let flat = this.flatten(this.root);
    let description = flat.description;
    let owner = this.typeName(flat.named) ?? this.typeName(this.root);
    for (const segment of segments) {
      const ownerHere = this.typeName(flat.named) ?? owner;
      const next = this.child(flat, segment);
      if (next.length === 0) {
        return undefined;
      }
      const merged = this.flattenAll(next);
      // A property's own description says more than its type's.
      description = next.map((n) => describe(n as RawSchema)).find((d) => d !== undefined);
      description ??= merged.description;
      owner = ownerHere;
      flat = merged;
    }
    return {
      description,
      owner,
      typeName: this.typeName(flat.named),
      types: flat.types,
      required: [...flat.required],
      properties: [...flat.properties].map(([name, schema]) => {
        const property = this.flatten(schema);
        return {
          name,
          description: describe(schema as RawSchema) ?? property.description,
          required: flat.required.has(name),
          enumValues: property.enumValues,
        };
      }),
      enumValues: flat.enumValues,
    };
  }

  private child(flat: Flat, segment: string): unknown[] {
    if (/^\d+$/.test(segment) && flat.items.length > 0) {
      return flat.items;
    }
    const direct = flat.properties.get(segment);
    if (direct !== undefined) {
      return [direct];
    }
    const patterned = flat.patternProperties.filter(([re]) => re.test(segment)).map(([, s]) => s);
    return patterned.length > 0 ? patterned : flat.additional;
  }

  private flattenAll(schemas: readonly unknown[]): Flat {
    const flats = schemas.map((s) => this.flatten(s));
    if (flats.length === 1 && flats[0] !== undefined) {
      return flats[0];
    }
    const out = emptyFlat();
    for (const f of flats) {
      merge(out, f);
    }
    return out;
  }

  private flatten(raw: unknown, depth = 0, seen = new Set<unknown>()): Flat {
    const out = emptyFlat();
    if (raw === null || typeof raw !== 'object' || depth > maxDepth || seen.has(raw)) {
      return out;
    }
    seen.add(raw);
    const schema = raw as RawSchema;
    out.description = describe(schema);
    if (schema.$ref !== undefined) {
      const target = this.resolveRef(schema.$ref);
      const inner = this.flatten(target, depth + 1, seen);
      merge(out, inner);
      out.named = this.typeName(target) === undefined ? inner.named : target;
    }
    if (this.typeName(raw) !== undefined) {
      out.named = raw;
    }
    for (const t of schema.type === undefined ? [] : ([] as string[]).concat(schema.type)) {
      if (t !== 'null' && !out.types.includes(t)) {
        out.types.push(t);
      }
    }
    for (const [name, s] of Object.entries(schema.properties ?? {})) {
      out.properties.set(name, s);
    }
    for (const [pattern, s] of Object.entries(schema.patternProperties ?? {})) {
      try {
        out.patternProperties.push([new RegExp(pattern, 'u'), s]);
      } catch {
        // A pattern JavaScript cannot read only costs completion there.
      }
    }
    if (schema.items !== undefined) {
      const items: unknown[] = Array.isArray(schema.items) ? schema.items : [schema.items];
      out.items.push(...items);
    }
    if (typeof schema.additionalProperties === 'object') {
      out.additional.push(schema.additionalProperties);
    }
    for (const r of schema.required ?? []) {
      out.required.add(r);
    }
    out.enumValues.push(...(schema.enum ?? []), ...('const' in schema ? [schema.const] : []));
    for (const branch of [
      ...(schema.allOf ?? []),
      ...(schema.anyOf ?? []),
      ...(schema.oneOf ?? []),
    ]) {
      const inner = this.flatten(branch, depth + 1, seen);
      const required = (schema.allOf ?? []).includes(branch);
      merge(out, inner, required);
      out.named ??= inner.named;
    }
    return out;
  }
}

function emptyFlat(): Flat {
  return {
    description: undefined,
    types: [],
    properties: new Map(),
    patternProperties: [],
    items: [],
    additional: [],
    required: new Set(),
    enumValues: [],
    named: undefined,
  };
}

/** Adds `from` to `into`; `required` of a branch only counts for `allOf` branches. */
function merge(into: Flat, from: Flat, required = true): void {
  into.description ??= from.description;
  for (const t of from.types) {
    if (!into.types.includes(t)) {
      into.types.push(t);
    }
  }
  for (const [name, s] of from.properties) {
    if (!into.properties.has(name)) {
      into.properties.set(name, s);
    }
  }
  into.patternProperties.push(...from.patternProperties);
  into.items.push(...from.items);
  into.additional.push(...from.additional);
  if (required) {
    for (const r of from.required) {
      into.required.add(r);
    }
  }
  for (const v of from.enumValues) {
    if (!into.enumValues.includes(v)) {
      into.enumValues.push(v);
    }
  }
}

function describe(schema: RawSchema | undefined): string | undefined {
  if (schema === undefined || typeof schema !== 'object') {
    return undefined;
  }
  return schema.markdownDescription ?? schema.description ?? schema.title;
}

/** Follows a local JSON pointer (`#/definitions/X`) inside `root`. */
export function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) {
    return undefined;
  }
  let node: unknown = root;
  for (const raw of ref
    .slice(1)
    .split('/')
    .filter((s) => s !== '')) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node =
      node !== null && typeof node === 'object'
        ? (node as Record<string, unknown>)[segment]
        : undefined;
  }
  return node;
}
