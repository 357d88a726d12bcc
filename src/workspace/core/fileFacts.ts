import { classifyFile, type DocumentFormat, type InfraKind } from '../../common/classify';
import type { YamlModel } from '../../common/yamlModel';
import {
  apiGroup,
  kubernetesResources,
  kustomizationFacts,
  type KubernetesResource,
  type Kustomization,
} from './kubernetesFacts';
import type { JsonSyntaxError } from './jsonFiles';
import { NodeReader, type Located, type TextRange } from './yamlNodes';
import { parseMatchers } from '../../validation/core/alertmanager/matchers';

/** A job of a GitHub Actions workflow. */
export interface WorkflowJob {
  /** The job id (its key under `jobs`). */
  readonly id: string;
  /** The job id's key. */
  readonly range: TextRange;
  readonly name?: string;
  /** The jobs it `needs`. */
  readonly needs: readonly string[];
  /** A reusable workflow the job calls (`uses: ./.github/workflows/build.yml` or `org/repo/...@ref`). */
  readonly uses?: Located;
  /** The `uses` of its steps, in order. */
  readonly stepUses: readonly Located[];
  /** The job runs once per combination of a `strategy.matrix`. */
  readonly matrix: boolean;
}

/** A GitHub Actions workflow document. */
export interface Workflow {
  readonly documentIndex: number;
  readonly name?: string;
  readonly jobs: readonly WorkflowJob[];
}

/** A GitHub Actions action (`action.yml`). */
export interface GitHubAction {
  readonly documentIndex: number;
  readonly name?: string;
  /** `runs.using`: `composite`, `docker`, `node20`, … */
  readonly using?: string;
  /** The `uses` of a composite action's steps. */
  readonly stepUses: readonly Located[];
}

/** A service of a Compose file. */
export interface ComposeService {
  readonly name: string;
  /** The service's key. */
  readonly range: TextRange;
  readonly image?: string;
  readonly dependsOn: readonly string[];
  /** The `condition` of each long-form `depends_on` entry that has one (`service_healthy`, …). */
  readonly dependsOnConditions: Readonly<Record<string, string>>;
  /** The networks it joins (list or mapping form). */
  readonly networks: readonly string[];
  /** The named volumes it mounts (`name:/path` or `source: name`; bind mounts left out). */
  readonly volumes: readonly string[];
}

/** A Compose document. */
export interface ComposeProject {
  readonly documentIndex: number;
  /** The top-level `name`, if any. */
  readonly name?: string;
  readonly services: readonly ComposeService[];
  /** The top-level `networks` and `volumes` keys. */
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
}

/** An alerting or recording rule, from a rules file or a PrometheusRule resource. */
export interface PrometheusRule {
  readonly type: 'alert' | 'record';
  /** The alert's or recorded series' name. */
  readonly name: string;
  /** The name scalar. */
  readonly range: TextRange;
  readonly group?: string;
  readonly documentIndex: number;
  /** `annotations.runbook_url` of an alert. */
  readonly runbookUrl?: Located;
  /** The PromQL expression (hover in runbooks shows it). */
  readonly expr?: string;
  /** How long the condition must hold (`for`). */
  readonly for?: string;
  /** The rule's `labels` (severity, team, service, …). */
  readonly labels: Readonly<Record<string, string>>;
  /** `annotations.summary` of an alert. */
  readonly summary?: string;
}

/** One label matcher of an Alertmanager route (`matchers`, or the older `match` / `match_re`). */
export interface RouteMatcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** A route of an Alertmanager routing tree, with its child routes. */
export interface AlertRoute {
  readonly receiver?: string;
  /** Undefined when a matcher of the route does not parse: such a route is not judged. */
  readonly matchers?: readonly RouteMatcher[];
  readonly continue: boolean;
  readonly routes: readonly AlertRoute[];
  /** The route's mapping (where a problem about it would point). */
  readonly range: TextRange;
}

/** The routing tree of an Alertmanager configuration document. */
export interface AlertmanagerRouting {
  readonly documentIndex: number;
  readonly route: AlertRoute;
}

