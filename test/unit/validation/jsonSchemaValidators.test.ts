import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { parseAllDocuments } from 'yaml';
import {
  JsonSchemaDocument,
  pointersOf,
  precompiledBranchesFile,
  precompiledValidatorFile,
  withoutDraft,
} from '../../../src/validation/core/jsonSchemaDocument';
import {
  checkerSchema,
  branchPointers,
  jsonSchemaBranchValidatorsSource,
  jsonSchemaValidatorSource,
  precompiledSchemas,
} from '../../../tools/jsonSchemaValidatorSource';
import { corpusDir, listFiles } from '../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', 'schemas');

const validatorFile = (file: string): string =>
  path.join(schemasDir, precompiledValidatorFile(file));

/**
 * The YAML documents of the corpus's non-Kubernetes folders and its kustomizations and charts,
 * and copies of the mappings among them with an unknown key and a wrong type at the top.
 */
function corpusData(): unknown[] {
  const corpus = corpusDir();
  const data: unknown[] = [{}, [], 'text', 1, null];
  for (const rel of listFiles(corpus).filter(
    (f) =>
      /\.ya?ml$/.test(f) &&
      (!f.startsWith('kubernetes/') || /(kustomization|Chart)\.ya?ml$/.test(f)),
  )) {
    for (const doc of parseAllDocuments(readFileSync(path.join(corpus, rel), 'utf8'), {
      logLevel: 'error',
    })) {
      const value: unknown = doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
      if (value === undefined) {
        continue;
      }
      data.push(value);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const [first] = Object.keys(value);
        data.push({ ...value, zz_unknown: 1, ...(first === undefined ? {} : { [first]: [true] }) });
      }
    }
  }
  // Every third one: the comparison runs every schema on each, twice.
  return data.filter((_, i) => i % 3 === 0);
}

/** An error as the problems read it, with the schema objects named by where they are. */
function described(errors: readonly ErrorObject[], schema: object): string {
  const pointers = pointersOf(schema);
  const where = (value: unknown): unknown =>
    typeof value === 'object' && value !== null ? (pointers.get(value) ?? 'root') : value;
  return JSON.stringify(
    errors.map((e) => ({
      ...e,
      schema: where(e.schema),
      parentSchema: where(e.parentSchema),
      data: undefined,
    })),
  );
}

