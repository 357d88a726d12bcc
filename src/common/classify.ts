import { isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import type { YamlModel } from './yamlModel';

/** The kinds of infrastructure file Infra Workbench knows. */
export type InfraKind =
  | 'kubernetes'
  | 'kustomization'
  | 'helm-chart'
  | 'github-workflow'
  | 'github-action'
  | 'compose'
  | 'prometheus-rules'
  | 'alertmanager'
  | 'grafana'
  | 'runbook'
  | 'rundeck-jobs'
  | 'ansible'
  | 'terraform'
  | 'terraform-plan';

/** Human names of each kind, in the order the file overview lists them. */
export const infraKindLabels: Readonly<Record<InfraKind, string>> = {
  kubernetes: 'Kubernetes manifests',
  kustomization: 'Kustomizations',
  'helm-chart': 'Helm charts',
  'github-workflow': 'GitHub Actions workflows',
  'github-action': 'GitHub Actions actions',
  compose: 'Compose files',
  'prometheus-rules': 'Prometheus rules',
  alertmanager: 'Alertmanager configuration',
  grafana: 'Grafana provisioning',
  runbook: 'Runbooks',
  'rundeck-jobs': 'Rundeck jobs',
  ansible: 'Ansible playbooks and roles',
  terraform: 'Terraform / OpenTofu',
  'terraform-plan': 'Terraform / OpenTofu plans',
};

/**
 * What one YAML document is, for validation: each document of a stream is told apart on its
 * own, so a file mixing a Deployment and a Runbook gets both checked.
 */
export type DocumentFormat =
  | 'kubernetes'
  | 'github-workflow'
  | 'github-action'
  | 'compose'
  | 'ansible-playbook'
  | 'ansible-tasks'
  | 'prometheus-rules'
  | 'runbook'
  | 'alertmanager'
  | 'kustomization'
  | 'helm-chart'
  | 'rundeck-jobs'
  | 'grafana-provisioning'
  | 'grafana-dashboard';

/** Every document format, in a fixed order (settings, status bar, tests). */
export const documentFormats: readonly DocumentFormat[] = [
  'kubernetes',
  'github-workflow',
  'github-action',
  'compose',
  'ansible-playbook',
  'ansible-tasks',
  'prometheus-rules',
  'runbook',
  'alertmanager',
  'kustomization',
  'helm-chart',
  'rundeck-jobs',
  'grafana-provisioning',
  'grafana-dashboard',
];

/** Module keys that mark a list item as an Ansible task rather than arbitrary data. */
const ansibleTaskKeys =
  /^(name|block|action|local_action|include_tasks|import_tasks|include_role|import_role|ansible\.builtin\.\w+|command|shell|copy|template|file|apt|yum|dnf|package|service|systemd|lineinfile|debug|set_fact|assert|uri|get_url|git|user|group|pip|unarchive|stat|fail|meta|wait_for|include_vars)$/;

/**
 * Tells what one parsed document of a file is, from the file's path and the document's content;
 * undefined for documents none of the formats claim (arbitrary YAML is left alone).
 */
export function classifyDocument(
  relativePath: string,
  doc: Document.Parsed,
): DocumentFormat | undefined {
  const path = relativePath.replace(/\\/g, '/');
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const contents = doc.contents;
  if (isMap(contents)) {
    const apiVersion = scalarString(contents.get('apiVersion', true));
    const kind = scalarString(contents.get('kind', true));
    if (apiVersion === 'runbooks/v1' && kind === 'Runbook') {
      return 'runbook';
    }
    if (base.endsWith('.json') && isGrafanaDashboard((key) => contents.get(key, true))) {
      return 'grafana-dashboard';
    }
    if (isKustomizationBase(base) || isKustomizeApiVersion(apiVersion)) {
      // A Flux `Kustomization` (kustomize.toolkit.fluxcd.io) is a Kubernetes object, whatever its file name.
      if (apiVersion === undefined || isKustomizeApiVersion(apiVersion)) {
        return 'kustomization';
      }
    }
    // Helm reads `Chart.yaml`, spelt so; a workflow named chart.yaml is a workflow.
    if (/(^|\/)Chart\.yaml$/.test(path) && !isWorkflowPath(path) && kind === undefined) {
      return 'helm-chart';
    }
    if (kind === undefined && isGrafanaProvisioning(path, contents)) {
      return 'grafana-provisioning';
    }
    if (apiVersion !== undefined && kind !== undefined) {
      // Backstage catalog entities borrow the Kubernetes envelope but are not applied to a cluster.
      return apiVersion.startsWith('backstage.io/') ? undefined : 'kubernetes';
    }
    // A Kubernetes object missing half its envelope (`kind:` with no value, no apiVersion):
    // routed to the Kubernetes checker so that it says which half is missing.
    // (Kustomize defaults a kustomization's apiVersion: it may leave it out.)
    if (
      !/^kustomization\.ya?ml$/.test(base) &&
      (contents.has('apiVersion') || contents.has('kind')) &&
      (contents.has('metadata') ||
        contents.items.every(
          (p) => isScalar(p.key) && /^(apiVersion|kind)$/.test(String(p.key.value)),
        ))
    ) {
      return 'kubernetes';
    }
    const byPath = classifyYamlPath(path, base);
    if (
      byPath === 'github-workflow' ||
      byPath === 'github-action' ||
      byPath === 'compose' ||
      byPath === 'alertmanager'
    ) {
      return byPath;
    }
    if (isAlertmanagerConfig(contents)) {
      return 'alertmanager';
    }
    const groups = contents.get('groups', true);
    if (
      isSeq(groups) &&
      // promtool unit-test files (`rule_files:` + `tests:`) name rule files; they are not ones.
      !contents.has('rule_files') &&
      (contents.items.length === 1 || groups.items.some((g) => isMap(g) && g.has('rules')))
    ) {
      return 'prometheus-rules';
    }
    if (contents.has('jobs') && contents.has('on')) {
      return 'github-workflow';
    }
    if (contents.has('runs') && (contents.has('name') || contents.has('description'))) {
      return isMap(contents.get('runs', true)) ? 'github-action' : undefined;
    }
    if (isMap(contents.get('services', true))) {
      return 'compose';
    }
    return undefined;
  }
  if (!isSeq(contents) || contents.items.length === 0) {
    return undefined;
  }
  const nodes: unknown[] = contents.items;
  const items = nodes.filter((n): n is YAMLMap => isMap(n));
  if (items.length !== nodes.length) {
    return undefined;
  }
  if (isRundeckJobList(items)) {
    return 'rundeck-jobs';
  }
  if (/(^|\/)roles\/[^/]+\/(tasks|handlers)\/[^/]+$/.test(path)) {
    return 'ansible-tasks';
  }
  const isPlay = (p: YAMLMap): boolean =>
    p.has('hosts') || p.has('import_playbook') || p.has('ansible.builtin.import_playbook');
  // Event-Driven Ansible rulebooks also list `hosts`, with `sources` and `rules`: not playbooks.
  if (items.some((p) => p.has('sources') && p.has('rules'))) {
    return undefined;
  }
  if (items.some(isPlay)) {
    return 'ansible-playbook';
  }
  // Task files included from a playbook live in a tasks/ or handlers/ folder, also below
  // playbooks/ (playbooks/tasks/setup.yml); a list of plays always has a play with `hosts`.
  const taskFolder = /(^|\/)(tasks|handlers)\/(.+\/)?[^/]+$/.test(path);
  const looksLikeTasks = items.every((t) =>
    t.items.some((pair) => ansibleTaskKeys.test(String(isScalar(pair.key) ? pair.key.value : ''))),
  );
  if (taskFolder && looksLikeTasks) {
    return 'ansible-tasks';
  }
  return /(^|\/)playbooks?\//.test(path) ? 'ansible-playbook' : undefined;
}

/** The extensions of files whose kind {@link classifyFile} can tell. */
export const scannedExtensions = ['yaml', 'yml', 'tf', 'tofu', 'json'] as const;

/**
 * Tells the kind of an infrastructure file from its path (relative, `/`-separated) and text.
 * YAML texts are parsed through {@link parseYaml}'s cache by the caller and passed as a model.
 * Returns undefined for files that are none of the known kinds.
 */
export function classifyFile(
  relativePath: string,
  content: { readonly yaml?: YamlModel; readonly text?: string },
): InfraKind | undefined {
  const path = relativePath.replace(/\\/g, '/');
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (/\.(tf|tofu)$/.test(base)) {
    return 'terraform';
  }
  if (base.endsWith('.json')) {
    if (content.text === undefined) {
      return undefined;
    }
    if (looksLikeTerraformPlan(content.text)) {
      return 'terraform-plan';
    }
    return looksLikeGrafanaDashboard(content.text) ? 'grafana' : undefined;
  }
  if (!/\.ya?ml$/.test(base)) {
    return undefined;
  }
  const byName = classifyYamlPath(path, base);
  // prometheus-operator's `kind: Alertmanager` often lives in an alertmanager.yaml: content decides there.
  if (byName === 'alertmanager' && content.yaml !== undefined) {
    return classifyYamlContent(content.yaml, path) ?? byName;
  }
  if (byName !== undefined) {
    return byName;
  }
  return content.yaml === undefined ? undefined : classifyYamlContent(content.yaml, path);
}

function classifyYamlPath(path: string, base: string): InfraKind | undefined {
  if (isWorkflowPath(path)) {
    return 'github-workflow';
  }
  if (base === 'action.yml' || base === 'action.yaml') {
    return 'github-action';
  }
  if (/^(docker-)?compose(\.[\w-]+)*\.ya?ml$/.test(base)) {
    return 'compose';
  }
  if (isKustomizationBase(base)) {
    return 'kustomization';
  }
  if (base === 'alertmanager.yml' || base === 'alertmanager.yaml') {
    return 'alertmanager';
  }
  if (base === 'chart.yaml' || base === 'chart.yml') {
    return 'helm-chart';
  }
  if (/(^|\/)roles\/[^/]+\/(tasks|handlers)\/[^/]+$/.test(path)) {
    return 'ansible';
  }
  return undefined;
}

function classifyYamlContent(model: YamlModel, path: string): InfraKind | undefined {
  const roots: unknown[] = model.documents.map((d) => d.doc.contents);
  const maps = roots.filter((n): n is YAMLMap => isMap(n));
  for (const map of maps) {
    const apiVersion = scalarString(map.get('apiVersion', true));
    const kind = scalarString(map.get('kind', true));
    if (apiVersion === 'runbooks/v1' && kind === 'Runbook') {
      return 'runbook';
    }
    // Backstage catalog entities borrow the Kubernetes envelope but are not applied to a cluster.
    if (apiVersion !== undefined && kind !== undefined && !apiVersion.startsWith('backstage.io/')) {
      return 'kubernetes';
    }
  }
  for (const map of maps) {
    // Grafana's alerting provisioning has rule `groups` too: its folder decides first.
    if (!map.has('kind') && isGrafanaProvisioning(path, map)) {
      return 'grafana';
    }
    const groups = map.get('groups', true);
    // A rule file may hold no group yet (`groups: []`); then `groups` is its only key.
    if (
      isSeq(groups) &&
      (map.items.length === 1 || groups.items.some((g) => isMap(g) && g.has('rules')))
    ) {
      return 'prometheus-rules';
    }
    if (map.has('jobs') && map.has('on')) {
      return 'github-workflow';
    }
    if (isMap(map.get('services', true)) && !map.has('apiVersion')) {
      return 'compose';
    }
    if (isAlertmanagerConfig(map)) {
      return 'alertmanager';
    }
  }
  const first = roots[0];
  if (isSeq(first) && first.items.length > 0) {
    const jobs: unknown[] = first.items;
    const maps = jobs.filter((n): n is YAMLMap => isMap(n));
    if (maps.length === jobs.length && isRundeckJobList(maps)) {
      return 'rundeck-jobs';
    }
  }
  if (isSeq(first) && first.items.length > 0) {
    const plays = first.items.filter((n): n is YAMLMap => isMap(n));
    if (
      plays.length === first.items.length &&
      plays.some(
        (p) =>
          p.has('hosts') || p.has('import_playbook') || p.has('ansible.builtin.import_playbook'),
      )
    ) {
      return 'ansible';
    }
  }
  if (/(^|\/)playbooks?\//.test(path) && isSeq(first)) {
    return 'ansible';
  }
  return undefined;
}

/** Grafana's provisioning folders, as the Grafana docs and images lay them out. */
const grafanaProvisioningPath =
  /(^|\/)provisioning\/(datasources|dashboards|alerting|plugins)\/[^/]+$/;

/**
 * A Grafana provisioning file: in a provisioning folder, or `apiVersion: 1` with `datasources`,
 * `deleteDatasources` or dashboard `providers`.
 */
function isGrafanaProvisioning(path: string, map: YAMLMap): boolean {
  if (grafanaProvisioningPath.test(path) && map.has('apiVersion')) {
    return true;
  }
  const apiVersion = map.get('apiVersion', true);
  return (
    isScalar(apiVersion) &&
    String(apiVersion.value) === '1' &&
    ['datasources', 'deleteDatasources', 'providers'].some((key) => isSeq(map.get(key, true)))
  );
}

/**
 * A Grafana dashboard JSON model: `panels` (or the old `rows`) as a list, with a `title` or a
 * `schemaVersion`, and no Kubernetes envelope. `get` reads a top-level key (a YAML node or a
 * plain value).
 */
export function isGrafanaDashboard(get: (key: string) => unknown): boolean {
  const isList = (value: unknown): boolean => isSeq(value) || Array.isArray(value);
  return (
    get('apiVersion') === undefined &&
    get('kind') === undefined &&
    (isList(get('panels')) || isList(get('rows'))) &&
    (get('title') !== undefined || get('schemaVersion') !== undefined)
  );
}

/** True when a JSON text is a Grafana dashboard ({@link isGrafanaDashboard}); false when it does not parse. */
export function looksLikeGrafanaDashboard(text: string): boolean {
  if (!/"(panels|rows)"\s*:\s*\[/.test(text)) {
    return false; // most JSON files: no parse needed
  }
  try {
    const value: unknown = JSON.parse(text);
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      isGrafanaDashboard((key) => (value as Record<string, unknown>)[key])
    );
  } catch {
    return false;
  }
}

function isWorkflowPath(path: string): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+$/.test(path);
}