/** A runbook (`apiVersion: runbooks/v1`, `kind: Runbook`). */
export interface Runbook {
  readonly documentIndex: number;
  /** `metadata.name`. */
  readonly name?: Located;
  readonly service?: string;
  /** `metadata.severity`: critical, high, medium or low. */
  readonly severity?: string;
  /** The alert names of `spec.alerts`. */
  readonly alerts: readonly Located[];
}

/** A data source of a Grafana provisioning file. */
export interface GrafanaDatasource {
  readonly name: Located;
  readonly uid?: Located;
  /** `orgId`, 1 when absent. */
  readonly orgId: number;
  /** The `isDefault: true` value, when the data source is its organisation's default. */
  readonly isDefault?: TextRange;
}

/** A dashboard provider of a Grafana provisioning file. */
export interface GrafanaProvider {
  readonly name?: string;
  /** `options.path`. */
  readonly path?: Located;
}

/** A Grafana provisioning document. */
export interface GrafanaProvisioning {
  readonly documentIndex: number;
  readonly datasources: readonly GrafanaDatasource[];
  readonly providers: readonly GrafanaProvider[];
}

/** A Grafana dashboard JSON model. */
export interface GrafanaDashboard {
  readonly documentIndex: number;
  readonly uid?: Located;
  readonly title?: Located;
}

/**
 * What one file contributes to cross-file checks, diagrams and previews: the identities it
 * defines and the names it refers to, with ranges into the file's whole text. Plain data (no
 * YAML nodes), cheap to keep for thousands of files; extracted once per file text.
 */
export interface FileFacts {
  /** Workspace-relative, `/`-separated. */
  readonly relativePath: string;
  readonly kubernetes: readonly KubernetesResource[];
  /** Present for `kustomization.yaml` / `kustomization.yml`. */
  readonly kustomization?: Kustomization;
  readonly workflows: readonly Workflow[];
  readonly actions: readonly GitHubAction[];
  readonly compose: readonly ComposeProject[];
  /** True when the file holds Prometheus rules: a rules document or a PrometheusRule resource (even with no rule yet). */
  readonly holdsRules: boolean;
  readonly rules: readonly PrometheusRule[];
  readonly runbooks: readonly Runbook[];
  readonly grafana: readonly GrafanaProvisioning[];
  readonly grafanaDashboards: readonly GrafanaDashboard[];
  readonly alertmanager: readonly AlertmanagerRouting[];
  /** What the Infrastructure Files view lists the file as ({@link classifyFile}); none for other files. */
  readonly kind?: InfraKind;
  /** For a `.json` file that is not JSON: where it stops being JSON (the file defines nothing). */
  readonly jsonSyntaxError?: JsonSyntaxError;
}

/** The facts of a `.json` file that does not parse: nothing defined, and where it breaks. */
export function brokenJsonFacts(relativePath: string, error: JsonSyntaxError): FileFacts {
  return {
    relativePath: relativePath.replace(/\\/g, '/'),
    kubernetes: [],
    workflows: [],
    actions: [],
    compose: [],
    holdsRules: false,
    rules: [],
    runbooks: [],
    grafana: [],
    grafanaDashboards: [],
    alertmanager: [],
    jsonSyntaxError: error,
  };
}

/** True for the file names kustomize reads. */
export function isKustomizationPath(relativePath: string): boolean {
  return /(^|\/)kustomization\.ya?ml$/.test(relativePath);
}

/**
 * Extracts the facts of one file from its parsed model and the format of each document (as
 * `YamlValidator.formatsOf` routes them). Documents with parse errors and documents no format
 * claims contribute nothing (a duplicate key is no parse error here: the editor reports it, and
 * the resource still exists), except the first document of a `kustomization.yaml`, read by its
 * path. Never throws on odd input.
 */
