import type { FormatChecker } from '../formatChecker';
import { JsonSchemaDocument } from '../jsonSchemaDocument';
import { lazySchemaChecker } from '../lazySchemaChecker';

/** SchemaStore's kustomization schema (generated from kustomize's Go types). */
export const kustomizationSchemaFile = 'kustomization.json';

/**
 * Kustomizations (`kustomization.yaml`, `kustomize.config.k8s.io` Kustomization and Component):
 * the schema. Paths and patch targets are checked across files by the workspace index.
 */
export function kustomizationChecker(schemasDir: string): FormatChecker {
  const checker = lazySchemaChecker(
    () => JsonSchemaDocument.loadBundled(schemasDir, kustomizationSchemaFile, 'Kustomization'),
    'kustomize',
  );
  return {
    check: (input) => checker.check({ ...input, data: withoutNulls(input.data) }),
    schemaFor: (input) => checker.schemaFor(input),
  };
}

/**
 * The data with null-valued mapping entries left out: kustomize reads YAML into Go structs, where
 * `components:` with every entry commented out is an empty list, not an error.
 */
export function withoutNulls(data: unknown, depth = 0): unknown {
  if (depth > 64 || data === null || typeof data !== 'object') {
    return data;
  }
  if (Array.isArray(data)) {
    return data.map((item: unknown) => withoutNulls(item, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value !== null) {
      out[key] = withoutNulls(value, depth + 1);
    }
  }
  return out;
}
