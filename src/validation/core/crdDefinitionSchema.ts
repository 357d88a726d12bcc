import type { Document } from 'yaml';
import type { Problem } from '../../common/problem';
import type { CrdVersion } from './crdSchemas';
import { locate, nodeRange } from './yamlPath';

/*
 * apiextensions.k8s.io/v1 CustomResourceDefinition is not in the bundled Kubernetes schema (the
 * OpenAPI documents the bundle is generated from cover core, apps, batch, networking,
 * autoscaling, rbac and policy only). This is its structure, written from the API reference
 * (https://kubernetes.io/docs/reference/kubernetes-api/extend-resources/custom-resource-definition-v1/)
 * as a structural schema, so it is validated by the same code as custom resources. The
 * openAPIV3Schema inside each version is accepted as any object.
 */

const str = (description: string): object => ({ type: 'string', description });
const bool = (description: string): object => ({ type: 'boolean', description });
const strings = (description: string): object => ({
  type: 'array',
  items: { type: 'string' },
  description,
});

const webhookClientConfig = {
  type: 'object',
  description: 'How to call the webhook: a URL, or a Service in the cluster.',
  properties: {
    url: str('The webhook URL (https), when it is not a Service in the cluster.'),
    caBundle: str('PEM-encoded CA bundle (base64) to verify the webhook server certificate.'),
    service: {
      type: 'object',
      description: 'The Service of the webhook.',
      required: ['namespace', 'name'],
      properties: {
        namespace: str('Namespace of the Service.'),
        name: str('Name of the Service.'),
        path: str('URL path the webhook is called on.'),
        port: { type: 'integer', description: 'Port of the Service (default 443).' },
      },
    },
  },
};

