import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  defaultKubernetesVersion,
  KubernetesSchemas,
} from '../../../src/validation/core/kubernetesSchemas';
import { kubernetesValidatorsSource } from '../../../tools/kubernetesValidatorsSource';
import { corpusDir, listFiles } from '../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', 'schemas');
const version = defaultKubernetesVersion;
const bundleFile = path.join(schemasDir, `kubernetes-${version}.json`);
const validatorsFile = path.join(schemasDir, `kubernetes-${version}.validators.js`);

/** Kubernetes objects of the corpus, and broken copies of them (unknown field, wrong type, missing required). */
function corpusObjects(): { apiVersion: string; kind: string; data: Record<string, unknown> }[] {
  const corpus = path.join(corpusDir(), 'kubernetes');
  const objects: { apiVersion: string; kind: string; data: Record<string, unknown> }[] = [];
  for (const rel of listFiles(corpus).filter((f) => /\.ya?ml$/.test(f))) {
    for (const doc of parseAllDocuments(readFileSync(path.join(corpus, rel), 'utf8'))) {
      const data: unknown = doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        continue;
      }
      const { apiVersion, kind } = data as { apiVersion?: unknown; kind?: unknown };
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
        continue;
      }
      const object = data as Record<string, unknown>;
      objects.push({ apiVersion, kind, data: object });
      const spec = object.spec;
      objects.push({
        apiVersion,
        kind,
        data: {
          ...object,
          metadata: { name: 5, labelz: {} },
          ...(typeof spec === 'object' && spec !== null ? { spec: { ...spec, replica: 'x' } } : {}),
        },
      });
    }
  }
  return objects;
}

describe('precompiled Kubernetes validators', () => {
  it('are generated from the bundle as committed (run tools/precompileKubernetesValidators.ts after changing it)', function () {
    this.timeout(60_000);
    const expected = kubernetesValidatorsSource(readFileSync(bundleFile, 'utf8'));
    assert.ok(
      readFileSync(validatorsFile, 'utf8') === expected,
      `${validatorsFile} is stale: run npx tsx tools/precompileKubernetesValidators.ts`,
    );
  });

  it('are used by KubernetesSchemas.load, and never for a bundle they were not generated from', () => {
    assert.equal(KubernetesSchemas.load(schemasDir, version).isPrecompiled, true);
    const dir = mkdtempSync(path.join(tmpdir(), 'k8s-validators-'));
    try {
      copyFileSync(validatorsFile, path.join(dir, path.basename(validatorsFile)));
      // The same schema with one byte more: the validators could be stale, so ajv compiles.
      writeFileSync(
        path.join(dir, path.basename(bundleFile)),
        `${readFileSync(bundleFile, 'utf8')} `,
      );
      const schemas = KubernetesSchemas.load(dir, version);
      assert.equal(schemas.isPrecompiled, false);
      const validate = schemas.validatorFor('v1', 'ConfigMap');
      assert.ok(validate !== undefined);
      assert.equal(validate({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: 1 } }), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('report exactly what the validators ajv compiles at run time report, on the corpus and broken copies of it', function () {
    this.timeout(120_000);
    const precompiled = KubernetesSchemas.load(schemasDir, version);
    const compiled = KubernetesSchemas.load(schemasDir, version, { precompiled: false });
    assert.equal(compiled.isPrecompiled, false);
    const objects = corpusObjects();
    assert.ok(objects.length > 2000, `${objects.length} objects`);
    let checked = 0;
    let invalid = 0;
    let named = 0;
    for (const { apiVersion, kind, data } of objects) {
      const ours = precompiled.validatorFor(apiVersion, kind);
      const theirs = compiled.validatorFor(apiVersion, kind);
      assert.equal(ours === undefined, theirs === undefined, `${apiVersion}/${kind}`);
      if (ours === undefined || theirs === undefined) {
        continue;
      }
      const valid = ours(data);
      assert.equal(valid, theirs(data), `${apiVersion}/${kind}`);
      checked++;
      if (valid) {
        continue;
      }
      invalid++;
      const a = ours.errors ?? [];
      const b = theirs.errors ?? [];
      assert.equal(a.length, b.length);
      a.forEach((error, i) => {
        const other = b[i];
        assert.ok(other !== undefined);
        // The schema objects errors point at are the bundle's own: type names are found by identity.
        assert.equal(
          precompiled.typeName(error.parentSchema),
          compiled.typeName(other.parentSchema),
          `${error.schemaPath}: parentSchema`,
        );
        if (compiled.typeName(other.parentSchema) !== undefined) {
          named++;
        }
        assert.deepEqual(error, other);
      });
    }
    assert.ok(
      checked > 2000 && invalid > 1000 && named > 1000,
      `${checked} checked, ${invalid} invalid, ${named} errors in named types`,
    );
  });
});
