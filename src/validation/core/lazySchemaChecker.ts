import type { Problem } from '../../common/problem';
import type { DocumentInput, FormatChecker } from './formatChecker';
import { schemaChecker, type JsonSchemaDocument } from './jsonSchemaDocument';
import type { SchemaFormat } from './schemaProblems';

/**
 * A {@link schemaChecker} whose schema is read on the first document it checks, so a workspace
 * without files of the format never reads (nor compiles) the schema.
 */
export function lazySchemaChecker(
  load: () => JsonSchemaDocument,
  source: SchemaFormat,
  extraChecks?: (input: DocumentInput) => readonly Problem[],
): FormatChecker {
  let checker: FormatChecker | undefined;
  const get = (): FormatChecker => (checker ??= schemaChecker(load(), source, extraChecks));
  return {
    check: (input) => get().check(input),
    schemaFor: (input) => get().schemaFor(input),
  };
}
