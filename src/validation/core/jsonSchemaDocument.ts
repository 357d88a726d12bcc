import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type AjvCore from 'ajv/dist/core';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import type { Document } from 'yaml';
import type { Problem } from '../../common/problem';
import type { DocumentInput, DocumentSchema, FormatChecker } from './formatChecker';
import { SchemaNavigator } from './schemaNavigator';
import { schemaProblems, type SchemaFormat } from './schemaProblems';

/** The ajv options every schema of the engine is compiled with (problems need `verbose`). */
export const ajvOptions = {
  allErrors: true,
  verbose: true,
  strict: false,
  validateFormats: false,
  allowUnionTypes: true,
  // The optimising pass over generated code costs about a third of compiling and changes
  // nothing a validator reports; these schemas (CRDs, third-party) are compiled in the process.
  code: { optimize: false },
} as const;

/**
 * One self-contained JSON schema (draft-07, 2019-09 or 2020-12, told by its `$schema`), compiled
 * once on first use. Serves the bundled third-party schemas and user-supplied ones alike.
 */
export class JsonSchemaDocument {
  private compiled: ValidateFunction | undefined;
  private ajv: AjvCore | undefined;
  /** Where each sub-schema object sits in the document (JSON pointer), built on first need. */
  private pointers: WeakMap<object, string> | undefined;
  private readonly branchValidators = new Map<string, ValidateFunction | null>();
  readonly navigator: SchemaNavigator;

  constructor(
    readonly schema: object,
    /** Shown under hovers and in messages: `Compose specification`, a file name, a URL. */
    readonly title: string,
  ) {
    this.navigator = SchemaNavigator.forDocument(schema);
  }

  /** Reads a schema file; throws with the file named when it is not JSON. */
  static load(file: string, title: string): JsonSchemaDocument {
    let schema: unknown;
    try {
      schema = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(
        `${file} is not a JSON schema: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (schema === null || typeof schema !== 'object') {
      throw new Error(`${file} is not a JSON schema: expected an object`);
    }
    return new JsonSchemaDocument(schema, title);
  }

  /** The errors of `data`, or none. Compiles on the first call. */
  validate(data: unknown): readonly ErrorObject[] {
    const compiled = this.compile();
    return compiled(data) ? [] : (compiled.errors ?? []);
  }

  private compile(): ValidateFunction {
    if (this.compiled === undefined) {
      this.ajv = newAjv(this.schema);
      // The draft is already chosen by newAjv; ajv itself only knows the canonical meta-schema ids
      // and refuses spellings schemas use in the wild (the Compose spec's `draft-07/schema`
      // without `#`), so `$schema` is not handed over. Only the top level is copied: inner
      // objects keep their identity, which validateBranch relies on.
      const withoutDraft: Record<string, unknown> = { ...this.schema };
      delete withoutDraft.$schema;
      this.ajv.addSchema(withoutDraft, documentKey);
      const compiled = this.ajv.getSchema(documentKey);
      if (compiled === undefined) {
        throw new Error(`${this.title}: the schema did not compile`);
      }
      this.compiled = compiled;
    }
    return this.compiled;
  }

  /**
   * Errors of `data` against one branch of a `oneOf`/`anyOf` of this schema (`branches` is that
   * keyword's array, as ajv hands it over in verbose errors); undefined when the array is not
   * part of this schema.
   */
  validateBranch(
    branches: readonly unknown[],
    index: number,
    data: unknown,
  ): ErrorObject[] | undefined {
    this.compile();
    this.pointers ??= pointersOf(this.schema);
    const at = this.pointers.get(branches);
    if (at === undefined || this.ajv === undefined) {
      return undefined;
    }
    const pointer = `${at}/${index}`;
    let validate = this.branchValidators.get(pointer);
    if (validate === undefined) {
      try {
        validate = this.ajv.compile({ $ref: `${documentKey}#${pointer}` });
      } catch {
        validate = null;
      }
      this.branchValidators.set(pointer, validate);
    }
    if (validate === null) {
      return undefined;
    }
    return validate(data) ? [] : [...(validate.errors ?? [])];
  }

  /** Located problems of one YAML document against this schema. */
  problems(doc: Document.Parsed, data: unknown, source: SchemaFormat): Problem[] {
    const errors = this.validate(data);
    return errors.length === 0
      ? []
      : schemaProblems(
          doc,
          errors,
          source,
          (s) => this.navigator.typeName(s),
          (branches, index, value) => this.validateBranch(branches, index, value),
        );
  }
}

/** The key the document is registered under, so branches can `$ref` into it by pointer. */
const documentKey = 'urn:infra-workbench:schema';

/** The JSON pointer of every object and array inside a schema. */
function pointersOf(schema: object): WeakMap<object, string> {
  const pointers = new WeakMap<object, string>();
  const walk = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== 'object' || pointers.has(node)) {
      return;
    }
    pointers.set(node, pointer);
    for (const [key, value] of Object.entries(node)) {
      walk(value, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(schema, '');
  return pointers;
}

function newAjv(schema: object): AjvCore {
  const draft = (schema as { $schema?: unknown }).$schema;
  const name = typeof draft === 'string' ? draft : '';
  if (name.includes('2020-12')) {
    return new Ajv2020(ajvOptions);
  }
  if (name.includes('2019-09')) {
    return new Ajv2019(ajvOptions);
  }
  return new Ajv(ajvOptions);
}

/**
 * A checker made of a JSON schema and, optionally, checks beyond what JSON Schema can say
 * (references between entries, expression syntax, durations).
 */
export function schemaChecker(
  schema: JsonSchemaDocument,
  source: SchemaFormat,
  extraChecks?: (input: DocumentInput) => readonly Problem[],
): FormatChecker {
  return {
    check: (input) => [
      ...schema.problems(input.doc, input.data, source),
      ...(extraChecks?.(input) ?? []),
    ],
    schemaFor: (): DocumentSchema => ({ navigator: schema.navigator, title: schema.title }),
  };
}
