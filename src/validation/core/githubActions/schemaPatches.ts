/**
 * Corrections to SchemaStore's GitHub Actions schemas where they reject what GitHub accepts,
 * each shown by a real file of the corpus. Applied when the bundled copy is loaded, so the copy
 * stays byte-identical to upstream and the corrections stay reviewable here.
 */

type Json = Record<string, unknown>;

function at(schema: Json, ...keys: string[]): Json | undefined {
  let node: unknown = schema;
  for (const key of keys) {
    node = (node as Json | undefined)?.[key];
  }
  return node !== null && typeof node === 'object' ? (node as Json) : undefined;
}

/** Patches `github-workflow.json` in place. */
export function patchWorkflowSchema(schema: Json): void {
  const definitions = at(schema, 'definitions');
  // `branches: main` (one pattern as a string) runs on GitHub: actions/checkout's licensed.yml.
  const globs = at(schema, 'definitions', 'globs');
  if (globs !== undefined && definitions !== undefined) {
    definitions.globs = { oneOf: [{ ...globs }, { type: 'string', minLength: 1 }] };
  }
  // `strategy:` with only `max-parallel`/`fail-fast` is accepted: starter-workflows ci/python-package-conda.yml.
  const strategy = at(schema, 'definitions', 'normalJob', 'properties', 'strategy');
  if (strategy !== undefined && Array.isArray(strategy.required)) {
    strategy.required = (strategy.required as unknown[]).filter((r) => r !== 'matrix');
  }
  // `with:`/`env:` entries may be empty (null): starter-workflows code-scanning/cloudrail.yml.
  for (const branch of (at(schema, 'definitions', 'env')?.oneOf as Json[] | undefined) ?? []) {
    const values = branch.additionalProperties as Json | undefined;
    if (values !== undefined && Array.isArray(values.oneOf)) {
      values.oneOf = [...(values.oneOf as unknown[]), { type: 'null' }];
    }
  }
  // pull_request_target has the same activity types as pull_request, incl. (de)milestoned:
  // rundeck's check-pr.yml.
  addEnum(
    schema,
    ['properties', 'on', 'oneOf', '2', 'properties', 'pull_request_target'],
    ['milestoned', 'demilestoned'],
  );
}

/** Patches `github-action.json` in place. */
export function patchActionSchema(schema: Json): void {
  // Input defaults may be YAML booleans, numbers or empty: actions/checkout's own action.yml.
  const input = at(schema, 'properties', 'inputs', 'patternProperties');
  for (const entry of Object.values(input ?? {})) {
    const def = at(entry as Json, 'properties', 'default');
    if (def !== undefined) {
      delete def.type;
      def.type = ['string', 'boolean', 'number', 'null'];
    }
  }
}

/** Adds values to every `enum` of string items found under `keys` (activity `types`). */
function addEnum(schema: Json, keys: string[], values: string[]): void {
  const node = at(schema, ...keys);
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object') {
      return;
    }
    const o = n as Json;
    if (
      Array.isArray(o.enum) &&
      o.enum.every((v) => typeof v === 'string') &&
      o.enum.includes('opened')
    ) {
      o.enum = [...new Set([...o.enum, ...values])];
    }
    Object.values(o).forEach(visit);
  };
  visit(node);
}
