import type { Problem } from '../../common/problem';
import { parseYaml } from '../../common/yamlModel';

/** What validating one YAML text found. */
export interface ValidationResult {
  /** False when the file is deliberately not validated (see {@link isValidatedYaml}). */
  readonly validated: boolean;
  readonly problems: readonly Problem[];
}

/**
 * Validates one YAML text. The same function serves the editor, the `check` CLI and the
 * benchmarks. Today it reports YAML syntax errors and duplicate keys; schema validation builds
 * on the same parsed model.
 */
export function validateYaml(relativePath: string, text: string): ValidationResult {
  if (!isValidatedYaml(relativePath, text)) {
    return { validated: false, problems: [] };
  }
  return { validated: true, problems: parseYaml(text).syntaxProblems };
}

/**
 * Helm chart templates are Go templates that only become YAML after rendering: flagging them
 * as invalid YAML would be noise, so they are left alone.
 */
export function isValidatedYaml(relativePath: string, text: string): boolean {
  const path = relativePath.replace(/\\/g, '/');
  return !(/(^|\/)templates\//.test(path) && text.includes('{{'));
}
