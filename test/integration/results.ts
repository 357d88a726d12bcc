// The contract between the suite (inside the extension host) and its launchers (plain Node).
// The extension host's exit code is not reliable under the offline host, so the suite writes
// this file and the launchers judge the run by it.

/** Environment variable through which launchers tell the suite where to write its results. */
export const resultsEnv = 'INFRA_WORKBENCH_TEST_RESULTS';

/** What the suite writes when it has run. */
export interface SuiteResults {
  readonly vscodeVersion: string;
  readonly passed: readonly string[];
  readonly failed: readonly { readonly title: string; readonly error: string }[];
  readonly pending: readonly string[];
}

/** Guards what the launcher reads back from disk. */
export function isSuiteResults(value: unknown): value is SuiteResults {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return (
    typeof v.vscodeVersion === 'string' &&
    Array.isArray(v.passed) &&
    Array.isArray(v.failed) &&
    Array.isArray(v.pending)
  );
}
