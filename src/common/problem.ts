/** The formats problems belong to; each is shown as the diagnostic's source. */
export const problemSources = [
  'yaml',
  'kubernetes',
  'github-actions',
  'compose',
  'ansible',
  'prometheus',
  'runbook',
  'alertmanager',
  'kustomize',
  'helm',
  'rundeck',
  'grafana',
] as const;

/** The format a problem belongs to; shown as the diagnostic's source. */
export type ProblemSource = (typeof problemSources)[number];

/** How bad a problem is; adapters map this to DiagnosticSeverity, SARIF levels and CLI labels. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * One problem found in a text, located by character offsets into that text (start inclusive,
 * end exclusive). Core code speaks in offsets; adapters turn them into ranges or line/column.
 */
export interface Problem {
  /** Stable identifier within its source, e.g. `syntax` or `unknown-property`, shown as the diagnostic code and used by SARIF. */
  readonly code: string;
  readonly severity: Severity;
  readonly source: ProblemSource;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  /** Replacements a quick fix can offer (for an unknown key: the closest allowed keys), best first. */
  readonly suggestions?: readonly string[];
  /** Where the format documents what the problem is about (diagnostic code link, SARIF helpUri). */
  readonly docUrl?: string;
}
