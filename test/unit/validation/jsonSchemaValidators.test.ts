import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { parseAllDocuments } from 'yaml';
import {
  JsonSchemaDocument,
  pointersOf,
  precompiledValidatorFile,
} from '../../../src/validation/core/jsonSchemaDocument';
import {
  checkerSchema,
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
      assert.ok(
        readFileSync(validatorFile(entry.file), 'utf8') ===
          jsonSchemaValidatorSource(checkerSchema(schemasDir, entry)),
        `${precompiledValidatorFile(entry.file)} is stale: run npx tsx tools/precompileJsonSchemaValidators.ts`,
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
});
