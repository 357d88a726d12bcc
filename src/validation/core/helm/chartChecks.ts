import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { Problem } from '../../../common/problem';
import type { DocumentInput } from '../formatChecker';
import { nodeRange } from '../yamlPath';

/** Codes of the Chart.yaml checks beyond the schema, stable across releases. */
export const HelmCodes = {
  invalidVersion: 'invalid-version',
  invalidVersionConstraint: 'invalid-version-constraint',
  duplicateDependency: 'duplicate-dependency',
  notInApiVersion1: 'not-in-api-v1',
} as const;

/** A version as Helm parses it (Masterminds semver): `1.2.3`, `v1.2.3-rc.1+build`, `1.2`. */
const semver =
  /^v?(0|[1-9]\d*)(\.(0|[1-9]\d*))?(\.(0|[1-9]\d*))?(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** One term of a version constraint: `>=1.2.3`, `~1.2`, `^2`, `1.x`, `*`. */
const constraintTerm =
  /^(=|!=|>|<|>=|=>|<=|=<|~|~>|\^)?\s*v?(\d+|[xX*])(\.(\d+|[xX*]))?(\.(\d+|[xX*]))?(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/**
 * What `helm lint` and `helm package` refuse in a Chart.yaml beyond its schema: a `version` that
 * is not SemVer, dependency versions that are not constraints, the same dependency twice
 * (by alias, else name), and `type`/`dependencies` in an `apiVersion: v1` chart.
 */
export function chartChecks({ doc }: DocumentInput): Problem[] {
  const root = doc.contents;
  if (!isMap(root)) {
    return [];
  }
  const problems: Problem[] = [];
  const version: unknown = root.get('version', true);
  if (isScalar(version) && typeof version.value === 'string' && !semver.test(version.value)) {
    problems.push(
      at(
        version,
        HelmCodes.invalidVersion,
        `'${version.value}' is not a SemVer version: Helm refuses the chart. Write MAJOR.MINOR.PATCH, e.g. 1.0.0 or 1.0.0-rc.1.`,
      ),
    );
  }
  const apiVersion: unknown = root.get('apiVersion', true);
  if (isScalar(apiVersion) && apiVersion.value === 'v1') {
    for (const key of ['type', 'dependencies']) {
      const pair = root.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair !== undefined) {
        problems.push(
          at(
            pair.key,
            HelmCodes.notInApiVersion1,
            `'${key}' is not valid in a chart with apiVersion v1 (Helm 2 charts${key === 'dependencies' ? ' list them in requirements.yaml' : ''}). Set apiVersion: v2.`,
          ),
        );
      }
    }
  }
  problems.push(...dependencyProblems(root));
  return problems;
}

function dependencyProblems(root: YAMLMap): Problem[] {
  const dependencies = root.get('dependencies', true);
  if (!isSeq(dependencies)) {
    return [];
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const dependency of dependencies.items) {
    if (!isMap(dependency)) {
      continue;
    }
    const version: unknown = dependency.get('version', true);
    if (isScalar(version) && typeof version.value === 'string') {
      const bad = badConstraint(version.value);
      if (bad !== undefined) {
        problems.push(
          at(
            version,
            HelmCodes.invalidVersionConstraint,
            `'${version.value}' is not a version constraint ('${bad}' is not understood): write a version or a range, e.g. 1.2.3, ~1.2.0, ^2.0.0 or '>=1.0.0 <2.0.0'.`,
          ),
        );
      }
    }
    const alias: unknown = dependency.get('alias', true);
    const name: unknown = dependency.get('name', true);
    const key = isScalar(alias) && typeof alias.value === 'string' ? alias : name;
    if (!isScalar(key) || typeof key.value !== 'string') {
      continue;
    }
    if (seen.has(key.value)) {
      problems.push(
        at(
          key,
          HelmCodes.duplicateDependency,
          `The dependency '${key.value}' is listed more than once: Helm refuses the chart. Give one of them an 'alias' to use a chart twice.`,
        ),
      );
    }
    seen.add(key.value);
  }
  return problems;
}

/** The first term of a constraint that is not one, or undefined when it parses. */
export function badConstraint(text: string): string | undefined {
  for (const alternative of text.split('||')) {
    const trimmed = alternative.trim();
    if (trimmed === '') {
      return text.trim() === '' ? '(empty)' : '||';
    }
    // A hyphen range: `1.2 - 1.4.5`.
    const range = /^(\S+)\s+-\s+(\S+)$/.exec(trimmed);
    const terms = range === null ? splitTerms(trimmed) : [range[1] ?? '', range[2] ?? ''];
    const bad = terms.find((t) => !constraintTerm.test(t));
    if (bad !== undefined) {
      return bad;
    }
  }
  return undefined;
}

/** `>= 1.2, < 2` and `>=1.2 <2`: terms separated by commas or spaces (an operator keeps its version). */
function splitTerms(text: string): string[] {
  return text
    .replace(/(=|!=|>|<|>=|=>|<=|=<|~|~>|\^)\s+/g, '$1')
    .split(/[\s,]+/)
    .filter((t) => t !== '');
}

function at(node: unknown, code: string, message: string): Problem {
  const [start, end] = nodeRange(node) ?? [0, 0];
  return { code, severity: 'error', source: 'helm', message, start, end };
}
