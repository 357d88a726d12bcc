/**
 * The infrastructure areas a pull request touches, from its changed paths (and, where the file
 * could be read at the PR's head or base, its content): Kubernetes namespaces, Terraform
 * folders, workflows, runbooks, Prometheus rules, Helm charts and the other kinds the file
 * overview knows. Editor-free: the adapter passes paths and texts.
 */
import { classifyFile, infraKindLabels, type InfraKind } from '../../common/classify';
import { parseYaml } from '../../common/yamlModel';
import { readManifestResources } from '../../plan/core/manifestResources';

/** One changed file of a pull request. */
export interface ChangedPath {
  /** Path at the head, `/`-separated from the repository root. */
  readonly path: string;
  readonly status: 'added' | 'removed' | 'modified' | 'renamed';
  /** The path at the base, for renames. */
  readonly previousPath?: string;
  /** The text at the head (at the base for a removed file); undefined when it was not read. */
  readonly text?: string;
}

/** What kind of area: one per {@link InfraKind}, with Kubernetes split by namespace or folder. */
export type InfraAreaKind =
  Exclude<InfraKind, 'kubernetes'> | 'kubernetes-namespace' | 'kubernetes-folder';

/** One area a pull request touches. */
export interface InfraArea {
  readonly kind: InfraAreaKind;
  /** `namespace ingest`, `terraform/prod`, `.github/workflows/ci.yml`. */
  readonly label: string;
  /** What the kind is, e.g. `Kubernetes namespace`, `Terraform folder`. */
  readonly kindLabel: string;
  /** The changed files in the area, in the PR's order. */
  readonly files: readonly string[];
}

const kubernetesFolders = /(^|\/)(k8s|kubernetes|manifests|deploy|deployments|clusters|apps)\//;

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * What a file is from its path alone, for files whose text was not read: the file overview's
 * path rules, then folder conventions (`k8s/`, `runbooks/`, `rules/`).
 */
function classifyByPath(path: string): InfraKind | undefined {
  const kind = classifyFile(path, {});
  if (kind !== undefined || !/\.ya?ml$/i.test(path)) {
    return kind;
  }
  const lower = path.toLowerCase();
  if (/(^|\/)runbooks?\//.test(lower) || /\.runbook\.ya?ml$/.test(lower)) {
    return 'runbook';
  }
  if (/(^|\/)(prometheus|alerts|rules)\//.test(lower) || /rules?\.ya?ml$/.test(lower)) {
    return 'prometheus-rules';
  }
  if (/(^|\/)templates\//.test(lower) && /(^|\/)(charts?|helm)\//.test(lower)) {
    return 'helm-chart';
  }
  if (kubernetesFolders.test(lower)) {
    return 'kubernetes';
  }
  return undefined;
}

function classify(file: ChangedPath): InfraKind | undefined {
  if (file.text === undefined) {
    return classifyByPath(file.path);
  }
  const yaml = /\.ya?ml$/i.test(file.path) ? parseYaml(file.text) : undefined;
  return (
    classifyFile(file.path, { text: file.text, ...(yaml ? { yaml } : {}) }) ??
    classifyByPath(file.path)
  );
}

/** The namespaces a manifest's objects are in; empty when it cannot tell (no text, none set). */
function namespacesOf(file: ChangedPath): string[] {
  if (file.text === undefined) {
    return [];
  }
  const found = readManifestResources(file.path, file.text);
  return [
    ...new Set(
      found.resources.map((r) => r.identity.namespace).filter((namespace) => namespace !== ''),
    ),
  ];
}

/** The folder a Helm chart file belongs to: the folder above `templates/`, or Chart.yaml's. */
function chartFolder(path: string): string {
  const at = path.search(/(^|\/)templates\//);
  return at < 0 ? folderOf(path) : path.slice(0, at) || '.';
}

const kindLabels: Readonly<Record<InfraAreaKind, string>> = {
  ...infraKindLabels,
  'kubernetes-namespace': 'Kubernetes namespace',
  'kubernetes-folder': 'Kubernetes manifests (folder)',
  terraform: 'Terraform folder',
  'helm-chart': 'Helm chart',
  'github-workflow': 'GitHub Actions workflow',
  'github-action': 'GitHub Actions action',
  'prometheus-rules': 'Prometheus rules',
  runbook: 'Runbook',
  compose: 'Compose file',
  kustomization: 'Kustomization',
};

/** Sort order of the kinds: what reviewers of infra changes look at first. */
const kindOrder: readonly InfraAreaKind[] = [
  'kubernetes-namespace',
  'kubernetes-folder',
  'kustomization',
  'helm-chart',
  'terraform',
  'terraform-plan',
  'github-workflow',
  'github-action',
  'prometheus-rules',
  'alertmanager',
  'grafana',
  'runbook',
  'rundeck-jobs',
  'compose',
  'ansible',
];

/**
 * The areas `files` touch, grouped: Kubernetes manifests by the namespaces their objects name
 * (by folder when the text was not read or names none), Terraform by folder, Helm charts by chart
 * folder, the other kinds by file. Files that are no infrastructure are left out. Ordered by
 * kind (see {@link kindOrder}), then label.
 */
export function infraAreasOf(files: readonly ChangedPath[]): InfraArea[] {
  const areas = new Map<string, { kind: InfraAreaKind; label: string; files: string[] }>();
  const add = (kind: InfraAreaKind, label: string, file: string): void => {
    const key = `${kind}\0${label}`;
    const area = areas.get(key) ?? { kind, label, files: [] };
    if (!area.files.includes(file)) {
      area.files.push(file);
    }
    areas.set(key, area);
  };
  for (const file of files) {
    const kind = classify(file);
    if (kind === undefined) {
      continue;
    }
    switch (kind) {
      case 'kubernetes': {
        const namespaces = namespacesOf(file);
        if (namespaces.length === 0) {
          add('kubernetes-folder', folderOf(file.path), file.path);
        }
        for (const namespace of namespaces) {
          add('kubernetes-namespace', `namespace ${namespace}`, file.path);
        }
        break;
      }
      case 'terraform':
      case 'kustomization':
        add(kind, folderOf(file.path), file.path);
        break;
      case 'helm-chart':
        add(kind, chartFolder(file.path), file.path);
        break;
      case 'terraform-plan':
      case 'github-workflow':
      case 'github-action':
      case 'compose':
      case 'prometheus-rules':
      case 'alertmanager':
      case 'grafana':
      case 'runbook':
      case 'rundeck-jobs':
      case 'ansible':
        add(kind, file.path, file.path);
        break;
    }
  }
  return [...areas.values()]
    .map((a) => ({ ...a, kindLabel: kindLabels[a.kind] }))
    .sort(
      (a, b) =>
        kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.label.localeCompare(b.label),
    );
}

/** Whether any area is Kubernetes (the "Preview infrastructure change" action applies). */
export function touchesKubernetes(areas: readonly InfraArea[]): boolean {
  return areas.some((a) =>
    ['kubernetes-namespace', 'kubernetes-folder', 'kustomization', 'helm-chart'].includes(a.kind),
  );
}

/** A short name of a file for a tree item: the base name. */
export function fileLabel(path: string): string {
  return baseName(path);
}
