import type { FormatChecker } from '../formatChecker';
import { JsonSchemaDocument } from '../jsonSchemaDocument';
import { lazySchemaChecker } from '../lazySchemaChecker';
import { composeChecks } from './composeChecks';

/** The bundled Compose schema (compose-go's copy of the Compose Specification schema). */
export const composeSchemaFile = 'compose-spec.json';

/** Compose files: the Compose Specification schema plus the references the schema cannot see. */
export function composeChecker(schemasDir: string): FormatChecker {
  return lazySchemaChecker(
    () => JsonSchemaDocument.loadBundled(schemasDir, composeSchemaFile, 'Compose Specification'),
    'compose',
    composeChecks,
  );
}
