import type { ErrorObject } from 'ajv';
import { isMap, type Document } from 'yaml';
import type { Problem, ProblemSource } from '../../common/problem';
import { closestNames } from './suggest';
import { keyText, locate, nodeRange, pointerSegments } from './yamlPath';

/** The source schema problems are reported under (`yaml` for user-supplied schemas). */
export type SchemaFormat = ProblemSource;

/** Codes of schema problems, stable across releases (diagnostic `code`, SARIF rule id). */
export const SchemaCodes = {
  unknownProperty: 'unknown-property',
  missingProperty: 'missing-property',
  wrongType: 'wrong-type',
  invalidValue: 'invalid-value',
  schema: 'schema',
} as const;

/**
 * Turns ajv errors (`allErrors`, `verbose`) on one YAML document into located problems:
 * unknown and missing properties on the key, wrong types and values on the value. `anyOf`
 * failures are reduced to the branch that explains them best.
 */
export function schemaProblems(
  doc: Document.Parsed,
  errors: readonly ErrorObject[],
  source: SchemaFormat,
  typeName: (schema: unknown) => string | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of reduceAnyOf(errors)) {
    const problem = toProblem(doc, error, source, typeName);
    const key = `${problem.start}:${problem.code}:${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function toProblem(
  doc: Document.Parsed,
  error: ErrorObject,
  source: SchemaFormat,
  typeName: (schema: unknown) => string | undefined,
): Problem {
  const segments = pointerSegments(error.instancePath);
  const at = locate(doc, segments);
  const where = typeName(error.parentSchema);
  const inWhat = where === undefined ? '' : ` in ${where}`;
  const fallback = nodeRange(doc.contents) ?? [0, 1];
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      const parent = at.node;
      const pair = isMap(parent) ? parent.items.find((p) => keyText(p) === name) : undefined;
      const [start, end] = nodeRange(pair?.key) ?? nodeRange(parent) ?? fallback;
      const allowed = Object.keys(
        (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      );
      const suggestions = closestNames(name, allowed);
      const hint =
        suggestions.length > 0
          ? ` Did you mean '${suggestions[0] ?? ''}'?`
          : allowed.length > 0
            ? ` Allowed here: ${allowed.slice(0, 12).join(', ')}${allowed.length > 12 ? ', …' : ''}.`
            : '';
      return {
        code: SchemaCodes.unknownProperty,
        severity: 'error',
        source,
        message: `Unknown property '${name}'${inWhat}.${hint}`,
        start,
        end,
        suggestions,
      };
    }
    case 'required': {
      const name = (error.params as { missingProperty: string }).missingProperty;
      // On the key that holds the incomplete mapping; for a list item, on the item's first key.
      const holder = at.pair?.value === at.node ? at.pair?.key : undefined;
      const [start, end] = nodeRange(holder) ?? firstKeyRange(at.node) ?? fallback;
      return {
        code: SchemaCodes.missingProperty,
        severity: 'error',
        source,
        message: `Missing required property '${name}'${inWhat}.`,
        start,
        end,
      };
    }
    case 'type': {
      const expected = ([] as string[])
        .concat((error.params as { type: string | string[] }).type)
        .filter((t) => t !== 'null');
      const [start, end] = nodeRange(at.node) ?? nodeRange(at.pair?.key) ?? fallback;
      const field = segments.at(-1);
      return {
        code: SchemaCodes.wrongType,
        severity: 'error',
        source,
        message: `${field === undefined ? 'The document' : `'${field}'`} must be ${expected.map(article).join(' or ')}, not ${describe(error.data)}.`,
        start,
        end,
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) =>
        JSON.stringify(v),
      );
      const [start, end] = nodeRange(at.node) ?? fallback;
      return {
        code: SchemaCodes.invalidValue,
        severity: 'error',
        source,
        message: `${JSON.stringify(error.data)} is not allowed here: use one of ${allowed.join(', ')}.`,
        start,
        end,
      };
    }
    default: {
      const [start, end] = nodeRange(at.node) ?? nodeRange(at.pair?.key) ?? fallback;
      return {
        code: SchemaCodes.schema,
        severity: 'error',
        source,
        message: `${segments.length > 0 ? `'${segments.join('.')}' ` : ''}${error.message ?? 'does not match the schema'}.`,
        start,
        end,
      };
    }
  }
}

/**
 * ajv reports an `anyOf` failure as the errors of every branch plus the `anyOf` itself. When all
 * branches only disagree on the type of the same value, one type error lists every accepted type;
 * otherwise the branch with the fewest errors is kept and the others are dropped.
 */
function reduceAnyOf(errors: readonly ErrorObject[]): ErrorObject[] {
  let result = [...errors];
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf')) {
    const prefix = `${anyOf.schemaPath}/`;
    const branchErrors = result.filter((e) => e.schemaPath.startsWith(prefix));
    const rest = result.filter((e) => e !== anyOf && !e.schemaPath.startsWith(prefix));
    if (branchErrors.every((e) => e.keyword === 'type' && e.instancePath === anyOf.instancePath)) {
      const types = [
        ...new Set(
          branchErrors.flatMap((e) =>
            ([] as string[]).concat((e.params as { type: string | string[] }).type),
          ),
        ),
      ];
      result = [...rest, { ...anyOf, keyword: 'type', params: { type: types } }];
      continue;
    }
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of branchErrors) {
      const branch = e.schemaPath.slice(prefix.length).split('/', 1)[0] ?? '';
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    const best = [...byBranch.values()].sort((a, b) => a.length - b.length)[0] ?? [anyOf];
    result = [...rest, ...best];
  }
  return result;
}

function firstKeyRange(node: unknown): [number, number] | undefined {
  return isMap(node) ? nodeRange(node.items[0]?.key) : undefined;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}
