// Generates schemas/kubernetes-<version>.json, the strict Kubernetes schema the validator ships,
// from the official OpenAPI v3 documents (kubernetes/kubernetes api/openapi-spec/v3, as vendored
// by kubectl-validate in the shared corpus).
//
//   npx tsx tools/generateKubernetesSchemas.ts <folder with api/ and apis/> <version>
//
// What it does to the OpenAPI schemas, and why:
// - strict: wherever a schema lists `properties` and says nothing of `additionalProperties`, other
//   properties are forbidden (kubectl --validate=strict, kubeconform -strict), except under
//   `x-kubernetes-preserve-unknown-fields`;
// - null is accepted wherever a value is (the API server treats null as unset: `creationTimestamp: null`);
// - `oneOf` becomes `anyOf` (IntOrString, Quantity: the branches never overlap, anyOf reports better);
// - `$ref`s point into one shared `definitions` map: every kind shares ObjectMeta, PodSpec, ...;
// - `default`, `format` and the x-kubernetes list/patch annotations are dropped (not validation);
//   descriptions stay: hover shows them.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = Record<string, Json>;

const [, , sourceDir, version] = process.argv;
if (sourceDir === undefined || version === undefined) {
  console.error('usage: tsx tools/generateKubernetesSchemas.ts <openapi v3 folder> <version>');
  process.exit(2);
}

const dropped = new Set([
  'default',
  'format',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-map-type',
  'x-kubernetes-unions',
  'x-kubernetes-group-version-kind',
]);

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function convert(schema: Json): Json {
  if (Array.isArray(schema)) {
    return schema.map(convert);
  }
  if (!isObject(schema)) {
    return schema;
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (dropped.has(key)) {
      continue;
    }
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', '#/definitions/');
    } else if (key === 'oneOf') {
      out.anyOf = convert(value);
    } else if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    } else {
      out[key] = convert(value);
    }
  }
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
  }
  if (
    out.properties !== undefined &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function listJson(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? listJson(full) : full.endsWith('.json') ? [full] : [];
  });
}

const definitions: JsonObject = {};
const gvks: Record<string, string> = {};
for (const file of listJson(sourceDir).sort()) {
  const document = JSON.parse(readFileSync(file, 'utf8')) as {
    components?: { schemas?: JsonObject };
  };
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (!isObject(schema)) {
      continue;
    }
    const kinds = schema['x-kubernetes-group-version-kind'];
    if (Array.isArray(kinds)) {
      for (const gvk of kinds) {
        if (isObject(gvk) && typeof gvk.kind === 'string' && typeof gvk.version === 'string') {
          const group = typeof gvk.group === 'string' && gvk.group !== '' ? `${gvk.group}/` : '';
          // WatchEvent, DeleteOptions and friends are listed under every group: not manifests.
          if (
            !/^(WatchEvent|DeleteOptions|Status|APIResourceList|APIGroup|APIGroupList|APIVersions)$/.test(
              gvk.kind,
            )
          ) {
            gvks[`${group}${gvk.version}/${gvk.kind}`] = name;
          }
        }
      }
    }
    definitions[name] ??= convert(schema);
  }
}

const sortedGvks = Object.fromEntries(Object.entries(gvks).sort(([a], [b]) => a.localeCompare(b)));
const output = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `https://infra-workbench.local/schemas/kubernetes-${version}.json`,
  title: `Kubernetes ${version} (strict)`,
  'x-generated-by': 'tools/generateKubernetesSchemas.ts from the Kubernetes OpenAPI v3 documents',
  'x-kubernetes-version': version,
  gvks: sortedGvks,
  definitions,
};
const target = path.join('schemas', `kubernetes-${version}.json`);
writeFileSync(target, `${JSON.stringify(output)}\n`);
console.log(
  `${target}: ${Object.keys(sortedGvks).length} kinds, ${Object.keys(definitions).length} definitions, ${statSync(target).size} bytes`,
);
