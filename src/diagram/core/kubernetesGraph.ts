import type { FileFacts } from '../../workspace/core/fileFacts';
import {
  builtInClusterRole,
  builtInRole,
  compatible,
  KubernetesIndex,
  templated,
  type Entry,
} from '../../workspace/core/kubernetesChecks';
import {
  apiGroup,
  isBuiltInApi,
  type KubernetesReference,
  type KubernetesResource,
  type LabelSelector,
} from '../../workspace/core/kubernetesFacts';
import { selects } from '../../workspace/core/labelMatching';
import { GraphBuilder, type EdgeKind, type Graph } from './graphModel';

// The Kubernetes diagram of a repository, from the facts the workspace index already keeps per
// file (the editor feeds its index, the CLI reads files as `check` does): Ingress → Service →
// the workloads its selector picks, workloads → their ConfigMaps, Secrets, PVCs and
// ServiceAccount, HPA and PDB → what they act on, bindings → roles and ServiceAccounts,
// NetworkPolicy → the pods it selects, custom resources → their CRD. Names are resolved with the
// cross-file checks' index (kustomize namespaces, generators, objects operators create), so the
// diagram and the warnings agree; a reference resolving to nothing is a `missing` node.

/** What the Kubernetes (and other YAML) builders read. */
export interface FactsSource {
  /** The facts of every YAML file, by workspace-relative path. */
  readonly files: ReadonlyMap<string, FileFacts>;
  /** The 1-based line of an offset into a file's text, when the caller has the text. */
  readonly lineOf?: (path: string, offset: number) => number | undefined;
}

