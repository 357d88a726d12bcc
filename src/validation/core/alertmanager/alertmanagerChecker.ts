import type { FormatChecker } from '../formatChecker';
import { JsonSchemaDocument } from '../jsonSchemaDocument';
import { lazySchemaChecker } from '../lazySchemaChecker';
import { alertmanagerChecks } from './alertmanagerChecks';

/** Our schema of Alertmanager's configuration file, written from its documentation. */
export const alertmanagerSchemaFile = 'alertmanager.json';

/** Alertmanager configuration: the schema plus the references and syntax it cannot check. */
export function alertmanagerChecker(schemasDir: string): FormatChecker {
  return lazySchemaChecker(
    () =>
      JsonSchemaDocument.loadBundled(
        schemasDir,
        alertmanagerSchemaFile,
        'Alertmanager configuration',
      ),
    'alertmanager',
    alertmanagerChecks,
  );
}
