import type { Located, NodeReader, TextRange } from './yamlNodes';

/** Labels of the pods a resource creates or is. */
export interface PodLabels {
  readonly labels: Readonly<Record<string, string>>;
  /**
   * True when guessed from a custom resource whose operator creates the pods (a Prometheus, an
   * Argo Rollout): the pods may carry more labels than these, such as the resource's name.
   */
  readonly inferred: boolean;
}

/** A label selector, the form of a workload's or a PodDisruptionBudget's `selector`. A Service's plain `selector` map is read as `matchLabels`. */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly LabelExpression[];
  /** The selector's mapping in the file. */
  readonly range: TextRange;
  /** False when part of the selector could not be read (a list, a value that is a mapping): such a selector is not judged. */
  readonly exact: boolean;
}

/** One `matchExpressions` entry. */
export interface LabelExpression {
  readonly key: string;
  /** `In`, `NotIn`, `Exists`, `DoesNotExist` (anything else is kept as written). */
  readonly operator: string;
  readonly values: readonly string[];
}

/** A port a Service exposes. */
export interface ServicePort {
  readonly port?: number;
  readonly name?: string;
  readonly targetPort?: number | string;
}

/** How a reference is made, for messages and for which checks apply. */
export type ReferenceVia =
  /** `env[].valueFrom.configMapKeyRef` / `secretKeyRef` of a container. */
  | 'env'
  /** `envFrom[].configMapRef` / `secretRef` of a container. */
  | 'envFrom'
  /** A pod volume: `configMap`, `secret`, `persistentVolumeClaim`. */
  | 'volume'
  /** A source of a `projected` volume. */
  | 'projected'
  | 'imagePullSecrets'
  | 'serviceAccountName'
  /** An Ingress rule's or default backend's Service. */
  | 'ingressBackend'
  /** The Secret of an Ingress `tls` entry (often created by cert-manager: not checked). */
  | 'ingressTls'
  /** A HorizontalPodAutoscaler's `scaleTargetRef`. */
  | 'scaleTargetRef'
  /** A RoleBinding's or ClusterRoleBinding's `roleRef`. */
  | 'roleRef'
  /** A ServiceAccount among a binding's `subjects`. */
  | 'subject';

/** A name in one resource that points at another object. */
export interface KubernetesReference {
  /** The kind of the object named: `ConfigMap`, `Secret`, `PersistentVolumeClaim`, `ServiceAccount`, `Service`, `Role`, `ClusterRole`, or a scale target's kind. */
  readonly kind: string;
  /** The group or apiVersion written with the reference (`scaleTargetRef.apiVersion`, `roleRef.apiGroup`), if any. */
  readonly apiVersion?: string;
  readonly name: string;
  /** The name scalar. */
  readonly range: TextRange;
  /** A namespace written on the reference (a binding subject's); otherwise the referring resource's applies. */
  readonly namespace?: string;
  readonly via: ReferenceVia;
  /** `optional: true`: the pod starts without the object. */
  readonly optional: boolean;
  /** Keys of a ConfigMap or Secret the reference needs (`key`, volume `items[].key`). */
  readonly keys: readonly Located[];
  /** The Service port an Ingress backend names: a number or a port name. */
  readonly port?: Located<number | string>;
}

/**
 * An object the cluster creates because of a resource: the PVCs of a StatefulSet's
 * `volumeClaimTemplates`, the Secret of a cert-manager Certificate, a SealedSecret or an
 * ExternalSecret, the ConfigMap or Secret of a trust-manager Bundle.
 */
export interface CreatedObject {
  readonly kind: string;
  readonly name: string;
  /** The keys the created Secret will hold, when the resource says. */
  readonly keys?: readonly string[];
  /** For a StatefulSet claim template: the StatefulSet's name (claims are `<name>-<statefulset>-<ordinal>`). */
  readonly claimTemplateOf?: string;
  /** Created in every namespace (a trust-manager Bundle's target), not only the resource's own. */
  readonly everyNamespace?: boolean;
}

