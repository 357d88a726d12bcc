import type { Problem, ProblemSource, Severity } from '../common/problem';
import { lineColumn } from '../common/lines';

/** The severities `check` reports: the internal 'hint' is reported as 'info'. */
export type ReportedSeverity = 'error' | 'warning' | 'info';

/** The `--severity` thresholds, most severe first. */
export const reportedSeverities: readonly ReportedSeverity[] = ['error', 'warning', 'info'];

/**
 * One problem of one file as `check` reports it: 1-based lines and columns (columns count UTF-16
 * code units, as JavaScript strings and SARIF do), the end exclusive.
 */
export interface FileProblem {
  /** The file's path relative to the working directory, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  /** The column just after the problem's last character. */
  readonly endColumn: number;
  readonly severity: ReportedSeverity;
  readonly code: string;
  readonly source: ProblemSource;
  readonly message: string;
  /** Where the format documents the problem (SARIF's helpUri). */
  readonly docUrl?: string;
}

/** A file that could not be read: `check` goes on with the others and exits 2. */
export interface UnreadableFile {
  /** Relative to the working directory, with forward slashes. */
  readonly file: string;
  readonly reason: string;
}

/** What checking a set of files found, before any filtering. */
export interface GatheredProblems {
  /** Files read and checked (unreadable ones are not counted). */
  readonly files: number;
  /** YAML documents parsed across those files. */
  readonly documents: number;
  /** Ordered by file, then position. */
  readonly problems: readonly FileProblem[];
  readonly unreadable: readonly UnreadableFile[];
}

/** The counts every output format ends with. */
export interface CheckSummary {
  readonly files: number;
  readonly documents: number;
  /** Errors among the reported problems. */
  readonly errors: number;
  /** Warnings among the reported problems. */
  readonly warnings: number;
  /** Wall time of the check. */
  readonly seconds: number;
}

/** What the formatters print: the problems at or above the threshold, and their summary. */
export interface CheckReport {
  readonly problems: readonly FileProblem[];
  readonly summary: CheckSummary;
  readonly unreadable: readonly UnreadableFile[];
}

/** The reported severity of a problem: 'hint' becomes 'info'. */
export function reportedSeverity(severity: Severity): ReportedSeverity {
  return severity === 'hint' ? 'info' : severity;
}

/**
 * A problem located by offsets in a file's text, as a {@link FileProblem} (`starts` are the
 * text's line starts, from {@link lineStarts}; `file` relative with forward slashes).
 */
export function locateProblem(
  file: string,
  starts: readonly number[],
  problem: Problem,
): FileProblem {
  const start = lineColumn(starts, problem.start);
  const end = lineColumn(starts, Math.max(problem.end, problem.start));
  return {
    file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    severity: reportedSeverity(problem.severity),
    code: problem.code,
    source: problem.source,
    message: problem.message,
    ...(problem.docUrl === undefined ? {} : { docUrl: problem.docUrl }),
  };
}

/** The problems at or above `threshold` ('warning': errors and warnings). */
export function filterBySeverity(
  problems: readonly FileProblem[],
  threshold: ReportedSeverity,
): FileProblem[] {
  const limit = reportedSeverities.indexOf(threshold);
  return problems.filter((p) => reportedSeverities.indexOf(p.severity) <= limit);
}

/** The report of what was gathered: problems filtered by `threshold`, counted in the summary. */
export function buildReport(
  gathered: GatheredProblems,
  threshold: ReportedSeverity,
  seconds: number,
): CheckReport {
  const problems = filterBySeverity(gathered.problems, threshold);
  return {
    problems,
    summary: {
      files: gathered.files,
      documents: gathered.documents,
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
      seconds,
    },
    unreadable: gathered.unreadable,
  };
}