export function extractFileFacts(
  relativePath: string,
  model: YamlModel,
  formats: readonly (DocumentFormat | undefined)[],
): FileFacts {
  const path = relativePath.replace(/\\/g, '/');
  const kubernetes: KubernetesResource[] = [];
  const workflows: Workflow[] = [];
  const actions: GitHubAction[] = [];
  const compose: ComposeProject[] = [];
  const rules: PrometheusRule[] = [];
  const runbooks: Runbook[] = [];
  const grafana: GrafanaProvisioning[] = [];
  const grafanaDashboards: GrafanaDashboard[] = [];
  const alertmanager: AlertmanagerRouting[] = [];
  let holdsRules = false;
  let kustomization: Kustomization | undefined;
  const kustomizationFile = isKustomizationPath(path);

  model.documents.forEach((document, index) => {
    // A duplicate key leaves the document readable (the first value is read); other errors do not.
    if (document.doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) {
      return;
    }
    const read = new NodeReader(document.doc, document.offset);
    const root = read.resolve(document.doc.contents);
    if (kustomizationFile && index === 0 && isKustomizationDocument(read, root)) {
      kustomization = kustomizationFacts(read, root);
      return;
    }
    switch (formats[index]) {
      case 'kubernetes':
        for (const resource of kubernetesResources(read, root, index)) {
          kubernetes.push(resource);
          if (
            resource.kind === 'PrometheusRule' &&
            apiGroup(resource.apiVersion) === 'monitoring.coreos.com'
          ) {
            holdsRules = true;
            rules.push(...ruleFacts(read, read.get(root, 'spec'), index));
          }
        }
        break;
      case 'prometheus-rules':
        holdsRules = true;
        rules.push(...ruleFacts(read, root, index));
        break;
      case 'github-workflow':
        workflows.push(workflowFacts(read, root, index));
        break;
      case 'github-action':
        actions.push(actionFacts(read, root, index));
        break;
      case 'compose':
        compose.push(composeFacts(read, root, index));
        break;
      case 'runbook':
        runbooks.push(runbookFacts(read, root, index));
        break;
      case 'grafana-provisioning':
        grafana.push(grafanaFacts(read, root, index));
        break;
      case 'grafana-dashboard': {
        const uid = read.located(read.get(root, 'uid'));
        const title = read.located(read.get(root, 'title'));
        grafanaDashboards.push({
          documentIndex: index,
          ...(uid === undefined ? {} : { uid }),
          ...(title === undefined ? {} : { title }),
        });
        break;
      }
      case 'alertmanager': {
        const route = alertRoute(read, read.get(root, 'route'), 0);
        if (route !== undefined) {
          alertmanager.push({ documentIndex: index, route });
        }
        break;
      }
      default:
        break;
    }
  });
  const kind = classifyFile(path, { yaml: model });
  return {
    relativePath: path,
    ...(kind === undefined ? {} : { kind }),
    kubernetes,
    ...(kustomization === undefined ? {} : { kustomization }),
    workflows,
    actions,
    compose,
    holdsRules,
    rules,
    runbooks,
    grafana,
    grafanaDashboards,
    alertmanager,
  };
}

/** A kustomization, not a Kubernetes object or Flux Kustomization that happens to share the file name. */
function isKustomizationDocument(read: NodeReader, root: unknown): boolean {
  const apiVersion = read.text(read.get(root, 'apiVersion'));
  return apiVersion === undefined || apiVersion.startsWith('kustomize.config.k8s.io/');
}

/** The rules of the `groups` of a rules document or a PrometheusRule's spec. */
function ruleFacts(read: NodeReader, holder: unknown, documentIndex: number): PrometheusRule[] {
  const found: PrometheusRule[] = [];
  for (const group of read.items(read.get(holder, 'groups'))) {
    const groupName = read.text(read.get(group, 'name'));
    for (const rule of read.items(read.get(group, 'rules'))) {
      const alert = read.located(read.get(rule, 'alert'));
      const record = read.located(read.get(rule, 'record'));
      const named = alert ?? record;
      if (named === undefined) {
        continue;
      }
      const runbookUrl =
        alert === undefined
          ? undefined
          : read.located(read.getIn(rule, ['annotations', 'runbook_url']));
      const expr = read.text(read.get(rule, 'expr'));
      const forDuration = read.text(read.get(rule, 'for'));
      const summary =
        alert === undefined ? undefined : read.text(read.getIn(rule, ['annotations', 'summary']));
      found.push({
        type: alert === undefined ? 'record' : 'alert',
        name: named.value,
        range: named.range,
        ...(groupName === undefined ? {} : { group: groupName }),
        documentIndex,
        ...(runbookUrl === undefined ? {} : { runbookUrl }),
        ...(expr === undefined ? {} : { expr }),
        ...(forDuration === undefined ? {} : { for: forDuration }),
        labels: read.stringMap(read.get(rule, 'labels')).values,
        ...(summary === undefined ? {} : { summary }),
      });
    }
  }
  return found;
}