/** One Kubernetes resource: its identity and what cross-file checks and diagrams read of it. */
export interface KubernetesResource {
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.name`; undefined when there is none (`generateName`, a patch without one). */
  readonly name?: string;
  /** `metadata.namespace` as written; undefined means the namespace `kubectl apply` is given. */
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The index of the document in the file's model. */
  readonly documentIndex: number;
  /** The resource's mapping: its document, or its item of a `kind: List`. */
  readonly range: TextRange;
  /** The `metadata.name` scalar. */
  readonly nameRange?: TextRange;
  /** `spec.type` of a Service, `type` of a Secret. */
  readonly type?: string;
  /** Labels of the pods the resource creates (a workload's pod template) or is (a Pod). */
  readonly podLabels: readonly PodLabels[];
  /** The selector that picks pods: a Service's, a PodDisruptionBudget's, a workload's own. */
  readonly podSelector?: LabelSelector;
  /** The ports a Service exposes. */
  readonly ports: readonly ServicePort[];
  /** The keys of a ConfigMap (`data`, `binaryData`) or Secret (`data`, `stringData`). */
  readonly dataKeys?: readonly string[];
  readonly references: readonly KubernetesReference[];
  readonly creates: readonly CreatedObject[];
  /** What a CustomResourceDefinition defines: the group and kind of its custom resources. */
  readonly defines?: { readonly group: string; readonly kind: string };
}

/** A `configMapGenerator` or `secretGenerator` entry of a kustomization. */
export interface GeneratedObject {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly range: TextRange;
  /** The keys it holds, when its `literals` and `files` say (undefined with `envs`). */
  readonly keys?: readonly string[];
}

/** What a `kustomization.yaml` says about the resources it builds. */
export interface Kustomization {
  /** `namespace:`: every resource it builds is put there. */
  readonly namespace?: Located;
  /** `resources`, `bases` and `components` entries as written (files, folders, URLs). */
  readonly resources: readonly Located[];
  readonly generated: readonly GeneratedObject[];
  /** Every path the kustomization reads, by the field naming it (inline patches are not paths). */
  readonly paths: readonly KustomizePath[];
  /** The patches and the objects they say they change. */
  readonly patches: readonly KustomizePatch[];
  /** True when resources come from elsewhere too (`helmCharts`, `generators`): targets cannot all be known. */
  readonly generatesMore: boolean;
  /** A `kind: Component`: it patches the resources of the kustomizations that include it. */
  readonly component: boolean;
}

/** A path a kustomization field names. */
export interface KustomizePath {
  readonly field:
    | 'resources'
    | 'bases'
    | 'components'
    | 'crds'
    | 'patchesStrategicMerge'
    | 'patches'
    | 'patchesJson6902';
  readonly path: Located;
}

/** A patch of a kustomization: its file, and the target selector it names, if any. */
export interface KustomizePatch {
  /** The patch file (`patches[].path`, `patchesJson6902[].path`, a `patchesStrategicMerge` entry). */
  readonly path?: Located;
  /** `target.kind` / `target.name` (or a JSON 6902 patch's), when the patch names one. */
  readonly target?: { readonly kind?: string; readonly name?: string; readonly range: TextRange };
}

/** API groups of Kubernetes itself; any other group is a custom resource. */
const builtInGroups = new Set([
  '',
  'apps',
  'batch',
  'extensions',
  'policy',
  'autoscaling',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'apiextensions.k8s.io',
  'admissionregistration.k8s.io',
  'apiregistration.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
]);

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** True for kinds of Kubernetes itself (not custom resources). */
export function isBuiltInApi(apiVersion: string): boolean {
  return builtInGroups.has(apiGroup(apiVersion));
}

/** Where the pod template of each built-in workload kind is. */
const podTemplatePaths: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

/** Built-in kinds that run pods: what a Service or PodDisruptionBudget selects. */
export const workloadKinds: readonly string[] = [...Object.keys(podTemplatePaths), 'Pod'];

/**
 * The Kubernetes resources of one document: the document itself, or each item of a
 * `kind: List` (or a typed list such as `ConfigMapList`). Documents without a string `apiVersion` and `kind` hold none.
 */
export function kubernetesResources(
  read: NodeReader,
  root: unknown,
  documentIndex: number,
): KubernetesResource[] {
  const apiVersion = read.text(read.get(root, 'apiVersion'));
  const kind = read.text(read.get(root, 'kind'));
  if (apiVersion === undefined || kind === undefined) {
    return [];
  }
  // `kind: List` (what `kubectl get -o yaml` prints) and typed lists (`ConfigMapList`).
  if (kind.endsWith('List') && isBuiltInApi(apiVersion) && read.isSeq(read.get(root, 'items'))) {
    return read
      .items(read.get(root, 'items'))
      .flatMap((item) => kubernetesResources(read, item, documentIndex));
  }
  const range = read.range(read.resolve(root));
  if (range === undefined) {
    return [];
  }
  return [resourceFacts(read, root, apiVersion, kind, documentIndex, range)];
}

function resourceFacts(
  read: NodeReader,
  root: unknown,
  apiVersion: string,
  kind: string,
  documentIndex: number,
  range: TextRange,
): KubernetesResource {
  const metadata = read.get(root, 'metadata');
  const name = read.located(read.get(metadata, 'name'));
  const namespace = read.text(read.get(metadata, 'namespace'));
  const labels = read.stringMap(read.get(metadata, 'labels')).values;
  const spec = read.get(root, 'spec');
  const builtIn = isBuiltInApi(apiVersion);
  const references: KubernetesReference[] = [];
  const creates: CreatedObject[] = [];
  const podLabels: PodLabels[] = [];
  let podSelector: LabelSelector | undefined;
  let ports: ServicePort[] = [];
  let dataKeys: string[] | undefined;
  let type: string | undefined;
  let defines: KubernetesResource['defines'];

  const templatePath = builtIn ? podTemplatePaths[kind] : undefined;
  if (builtIn && kind === 'Pod') {
    podLabels.push({ labels, inferred: false });
    references.push(...podSpecReferences(read, spec));
  } else if (templatePath !== undefined) {
    const template = read.getIn(root, templatePath);
    podLabels.push({
      labels: read.stringMap(read.getIn(template, ['metadata', 'labels'])).values,
      inferred: false,
    });
    references.push(...podSpecReferences(read, read.get(template, 'spec')));
    podSelector = labelSelector(read, read.get(spec, 'selector'));
    if (kind === 'StatefulSet' && name !== undefined) {
      for (const claim of read.items(read.get(spec, 'volumeClaimTemplates'))) {
        const claimName = read.text(read.getIn(claim, ['metadata', 'name']));
        if (claimName !== undefined) {
          creates.push({
            kind: 'PersistentVolumeClaim',
            name: claimName,
            claimTemplateOf: name.value,
          });
        }
      }
    }
  } else if (!builtIn) {
    // An operator's resource (Prometheus, Argo Rollout, Knative Service): the pods it makes
    // carry labels from its pod template or pod metadata, and its own labels more often than not.
    const template = read.get(spec, 'template');
    const templateSpec = read.get(template, 'spec');
    if (read.map(templateSpec) !== undefined) {
      references.push(...podSpecReferences(read, templateSpec));
    }
    for (const path of [
      ['template', 'metadata', 'labels'],
      ['podMetadata', 'labels'],
      ['podTemplate', 'metadata', 'labels'],
    ]) {
      const found = read.map(read.getIn(spec, path));
      if (found !== undefined) {
        podLabels.push({ labels: read.stringMap(found).values, inferred: true });
      }
    }
    podLabels.push({ labels, inferred: true });
    creates.push(...customResourceSecrets(read, kind, root, name?.value));
  }

  if (builtIn) {
    switch (kind) {
      case 'Service': {
        type = read.text(read.get(spec, 'type'));
        const selector = read.map(read.get(spec, 'selector'));
        const selectorRange = read.range(selector);
        if (selector !== undefined && selectorRange !== undefined) {
          const { values, exact } = read.stringMap(selector);
          podSelector = { matchLabels: values, matchExpressions: [], range: selectorRange, exact };
        }
        ports = read.items(read.get(spec, 'ports')).map((port) => servicePort(read, port));
        break;
      }
      case 'PodDisruptionBudget':
        podSelector = labelSelector(read, read.get(spec, 'selector'));
        break;
      case 'NetworkPolicy':
        podSelector = labelSelector(read, read.get(spec, 'podSelector'));
        break;
      case 'CustomResourceDefinition': {
        const group = read.text(read.get(spec, 'group'));
        const definedKind = read.text(read.getIn(spec, ['names', 'kind']));
        if (group !== undefined && definedKind !== undefined) {
          defines = { group, kind: definedKind };
        }
        break;
      }
      case 'ConfigMap':
        dataKeys = [
          ...read.keys(read.get(root, 'data')),
          ...read.keys(read.get(root, 'binaryData')),
        ];
        break;
      case 'Secret':
        type = read.text(read.get(root, 'type'));
        dataKeys = [
          ...read.keys(read.get(root, 'data')),
          ...read.keys(read.get(root, 'stringData')),
        ];
        break;
      case 'Ingress':
        references.push(...ingressReferences(read, spec));
        break;
      case 'HorizontalPodAutoscaler': {
        const target = read.get(spec, 'scaleTargetRef');
        const targetKind = read.text(read.get(target, 'kind'));
        const targetName = read.located(read.get(target, 'name'));
        const targetApi = read.text(read.get(target, 'apiVersion'));
        if (targetKind !== undefined && targetName !== undefined) {
          references.push({
            kind: targetKind,
            ...(targetApi === undefined ? {} : { apiVersion: targetApi }),
            name: targetName.value,
            range: targetName.range,
            via: 'scaleTargetRef',
            optional: false,
            keys: [],
          });
        }
        break;
      }
      case 'RoleBinding':
      case 'ClusterRoleBinding':
        references.push(...bindingReferences(read, root));
        break;
      default:
        break;
    }
  }

  return {
    apiVersion,
    kind,
    ...(name === undefined ? {} : { name: name.value, nameRange: name.range }),
    ...(namespace === undefined ? {} : { namespace }),
    labels,
    documentIndex,
    range,
    ...(type === undefined ? {} : { type }),
    podLabels,
    ...(podSelector === undefined ? {} : { podSelector }),
    ports,
    ...(dataKeys === undefined ? {} : { dataKeys }),
    references,
    creates,
    ...(defines === undefined ? {} : { defines }),
  };
}

/** A `LabelSelector` (`matchLabels`, `matchExpressions`). */
function labelSelector(read: NodeReader, node: unknown): LabelSelector | undefined {
  const map = read.map(node);
  const range = read.range(map);
  if (map === undefined || range === undefined) {
    return undefined;
  }
  const matchLabels = read.stringMap(read.get(map, 'matchLabels'));
  let exact = matchLabels.exact;
  const matchExpressions: LabelExpression[] = [];
  const expressionsNode = read.get(map, 'matchExpressions');
  if (!read.isEmpty(expressionsNode) && !read.isSeq(expressionsNode)) {
    exact = false;
  }
  for (const item of read.items(expressionsNode)) {
    const key = read.text(read.get(item, 'key'));
    const operator = read.text(read.get(item, 'operator'));
    const valuesNode = read.get(item, 'values');
    const values = read.items(valuesNode).map((v) => read.text(v));
    if (key === undefined || operator === undefined || values.some((v) => v === undefined)) {
      exact = false;
      continue;
    }
    matchExpressions.push({ key, operator, values: values.filter((v) => v !== undefined) });
  }
  for (const pair of map.items) {
    const key = read.text(pair.key);
    if (key !== 'matchLabels' && key !== 'matchExpressions') {
      exact = false; // a Service-style map where a LabelSelector belongs: the schema says so
    }
  }
  return { matchLabels: matchLabels.values, matchExpressions, range, exact };
}

function servicePort(read: NodeReader, node: unknown): ServicePort {
  const port = read.numberOrText(read.get(node, 'port'));
  const name = read.text(read.get(node, 'name'));
  const targetPort = read.numberOrText(read.get(node, 'targetPort'));
  return {
    ...(typeof port === 'number' ? { port } : {}),
    ...(name === undefined ? {} : { name }),
    ...(targetPort === undefined ? {} : { targetPort }),
  };
}

/** What a pod spec names: ConfigMaps, Secrets, PVCs, its ServiceAccount. */
function podSpecReferences(read: NodeReader, spec: unknown): KubernetesReference[] {
  const refs: KubernetesReference[] = [];
  const add = (
    kind: string,
    via: ReferenceVia,
    holder: unknown,
    nameKey: string,
    keys: readonly Located[] = [],
  ): void => {
    const name = read.located(read.get(holder, nameKey));
    if (name === undefined || name.value === '') {
      return;
    }
    refs.push({
      kind,
      name: name.value,
      range: name.range,
      via,
      optional: read.isTrue(read.get(holder, 'optional')),
      keys,
    });
  };
  const itemKeys = (holder: unknown): Located[] =>
    read.items(read.get(holder, 'items')).flatMap((item) => {
      const key = read.located(read.get(item, 'key'));
      return key === undefined ? [] : [key];
    });

  for (const group of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const container of read.items(read.get(spec, group))) {
      for (const variable of read.items(read.get(container, 'env'))) {
        const from = read.get(variable, 'valueFrom');
        for (const [field, kind] of [
          ['configMapKeyRef', 'ConfigMap'],
          ['secretKeyRef', 'Secret'],
        ] as const) {
          const ref = read.get(from, field);
          if (ref !== undefined) {
            const key = read.located(read.get(ref, 'key'));
            add(kind, 'env', ref, 'name', key === undefined ? [] : [key]);
          }
        }
      }
      for (const source of read.items(read.get(container, 'envFrom'))) {
        add('ConfigMap', 'envFrom', read.get(source, 'configMapRef'), 'name');
        add('Secret', 'envFrom', read.get(source, 'secretRef'), 'name');
      }
    }
  }
  for (const volume of read.items(read.get(spec, 'volumes'))) {
    const configMap = read.get(volume, 'configMap');
    add('ConfigMap', 'volume', configMap, 'name', itemKeys(configMap));
    const secret = read.get(volume, 'secret');
    add('Secret', 'volume', secret, 'secretName', itemKeys(secret));
    add('PersistentVolumeClaim', 'volume', read.get(volume, 'persistentVolumeClaim'), 'claimName');
    for (const source of read.items(read.getIn(volume, ['projected', 'sources']))) {
      const projectedMap = read.get(source, 'configMap');
      add('ConfigMap', 'projected', projectedMap, 'name', itemKeys(projectedMap));
      const projectedSecret = read.get(source, 'secret');
      add('Secret', 'projected', projectedSecret, 'name', itemKeys(projectedSecret));
    }
  }
  for (const pullSecret of read.items(read.get(spec, 'imagePullSecrets'))) {
    add('Secret', 'imagePullSecrets', pullSecret, 'name');
  }
  const accountKey =
    read.get(spec, 'serviceAccountName') !== undefined ? 'serviceAccountName' : 'serviceAccount';
  add('ServiceAccount', 'serviceAccountName', spec, accountKey);
  return refs;
}

/** The Services of an Ingress's backends (networking.k8s.io/v1 and the older v1beta1 shape) and its TLS Secrets. */
function ingressReferences(read: NodeReader, spec: unknown): KubernetesReference[] {
  const backends = [read.get(spec, 'defaultBackend') ?? read.get(spec, 'backend')];
  for (const rule of read.items(read.get(spec, 'rules'))) {
    for (const path of read.items(read.getIn(rule, ['http', 'paths']))) {
      backends.push(read.get(path, 'backend'));
    }
  }
  const refs: KubernetesReference[] = [];
  for (const backend of backends) {
    const service = read.get(backend, 'service');
    // v1: service.name + service.port.number|name; v1beta1: serviceName + servicePort.
    const name = read.located(read.get(service, 'name') ?? read.get(backend, 'serviceName'));
    if (name === undefined) {
      continue;
    }
    const portNode =
      service === undefined
        ? read.get(backend, 'servicePort')
        : (read.getIn(service, ['port', 'number']) ?? read.getIn(service, ['port', 'name']));
    const portValue = read.numberOrText(portNode);
    const portRange = read.range(portNode);
    refs.push({
      kind: 'Service',
      name: name.value,
      range: name.range,
      via: 'ingressBackend',
      optional: false,
      keys: [],
      ...(portValue === undefined || portRange === undefined
        ? {}
        : { port: { value: portValue, range: portRange } }),
    });
  }
  for (const tls of read.items(read.get(spec, 'tls'))) {
    const secret = read.located(read.get(tls, 'secretName'));
    if (secret !== undefined) {
      refs.push({
        kind: 'Secret',
        name: secret.value,
        range: secret.range,
        via: 'ingressTls',
        optional: false,
        keys: [],
      });
    }
  }
  return refs;
}

/** A binding's role and the ServiceAccounts among its subjects. */
function bindingReferences(read: NodeReader, root: unknown): KubernetesReference[] {
  const refs: KubernetesReference[] = [];
  const roleRef = read.get(root, 'roleRef');
  const roleKind = read.text(read.get(roleRef, 'kind'));
  const roleName = read.located(read.get(roleRef, 'name'));
  const roleGroup = read.text(read.get(roleRef, 'apiGroup'));
  if (roleKind !== undefined && roleName !== undefined) {
    refs.push({
      kind: roleKind,
      ...(roleGroup === undefined ? {} : { apiVersion: roleGroup }),
      name: roleName.value,
      range: roleName.range,
      via: 'roleRef',
      optional: false,
      keys: [],
    });
  }
  for (const subject of read.items(read.get(root, 'subjects'))) {
    if (read.text(read.get(subject, 'kind')) !== 'ServiceAccount') {
      continue; // Users and Groups live outside the cluster's objects
    }
    const name = read.located(read.get(subject, 'name'));
    const namespace = read.text(read.get(subject, 'namespace'));
    if (name !== undefined) {
      refs.push({
        kind: 'ServiceAccount',
        name: name.value,
        range: name.range,
        ...(namespace === undefined ? {} : { namespace }),
        via: 'subject',
        optional: false,
        keys: [],
      });
    }
  }
  return refs;
}

/** Secrets that custom resources of well-known operators make the cluster create. */
function customResourceSecrets(
  read: NodeReader,
  kind: string,
  root: unknown,
  name: string | undefined,
): CreatedObject[] {
  const spec = read.get(root, 'spec');
  switch (kind) {
    case 'Certificate': {
      // cert-manager: the issued key pair lands in spec.secretName.
      const secretName = read.text(read.get(spec, 'secretName'));
      return secretName === undefined
        ? []
        : [{ kind: 'Secret', name: secretName, keys: ['tls.crt', 'tls.key', 'ca.crt'] }];
    }
    case 'SealedSecret': {
      const target = read.text(read.getIn(spec, ['template', 'metadata', 'name'])) ?? name;
      const keys = read.keys(read.get(spec, 'encryptedData'));
      return target === undefined ? [] : [{ kind: 'Secret', name: target, keys }];
    }
    case 'ExternalSecret': {
      const target = read.text(read.getIn(spec, ['target', 'name'])) ?? name;
      const keys = read.items(read.get(spec, 'data')).flatMap((entry) => {
        const key = read.text(read.get(entry, 'secretKey'));
        return key === undefined ? [] : [key];
      });
      // dataFrom pulls keys the manifest does not name.
      const complete = read.get(spec, 'dataFrom') === undefined;
      return target === undefined
        ? []
        : [{ kind: 'Secret', name: target, ...(complete ? { keys } : {}) }];
    }
    case 'Bundle':
    case 'ClusterBundle': {
      // trust-manager: the bundle lands in a ConfigMap and/or Secret named after it, in every
      // namespace its target selects.
      if (name === undefined) {
        return [];
      }
      const target = read.get(spec, 'target');
      return (
        [
          ['configMap', 'ConfigMap'],
          ['secret', 'Secret'],
        ] as const
      ).flatMap(([field, objectKind]) => {
        const holder = read.get(target, field);
        if (holder === undefined) {
          return [];
        }
        const key = read.text(read.get(holder, 'key'));
        return [
          {
            kind: objectKind,
            name,
            everyNamespace: true,
            ...(key === undefined ? {} : { keys: [key] }),
          },
        ];
      });
    }
    default:
      return [];
  }
}

/** Reads a `kustomization.yaml` (its first document). */
export function kustomizationFacts(read: NodeReader, root: unknown): Kustomization | undefined {
  if (read.map(root) === undefined) {
    return undefined;
  }
  const namespace = read.located(read.get(root, 'namespace'));
  const resources = ['resources', 'bases', 'components'].flatMap((field) =>
    read.items(read.get(root, field)).flatMap((item) => {
      const entry = read.located(item);
      return entry === undefined ? [] : [entry];
    }),
  );
  const generated: GeneratedObject[] = [];
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    for (const generator of read.items(read.get(root, field))) {
      const name = read.located(read.get(generator, 'name'));
      if (name === undefined) {
        continue;
      }
      const keys = generatorKeys(read, generator);
      generated.push({
        kind,
        name: name.value,
        range: name.range,
        ...(keys === undefined ? {} : { keys }),
      });
    }
  }
  const paths: KustomizePath[] = [];
  const patches: KustomizePatch[] = [];
  for (const field of ['resources', 'bases', 'components', 'crds'] as const) {
    for (const item of read.items(read.get(root, field))) {
      const path = read.located(item);
      if (path !== undefined) {
        paths.push({ field, path });
      }
    }
  }
  for (const item of read.items(read.get(root, 'patchesStrategicMerge'))) {
    const path = read.located(item);
    // An entry may be the patch itself, inline: a YAML text, not a path.
    if (path !== undefined && !/[\n:]/.test(path.value.trim())) {
      paths.push({ field: 'patchesStrategicMerge', path });
      patches.push({ path });
    }
  }
  for (const field of ['patches', 'patchesJson6902'] as const) {
    for (const item of read.items(read.get(root, field))) {
      const path = read.located(read.get(item, 'path'));
      if (path !== undefined) {
        paths.push({ field, path });
      }
      const targetNode = read.get(item, 'target');
      const range = read.range(targetNode);
      const kind = read.text(read.get(targetNode, 'kind'));
      const name = read.text(read.get(targetNode, 'name'));
      const target =
        range === undefined
          ? undefined
          : {
              ...(kind === undefined ? {} : { kind }),
              ...(name === undefined ? {} : { name }),
              range,
            };
      if (path !== undefined || target !== undefined) {
        patches.push({
          ...(path === undefined ? {} : { path }),
          ...(target === undefined ? {} : { target }),
        });
      }
    }
  }
  const generatesMore = ['helmCharts', 'generators', 'helmChartInflationGenerator'].some(
    (field) => read.get(root, field) !== undefined,
  );
  return {
    ...(namespace === undefined ? {} : { namespace }),
    resources,
    generated,
    paths,
    patches,
    generatesMore,
    component: read.text(read.get(root, 'kind')) === 'Component',
  };
}

/** The keys a generator makes: `literals` (`KEY=value`) and `files` (`key=path` or the file's base name). */
function generatorKeys(read: NodeReader, generator: unknown): string[] | undefined {
  if (read.get(generator, 'envs') !== undefined || read.get(generator, 'env') !== undefined) {
    return undefined; // keys come from the env files' contents
  }
  const keys: string[] = [];
  for (const literal of read.items(read.get(generator, 'literals'))) {
    const text = read.text(literal);
    const eq = text?.indexOf('=') ?? -1;
    if (text !== undefined && eq > 0) {
      keys.push(text.slice(0, eq).trim());
    }
  }
  for (const file of read.items(read.get(generator, 'files'))) {
    const text = read.text(file);
    if (text === undefined) {
      continue;
    }
    const eq = text.indexOf('=');
    keys.push(eq > 0 ? text.slice(0, eq).trim() : text.slice(text.lastIndexOf('/') + 1));
  }
  return keys;
}
