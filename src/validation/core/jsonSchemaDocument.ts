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

const ajvOptions = {
  allErrors: true,
  verbose: true,
  strict: false,
  validateFormats: false,
  allowUnionTypes: true,
} as const;

/**
 * One self-contained JSON schema (draft-07, 2019-09 or 2020-12, told by its `$schema`), compiled
 * once on first use. Serves the bundled third-party schemas and user-supplied ones alike.
 */
export class JsonSchemaDocument {
  private compiled: ValidateFunction | undefined;
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
    this.compiled ??= newAjv(this.schema).compile(this.schema);
    return this.compiled(data) ? [] : (this.compiled.errors ?? []);
  }

  /** Located problems of one YAML document against this schema. */
  problems(doc: Document.Parsed, data: unknown, source: SchemaFormat): Problem[] {
    const errors = this.validate(data);
    return errors.length === 0
      ? []
      : schemaProblems(doc, errors, source, (s) => this.navigator.typeName(s));
  }
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
