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
 * Validates `data` against one branch of a `oneOf`/`anyOf` (`branches` is the keyword's array,
 * as ajv's verbose errors hand it over), with instance paths relative to `data`; undefined when
 * the branch cannot be validated on its own.
 */
export type BranchValidator = (
  branches: readonly unknown[],
  index: number,
  data: unknown,
) => readonly ErrorObject[] | undefined;

/**
 * Turns ajv errors (`allErrors`, `verbose`) on one YAML document into located problems:
 * unknown and missing properties on the key, wrong types and values on the value. `oneOf` and
 * `anyOf` failures are reduced to the branch that explains them best; `validateBranch` lets
 * that be exact (each branch re-validated), otherwise branches are told apart by schema path.
 */
export function schemaProblems(
  doc: Document.Parsed,
  errors: readonly ErrorObject[],
  source: SchemaFormat,
  typeName: (schema: unknown) => string | undefined,
  validateBranch?: BranchValidator,
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const reduced =
    validateBranch === undefined
      ? reduceAnyOf(errors)
      : reduceCombinators(errors, validateBranch, 0);
  for (const error of dropExplainedIf(reduced)) {
    const problem = toProblem(doc, error, source, typeName);
    const key = `${problem.start}:${problem.code}:${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/**
 * An `if`/`then` failure adds "must match then schema" on the whole value next to the errors
 * that say what is wrong inside it; keep the `if` error only when it is all there is.
 */
function dropExplainedIf(errors: readonly ErrorObject[]): ErrorObject[] {
  return errors.filter(
    (e) =>
      e.keyword !== 'if' ||
      !errors.some((o) => o !== e && o.keyword !== 'if' && within(o.instancePath, e.instancePath)),
  );
}

/** Nested combinators deeper than this are left as ajv reported them (pathological schemas). */
const maxCombinatorDepth = 12;

/**
 * Replaces each failed `oneOf`/`anyOf` with the errors of its best branch. ajv (with
 * `allErrors`) evaluates every branch and appends the branches' errors, in order, right before
 * the combinator's own error; re-validating each branch tells how many of the preceding errors
 * are the combinator's and what each branch alone says, including errors raised in `$ref`ed
 * definitions, whose schema paths do not name the branch.
 */
function reduceCombinators(
  errors: readonly ErrorObject[],
  validateBranch: BranchValidator,
  depth: number,
): ErrorObject[] {
  const reversed: ErrorObject[] = [];
  let i = errors.length - 1;
  while (i >= 0) {
    const error = errors[i];
    if (error === undefined) {
      break;
    }
    const reduced =
      depth < maxCombinatorDepth ? reduceOne(errors, i, validateBranch, depth) : undefined;
    if (reduced === undefined) {
      reversed.push(error);
      i--;
    } else {
      reversed.push(...[...reduced.errors].reverse());
      i -= reduced.consumed;
    }
  }
  return reversed.reverse();
}

function reduceOne(
  errors: readonly ErrorObject[],
  at: number,
  validateBranch: BranchValidator,
  depth: number,
): { errors: ErrorObject[]; consumed: number } | undefined {
  const error = errors[at];
  if (
    error === undefined ||
    (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') ||
    !Array.isArray(error.schema)
  ) {
    return undefined;
  }
  const branches: unknown[] = error.schema;
  const results: ErrorObject[][] = [];
  for (let k = 0; k < branches.length; k++) {
    const own = validateBranch(branches, k, error.data);
    if (own === undefined) {
      return undefined;
    }
    results.push(own.map((e) => ({ ...e, instancePath: error.instancePath + e.instancePath })));
  }
  const count = results.reduce((n, r) => n + r.length, 0);
  const block = errors.slice(at - count, at);
  if (at - count < 0 || !block.every((e) => within(e.instancePath, error.instancePath))) {
    return undefined; // not the layout ajv produces: leave the errors as they are
  }
  if (results.some((r) => r.length === 0)) {
    // Several branches of a oneOf match: only the oneOf itself says what is wrong.
    return { errors: [error], consumed: count + 1 };
  }
  const reduced = results.map((r) => reduceCombinators(r, validateBranch, depth + 1));
  return { errors: bestBranch(error, reduced), consumed: count + 1 };
}

/**
 * The errors that explain a failed combinator best: the branches whose type fits the value
 * (an object value is explained by the object branch), then the one with the fewest errors,
 * then the one that got deepest into the value. When no branch fits the value's type, one
 * type error lists every accepted type.
 */
function bestBranch(combinator: ErrorObject, branches: readonly ErrorObject[][]): ErrorObject[] {
  const isTypeMismatch = (e: ErrorObject): boolean =>
    e.keyword === 'type' && e.instancePath === combinator.instancePath;
  const fitting = branches.filter((b) => !b.some(isTypeMismatch));
  if (fitting.length === 0) {
    const types = [
      ...new Set(
        branches.flatMap((b) =>
          b
            .filter(isTypeMismatch)
            .flatMap((e) =>
              ([] as string[]).concat((e.params as { type: string | string[] }).type),
            ),
        ),
      ),
    ];
    return [{ ...combinator, keyword: 'type', params: { type: types } }];
  }
  const depthOf = (b: readonly ErrorObject[]): number =>
    Math.max(...b.map((e) => pointerSegments(e.instancePath).length));
  const best = [...fitting].sort((a, b) => a.length - b.length || depthOf(b) - depthOf(a))[0];
  if (best === undefined) {
    return [combinator];
  }
  // A value that fits by type but fails a pattern: say which other types were accepted too.
  const otherTypes = branches
    .filter((b) => b !== best)
    .flatMap((b) =>
      b
        .filter(isTypeMismatch)
        .flatMap((e) => ([] as string[]).concat((e.params as { type: string | string[] }).type)),
    );
  return best.map((e) =>
    e.keyword === 'pattern' && e.instancePath === combinator.instancePath && otherTypes.length > 0
      ? { ...e, params: { ...e.params, otherTypes } }
      : e,
  );
}

function within(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
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
  // Inline object schemas have no name: the key holding the mapping names it instead.
  const parentKey = [...segments].reverse().find((s) => !/^\d+$/.test(s));
  const inParent = where === undefined && parentKey !== undefined ? ` in ${parentKey}` : inWhat;
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
        message: `Unknown property '${name}'${inParent}.${hint}`,
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
        message: `${field === undefined ? 'The document' : `'${field}'`} must be ${expected.length === 0 ? 'empty' : expected.map(article).join(' or ')}, not ${describe(error.data)}.`,
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
    case 'const': {
      const allowed = JSON.stringify((error.params as { allowedValue: unknown }).allowedValue);
      const [start, end] = nodeRange(at.node) ?? nodeRange(at.pair?.key) ?? fallback;
      return {
        code: SchemaCodes.invalidValue,
        severity: 'error',
        source,
        message: `Use ${allowed} here, not ${describe(error.data)}.`,
        start,
        end,
      };
    }
    case 'pattern': {
      const [start, end] = nodeRange(at.node) ?? nodeRange(at.pair?.key) ?? fallback;
      const params = error.params as { pattern: string; otherTypes?: string[] };
      const field = segments.at(-1);
      // SchemaStore marks "an expression is accepted here" with a `${{ }}` pattern.
      const wanted = params.pattern.includes('\\$\\{\\{')
        ? 'an expression (${{ … }})'
        : `a string matching ${params.pattern}`;
      const others = [...new Set(params.otherTypes ?? [])].filter((t) => t !== 'null');
      return {
        code: SchemaCodes.invalidValue,
        severity: 'error',
        source,
        message: `${field === undefined ? 'The document' : `'${field}'`} must be ${[...others.map(article), wanted].join(' or ')}, not ${describe(error.data)}.`,
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
