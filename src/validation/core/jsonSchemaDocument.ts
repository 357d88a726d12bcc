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
  /** The precompiled validators of the branches, by pointer (see {@link precompiledBranchesFile}), loaded on first need. */
  private precompiledBranches: Readonly<Record<string, unknown>> | undefined;
  /** How many branch validators came from {@link precompiledBranches} (tests). */
  private branchesPrecompiled = 0;
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

  /** The schema as ajv gets it (see {@link withoutDraft}). */
  private get ajvRoot(): Record<string, unknown> {
    this.root ??= withoutDraft(this.schema);
    return this.root;
  }

  /** True once validating used the precompiled validator (tests). */
  get isPrecompiled(): boolean {
    return this.usedPrecompiled;
  }

  /** How many `oneOf`/`anyOf` branches were checked with a precompiled validator (tests). */
  get precompiledBranchCount(): number {
    return this.branchesPrecompiled;
  }

  /** The errors of `data`, or none. Compiles on the first call. */
  validate(data: unknown): readonly ErrorObject[] {
    const compiled = this.compile();
    return compiled(data) ? [] : (compiled.errors ?? []);
  }

  private compile(): ValidateFunction {
    if (this.compiled === undefined) {
      const precompiled =
        this.precompiledFile === undefined
          ? undefined
          : loadPrecompiledModule(this.precompiledFile, this.ajvRoot)?.module;
      this.usedPrecompiled = precompiled !== undefined;
      this.compiled =
        (precompiled as ValidateFunction | undefined) ??
        this.compiledByAjv().getSchema(documentKey);
      if (this.compiled === undefined) {
        throw new Error(`${this.title}: the schema did not compile`);
      }
    }
    return this.compiled;
  }

  /** An Ajv instance holding the schema under {@link documentKey}. */
  private compiledByAjv(): AjvCore {
    if (this.ajv === undefined) {
      // A schema with a precompiled validator was checked against its meta-schema when the
      // validator was generated (checking it again compiled the meta-schema's validator).
      this.ajv = newAjv(
        this.schema,
        this.usedPrecompiled ? { ...ajvOptions, validateSchema: false } : ajvOptions,
      );
      this.ajv.addSchema(this.ajvRoot, documentKey);
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
      validate = this.precompiledBranch(pointer) ?? this.compileBranch(pointer);
      this.branchValidators.set(pointer, validate);
    }
    if (validate === null) {
      return undefined;
    }
    return validate(data) ? [] : [...(validate.errors ?? [])];
  }

  /** The branch's validator generated ahead of time with the document's, if there is one. */
  private precompiledBranch(pointer: string): ValidateFunction | undefined {
    if (this.precompiledFile === undefined) {
      return undefined;
    }
    const file = precompiledBranchesFile(this.precompiledFile);
    const branches = (this.precompiledBranches ??=
      loadPrecompiledModule(file, this.ajvRoot)?.exports ?? {});
    const found = Object.hasOwn(branches, pointer)
      ? (branches[pointer] as ValidateFunction)
      : undefined;
    this.branchesPrecompiled += found === undefined ? 0 : 1;
    return found;
  }

  /** Ajv compiles the branch alone (a precompiled validator has no Ajv instance behind it). */
  private compileBranch(pointer: string): ValidateFunction | null {
    try {
      return this.compiledByAjv().compile(branchSchema(pointer));
    } catch {
      return null;
    }
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

/**
 * The file of the precompiled validators of a bundled schema's `oneOf`/`anyOf` branches, beside
 * its validator's: `compose-spec.validators.js` gives `compose-spec.branches.js`.
 */
export function precompiledBranchesFile(validatorFile: string): string {
  return validatorFile.replace(/\.validators\.js$/, '.branches.js');
}

/** What is compiled to check a value against the branch of the document at `pointer`. */
export function branchSchema(pointer: string): { $ref: string } {
  return { $ref: `${documentKey}#${pointer}` };
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
 * What a module of validators generated ahead of time for `root` (ajv standalone code, see
 * tools/jsonSchemaValidatorSource.ts) exports: one validator as `module.exports`, several by name
 * in `exports`; undefined when there is none or it was generated from another schema. Its code
 * names the schema objects it reports in errors by JSON pointer (`at("/definitions/service")`),
 * so they are `root`'s own, as when ajv compiles at run time.
 */
export function loadPrecompiledModule(
  file: string,
  root: object,
): { module: unknown; exports: Readonly<Record<string, unknown>> } | undefined {
  const module = { exports: undefined as unknown };
  const exports: Record<string, unknown> = {};
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
    exports,
  });
  return ran ? { module: module.exports, exports } : undefined;
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
