import { dnsLabelProblem } from '../../validation/core/runbook/runbookChecks';

/** The severities the runbook schema accepts. */
export const runbookSeverities = ['critical', 'high', 'medium', 'low'] as const;
export type RunbookSeverity = (typeof runbookSeverities)[number];

/** What "New runbook" asks for. */
export interface RunbookSkeletonInput {
  /** The service the runbook is about (`checkout`); free text, trimmed. */
  readonly service: string;
  /** The alerting rule it answers (`CheckoutHighErrorRate`); may be empty. */
  readonly alert: string;
  readonly severity?: RunbookSeverity;
  readonly summary?: string;
}

/** A new runbook: its name, where it goes in the workspace folder, and its text. */
export interface RunbookSkeleton {
  readonly name: string;
  /** Relative to the workspace folder, with `/`: `runbooks/<name>.yaml`. */
  readonly relativePath: string;
  readonly text: string;
}

/** Thrown for input no runbook can be made from; the message says what to change. */
export class RunbookInputError extends Error {
  override readonly name = 'RunbookInputError';
}

/** Lowercase words joined by `-`: `CheckoutHTTPErrors` → `checkout-http-errors`. */
function kebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Trims a kebab text into a DNS label: starts with a letter, at most 63 characters. */
function toLabel(text: string): string {
  return text
    .replace(/^[^a-z]+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/**
 * Why the service name cannot make a runbook, or undefined when it can (for the input box's
 * live check).
 */
export function serviceProblem(service: string): string | undefined {
  if (service.trim() === '') {
    return 'Enter the name of the service the runbook is about.';
  }
  if (toLabel(kebab(service.trim())) === '') {
    return `'${service.trim()}' has no ASCII letter to make a runbook name from (runbook names are DNS labels: lowercase letters, digits and '-').`;
  }
  return undefined;
}

/**
 * The runbook's `metadata.name`, DNS-label style: the service and the alert in kebab case
 * (`checkout` + `CheckoutHighErrorRate` → `checkout-high-error-rate`, the service not repeated
 * when the alert starts with it); the service alone without an alert.
 */
export function runbookNameFor(service: string, alert: string): string {
  const problem = serviceProblem(service);
  if (problem !== undefined) {
    throw new RunbookInputError(problem);
  }
  const svc = toLabel(kebab(service.trim()));
  const alertPart = kebab(alert.trim());
  const joined =
    alertPart === ''
      ? svc
      : alertPart === svc || alertPart.startsWith(`${svc}-`)
        ? alertPart
        : `${svc}-${alertPart}`;
  const name = toLabel(joined);
  // toLabel keeps the service's letter first, so this holds; checked because the file depends on it.
  const reason = dnsLabelProblem(name);
  if (reason !== undefined) {
    throw new RunbookInputError(`The runbook name '${name}' ${reason}.`);
  }
  return name;
}

const reserved = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

/** A YAML scalar for any string: plain when that reads back the same, else double-quoted. */
export function yamlString(value: string): string {
  if (
    /^[A-Za-z][A-Za-z0-9 ._/()-]*$/.test(value) &&
    !value.endsWith(' ') &&
    !reserved.test(value)
  ) {
    return value;
  }
  // A JSON string is a YAML double-quoted scalar; YAML also wants DEL, C1 controls and the BOM escaped.
  return JSON.stringify(value).replace(
    /[\u007f-\u0084\u0086-\u009f\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The text of a new runbook for a service and alert, which the runbook validator accepts as it
 * is: owners, summary and escalation are placeholders to edit; the steps are the usual first
 * checks of a Kubernetes service and a dangerous restart.
 */
export function runbookSkeleton(input: RunbookSkeletonInput): RunbookSkeleton {
  const name = runbookNameFor(input.service, input.alert);
  const service = input.service.trim();
  const alert = input.alert.trim();
  const svc = toLabel(kebab(service));
  const given = input.summary?.trim() ?? '';
  const summary =
    given !== ''
      ? given
      : alert === ''
        ? `What is wrong with ${service}, and why it matters. Edit this summary.`
        : `${alert} fired for ${service}: what is going on and why it matters. Edit this summary.`;
  const lines = [
    'apiVersion: runbooks/v1',
    'kind: Runbook',
    'metadata:',
    `  name: ${yamlString(name)}`,
    `  service: ${yamlString(service)}`,
    '  owners:',
    `    - team-${svc}`,
    ...(input.severity === undefined ? [] : [`  severity: ${input.severity}`]),
    '  tags:',
    `    - ${yamlString(svc)}`,
    'spec:',
    `  summary: ${yamlString(summary)}`,
    ...(alert === '' ? [] : ['  alerts:', `    - ${yamlString(alert)}`]),
    '  prerequisites:',
    `    - kubectl access to the cluster that runs ${svc}`,
    '  steps:',
    '    - id: pods',
    `      title: Check the ${svc} pods`,
    `      run: kubectl get pods -l app.kubernetes.io/name=${svc} -o wide`,
    '      expect: All pods Running and Ready, restart counts not climbing',
    '    - id: logs',
    '      title: Read the recent errors',
    `      run: kubectl logs deploy/${svc} --since=15m | grep -i error | tail -n 50`,
    '      expect: A single dominant error that explains the alert',
    '    - id: restart',
    `      title: Restart the ${svc} deployment`,
    `      run: kubectl rollout restart deploy/${svc}`,
    '      expect: New pods become Ready and the alert resolves',
    '      dangerous: true',
    '  escalation:',
    '    - after: 30m',
    `      contact: "#${svc}-oncall"`,
    '',
  ];
  return { name, relativePath: `runbooks/${name}.yaml`, text: lines.join('\n') };
}

/** An alerting rule as far as its runbook skeleton needs it. */
export interface AlertForRunbook {
  readonly alert: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly summary?: string;
}

/**
 * The runbook severity of an alert's `severity` label, read the ways teams write it
 * (`critical`/`page`, `high`/`error`, `warning`/`medium`, `info`/`low`); undefined for others.
 */
export function runbookSeverityOf(label: string | undefined): RunbookSeverity | undefined {
  const value = label?.trim().toLowerCase() ?? '';
  if (/^(critical|crit|page|p1|sev1|emergency|fatal)$/.test(value)) {
    return 'critical';
  }
  if (/^(high|error|major|p2|sev2)$/.test(value)) {
    return 'high';
  }
  if (/^(warning|warn|medium|moderate|p3|sev3)$/.test(value)) {
    return 'medium';
  }
  if (/^(info|low|minor|none|notice|p4|p5|sev4|sev5)$/.test(value)) {
    return 'low';
  }
  return undefined;
}

/**
 * The service an alert is about: its `service`, `app`, `application`, `job` or `component`
 * label, else the first word of the alert's name (`LedgerDown` → `ledger`).
 */
export function serviceOfAlert(alert: AlertForRunbook): string {
  for (const key of ['service', 'app', 'application', 'job', 'component']) {
    const value = alert.labels[key]?.trim() ?? '';
    if (value !== '' && serviceProblem(value) === undefined && !value.includes('{{')) {
      return value;
    }
  }
  const first = kebab(alert.alert).split('-')[0] ?? '';
  return serviceProblem(first) === undefined ? first : 'service';
}

/**
 * The runbook "Create runbook for this alert" writes at `relativePath` (where the alert's
 * `runbook_url` points): the alert's name, its severity (from the `severity` label) and its
 * summary annotation filled in.
 */
export function runbookSkeletonForAlert(
  alert: AlertForRunbook,
  relativePath: string,
): RunbookSkeleton {
  const severity = runbookSeverityOf(alert.labels.severity);
  // Templating reads as what it stands for: `{{ $labels.pod }}` → `<pod>`, `{{ $value }}` → `<value>`.
  const summary = alert.summary?.replace(/\{\{-?\s*([^}]*?)\s*-?\}\}/g, (_, inner: string) => {
    const label = /\$labels\.([A-Za-z_][A-Za-z0-9_]*)/.exec(inner)?.[1];
    return label !== undefined ? `<${label}>` : inner.includes('$value') ? '<value>' : '<…>';
  });
  const skeleton = runbookSkeleton({
    service: serviceOfAlert(alert),
    alert: alert.alert,
    ...(severity === undefined ? {} : { severity }),
    ...(summary === undefined ? {} : { summary }),
  });
  return { ...skeleton, relativePath };
}
