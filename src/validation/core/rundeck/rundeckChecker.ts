import type { FormatChecker } from '../formatChecker';
import { JsonSchemaDocument } from '../jsonSchemaDocument';
import { lazySchemaChecker } from '../lazySchemaChecker';
import { rundeckChecks } from './rundeckChecks';

/** Our schema of Rundeck's job YAML format (Rundeck publishes none). */
export const rundeckSchemaFile = 'rundeck-jobs.schema.json';

/** Rundeck job definitions: the schema plus option references and step checks. */
export function rundeckChecker(schemasDir: string): FormatChecker {
  return lazySchemaChecker(
    () => JsonSchemaDocument.loadBundled(schemasDir, rundeckSchemaFile, 'Rundeck jobs'),
    'rundeck',
    rundeckChecks,
  );
}
