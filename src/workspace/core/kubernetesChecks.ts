import type { Problem } from '../../common/problem';
import { closeNames } from './nearNames';
import type { FileFacts } from './fileFacts';
import type { KubernetesReference, KubernetesResource, LabelSelector } from './kubernetesFacts';
import { isBuiltInApi } from './kubernetesFacts';
import { NearMatchIndex, nearMatch, selects, type IndexedLabels } from './labelMatching';
import { folderOf, normalizePath } from './paths';
import type { Located } from './yamlNodes';

/** Codes of the Kubernetes cross-file checks, stable across releases. */
export const KubernetesCrossFileCodes = {
  serviceSelectsNothing: 'service-selects-nothing',
  unknownIngressService: 'unknown-ingress-service',
  unknownServicePort: 'unknown-service-port',
  missingConfigMap: 'missing-configmap',
  missingSecret: 'missing-secret',
  missingClaim: 'missing-pvc',
  missingKey: 'missing-key',
  unknownScaleTarget: 'unknown-scale-target',
  disruptionBudgetSelectsNothing: 'pdb-selects-nothing',
  unknownRole: 'unknown-role',
  unknownServiceAccount: 'unknown-service-account',
} as const;

const codes = KubernetesCrossFileCodes;

/** Options of the Kubernetes checks (see `CrossFileOptions`). */
export interface KubernetesCheckOptions {
  readonly missingReferences: boolean;
}

/** Reports one problem in one file. */
export type Report = (relativePath: string, problem: Problem) => void;

/**
 * The namespaces a resource may land in; undefined when any (no `metadata.namespace` and no
 * kustomization that sets one): `kubectl apply -n` decides, so it matches every namespace.
 */
export type Namespaces = readonly string[] | undefined;

/** A resource with the file it is in and the namespaces it may land in. */
export interface Entry {
  readonly resource: KubernetesResource;
  readonly path: string;
  readonly namespaces: Namespaces;
}

/** An object defined some other way: a kustomize generator, a StatefulSet's claims, a Certificate's Secret. */
interface OtherDefinition {
  readonly path: string;
  readonly namespaces: Namespaces;
  /** Undefined when unknown. */
  readonly keys: readonly string[] | undefined;
  readonly claimTemplateOf?: string;
}

/** Both in any namespace, or sharing an explicit one. */
function sameNamespaces(a: Namespaces, b: Namespaces): boolean {
  return a === undefined || b === undefined ? a === b : a.some((n) => b.includes(n));
}