function workflowFacts(read: NodeReader, root: unknown, documentIndex: number): Workflow {
  const jobsNode = read.map(read.get(root, 'jobs'));
  const jobs: WorkflowJob[] = [];
  for (const pair of jobsNode?.items ?? []) {
    const id = read.text(pair.key);
    const range = read.range(pair.key);
    if (id === undefined || range === undefined) {
      continue;
    }
    const job = read.resolve(pair.value);
    const name = read.text(read.get(job, 'name'));
    const needsNode = read.get(job, 'needs');
    const needs = read.isSeq(needsNode)
      ? read.items(needsNode).flatMap((n) => read.text(n) ?? [])
      : [read.text(needsNode)].filter((n) => n !== undefined);
    const uses = read.located(read.get(job, 'uses'));
    jobs.push({
      id,
      range,
      ...(name === undefined ? {} : { name }),
      needs,
      ...(uses === undefined ? {} : { uses }),
      stepUses: stepUses(read, read.get(job, 'steps')),
      matrix: read.getIn(job, ['strategy', 'matrix']) !== undefined,
    });
  }
  const name = read.text(read.get(root, 'name'));
  return { documentIndex, ...(name === undefined ? {} : { name }), jobs };
}

function actionFacts(read: NodeReader, root: unknown, documentIndex: number): GitHubAction {
  const name = read.text(read.get(root, 'name'));
  const runs = read.get(root, 'runs');
  const using = read.text(read.get(runs, 'using'));
  return {
    documentIndex,
    ...(name === undefined ? {} : { name }),
    ...(using === undefined ? {} : { using }),
    stepUses: stepUses(read, read.get(runs, 'steps')),
  };
}

function stepUses(read: NodeReader, steps: unknown): Located[] {
  return read.items(steps).flatMap((step) => read.located(read.get(step, 'uses')) ?? []);
}

function composeFacts(read: NodeReader, root: unknown, documentIndex: number): ComposeProject {
  const services: ComposeService[] = [];
  for (const pair of read.map(read.get(root, 'services'))?.items ?? []) {
    const name = read.text(pair.key);
    const range = read.range(pair.key);
    if (name === undefined || range === undefined) {
      continue;
    }
    const service = read.resolve(pair.value);
    const image = read.text(read.get(service, 'image'));
    const dependsNode = read.get(service, 'depends_on');
    const dependsOn = read.isSeq(dependsNode)
      ? read.items(dependsNode).flatMap((n) => read.text(n) ?? [])
      : read.keys(dependsNode);
    const dependsOnConditions: Record<string, string> = {};
    if (!read.isSeq(dependsNode)) {
      for (const dependency of dependsOn) {
        const condition = read.text(read.getIn(dependsNode, [dependency, 'condition']));
        if (condition !== undefined) {
          dependsOnConditions[dependency] = condition;
        }
      }
    }
    const networksNode = read.get(service, 'networks');
    const networks = read.isSeq(networksNode)
      ? read.items(networksNode).flatMap((n) => read.text(n) ?? [])
      : read.keys(networksNode);
    const volumes = read.items(read.get(service, 'volumes')).flatMap((volume) => {
      const text = read.text(volume);
      const source =
        text === undefined ? read.text(read.get(volume, 'source')) : text.split(':')[0];
      const type = read.text(read.get(volume, 'type'));
      // A named volume, not a bind mount (`./data`, `/srv`, `~/x`) nor a tmpfs.
      return source === undefined ||
        source === '' ||
        /^[./~$]/.test(source) ||
        (type !== undefined && type !== 'volume')
        ? []
        : [source];
    });
    services.push({
      name,
      range,
      ...(image === undefined ? {} : { image }),
      dependsOn,
      dependsOnConditions,
      networks,
      volumes,
    });
  }
  const name = read.text(read.get(root, 'name'));
  return {
    documentIndex,
    ...(name === undefined ? {} : { name }),
    services,
    networks: read.keys(read.get(root, 'networks')),
    volumes: read.keys(read.get(root, 'volumes')),
  };
}