const versionSchema = {
  type: 'object',
  required: ['name', 'served', 'storage'],
  properties: {
    name: str('The version name (v1, v1beta1), used in apiVersion as <group>/<name>.'),
    served: bool('Whether this version is served by the REST API.'),
    storage: bool(
      'Whether objects are stored at this version. Exactly one version has storage: true.',
    ),
    deprecated: bool('Whether this version is deprecated: clients get a warning.'),
    deprecationWarning: str('The warning returned to clients of a deprecated version.'),
    schema: {
      type: 'object',
      description: 'The schema objects of this version are validated, pruned and defaulted with.',
      properties: {
        openAPIV3Schema: {
          type: 'object',
          description: 'A structural OpenAPI v3 schema of the custom resource.',
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    },
    subresources: {
      type: 'object',
      description: 'The status and scale subresources of this version.',
      properties: {
        status: {
          type: 'object',
          description: 'Enables the /status subresource: status is ignored on the main resource.',
          'x-kubernetes-preserve-unknown-fields': true,
        },
        scale: {
          type: 'object',
          description: 'Enables the /scale subresource (kubectl scale, HPA).',
          required: ['specReplicasPath', 'statusReplicasPath'],
          properties: {
            specReplicasPath: str('JSON path of the desired replicas in spec (.spec.replicas).'),
            statusReplicasPath: str('JSON path of the observed replicas in status.'),
            labelSelectorPath: str('JSON path of the label selector in status (for HPA).'),
          },
        },
      },
    },
    additionalPrinterColumns: {
      type: 'array',
      description: 'Extra columns kubectl get prints.',
      items: {
        type: 'object',
        required: ['name', 'type', 'jsonPath'],
        properties: {
          name: str('The column header.'),
          type: {
            type: 'string',
            enum: ['integer', 'number', 'string', 'boolean', 'date'],
            description: 'The OpenAPI type of the column.',
          },
          format: str('The OpenAPI format of the column.'),
          description: str('The column description.'),
          priority: { type: 'integer', description: '0 in the standard view, more with -o wide.' },
          jsonPath: str('JSON path of the value in each object.'),
        },
      },
    },
    selectableFields: {
      type: 'array',
      description: 'Fields usable in field selectors.',
      items: {
        type: 'object',
        required: ['jsonPath'],
        properties: { jsonPath: str('JSON path of the field.') },
      },
    },
  },
};

const crdOpenApiSchema = {
  type: 'object',
  required: ['spec'],
  properties: {
    spec: {
      type: 'object',
      description: 'How the custom resource is named, versioned and validated.',
      required: ['group', 'names', 'scope', 'versions'],
      properties: {
        group: str('The API group of the resource (example.com): apiVersion is <group>/<version>.'),
        names: {
          type: 'object',
          description: 'The names the resource is known by.',
          required: ['plural', 'kind'],
          properties: {
            plural: str('The plural name in URLs (widgets); metadata.name is <plural>.<group>.'),
            singular: str('The singular name (widget).'),
            kind: str('The kind of the objects (Widget).'),
            listKind: str('The kind of lists of the objects (WidgetList).'),
            shortNames: strings('Short names for kubectl (wd).'),
            categories: strings('Groups the resource belongs to (all): kubectl get <category>.'),
          },
        },
        scope: {
          type: 'string',
          enum: ['Namespaced', 'Cluster'],
          description: 'Whether objects live in a namespace or in the cluster.',
        },
        versions: {
          type: 'array',
          description: 'The versions of the resource. Exactly one has storage: true.',
          items: versionSchema,
        },
        conversion: {
          type: 'object',
          description: 'How objects are converted between versions.',
          required: ['strategy'],
          properties: {
            strategy: { type: 'string', enum: ['None', 'Webhook'] },
            webhook: {
              type: 'object',
              required: ['conversionReviewVersions'],
              properties: {
                clientConfig: webhookClientConfig,
                conversionReviewVersions: strings('ConversionReview versions the webhook accepts.'),
              },
            },
          },
        },
        preserveUnknownFields: bool('Deprecated: must be false in apiextensions.k8s.io/v1.'),
      },
    },
    status: {
      type: 'object',
      description: 'Written by the API server.',
      'x-kubernetes-preserve-unknown-fields': true,
    },
  },
};

/** The CRD of CustomResourceDefinitions themselves, compiled like any workspace CRD. */
export const crdDefinitionEntry: CrdVersion = {
  crdName: 'customresourcedefinitions.apiextensions.k8s.io',
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  file: 'the Kubernetes API reference',
  deprecated: false,
  deprecationWarning: undefined,
  openApiSchema: crdOpenApiSchema,
};

/**
 * What the API server checks of a CRD beyond its schema: exactly one storage version, unique
 * version names, and `metadata.name` being `<plural>.<group>`.
 */
export function crdDefinitionProblems(doc: Document.Parsed, data: unknown): Problem[] {
  const crd = data as {
    metadata?: { name?: unknown };
    spec?: { group?: unknown; names?: { plural?: unknown }; versions?: unknown };
  } | null;
  const problems: Problem[] = [];
  const at = (segments: string[]): [number, number] =>
    nodeRange(locate(doc, segments).node) ?? nodeRange(locate(doc, segments).pair?.key) ?? [0, 1];
  const plural = crd?.spec?.names?.plural;
  const group = crd?.spec?.group;
  const name = crd?.metadata?.name;
  if (typeof plural === 'string' && typeof group === 'string' && typeof name === 'string') {
    const expected = `${plural}.${group}`;
    if (name !== expected) {
      const [start, end] = at(['metadata', 'name']);
      problems.push({
        code: 'invalid-value',
        severity: 'error',
        source: 'kubernetes',
        message: `A CRD's name must be <plural>.<group>: '${expected}', not '${name}'.`,
        start,
        end,
        suggestions: [expected],
      });
    }
  }
  const versions = crd?.spec?.versions;
  if (Array.isArray(versions) && versions.length > 0) {
    const storage = versions.filter(
      (v: unknown) => (v as { storage?: unknown } | null)?.storage === true,
    ).length;
    if (storage !== 1) {
      const [start, end] = at(['spec', 'versions']);
      problems.push({
        code: 'invalid-value',
        severity: 'error',
        source: 'kubernetes',
        message: `Exactly one version must have storage: true (${storage} do).`,
        start,
        end,
      });
    }
    const seen = new Set<string>();
    versions.forEach((v: unknown, index) => {
      const versionName = (v as { name?: unknown } | null)?.name;
      if (typeof versionName !== 'string') {
        return;
      }
      if (seen.has(versionName)) {
        const [start, end] = at(['spec', 'versions', String(index), 'name']);
        problems.push({
          code: 'invalid-value',
          severity: 'error',
          source: 'kubernetes',
          message: `Version '${versionName}' is listed twice.`,
          start,
          end,
        });
      }
      seen.add(versionName);
    });
  }
  return problems;
}
