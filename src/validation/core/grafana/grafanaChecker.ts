import path from 'node:path';
import type { FormatChecker } from '../formatChecker';
import { JsonSchemaDocument } from '../jsonSchemaDocument';
import { lazySchemaChecker } from '../lazySchemaChecker';
import { grafanaChecks } from './grafanaChecks';

/** Our schema of Grafana's provisioning files, written from its documentation. */
export const grafanaSchemaFile = 'grafana-provisioning.json';

/** Grafana provisioning files: the schema plus uniqueness rules Grafana enforces on start. */
export function grafanaChecker(schemasDir: string): FormatChecker {
  return lazySchemaChecker(
    () => JsonSchemaDocument.load(path.join(schemasDir, grafanaSchemaFile), 'Grafana provisioning'),
    'grafana',
    grafanaChecks,
  );
}