/** The first folder of a path (`` for a file at the root). */
function topFolder(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function labelKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

function push<T>(index: Map<string, T[]>, key: string, value: T): void {
  const list = index.get(key);
  if (list === undefined) {
    index.set(key, [value]);
  } else {
    list.push(value);
  }
}

export function compatible(a: Namespaces, b: Namespaces): boolean {
  return a === undefined || b === undefined || a.some((n) => b.includes(n));
}

/** Names the repository cannot resolve: templating left in a manifest (`${APP}`, `{{ .name }}`, `$(NAME)`). */
export function templated(name: string): boolean {
  return /[$]|\{\{/.test(name);
}

/** ClusterRoles every cluster has. */
export function builtInClusterRole(name: string): boolean {
  return /^(cluster-admin|admin|edit|view)$/.test(name) || name.startsWith('system:');
}

/** Roles every cluster has (in kube-system), which extension API servers bind to. */
export function builtInRole(name: string): boolean {
  return name === 'extension-apiserver-authentication-reader' || name.startsWith('system:');
}

/** The namespace of the cluster's own components: its ServiceAccounts come with the cluster. */
const systemNamespace = 'kube-system';

/** The token Secret clusters before 1.24 made for each ServiceAccount (`default-token-f9jvj`). */
const serviceAccountTokenName = /-token-[a-z0-9]{5}$/;

/** Secret types whose keys the cluster fills in. */
const implicitKeySecretTypes = new Set(['kubernetes.io/service-account-token']);

/** The resources of a repository, indexed for the checks (and the Kubernetes diagram). */
export class KubernetesIndex {
  private readonly byKind = new Map<string, Map<string, Entry[]>>();
  private readonly others = new Map<string, Map<string, OtherDefinition[]>>();
  /** The claims of StatefulSets' volumeClaimTemplates, by the prefix of their names (see {@link findOther}). */
  private readonly claimTemplates = new Map<string, OtherDefinition[]>();
  /** Resources whose pods a selector can pick. */
  readonly podSources: Entry[] = [];
  /** Pod sources by each `key=value` label of their pods, so a selector looks at few of them. */
  private readonly podsByLabel = new Map<string, Entry[]>();
  /** Custom resources by their name and lowercase kind: label values their operators may add. */
  private readonly podsByOperatorValue = new Map<string, Entry[]>();
  private readonly podNamespaces = new Set<string>();
  private readonly customByName = new Map<string, Entry[]>();
  private podsInAnyNamespace = false;
  readonly entries: Entry[] = [];

  constructor(files: ReadonlyMap<string, FileFacts>) {
    const overrides = kustomizeNamespaces(files);
    for (const [path, facts] of files) {
      for (const resource of facts.kubernetes) {
        const entry: Entry = {
          resource,
          path,
          namespaces: namespacesOf(resource.namespace, overrides.get(path)),
        };
        this.entries.push(entry);
        if (resource.name !== undefined) {
          this.add(this.byKind, resource.kind, resource.name, entry);
        }
        if (resource.podLabels.length > 0) {
          this.addPodSource(entry);
        }
        if (resource.name !== undefined && !isBuiltInApi(resource.apiVersion)) {
          push(this.customByName, resource.name, entry);
        }
        for (const created of resource.creates) {
          const definition: OtherDefinition = {
            path,
            namespaces: created.everyNamespace === true ? undefined : entry.namespaces,
            keys: created.keys,
            ...(created.claimTemplateOf === undefined
              ? {}
              : { claimTemplateOf: created.claimTemplateOf }),
          };
          this.add(this.others, created.kind, created.name, definition);
          if (created.claimTemplateOf !== undefined) {
            push(this.claimTemplates, `${created.name}-${created.claimTemplateOf}-`, {
              ...definition,
              keys: [created.name],
            });
          }
        }
      }
      for (const generated of facts.kustomization?.generated ?? []) {
        // An outer kustomization may move it to another namespace: any namespace will do.
        this.add(this.others, generated.kind, generated.name, {
          path,
          namespaces: undefined,
          keys: generated.keys,
        });
      }
    }
  }

  /** Pod sources by top-level folder (project), in {@link podSources} order. */
  private readonly podsByProject = new Map<string, Entry[]>();
  /** Pod sources by folder, in {@link podSources} order. */
  private readonly podsByFolder = new Map<string, Entry[]>();

  /** The pod sources of a project (top-level folder), in repository order. */
  podSourcesInProject(project: string): readonly Entry[] {
    return this.podsByProject.get(project) ?? [];
  }

  /** The label sets of each project's pod templates (not inferred), built when first asked. */
  private readonly nearByProject = new Map<string, NearMatchIndex<Entry>>();

  /**
   * The pod templates of a project (not inferred labels) that may come near `matchLabels`
   * ({@link NearMatchIndex}), in repository order.
   */
  nearPodLabels(
    project: string,
    matchLabels: Readonly<Record<string, string>>,
  ): IndexedLabels<Entry>[] {
    let near = this.nearByProject.get(project);
    if (near === undefined) {
      near = new NearMatchIndex<Entry>();
      for (const source of this.podSourcesInProject(project)) {
        for (const pods of source.resource.podLabels) {
          if (!pods.inferred) {
            near.add(source, pods.labels);
          }
        }
      }
      this.nearByProject.set(project, near);
    }
    return near.candidates(matchLabels);
  }

  /** The pod sources of one folder, in repository order. */
  podSourcesInFolder(folder: string): readonly Entry[] {
    return this.podsByFolder.get(folder) ?? [];
  }

  private addPodSource(entry: Entry): void {
    this.podSources.push(entry);
    push(this.podsByProject, topFolder(entry.path), entry);
    push(this.podsByFolder, folderOf(entry.path), entry);
    const { resource } = entry;
    const keys = new Set<string>();
    for (const pods of resource.podLabels) {
      for (const [key, value] of Object.entries(pods.labels)) {
        keys.add(labelKey(key, value));
      }
      if (pods.inferred) {
        for (const value of [resource.name, resource.kind.toLowerCase()]) {
          if (value !== undefined) {
            push(this.podsByOperatorValue, value, entry);
          }
        }
      }
    }
    for (const key of keys) {
      push(this.podsByLabel, key, entry);
    }
    if (entry.namespaces === undefined) {
      this.podsInAnyNamespace = true;
    } else {
      entry.namespaces.forEach((n) => this.podNamespaces.add(n));
    }
  }

  /**
   * A custom resource whose name is a delimited part of `name` (`pg` in `pg-app`,
   * `my-cluster` in `user.my-cluster.credentials`), in a compatible namespace: operators name
   * the Secrets, ConfigMaps and claims they create after their resource.
   */
  operatorOwnerOf(name: string, namespaces: Namespaces): Entry | undefined {
    const bounds = [0];
    for (let i = 0; i < name.length; i++) {
      if (name[i] === '-' || name[i] === '.') {
        bounds.push(i);
      }
    }
    bounds.push(name.length);
    for (let a = 0; a < bounds.length; a++) {
      for (let b = a + 1; b < bounds.length; b++) {
        const start = a === 0 ? 0 : (bounds[a] ?? 0) + 1;
        const part = name.slice(start, bounds[b]);
        const owner = this.customByName
          .get(part)
          ?.find((e) => compatible(e.namespaces, namespaces));
        if (part.length >= 3 && owner !== undefined) {
          return owner;
        }
      }
    }
    return undefined;
  }

  /** Custom resources named `value` or of kind `value` (lowercase): label values their operators may set on pods. */
  operatorResources(value: string): readonly Entry[] {
    return this.podsByOperatorValue.get(value) ?? [];
  }

  /** True when some resource runs pods in a namespace compatible with `namespaces`. */
  hasPodsIn(namespaces: Namespaces): boolean {
    return namespaces === undefined || this.podsInAnyNamespace
      ? this.podSources.length > 0
      : namespaces.some((n) => this.podNamespaces.has(n));
  }

  /** Pod sources that may match a selector: those with its first label, or all without one. */
  podCandidates(selector: LabelSelector): readonly Entry[] {
    const first = Object.entries(selector.matchLabels)[0];
    if (first === undefined) {
      return this.podSources;
    }
    const [key, value] = first;
    const withLabel = this.podsByLabel.get(labelKey(key, value)) ?? [];
    const byOperator = this.podsByOperatorValue.get(value);
    return byOperator === undefined ? withLabel : [...withLabel, ...byOperator];
  }

  private add<T>(index: Map<string, Map<string, T[]>>, kind: string, name: string, value: T): void {
    let byName = index.get(kind);
    if (byName === undefined) {
      byName = new Map();
      index.set(kind, byName);
    }
    const list = byName.get(name);
    if (list === undefined) {
      byName.set(name, [value]);
    } else {
      list.push(value);
    }
  }

  /** Resources of a kind and name in namespaces compatible with `namespaces` (any, for cluster-scoped lookups). */
  find(kind: string, name: string, namespaces: Namespaces): Entry[] {
    const found = this.byKind.get(kind)?.get(name) ?? [];
    return found.filter((e) => compatible(e.namespaces, namespaces));
  }

  /** Objects of a kind and name defined other than as a resource of that kind. */
  findOther(kind: string, name: string, namespaces: Namespaces): OtherDefinition[] {
    const found = (this.others.get(kind)?.get(name) ?? []).filter((d) =>
      compatible(d.namespaces, namespaces),
    );
    // A StatefulSet's claims are named <template>-<statefulset>-<ordinal>: the prefix is the
    // name up to its last `-` when only digits follow (each reference looked at every template).
    const prefix = kind === 'PersistentVolumeClaim' ? /^(.*-)\d+$/.exec(name)?.[1] : undefined;
    for (const template of prefix === undefined ? [] : (this.claimTemplates.get(prefix) ?? [])) {
      if (compatible(template.namespaces, namespaces)) {
        found.push(template);
      }
    }
    return found;
  }

  /**
   * Names of a kind in compatible namespaces, for suggestions. The index does not change once
   * built: the same list (the same array) is returned for the same question.
   */
  names(kind: string, namespaces: Namespaces): readonly string[] {
    const key = `${kind}\u0000${namespaces === undefined ? '*' : namespaces.join('\u0000')}`;
    let cached = this.namesCache.get(key);
    if (cached === undefined) {
      cached = this.collectNames(kind, namespaces);
      this.namesCache.set(key, cached);
    }
    return cached;
  }

  private readonly namesCache = new Map<string, readonly string[]>();

  private collectNames(kind: string, namespaces: Namespaces): string[] {
    const names = new Set<string>();
    for (const [name, entries] of this.byKind.get(kind) ?? []) {
      if (entries.some((e) => compatible(e.namespaces, namespaces))) {
        names.add(name);
      }
    }
    for (const [name, others] of this.others.get(kind) ?? []) {
      if (others.some((d) => compatible(d.namespaces, namespaces))) {
        names.add(name);
      }
    }
    return [...names];
  }
}

/**
 * The namespaces a resource may land in: its own, plus those of the kustomizations that build
 * its file. A file built by a kustomization without a namespace keeps its own (or any).
 */
function namespacesOf(
  written: string | undefined,
  overrides: readonly (string | null)[] | undefined,
): Namespaces {
  if (overrides === undefined || overrides.length === 0) {
    return written === undefined ? undefined : [written];
  }
  const set = new Set<string>(written === undefined ? [] : [written]);
  for (const namespace of overrides) {
    if (namespace === null) {
      if (written === undefined) {
        return undefined;
      }
    } else {
      set.add(namespace);
    }
  }
  return [...set];
}

/**
 * For each file a kustomization builds, the namespaces it is built into (null: a kustomization
 * without `namespace:`). Every kustomization counts as a root (`kubectl apply -k` of an overlay
 * or of its base); an outer kustomization's namespace wins over an inner one's.
 */
function kustomizeNamespaces(
  files: ReadonlyMap<string, FileFacts>,
): Map<string, (string | null)[]> {
  const result = new Map<string, (string | null)[]>();
  const kustomizationIn = (folder: string): string | undefined => {
    const prefix = folder === '' ? '' : `${folder}/`;
    return [`${prefix}kustomization.yaml`, `${prefix}kustomization.yml`].find((p) => files.has(p));
  };
  const visit = (file: string, outer: string | null, seen: Set<string>, depth: number): void => {
    const kustomization = files.get(file)?.kustomization;
    if (kustomization === undefined || seen.has(file) || depth > 20) {
      return;
    }
    seen.add(file);
    const namespace = outer ?? kustomization.namespace?.value ?? null;
    const folder = folderOf(file);
    for (const entry of kustomization.resources) {
      if (/^[a-z][a-z0-9+.-]*:\/\/|^github\.com\//i.test(entry.value)) {
        continue; // a remote base
      }
      const path = normalizePath(folder === '' ? entry.value : `${folder}/${entry.value}`);
      if (path === undefined) {
        continue;
      }
      if (files.has(path)) {
        const list = result.get(path) ?? [];
        list.push(namespace);
        result.set(path, list);
        continue;
      }
      const inner = kustomizationIn(path);
      if (inner !== undefined) {
        visit(inner, namespace, seen, depth + 1);
      }
    }
  };
  for (const [path, facts] of files) {
    if (facts.kustomization !== undefined) {
      visit(path, null, new Set(), 0);
    }
  }
  return result;
}

/** The Kubernetes checks across the files of a repository. */
export function kubernetesCrossFileProblems(
  files: ReadonlyMap<string, FileFacts>,
  options: KubernetesCheckOptions,
  report: Report,
): void {
  const index = new KubernetesIndex(files);
  for (const entry of index.entries) {
    const { resource } = entry;
    if (!isBuiltInApi(resource.apiVersion)) {
      referenceProblems(index, entry, options, report);
      continue;
    }
    switch (resource.kind) {
      case 'Service':
        serviceProblems(index, entry, report);
        break;
      case 'PodDisruptionBudget':
        disruptionBudgetProblems(index, entry, report);
        break;
      default:
        break;
    }
    referenceProblems(index, entry, options, report);
  }
}

function serviceProblems(index: KubernetesIndex, entry: Entry, report: Report): void {
  const { resource } = entry;
  const selector = resource.podSelector;
  if (
    selector === undefined ||
    resource.type === 'ExternalName' ||
    Object.keys(selector.matchLabels).length === 0
  ) {
    return; // no selector: the Service's endpoints are managed by hand
  }
  selectorProblem(index, entry, selector, report, {
    code: codes.serviceSelectsNothing,
    what: `Service '${resource.name ?? '?'}'`,
    consequence: 'it would route traffic to no pod',
    docUrl: 'https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service',
  });
}

function disruptionBudgetProblems(index: KubernetesIndex, entry: Entry, report: Report): void {
  const selector = entry.resource.podSelector;
  if (
    selector === undefined ||
    (Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0)
  ) {
    return; // an empty selector selects every pod of the namespace
  }
  selectorProblem(index, entry, selector, report, {
    code: codes.disruptionBudgetSelectsNothing,
    what: `PodDisruptionBudget '${entry.resource.name ?? '?'}'`,
    consequence: 'it would protect no pod',
    docUrl: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
  });
}

/**
 * A selector that picks the pods of no workload in a compatible namespace. Not judged when
 * the repository has no workload there at all (the pods come from elsewhere), when the
 * selector could not be read, or when it holds templating.
 */
function selectorProblem(
  index: KubernetesIndex,
  entry: Entry,
  selector: LabelSelector,
  report: Report,
  about: { code: string; what: string; consequence: string; docUrl: string },
): void {
  if (
    !selector.exact ||
    Object.entries(selector.matchLabels).some(([k, v]) => templated(k) || templated(v))
  ) {
    return;
  }
  if (!index.hasPodsIn(entry.namespaces)) {
    return;
  }
  for (const candidate of index.podCandidates(selector)) {
    if (candidate !== entry && compatible(candidate.namespaces, entry.namespaces)) {
      for (const pods of candidate.resource.podLabels) {
        if (selects(selector, pods, candidate.resource)) {
          return;
        }
      }
    }
  }
  // A value naming a custom resource (`cnpg.io/cluster: pg`, `cluster-name: pg` for the Cluster
  // `pg`): its operator makes the pods, with labels of its own choosing.
  if (
    Object.values(selector.matchLabels).some((value) =>
      index.operatorResources(value).some((c) => compatible(c.namespaces, entry.namespaces)),
    )
  ) {
    return;
  }
  // Only pods that may be its own count: in a compatible namespace, and not the entry itself.
  const candidate = (c: Entry): boolean =>
    c !== entry && compatible(c.namespaces, entry.namespaces);
  const pairs = [
    ...Object.entries(selector.matchLabels).map(([k, v]) => `${k}: ${v}`),
    ...selector.matchExpressions.map((e) => `${e.key} ${e.operator} (${e.values.join(', ')})`),
  ].join(', ');
  // Near misses count within the selector's project (its top-level folder): in a monorepo, a
  // similar label in another project is a coincidence, not a typo.
  const project = topFolder(entry.path);
  let best: { suggested: readonly string[]; score: number; entry: Entry } | undefined;
  for (const { owner: source, labels } of index.nearPodLabels(project, selector.matchLabels)) {
    if (!candidate(source)) {
      continue;
    }
    const near = nearMatch(selector.matchLabels, labels);
    if (near !== undefined && (best === undefined || near.score > best.score)) {
      best = { ...near, entry: source };
    }
  }
  // Without a near miss, the pods may well come from elsewhere (a Helm chart, an operator,
  // another repository): judged only when a workload sits in the selector's own folder, in the
  // same namespace (a workload without one says nothing about a Service in `monitoring`).
  const neighbour = index
    .podSourcesInFolder(folderOf(entry.path))
    .find(
      (c) =>
        candidate(c) &&
        sameNamespaces(c.namespaces, entry.namespaces) &&
        c.resource.podLabels.some((pods) => !pods.inferred),
    );
  if (best === undefined && neighbour === undefined) {
    return;
  }
  const namespace =
    entry.namespaces?.length === 1 ? ` in namespace ${entry.namespaces[0] ?? ''}` : '';
  // The nearest label set: a near miss, else the pods of the workload beside the selector.
  const neighbourLabels = neighbour?.resource.podLabels.find((pods) => !pods.inferred)?.labels;
  const hint =
    best !== undefined
      ? ` Did you mean ${best.suggested.join(', ')}? (${best.entry.resource.kind} ${best.entry.resource.name ?? '?'} in ${best.entry.path})`
      : neighbour !== undefined && neighbourLabels !== undefined
        ? ` The nearest pods are those of ${neighbour.resource.kind} ${neighbour.resource.name ?? '?'} (${neighbour.path}), labelled ${Object.entries(
            neighbourLabels,
          )
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')}: fix the selector or those labels.`
        : ' Fix the selector or the labels of the pod template it should match.';
  report(entry.path, {
    code: about.code,
    severity: 'warning',
    source: 'kubernetes',
    message: `${about.what} selects ${pairs}, but no workload${namespace} in the repository has pods with these labels, so ${about.consequence}.${hint}`,
    start: selector.range[0],
    end: selector.range[1],
    docUrl: about.docUrl,
  });
}

/** What each kind of missing object is called, and its code. */
const missingKinds: Readonly<Record<string, { code: string; docUrl: string }>> = {
  ConfigMap: {
    code: codes.missingConfigMap,
    docUrl: 'https://kubernetes.io/docs/concepts/configuration/configmap/',
  },
  Secret: {
    code: codes.missingSecret,
    docUrl: 'https://kubernetes.io/docs/concepts/configuration/secret/',
  },
  PersistentVolumeClaim: {
    code: codes.missingClaim,
    docUrl:
      'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims',
  },
};

const viaWords: Readonly<Record<string, string>> = {
  env: 'an environment variable',
  envFrom: 'envFrom',
  volume: 'a volume',
  projected: 'a projected volume',
};

function referenceProblems(
  index: KubernetesIndex,
  entry: Entry,
  options: KubernetesCheckOptions,
  report: Report,
): void {
  for (const ref of entry.resource.references) {
    if (templated(ref.name)) {
      continue;
    }
    switch (ref.via) {
      case 'env':
      case 'envFrom':
      case 'volume':
      case 'projected':
        podReferenceProblems(index, entry, ref, options, report);
        break;
      case 'ingressBackend':
        ingressProblems(index, entry, ref, report);
        break;
      case 'scaleTargetRef':
        scaleTargetProblems(index, entry, ref, report);
        break;
      case 'roleRef':
        roleProblems(index, entry, ref, report);
        break;
      case 'subject':
        subjectProblems(index, entry, ref, report);
        break;
      default:
        break; // image pull Secrets, ServiceAccounts of pods, TLS Secrets: often made outside git
    }
  }
}

function suggestionsFor(
  name: string,
  names: readonly string[],
): { suggestions?: string[]; hint: string } {
  const close = closeNames(name, names);
  return close.length === 0
    ? { hint: '' }
    : { suggestions: close, hint: ` Did you mean '${close.join("', '")}'?` };
}

/** ConfigMaps, Secrets and PVCs a pod names, and the keys it reads from them. */
function podReferenceProblems(
  index: KubernetesIndex,
  entry: Entry,
  ref: KubernetesReference,
  options: KubernetesCheckOptions,
  report: Report,
): void {
  const about = missingKinds[ref.kind];
  if (about === undefined) {
    return;
  }
  const resources = index.find(ref.kind, ref.name, entry.namespaces);
  const others = index.findOther(ref.kind, ref.name, entry.namespaces);
  if (resources.length === 0 && others.length === 0) {
    if (
      ref.optional ||
      !options.missingReferences ||
      (ref.kind === 'Secret' && serviceAccountTokenName.test(ref.name)) ||
      index.operatorOwnerOf(ref.name, entry.namespaces) !== undefined
    ) {
      return;
    }
    const { suggestions, hint } = suggestionsFor(ref.name, index.names(ref.kind, entry.namespaces));
    const namespace =
      entry.namespaces?.length === 1 ? ` in namespace ${entry.namespaces[0] ?? ''}` : '';
    const optional =
      ref.kind === 'PersistentVolumeClaim'
        ? ''
        : " (or mark the reference 'optional: true' if the pod can start without it)";
    report(entry.path, {
      code: about.code,
      severity: 'warning',
      source: 'kubernetes',
      message: `${ref.kind} '${ref.name}', used by ${viaWords[ref.via] ?? ref.via}, is defined nowhere${namespace} in the repository.${hint} Fix the name or add the ${ref.kind}${optional}; if it is created outside git, turn off infraWorkbench.validation.missingReferences (check --no-missing-references).`,
      start: ref.range[0],
      end: ref.range[1],
      ...(suggestions === undefined ? {} : { suggestions }),
      docUrl: about.docUrl,
    });
    return;
  }
  if (ref.optional || ref.keys.length === 0) {
    return;
  }
  // Keys are judged only when every definition says which keys it has (and has some: an
  // empty ConfigMap or Secret in git is a placeholder filled in elsewhere).
  const keySets: (readonly string[] | undefined)[] = [
    ...resources.map((e) =>
      e.resource.type !== undefined && implicitKeySecretTypes.has(e.resource.type)
        ? undefined
        : e.resource.dataKeys,
    ),
    ...others.map((d) => d.keys),
  ];
  if (keySets.some((keys) => keys === undefined || keys.length === 0)) {
    return;
  }
  const known = [...new Set(keySets.flatMap((keys) => keys ?? []))];
  for (const key of ref.keys) {
    if (!known.includes(key.value) && !templated(key.value)) {
      missingKeyProblem(entry, ref, key, known, resources, report);
    }
  }
}

function missingKeyProblem(
  entry: Entry,
  ref: KubernetesReference,
  key: Located,
  known: readonly string[],
  resources: readonly Entry[],
  report: Report,
): void {
  const { suggestions, hint } = suggestionsFor(key.value, known);
  const where = resources[0] === undefined ? '' : ` (${resources[0].path})`;
  const list = known.length > 8 ? `${known.slice(0, 8).join(', ')}, …` : known.join(', ');
  report(entry.path, {
    code: codes.missingKey,
    severity: 'warning',
    source: 'kubernetes',
    message: `${ref.kind} '${ref.name}'${where} has no key '${key.value}'; it has ${list}.${hint} Fix the key or add it to the ${ref.kind}${ref.via === 'env' ? " (or mark the reference 'optional: true')" : ''}.`,
    start: key.range[0],
    end: key.range[1],
    ...(suggestions === undefined ? {} : { suggestions }),
  });
}

function ingressProblems(
  index: KubernetesIndex,
  entry: Entry,
  ref: KubernetesReference,
  report: Report,
): void {
  const services = index.find('Service', ref.name, entry.namespaces);
  if (services.length === 0) {
    const { suggestions, hint } = suggestionsFor(
      ref.name,
      index.names('Service', entry.namespaces),
    );
    report(entry.path, {
      code: codes.unknownIngressService,
      severity: 'warning',
      source: 'kubernetes',
      message: `No Service '${ref.name}' is defined in the repository${entry.namespaces?.length === 1 ? ` in namespace ${entry.namespaces[0] ?? ''}` : ''}, so this backend would answer 503.${hint} Fix the name or add the Service.`,
      start: ref.range[0],
      end: ref.range[1],
      ...(suggestions === undefined ? {} : { suggestions }),
      docUrl:
        'https://kubernetes.io/docs/concepts/services-networking/ingress/#the-ingress-resource',
    });
    return;
  }
  const port = ref.port;
  if (port === undefined || templated(String(port.value))) {
    return;
  }
  const withPorts = services.filter((s) => s.resource.ports.length > 0);
  if (withPorts.length === 0) {
    return;
  }
  const exposes = withPorts.some((s) =>
    s.resource.ports.some((p) =>
      typeof port.value === 'number' ? p.port === port.value : p.name === port.value,
    ),
  );
  if (exposes) {
    return;
  }
  const service = withPorts[0];
  const ports = (service?.resource.ports ?? []).map((p) =>
    p.name === undefined ? String(p.port ?? '?') : `${p.port ?? '?'} (${p.name})`,
  );
  const byName = typeof port.value === 'string';
  const suggestions = (service?.resource.ports ?? []).flatMap((p) =>
    byName ? (p.name === undefined ? [] : [p.name]) : p.port === undefined ? [] : [String(p.port)],
  );
  report(entry.path, {
    code: codes.unknownServicePort,
    severity: 'warning',
    source: 'kubernetes',
    message: `Service '${ref.name}' (${service?.path ?? '?'}) has no port ${byName ? 'named ' : ''}${String(port.value)}; it exposes ${ports.join(', ')}. Use one of its ports${byName ? ' by name or number' : ''}, or add the port to the Service.`,
    start: port.range[0],
    end: port.range[1],
    ...(suggestions.length === 0 ? {} : { suggestions }),
  });
}

function scaleTargetProblems(
  index: KubernetesIndex,
  entry: Entry,
  ref: KubernetesReference,
  report: Report,
): void {
  if (index.find(ref.kind, ref.name, entry.namespaces).length > 0) {
    return;
  }
  const { suggestions, hint } = suggestionsFor(ref.name, index.names(ref.kind, entry.namespaces));
  report(entry.path, {
    code: codes.unknownScaleTarget,
    severity: 'warning',
    source: 'kubernetes',
    message: `No ${ref.kind} '${ref.name}' is defined in the repository${entry.namespaces?.length === 1 ? ` in namespace ${entry.namespaces[0] ?? ''}` : ''}, so this autoscaler would scale nothing.${hint} Fix scaleTargetRef or add the ${ref.kind}.`,
    start: ref.range[0],
    end: ref.range[1],
    ...(suggestions === undefined ? {} : { suggestions }),
    docUrl: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/',
  });
}

function roleProblems(
  index: KubernetesIndex,
  entry: Entry,
  ref: KubernetesReference,
  report: Report,
): void {
  const clusterWide = ref.kind === 'ClusterRole';
  if (ref.kind !== 'Role' && !clusterWide) {
    return; // the schema rejects other kinds
  }
  if (clusterWide ? builtInClusterRole(ref.name) : builtInRole(ref.name)) {
    return;
  }
  const namespaces = clusterWide ? undefined : entry.namespaces;
  if (index.find(ref.kind, ref.name, namespaces).length > 0) {
    return;
  }
  const { suggestions, hint } = suggestionsFor(ref.name, index.names(ref.kind, namespaces));
  const where = clusterWide
    ? ''
    : entry.namespaces?.length === 1
      ? ` in namespace ${entry.namespaces[0] ?? ''}`
      : '';
  report(entry.path, {
    code: codes.unknownRole,
    severity: 'warning',
    source: 'kubernetes',
    message: `No ${ref.kind} '${ref.name}' is defined in the repository${where}, so this binding grants nothing.${hint} Fix roleRef or add the ${ref.kind}.`,
    start: ref.range[0],
    end: ref.range[1],
    ...(suggestions === undefined ? {} : { suggestions }),
    docUrl:
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding',
  });
}

function subjectProblems(
  index: KubernetesIndex,
  entry: Entry,
  ref: KubernetesReference,
  report: Report,
): void {
  if (ref.name === 'default' || ref.namespace === systemNamespace) {
    return; // every namespace has a default one; kube-system's controllers have theirs
  }
  // The subject's namespace as written, or the binding's; kustomize may rewrite either.
  const namespaces: Namespaces =
    ref.namespace === undefined ? entry.namespaces : [ref.namespace, ...(entry.namespaces ?? [])];
  if (index.find('ServiceAccount', ref.name, namespaces).length > 0) {
    return;
  }
  const { suggestions, hint } = suggestionsFor(ref.name, index.names('ServiceAccount', namespaces));
  report(entry.path, {
    code: codes.unknownServiceAccount,
    severity: 'warning',
    source: 'kubernetes',
    message: `No ServiceAccount '${ref.name}' is defined in the repository${ref.namespace === undefined ? '' : ` in namespace ${ref.namespace}`}, so this binding grants its role to no pod.${hint} Fix the subject or add the ServiceAccount.`,
    start: ref.range[0],
    end: ref.range[1],
    ...(suggestions === undefined ? {} : { suggestions }),
    docUrl: 'https://kubernetes.io/docs/concepts/security/service-accounts/',
  });
}
