import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import type AjvCore from 'ajv/dist/core';
import * as equal from 'ajv/dist/runtime/equal';
import * as ucs2length from 'ajv/dist/runtime/ucs2length';
import * as uri from 'ajv/dist/runtime/uri';
import * as validationError from 'ajv/dist/runtime/validation_error';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import type { Document } from 'yaml';
import type { Problem } from '../../common/problem';
import type { DocumentInput, DocumentSchema, FormatChecker } from './formatChecker';
import { runGeneratedCode } from './generatedCode';
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
  /** The schema as ajv gets it (see {@link withoutDraft}), made on first need. */
  private root: Record<string, unknown> | undefined;
  /** Whether the validator in use came from {@link precompiledFile} (its schema is then known valid). */
  private usedPrecompiled = false;

  constructor(
    readonly schema: object,
    /** Shown under hovers and in messages: `Compose specification`, a file name, a URL. */
    readonly title: string,
    /**
     * The validator generated ahead of time for this very schema (a bundled one: see
     * tools/precompileJsonSchemaValidators.ts), used when its recorded hash matches the schema;
     * never a file of the workspace, since it is code.
     */
    private readonly precompiledFile?: string,
  ) {
    this.navigator = SchemaNavigator.forDocument(schema);
  }

  /** Reads a schema file; throws with the file named when it is not JSON. */
  static load(file: string, title: string, precompiledFile?: string): JsonSchemaDocument {
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
    return new JsonSchemaDocument(schema, title, precompiledFile);
  }

  /** A schema shipped in `schemasDir`, with its precompiled validator when there is one. */
  static loadBundled(schemasDir: string, file: string, title: string): JsonSchemaDocument {
    return JsonSchemaDocument.load(
      path.join(schemasDir, file),
      title,
      path.join(schemasDir, precompiledValidatorFile(file)),
    );
  }

  /** True once validating used the precompiled validator (tests). */
  get isPrecompiled(): boolean {
    return this.usedPrecompiled;
  }

  /** The errors of `data`, or none. Compiles on the first call. */
  validate(data: unknown): readonly ErrorObject[] {
    const compiled = this.compile();
    return compiled(data) ? [] : (compiled.errors ?? []);
  }

  private compile(): ValidateFunction {
    if (this.compiled === undefined) {
      this.root ??= withoutDraft(this.schema);
      const precompiled =
        this.precompiledFile === undefined
          ? undefined
          : loadPrecompiledValidator(this.precompiledFile, this.root);
      this.usedPrecompiled = precompiled !== undefined;
      this.compiled = precompiled ?? this.compiledByAjv().getSchema(documentKey);
      if (this.compiled === undefined) {
        throw new Error(`${this.title}: the schema did not compile`);
      }
    }
    return this.compiled;
  }

  /** An Ajv instance holding the schema under {@link documentKey}. */
  private compiledByAjv(): AjvCore {
    if (this.ajv === undefined) {
      this.root ??= withoutDraft(this.schema);
      // A schema with a precompiled validator was checked against its meta-schema when the
      // validator was generated (checking it again compiled the meta-schema's validator).
      this.ajv = newAjv(
        this.schema,
        this.usedPrecompiled ? { ...ajvOptions, validateSchema: false } : ajvOptions,
      );
      this.ajv.addSchema(this.root, documentKey);
    }
    return this.ajv;
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
    this.pointers ??= pointersOf(this.schema);
    const at = this.pointers.get(branches);
    if (at === undefined) {
      return undefined;
    }
    const pointer = `${at}/${index}`;
    let validate = this.branchValidators.get(pointer);
    if (validate === undefined) {
      try {
        // Ajv compiles the branch alone (a precompiled validator has no Ajv instance behind it).
        validate = this.compiledByAjv().compile({ $ref: `${documentKey}#${pointer}` });
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
export const documentKey = 'urn:infra-workbench:schema';

/**
 * The schema as ajv gets it. The draft is already chosen by newAjv; ajv itself only knows the
 * canonical meta-schema ids and refuses spellings schemas use in the wild (the Compose spec's
 * `draft-07/schema` without `#`), so `$schema` is not handed over. Only the top level is copied:
 * inner objects keep their identity, which validateBranch and the precompiled validators rely on.
 */
export function withoutDraft(schema: object): Record<string, unknown> {
  const root: Record<string, unknown> = { ...schema };
  delete root.$schema;
  return root;
}

/**
 * The file of a bundled schema's precompiled validator, beside it: `compose-spec.json` gives
 * `compose-spec.validators.js` (written by tools/precompileJsonSchemaValidators.ts).
 */
export function precompiledValidatorFile(schemaFile: string): string {
  return schemaFile.replace(/\.json$/, '.validators.js');
}

/** The first line of a precompiled validator: the SHA-256 of the schema it was generated from. */
export function precompiledValidatorHeader(root: object): string {
  const sha = createHash('sha256').update(JSON.stringify(root)).digest('hex');
  return `// infra-workbench precompiled validator of the JSON schema with sha256 ${sha}`;
}

/** What the generated code may `require`: ajv's runtime helpers, as ajv links them itself. */
const runtimeModules: Readonly<Record<string, unknown>> = {
  'ajv/dist/runtime/equal': equal,
  'ajv/dist/runtime/ucs2length': ucs2length,
  'ajv/dist/runtime/uri': uri,
  'ajv/dist/runtime/validation_error': validationError,
};

/**
 * The validator generated ahead of time for `root` (ajv standalone code, see
 * tools/jsonSchemaValidatorSource.ts), or undefined when there is none or it was generated from
 * another schema. Its code names the schema objects it reports in errors by JSON pointer
 * (`at("/definitions/service")`), so they are `root`'s own, as when ajv compiles at run time.
 */
function loadPrecompiledValidator(file: string, root: object): ValidateFunction | undefined {
  const module = { exports: undefined as unknown };
  const ran = runGeneratedCode(file, precompiledValidatorHeader(root), {
    at: (pointer: string) => atPointer(root, pointer),
    require: (id: string) => {
      const found = runtimeModules[id];
      if (found === undefined) {
        throw new Error(`${file} requires ${id}`);
      }
      return found;
    },
    module,
    exports: {},
  });
  return ran ? (module.exports as ValidateFunction) : undefined;
}

/** The value at a JSON pointer (as {@link pointersOf} writes them) inside `root`. */
function atPointer(root: object, pointer: string): unknown {
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The JSON pointer of every object and array inside a schema. */
export function pointersOf(schema: object): WeakMap<object, string> {
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

/** The Ajv class of the schema's draft, with {@link ajvOptions} (and `options` over them). */
export function newAjv(schema: object, options: Options = ajvOptions): AjvCore {
  const draft = (schema as { $schema?: unknown }).$schema;
  const name = typeof draft === 'string' ? draft : '';
  if (name.includes('2020-12')) {
    return new Ajv2020(options);
  }
  if (name.includes('2019-09')) {
    return new Ajv2019(options);
  }
  return new Ajv(options);
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
