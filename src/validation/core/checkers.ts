import type { DocumentFormat } from '../../common/classify';
import { alertmanagerChecker } from './alertmanager/alertmanagerChecker';
import { ansiblePlaybookChecker, ansibleTasksChecker } from './ansible/ansibleChecker';
import { composeChecker } from './compose/composeChecker';
import type { CrdRegistry } from './crdSchemas';
import type { FormatChecker } from './formatChecker';
import { githubActionChecker, githubWorkflowChecker } from './githubActions/githubActionsChecker';
import { kustomizationChecker } from './kustomize/kustomizationChecker';
import { grafanaChecker, grafanaDashboardChecker } from './grafana/grafanaChecker';
import { chartChecker } from './helm/chartChecker';
import { KubernetesChecker } from './kubernetesChecker';
import { KubernetesSchemas } from './kubernetesSchemas';
import { PrometheusRulesChecker } from './prometheus/rulesChecker';
import { rundeckChecker } from './rundeck/rundeckChecker';
import { runbookChecker } from './runbook/runbookChecker';

/** What checkers are built from: plain options, read from settings or CLI flags. */
export interface CheckerEnvironment {
  /** The folder holding the bundled schemas (the extension's or the CLI's `schemas/`). */
  readonly schemasDir: string;
  readonly kubernetesVersion: string;
  /** The workspace's CustomResourceDefinitions, for custom resources the bundle does not know. */
  readonly crds?: CrdRegistry;
}

/**
 * Builds the checker of each format. A checker loads and compiles its schema lazily, so a
 * workspace without Compose files never reads the Compose schema.
 */
export function createCheckers(
  env: CheckerEnvironment,
): Partial<Record<DocumentFormat, FormatChecker>> {
  let kubernetes: KubernetesSchemas | undefined;
  const kubernetesSchemas = (): KubernetesSchemas =>
    (kubernetes ??= KubernetesSchemas.load(env.schemasDir, env.kubernetesVersion));
  return {
    kubernetes: new KubernetesChecker(kubernetesSchemas, env.kubernetesVersion, env.crds),
    'github-workflow': githubWorkflowChecker(env.schemasDir),
    'github-action': githubActionChecker(env.schemasDir),
    'prometheus-rules': new PrometheusRulesChecker(env.schemasDir),
    compose: composeChecker(env.schemasDir),
    'ansible-playbook': ansiblePlaybookChecker(env.schemasDir),
    'ansible-tasks': ansibleTasksChecker(env.schemasDir),
    runbook: runbookChecker(env.schemasDir),
    alertmanager: alertmanagerChecker(env.schemasDir),
    kustomization: kustomizationChecker(env.schemasDir),
    'helm-chart': chartChecker(env.schemasDir),
    'rundeck-jobs': rundeckChecker(env.schemasDir),
    'grafana-provisioning': grafanaChecker(env.schemasDir),
    'grafana-dashboard': grafanaDashboardChecker(env.schemasDir),
  };
}
