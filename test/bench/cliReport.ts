// Reading the `check --format json` report of our CLI.

/**
 * The CLI's `--format json` report, in either shape: `{files: [{path, problems}], summary}` or
 * `{problems: [...], summary: {files, documents, errors, warnings, seconds}}`.
 */
export function readCliReport(stdout: string): {
  files?: number;
  documents?: number;
  errors: number;
} {
  const report = JSON.parse(stdout) as {
    summary?: { files?: unknown; documents?: unknown; errors?: unknown };
    problems?: { severity?: unknown }[];
    files?: { problems?: { severity?: unknown }[] }[];
  };
  const problems = report.problems ?? (report.files ?? []).flatMap((f) => f.problems ?? []);
  const summary = report.summary ?? {};
  return {
    ...(typeof summary.files === 'number' ? { files: summary.files } : {}),
    ...(typeof summary.documents === 'number' ? { documents: summary.documents } : {}),
    errors:
      typeof summary.errors === 'number'
        ? summary.errors
        : problems.filter((p) => p.severity === 'error').length,
  };
}
