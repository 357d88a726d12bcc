import { createHash } from 'node:crypto';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { ProblemSource } from '../common/problem';
import type { CheckReport, FileProblem, ReportedSeverity } from './checkReport';
import { compareCodeUnits } from '../common/compareText';

/** The project's home, the SARIF driver's informationUri. */
export const informationUri = 'https://github.com/infra-workbench/infra-workbench';

/** The base every artifact URI is relative to: the folder `check` ran in. */
export const srcRootId = '%SRCROOT%';

/** The partialFingerprints key: a hash of the rule, the file and the text of the line. */
export const lineHashKey = 'infraWorkbenchLineHash/v1';

/** What {@link formatSarif} needs beyond the report. */
export interface SarifFormatOptions {
  /** The version of infra-workbench that checked. */
  readonly toolVersion: string;
  /** The `file:` URI of the folder the report's paths are relative to, ending with '/'. */
  readonly srcRoot: string;
  /**
   * The text of a line (1-based) of a reported file, for partialFingerprints that survive
   * lines moving; results of files it knows nothing of (undefined) get no fingerprint.
   */
  readonly lineText?: (file: string, line: number) => string | undefined;
}

const levels: Record<ReportedSeverity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/**
 * The report as a SARIF 2.1.0 log, as GitHub code scanning reads it: one run whose driver lists
 * a rule per `source/code` reported, results pointing at their rule by id and index, locations
 * relative to %SRCROOT% with regions in 1-based UTF-16 columns (the end column exclusive), and
 * unreadable files as tool execution notifications.
 */
export function formatSarif(report: CheckReport, options: SarifFormatOptions): string {
  return `${JSON.stringify(buildSarifLog(report, options), null, 2)}\n`;
}

/** The SARIF log {@link formatSarif} writes, as an object. */
export function buildSarifLog(report: CheckReport, options: SarifFormatOptions): Log {
  const rules = buildRules(report.problems);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const occurrences = new Map<string, number>();
  const results = report.problems.map((p): Result => {
    const id = ruleId(p);
    const result: Result = {
      ruleId: id,
      ruleIndex: ruleIndex.get(id) ?? -1,
      level: levels[p.severity],
      message: { text: p.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(p.file), uriBaseId: srcRootId },
            region: {
              startLine: p.line,
              startColumn: p.column,
              endLine: p.endLine,
              endColumn: p.endColumn,
            },
          },
        },
      ],
    };
    const line = options.lineText?.(p.file, p.line);
    if (line !== undefined) {
      const hash = createHash('sha256')
        .update(`${id}\0${p.file}\0${line.trim()}`)
        .digest('hex')
        .slice(0, 16);
      // The same problem on identical lines of a file is told apart by its occurrence.
      const occurrence = (occurrences.get(hash) ?? 0) + 1;
      occurrences.set(hash, occurrence);
      result.partialFingerprints = { [lineHashKey]: `${hash}:${occurrence}` };
    }
    return result;
  });
  const notifications = report.unreadable.map((u): Notification => ({
    level: 'error',
    message: { text: `Cannot read ${u.file}: ${u.reason}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: artifactUri(u.file), uriBaseId: srcRootId } },
      },
    ],
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'infra-workbench',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: report.unreadable.length === 0,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        originalUriBaseIds: { [srcRootId]: { uri: options.srcRoot } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** What the files of each source are, for rule descriptions. */
const sourceLabels: Record<ProblemSource, string> = {
  yaml: 'a YAML file',
  kubernetes: 'a Kubernetes manifest',
  'github-actions': 'a GitHub Actions workflow or action',
  compose: 'a Compose file',
  ansible: 'an Ansible playbook or task file',
  prometheus: 'a Prometheus rules file',
  runbook: 'a runbook',
  alertmanager: 'an Alertmanager configuration',
  kustomize: 'a kustomization',
  helm: "a Helm chart's Chart.yaml or values",
  rundeck: 'a Rundeck job definition',
  grafana: 'a Grafana provisioning file',
};

/** The rule of a problem: its source and code. */
function ruleId(p: FileProblem): string {
  return `${p.source}/${p.code}`;
}

/** One rule per rule id reported, sorted by id; its level is the most severe reported. */
function buildRules(problems: readonly FileProblem[]): ReportingDescriptor[] {
  const byId = new Map<
    string,
    { problem: FileProblem; severity: ReportedSeverity; docUrl: string | undefined }
  >();
  const rank: Record<ReportedSeverity, number> = { error: 0, warning: 1, info: 2 };
  for (const p of problems) {
    const id = ruleId(p);
    const seen = byId.get(id);
    if (seen === undefined) {
      byId.set(id, { problem: p, severity: p.severity, docUrl: p.docUrl });
      continue;
    }
    if (rank[p.severity] < rank[seen.severity]) {
      seen.severity = p.severity;
    }
    seen.docUrl ??= p.docUrl;
  }
  return [...byId.entries()]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([id, { problem, severity, docUrl }]): ReportingDescriptor => {
      const what = `${sentence(problem.code)} in ${sourceLabels[problem.source]}.`;
      const reference = docUrl === undefined ? '' : ` Reference: ${docUrl}`;
      return {
        id,
        name: pascalCase(`${problem.source}-${problem.code}`),
        shortDescription: { text: `${sentence(problem.code)} (${problem.source})` },
        // GitHub code scanning requires a full description and help on every rule.
        fullDescription: { text: what },
        help: {
          text: `${what} Each result's message says what is wrong at its location and how to fix it.${reference}`,
          markdown: `${what} Each result's message says what is wrong at its location and how to fix it.${
            docUrl === undefined ? '' : ` See the [reference](${docUrl}).`
          }`,
        },
        ...(docUrl === undefined ? {} : { helpUri: docUrl }),
        defaultConfiguration: { level: levels[severity] },
      };
    });
}

/** A relative path as a URI reference: each segment percent-encoded, slashes kept. */
function artifactUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** `unknown-property` as `Unknown property`. */
function sentence(code: string): string {
  const words = code.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `kubernetes-unknown-property` as `KubernetesUnknownProperty`. */
function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