function isKustomizationBase(base: string): boolean {
  return base === 'kustomization.yaml' || base === 'kustomization.yml';
}

/** `kustomize.config.k8s.io/v1beta1` (Kustomization) and `/v1alpha1` (Component). */
function isKustomizeApiVersion(apiVersion: string | undefined): boolean {
  return apiVersion?.startsWith('kustomize.config.k8s.io/') === true;
}

/** An Alertmanager configuration: a `route` tree and a list of `receivers` (both required). */
function isAlertmanagerConfig(map: YAMLMap): boolean {
  return isMap(map.get('route', true)) && isSeq(map.get('receivers', true));
}

/**
 * A Rundeck job list: a job with `sequence.commands` (Rundeck's YAML export format). No Ansible
 * task or play has a `sequence` mapping holding `commands`.
 */
function isRundeckJobList(items: readonly YAMLMap[]): boolean {
  return items.some((job) => {
    const sequence = job.get('sequence', true);
    return isMap(sequence) && sequence.has('commands') && !job.has('hosts');
  });
}

function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * True when a JSON text looks like `terraform show -json` / `tofu show -json` output of a plan.
 * Reads only the first few kilobytes, so a large plan costs nothing to recognise.
 */
export function looksLikeTerraformPlan(text: string): boolean {
  const head = text.slice(0, 8192);
  return (
    /^\s*\{/.test(head) &&
    /"format_version"\s*:/.test(head) &&
    /"(resource_changes|planned_values)"\s*:/.test(text.slice(0, 65536))
  );
}