function runbookFacts(read: NodeReader, root: unknown, documentIndex: number): Runbook {
  const metadata = read.get(root, 'metadata');
  const name = read.located(read.get(metadata, 'name'));
  const service = read.text(read.get(metadata, 'service'));
  const severity = read.text(read.get(metadata, 'severity'));
  const alerts = read
    .items(read.getIn(root, ['spec', 'alerts']))
    .flatMap((alert) => read.located(alert) ?? []);
  return {
    documentIndex,
    ...(name === undefined ? {} : { name }),
    ...(service === undefined ? {} : { service }),
    ...(severity === undefined ? {} : { severity }),
    alerts,
  };
}

function grafanaFacts(read: NodeReader, root: unknown, documentIndex: number): GrafanaProvisioning {
  const datasources: GrafanaDatasource[] = [];
  for (const item of read.items(read.get(root, 'datasources'))) {
    const name = read.located(read.get(item, 'name'));
    if (name === undefined) {
      continue;
    }
    const uid = read.located(read.get(item, 'uid'));
    const org = Number(read.text(read.get(item, 'orgId')) ?? '1');
    const isDefaultNode = read.get(item, 'isDefault');
    const isDefault = read.isTrue(isDefaultNode) ? read.range(isDefaultNode) : undefined;
    datasources.push({
      name,
      ...(uid === undefined ? {} : { uid }),
      orgId: Number.isFinite(org) && org > 0 ? org : 1,
      ...(isDefault === undefined ? {} : { isDefault }),
    });
  }
  const providers = read.items(read.get(root, 'providers')).map((item): GrafanaProvider => {
    const name = read.text(read.get(item, 'name'));
    const path = read.located(read.getIn(item, ['options', 'path']));
    return { ...(name === undefined ? {} : { name }), ...(path === undefined ? {} : { path }) };
  });
  return { documentIndex, datasources, providers };
}

/** Deeper routing trees than this are not read (a configuration is a few levels deep). */
const maxRouteDepth = 32;

function alertRoute(read: NodeReader, node: unknown, depth: number): AlertRoute | undefined {
  const range = read.range(node);
  if (range === undefined || depth > maxRouteDepth || read.keys(node).length === 0) {
    return undefined;
  }
  const receiver = read.text(read.get(node, 'receiver'));
  const matchers = routeMatchers(read, node);
  return {
    ...(receiver === undefined ? {} : { receiver }),
    ...(matchers === undefined ? {} : { matchers }),
    continue: read.isTrue(read.get(node, 'continue')),
    routes: read
      .items(read.get(node, 'routes'))
      .flatMap((child) => alertRoute(read, child, depth + 1) ?? []),
    range,
  };
}

/** The matchers of a route, from `matchers`, `match` and `match_re`; undefined when one does not parse. */
function routeMatchers(read: NodeReader, node: unknown): RouteMatcher[] | undefined {
  const matchers: RouteMatcher[] = [];
  for (const item of read.items(read.get(node, 'matchers'))) {
    const text = read.text(item);
    const parsed = text === undefined ? undefined : parseMatchers(text);
    if (parsed === undefined || 'error' in parsed) {
      return undefined;
    }
    matchers.push(...parsed.matchers);
  }
  const match = read.stringMap(read.get(node, 'match'));
  const matchRe = read.stringMap(read.get(node, 'match_re'));
  if (!match.exact || !matchRe.exact) {
    return undefined;
  }
  for (const [name, value] of Object.entries(match.values)) {
    matchers.push({ name, op: '=', value });
  }
  for (const [name, value] of Object.entries(matchRe.values)) {
    matchers.push({ name, op: '=~', value });
  }
  return matchers;
}
