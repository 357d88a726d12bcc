import type { FormatChecker } from '../formatChecker';
import { JsonSchemaDocument } from '../jsonSchemaDocument';
import { lazySchemaChecker } from '../lazySchemaChecker';
import { grafanaDashboardChecks } from './dashboardChecks';
import { grafanaChecks } from './grafanaChecks';

/** Our schema of Grafana's provisioning files, written from its documentation. */
export const grafanaSchemaFile = 'grafana-provisioning.json';

/** Grafana provisioning files: the schema plus uniqueness rules Grafana enforces on start. */
export function grafanaChecker(schemasDir: string): FormatChecker {
  return lazySchemaChecker(
    () => JsonSchemaDocument.loadBundled(schemasDir, grafanaSchemaFile, 'Grafana provisioning'),
    'grafana',
    grafanaChecks,
  );
}

/** Our schema of Grafana's dashboard JSON model, written from its documentation. */
export const grafanaDashboardSchemaFile = 'grafana-dashboard.json';

/** Grafana dashboard JSON files: the JSON model's schema plus what breaks provisioned dashboards. */
export function grafanaDashboardChecker(schemasDir: string): FormatChecker {
  return lazySchemaChecker(
    () =>
      JsonSchemaDocument.loadBundled(schemasDir, grafanaDashboardSchemaFile, 'Grafana dashboard'),
    'grafana',
    grafanaDashboardChecks,
  );
}
