/** How bad a problem is; adapters map this to DiagnosticSeverity, SARIF levels and CLI labels. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * One problem found in a text, located by character offsets into that text (start inclusive,
 * end exclusive). Core code speaks in offsets; adapters turn them into ranges or line/column.
 */
export interface Problem {
  /** Stable identifier, e.g. `yaml-syntax`, shown as the diagnostic code and used by SARIF. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}
