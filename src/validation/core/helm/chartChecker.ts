import type { FormatChecker } from '../formatChecker';
import { JsonSchemaDocument } from '../jsonSchemaDocument';
import { lazySchemaChecker } from '../lazySchemaChecker';
import { chartChecks } from './chartChecks';

/** SchemaStore's schema of Helm's Chart.yaml. */
export const chartSchemaFile = 'helm-chart.json';

/** Helm `Chart.yaml`: the schema plus what Helm checks beyond it. */
export function chartChecker(schemasDir: string): FormatChecker {
  return lazySchemaChecker(
    () => JsonSchemaDocument.loadBundled(schemasDir, chartSchemaFile, 'Helm Chart.yaml'),
    'helm',
    chartChecks,
  );
}