describe('precompiled validators of the bundled JSON schemas', () => {
  it('are generated from the schemas as their checkers adjust them (run tools/precompileJsonSchemaValidators.ts after changing one)', function () {
    this.timeout(60_000);
    for (const entry of precompiledSchemas) {
      const schema = checkerSchema(schemasDir, entry);
      assert.ok(
        readFileSync(validatorFile(entry.file), 'utf8') === jsonSchemaValidatorSource(schema),
        `${precompiledValidatorFile(entry.file)} is stale: run npx tsx tools/precompileJsonSchemaValidators.ts`,
      );
      const branchesFile = precompiledBranchesFile(validatorFile(entry.file));
      const branches = jsonSchemaBranchValidatorsSource(schema);
      assert.ok(
        (existsSync(branchesFile) ? readFileSync(branchesFile, 'utf8') : undefined) === branches,
        `${path.basename(branchesFile)} is stale: run npx tsx tools/precompileJsonSchemaValidators.ts`,
      );
    }
  });

  it('are used for the schema they were generated from, and never for another', () => {
    const compose = JsonSchemaDocument.loadBundled(schemasDir, 'compose-spec.json', 'Compose');
    assert.deepEqual(compose.validate({ services: { web: { image: 'nginx' } } }), []);
    assert.equal(compose.isPrecompiled, true);
    // The same schema with one more word in it: the validator could be stale, so ajv compiles.
    const changed = new JsonSchemaDocument(
      { ...compose.schema, description: 'changed' },
      'Compose',
      validatorFile('compose-spec.json'),
    );
    assert.equal(changed.validate({ services: { web: { image: 1 } } }).length > 0, true);
    assert.equal(changed.isPrecompiled, false);
    // Nor are the validators of its oneOf/anyOf branches.
    const badPorts = { services: { web: { image: 'nginx', ports: [true] } } };
    for (const document of [compose, changed]) {
      for (const e of document.validate(badPorts)) {
        if (e.keyword === 'oneOf' && Array.isArray(e.schema)) {
          assert.ok(document.validateBranch(e.schema, 0, e.data) !== undefined);
        }
      }
    }
    assert.ok(compose.precompiledBranchCount > 0);
    assert.equal(changed.precompiledBranchCount, 0);
    // A schema given no validator file (every schema of the workspace) is compiled by ajv.
    const workspace = JsonSchemaDocument.load(
      path.join(schemasDir, 'compose-spec.json'),
      'compose-spec.json',
    );
    workspace.validate({});
    assert.equal(workspace.isPrecompiled, false);
  });

  it('report exactly what ajv compiles at run time reports, on the corpus and broken copies of it', function () {
    this.timeout(120_000);
    const data = corpusData();
    assert.ok(data.length > 500, `${data.length} documents`);
    for (const entry of precompiledSchemas) {
      const schema = checkerSchema(schemasDir, entry);
      const precompiled = new JsonSchemaDocument(schema, entry.file, validatorFile(entry.file));
      const compiled = new JsonSchemaDocument(schema, entry.file);
      const pointers = pointersOf(schema);
      let failing = 0;
      for (const [i, value] of data.entries()) {
        const expected = compiled.validate(value);
        const actual = precompiled.validate(value);
        failing += expected.length > 0 ? 1 : 0;
        assert.equal(
          described(actual, schema),
          described(expected, schema),
          `${entry.file}, document ${i}`,
        );
        // The schema objects in errors are the schema's own: problems look them up by identity.
        for (const [k, e] of expected.entries()) {
          if (typeof e.parentSchema === 'object' && pointers.has(e.parentSchema)) {
            assert.ok(
              actual[k]?.parentSchema === e.parentSchema,
              `${entry.file}, document ${i}: parentSchema of error ${k}`,
            );
          }
        }
      }
      assert.equal(precompiled.isPrecompiled, true, entry.file);
      assert.ok(failing > 0, `${entry.file}: no document fails`);
    }
  });

  it('check the oneOf/anyOf branches of failing documents as ajv compiles them at run time', function () {
    this.timeout(120_000);
    const data = corpusData();
    const simple: unknown[] = [{}, [], 'text', 1, null, true, { zz_unknown: 1 }, ['text', 1]];
    let schemasWithBranches = 0;
    let fromCorpus = 0;
    for (const entry of precompiledSchemas) {
      if (!existsSync(precompiledBranchesFile(validatorFile(entry.file)))) {
        continue;
      }
      schemasWithBranches++;
      const schema = checkerSchema(schemasDir, entry);
      const precompiled = new JsonSchemaDocument(schema, entry.file, validatorFile(entry.file));
      const compiled = new JsonSchemaDocument(schema, entry.file);
      const compare = (branches: unknown[], k: number, value: unknown, what: string): void => {
        const expected = compiled.validateBranch(branches, k, value);
        const actual = precompiled.validateBranch(branches, k, value);
        assert.ok(expected !== undefined && actual !== undefined, what);
        assert.equal(described(actual, schema), described(expected, schema), what);
        // The schema objects in errors are the schema's own: problems look them up by identity.
        for (const [n, e] of expected.entries()) {
          assert.ok(actual[n]?.parentSchema === e.parentSchema, `${what}: error ${n}`);
        }
      };
      // Every branch, on values of every type.
      const pointers = branchPointers(withoutDraft(schema));
      for (const pointer of pointers) {
        const cut = pointer.lastIndexOf('/');
        const branches = atPointer(schema, pointer.slice(0, cut));
        for (const value of simple) {
          compare(branches, Number(pointer.slice(cut + 1)), value, `${entry.file} ${pointer}`);
        }
      }
      assert.equal(precompiled.precompiledBranchCount, pointers.length, entry.file);
      // The branches of the oneOf/anyOf errors of the corpus and broken copies, on their values.
      for (const [i, value] of data.entries()) {
        for (const error of compiled.validate(value)) {
          if (
            (error.keyword === 'oneOf' || error.keyword === 'anyOf') &&
            Array.isArray(error.schema)
          ) {
            for (let k = 0; k < error.schema.length; k++) {
              compare(error.schema, k, error.data, `${entry.file}, document ${i}, branch ${k}`);
              fromCorpus++;
            }
          }
        }
      }
    }
    assert.ok(schemasWithBranches >= 4, `${schemasWithBranches} schemas with branches`);
    assert.ok(fromCorpus > 50, `${fromCorpus} branches of corpus documents`);
  });
});

/** The array at a JSON pointer of a schema (as pointersOf writes them). */
function atPointer(schema: object, pointer: string): unknown[] {
  let node: unknown = schema;
  for (const raw of pointer.split('/').slice(1)) {
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  assert.ok(Array.isArray(node), pointer);
  return node;
}
