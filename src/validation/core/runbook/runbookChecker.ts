import type { FormatChecker } from '../formatChecker';
import { JsonSchemaDocument } from '../jsonSchemaDocument';
import { lazySchemaChecker } from '../lazySchemaChecker';
import { runbookChecks } from './runbookChecks';

/** Our own schema of the `runbooks/v1` format. */
export const runbookSchemaFile = 'runbook.schema.json';

/** Runbooks (`apiVersion: runbooks/v1`, `kind: Runbook`): the schema plus the checks beyond it. */
export function runbookChecker(schemasDir: string): FormatChecker {
  return lazySchemaChecker(
    () => JsonSchemaDocument.loadBundled(schemasDir, runbookSchemaFile, 'Runbook v1'),
    'runbook',
    runbookChecks,
  );
}