/** The node id of a Kubernetes object: `Kind/namespace/name`, or `Kind/name` without a namespace. */
export function kubernetesNodeId(
  kind: string,
  namespace: string | undefined,
  name: string,
): string {
  return namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

/** The namespace a diagram shows an entry in: its first possible one. */
function namespaceOf(entry: Entry): string | undefined {
  return entry.namespaces?.[0];
}

const referenceEdge: Readonly<Record<string, EdgeKind>> = {
  ConfigMap: 'uses-config',
  Secret: 'uses-secret',
  PersistentVolumeClaim: 'mounts',
  ServiceAccount: 'uses-service-account',
};

/** Builds the Kubernetes diagram. Never throws for odd facts. */
export function kubernetesGraph(source: FactsSource): Graph {
  const index = new KubernetesIndex(source.files);
  const builder = new GraphBuilder();
  const idOf = new Map<Entry, string>();
  const line = (path: string, offset: number): number | undefined => source.lineOf?.(path, offset);

  for (const entry of index.entries) {
    const { resource } = entry;
    if (resource.name === undefined) {
      continue;
    }
    const namespace = namespaceOf(entry);
    const at = line(entry.path, resource.nameRange?.[0] ?? resource.range[0]);
    const id = builder.node({
      id: kubernetesNodeId(resource.kind, namespace, resource.name),
      kind: resource.kind,
      name: resource.name,
      label: `${resource.kind} ${resource.name}`,
      ...(namespace === undefined ? {} : { namespace, groupKind: 'namespace' }),
      file: entry.path,
      ...(at === undefined ? {} : { line: at }),
    });
    idOf.set(entry, id);
  }

  /** The node of a named object, resolving it as the checks do; a missing node when nothing defines it. */
  const target = (
    kind: string,
    name: string,
    namespaces: readonly string[] | undefined,
    options: { external?: boolean } = {},
  ): string => {
    const found = index.find(kind, name, namespaces)[0];
    const foundId = found === undefined ? undefined : idOf.get(found);
    if (foundId !== undefined) {
      return foundId;
    }
    const namespace = namespaces?.[0];
    const other = index.findOther(kind, name, namespaces)[0];
    if (other !== undefined) {
      // Made by a kustomize generator, a StatefulSet's claim template, an operator's resource.
      return builder.node({
        id: kubernetesNodeId(kind, namespace, name),
        kind,
        name,
        label: `${kind} ${name}`,
        ...(namespace === undefined ? {} : { namespace, groupKind: 'namespace' }),
        file: other.path,
      });
    }
    return builder.node({
      id: kubernetesNodeId(kind, namespace, name),
      kind,
      name,
      label: `${kind} ${name}`,
      ...(namespace === undefined ? {} : { namespace, groupKind: 'namespace' }),
      ...(options.external === true ? { external: true } : { missing: true }),
    });
  };

  const selected = (from: Entry, selector: LabelSelector, everyPodWhenEmpty: boolean): Entry[] => {
    const empty =
      Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
    if (empty && !everyPodWhenEmpty) {
      return [];
    }
    const candidates = empty ? index.podSources : index.podCandidates(selector);
    return candidates.filter(
      (c) =>
        c !== from &&
        compatible(c.namespaces, from.namespaces) &&
        // Strictly: the checks' leniency for operators' own labels would draw guesses here.
        c.resource.podLabels.some((pods) =>
          selects(selector, { labels: pods.labels, inferred: false }, c.resource),
        ),
    );
  };

  const crds = new Map<string, string>();
  for (const [entry, id] of idOf) {
    const defines = entry.resource.defines;
    if (defines !== undefined) {
      crds.set(`${defines.group}/${defines.kind}`, id);
    }
  }

  for (const [entry, from] of idOf) {
    const { resource } = entry;
    const builtIn = isBuiltInApi(resource.apiVersion);
    if (!builtIn) {
      const group = apiGroup(resource.apiVersion);
      const crd =
        crds.get(`${group}/${resource.kind}`) ??
        builder.node({
          id: `CustomResourceDefinition/${resource.kind}.${group}`,
          kind: 'CustomResourceDefinition',
          name: `${resource.kind}.${group}`,
          label: `CRD ${resource.kind}.${group}`,
          external: true,
        });
      builder.edge(from, crd, 'instance-of');
    }
    const selector = resource.podSelector;
    if (builtIn && selector !== undefined) {
      if (resource.kind === 'Service' && resource.type !== 'ExternalName') {
        for (const pods of selected(entry, selector, false)) {
          const to = idOf.get(pods);
          if (to !== undefined) {
            builder.edge(from, to, 'selects');
          }
        }
      } else if (resource.kind === 'PodDisruptionBudget' || resource.kind === 'NetworkPolicy') {
        for (const pods of selected(entry, selector, true)) {
          const to = idOf.get(pods);
          if (to !== undefined) {
            builder.edge(from, to, 'selects');
          }
        }
      }
    }
    for (const ref of resource.references) {
      if (templated(ref.name)) {
        continue;
      }
      referenceEdgeOf(builder, entry, from, ref, target, index);
    }
  }
  return builder.build();
}

type Target = (
  kind: string,
  name: string,
  /** Undefined: any namespace (cluster-scoped objects, or a referrer without one). */
  namespaces: readonly string[] | undefined,
  options?: { external?: boolean },
) => string;

function referenceEdgeOf(
  builder: GraphBuilder,
  entry: Entry,
  from: string,
  ref: KubernetesReference,
  target: Target,
  index: KubernetesIndex,
): void {
  switch (ref.via) {
    case 'env':
    case 'envFrom':
    case 'volume':
    case 'projected':
    case 'imagePullSecrets':
    case 'serviceAccountName': {
      const kind = referenceEdge[ref.kind];
      if (kind === undefined) {
        return;
      }
      if (ref.via === 'serviceAccountName' && ref.name === 'default') {
        return; // every namespace has one
      }
      const outside =
        ref.via === 'imagePullSecrets' ||
        ref.via === 'serviceAccountName' ||
        ref.optional ||
        index.operatorOwnerOf(ref.name, entry.namespaces) !== undefined;
      builder.edge(from, target(ref.kind, ref.name, entry.namespaces, { external: outside }), kind);
      return;
    }
    case 'ingressBackend':
      builder.edge(from, target('Service', ref.name, entry.namespaces), 'routes');
      return;
    case 'ingressTls':
      // Often issued by cert-manager outside git: drawn as external when nothing defines it.
      builder.edge(
        from,
        target('Secret', ref.name, entry.namespaces, { external: true }),
        'uses-secret',
      );
      return;
    case 'scaleTargetRef':
      builder.edge(from, target(ref.kind, ref.name, entry.namespaces), 'targets');
      return;
    case 'roleRef': {
      const clusterWide = ref.kind === 'ClusterRole';
      const builtIn = clusterWide ? builtInClusterRole(ref.name) : builtInRole(ref.name);
      builder.edge(
        from,
        target(ref.kind, ref.name, clusterWide ? undefined : entry.namespaces, {
          external: builtIn,
        }),
        'binds',
      );
      return;
    }
    case 'subject': {
      const namespaces = ref.namespace === undefined ? entry.namespaces : [ref.namespace];
      builder.edge(
        from,
        target('ServiceAccount', ref.name, namespaces, {
          external: ref.name === 'default' || ref.namespace === 'kube-system',
        }),
        'binds',
      );
      return;
    }
  }
}

/** The resources of a repository that the diagram draws (those with a name), for tests and counts. */
export function namedResources(files: ReadonlyMap<string, FileFacts>): KubernetesResource[] {
  return [...files.values()].flatMap((f) => f.kubernetes.filter((r) => r.name !== undefined));
}
