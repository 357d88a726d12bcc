import type { CheckReport } from './checkReport';

/**
 * The JSON report: `{"problems": [{file, line, column, endLine, endColumn, severity, code,
 * message, source}], "summary": {files, documents, errors, warnings, seconds}}`, with 1-based
 * lines and columns and the end column exclusive.
 */
export function formatJson(report: CheckReport): string {
  const problems = report.problems.map((p) => ({
    file: p.file,
    line: p.line,
    column: p.column,
    endLine: p.endLine,
    endColumn: p.endColumn,
    severity: p.severity,
    code: p.code,
    message: p.message,
    source: p.source,
  }));
  const { files, documents, errors, warnings, seconds } = report.summary;
  return `${JSON.stringify(
    { problems, summary: { files, documents, errors, warnings, seconds } },
    null,
    2,
  )}\n`;
}
