// Ajv standalone code whose schema objects are named by expressions over free variables instead
// of pasted as copies: the generated validators then report the caller's own schema objects in
// their errors (`schema`, `parentSchema`, with ajv's `verbose`), as when ajv compiles at run
// time, and the module holds code only. Shared by the Kubernetes and JSON schema generators.
import type Ajv from 'ajv/dist/core';
import type { AnyValidateFunction } from 'ajv/dist/core';
import { _Code } from 'ajv/dist/compile/codegen/code';
import standaloneCode from 'ajv/dist/standalone';

/**
 * The standalone code of `exported` (one validator, or validators by name) compiled in `ajv`,
 * with every schema object it names written as `nameOf(object)`. Throws when an object has no
 * name (it would be pasted as a copy).
 */
export function namedStandaloneCode(
  ajv: Ajv,
  exported: AnyValidateFunction | Record<string, string>,
  nameOf: (schemaObject: unknown) => string | undefined,
): string {
  const scopeValues = (
    ajv.scope as unknown as {
      _values: Record<string, Map<unknown, { value?: { ref: unknown; code?: unknown } }>>;
    }
  )._values;
  for (const name of scopeValues.schema?.values() ?? []) {
    const expression = name.value === undefined ? undefined : nameOf(name.value.ref);
    if (name.value !== undefined && expression !== undefined) {
      name.value.code = new _Code(expression);
    }
  }
  const code =
    typeof exported === 'function' ? standaloneCode(ajv, exported) : standaloneCode(ajv, exported);
  const pasted = /const schema\d+ = (?=[{[])/.exec(code);
  if (pasted !== null) {
    throw new Error(`a schema object without a name, pasted at ${pasted.index}`);
  }
  return code;
}
