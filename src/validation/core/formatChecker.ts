import type { Document } from 'yaml';
import type { DocumentFormat } from '../../common/classify';
import type { Problem, ProblemSource } from '../../common/problem';
import type { SchemaNavigator } from './schemaNavigator';

/** One parsed document handed to the checker of its format. */
export interface DocumentInput {
  /** The file's path relative to the workspace (or the CLI's working directory), `/`-separated. */
  readonly relativePath: string;
  readonly doc: Document.Parsed;
  /** The document's own text (node ranges index into it): for checks that read the source. */
  readonly text: string;
  /** The document as plain data (aliases expanded within a bound). */
  readonly data: unknown;
  /** The document holds a partial object (a Kustomize or kubectl patch): skip required fields. */
  readonly partial: boolean;
  /**
   * The 1-based line in the whole file of an offset in the document's text, for messages that
   * point at another place ("already used on line 12"). Absent when the caller has no file.
   */
  readonly lineOf?: (offset: number) => number;
}

/** The schema a document is described by, for hover and completion. */
export interface DocumentSchema {
  readonly navigator: SchemaNavigator;
  /** Where the schema comes from, shown under hovers (`Kubernetes 1.34 · apps/v1 Deployment`). */
  readonly title: string;
}

/**
 * Validates the documents of one format: its schema and the checks beyond JSON Schema the
 * format's own tool would make. Checkers are editor-free and shared by the editor, the CLI and
 * the benchmarks; they never throw on bad input.
 */
export interface FormatChecker {
  /** Problems of one document, by offsets in the document's text. */
  check(input: DocumentInput): readonly Problem[];
  /** The schema of the document, when it has one. */
  schemaFor(input: DocumentInput): DocumentSchema | undefined;
}

/** The diagnostic source each format's problems carry. */
export const formatSources: Readonly<Record<DocumentFormat, ProblemSource>> = {
  kubernetes: 'kubernetes',
  'github-workflow': 'github-actions',
  'github-action': 'github-actions',
  compose: 'compose',
  'ansible-playbook': 'ansible',
  'ansible-tasks': 'ansible',
  'prometheus-rules': 'prometheus',
  runbook: 'runbook',
  alertmanager: 'alertmanager',
  kustomization: 'kustomize',
  'helm-chart': 'helm',
  'rundeck-jobs': 'rundeck',
  'grafana-provisioning': 'grafana',
  'grafana-dashboard': 'grafana',
};

/** How each format is named to users (status bar, hover, override pickers). */
export const formatLabels: Readonly<Record<DocumentFormat, string>> = {
  kubernetes: 'Kubernetes',
  'github-workflow': 'GitHub Actions workflow',
  'github-action': 'GitHub Actions action',
  compose: 'Compose',
  'ansible-playbook': 'Ansible playbook',
  'ansible-tasks': 'Ansible tasks',
  'prometheus-rules': 'Prometheus rules',
  runbook: 'Runbook',
  alertmanager: 'Alertmanager configuration',
  kustomization: 'Kustomization',
  'helm-chart': 'Helm Chart.yaml',
  'rundeck-jobs': 'Rundeck jobs',
  'grafana-provisioning': 'Grafana provisioning',
  'grafana-dashboard': 'Grafana dashboard',
};

/** The reference documentation of each format, linked from its diagnostics. */
export const formatDocs: Readonly<Record<DocumentFormat, string>> = {
  kubernetes: 'https://kubernetes.io/docs/reference/kubernetes-api/',
  'github-workflow':
    'https://docs.github.com/actions/reference/workflows-and-actions/workflow-syntax',
  'github-action':
    'https://docs.github.com/actions/reference/workflows-and-actions/metadata-syntax',
  compose: 'https://docs.docker.com/reference/compose-file/',
  'ansible-playbook':
    'https://docs.ansible.com/ansible/latest/reference_appendices/playbooks_keywords.html',
  'ansible-tasks':
    'https://docs.ansible.com/ansible/latest/reference_appendices/playbooks_keywords.html',
  'prometheus-rules': 'https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/',
  runbook: 'https://marketplace.visualstudio.com/items?itemName=infra-workbench.infra-workbench',
  alertmanager: 'https://prometheus.io/docs/alerting/latest/configuration/',
  kustomization: 'https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/',
  'helm-chart': 'https://helm.sh/docs/topics/charts/#the-chartyaml-file',
  'rundeck-jobs':
    'https://docs.rundeck.com/docs/manual/document-format-reference/job-yaml-v12.html',
  'grafana-provisioning': 'https://grafana.com/docs/grafana/latest/administration/provisioning/',
  'grafana-dashboard':
    'https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/',
};
