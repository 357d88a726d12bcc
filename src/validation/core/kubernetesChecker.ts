import { isMap, isScalar, type Document } from 'yaml';
import type { Problem } from '../../common/problem';
import type { DocumentInput, DocumentSchema, FormatChecker } from './formatChecker';
import type { KubernetesSchemas } from './kubernetesSchemas';
import { schemaProblems } from './schemaProblems';

/**
 * Kubernetes documents against the bundled strict schema of their `apiVersion`/`kind`. Kinds
 * the bundle does not know (custom resources without a CRD in view) are left alone.
 */
export class KubernetesChecker implements FormatChecker {
  constructor(
    private readonly schemas: () => KubernetesSchemas,
    private readonly version: string,
  ) {}

  check({ doc, data, partial }: DocumentInput): readonly Problem[] {
    const gvk = kubernetesGvk(doc);
    if (gvk === undefined) {
      return [];
    }
    const schemas = this.schemas();
    const validate = schemas.validatorFor(gvk.apiVersion, gvk.kind);
    if (validate === undefined || validate(data)) {
      return [];
    }
    const isPatch = partial || (isMap(doc.contents) && doc.contents.has('$patch'));
    const errors = (validate.errors ?? []).filter(
      (e) =>
        // Strategic merge patch directives ($patch, $retainKeys, $setElementOrder/...) are not fields.
        !(
          e.keyword === 'additionalProperties' &&
          (e.params as { additionalProperty: string }).additionalProperty.startsWith('$')
        ) &&
        // A patch names only what it changes: required fields live in the base it patches.
        !(isPatch && e.keyword === 'required'),
    );
    return schemaProblems(doc, errors, 'kubernetes', (s) => schemas.typeName(s));
  }

  schemaFor({ doc }: DocumentInput): DocumentSchema | undefined {
    const gvk = kubernetesGvk(doc);
    const navigator =
      gvk === undefined ? undefined : this.schemas().navigatorFor(gvk.apiVersion, gvk.kind);
    return gvk === undefined || navigator === undefined
      ? undefined
      : { navigator, title: `Kubernetes ${this.version} · ${gvk.apiVersion} ${gvk.kind}` };
  }
}

/** The `apiVersion` and `kind` of a document, when both are strings at its top level. */
export function kubernetesGvk(
  doc: Document.Parsed,
): { apiVersion: string; kind: string } | undefined {
  const contents = doc.contents;
  if (!isMap(contents)) {
    return undefined;
  }
  const apiVersion = contents.get('apiVersion', true);
  const kind = contents.get('kind', true);
  return isScalar(apiVersion) &&
    typeof apiVersion.value === 'string' &&
    isScalar(kind) &&
    typeof kind.value === 'string'
    ? { apiVersion: apiVersion.value, kind: kind.value }
    : undefined;
}
