import path from 'node:path';
import { JsonSchemaDocument, precompiledValidatorFile } from '../jsonSchemaDocument';

type Json = Record<string, unknown>;

/** Every YAML scalar Go's yaml.v3 decodes into a string field (`severity: 1` is "1"). */
const scalarTypes = ['string', 'number', 'boolean'];

/**
 * SchemaStore's `prometheus.rules.json` (bundled unmodified), adjusted at load to say what
 * Prometheus' current rulefmt accepts:
 * - a rule is one mapping with every rule key (`record` or `alert`, …): the upstream
 *   `oneOf` [recording, alerting] turns one typo into errors from both branches; which keys a
 *   recording rule may not have is checked by {@link prometheusRuleProblems} with Prometheus'
 *   own wording;
 * - label and annotation names are any UTF-8 text (Prometheus 3 validates names as UTF-8),
 *   values any scalar, as yaml.v3 decodes them into strings;
 * - durations carry no pattern: they are checked with a message saying how to fix them;
 * - groups and rules become named definitions, so messages say "in group" / "in rule".
 * Unknown keys stay errors (`additionalProperties: false`), as rulefmt's KnownFields decoding.
 */
export function loadRulesSchema(schemasDir: string): JsonSchemaDocument {
  const base = JsonSchemaDocument.load(
    path.join(schemasDir, 'prometheus-rules.json'),
    'Prometheus rules',
  );
  return new JsonSchemaDocument(
    adjustRulesSchema(base.schema as Json),
    'Prometheus rules',
    path.join(schemasDir, precompiledValidatorFile('prometheus-rules.json')),
  );
}

/** The transformation {@link loadRulesSchema} applies, on a copy of the schema. */
export function adjustRulesSchema(original: Json): Json {
  const schema = structuredClone(original);
  const defs = (schema.definitions ?? {}) as Record<string, Json>;
  schema.definitions = defs;
  const recording = defs.recording_rule ?? {};
  const alerting = defs.alerting_rule ?? {};
  const recordingProps = (recording.properties ?? {}) as Record<string, Json>;
  const alertingProps = (alerting.properties ?? {}) as Record<string, Json>;
  const expr: Json = {
    ...(alertingProps.expr ?? recordingProps.expr ?? {}),
    description:
      'The PromQL expression to evaluate. Every evaluation cycle this is evaluated at the current time; for a recording rule the result is recorded as new series named by `record`, for an alerting rule every resulting series becomes a pending/firing alert.',
    type: scalarTypes,
  };
  delete expr.anyOf;
  defs.rule = {
    type: 'object',
    description: 'A recording rule (`record`) or an alerting rule (`alert`).',
    properties: {
      record: { ...(recordingProps.record ?? {}), type: scalarTypes },
      alert: { ...(alertingProps.alert ?? {}), type: scalarTypes },
      expr,
      for: alertingProps.for ?? { $ref: '#/definitions/duration' },
      keep_firing_for: alertingProps.keep_firing_for ?? { $ref: '#/definitions/duration' },
      labels: alertingProps.labels ?? { $ref: '#/definitions/labels' },
      annotations: alertingProps.annotations ?? { $ref: '#/definitions/annotations' },
    },
    additionalProperties: false,
  };
  delete defs.recording_rule;
  delete defs.alerting_rule;
  defs.duration = {
    description: 'A duration such as 30s, 5m or 1h30m (units ms, s, m, h, d, w, y).',
    type: ['string', 'number', 'null'],
  };
  defs.label_value = { ...(defs.label_value ?? {}), type: [...scalarTypes, 'null'] };
  defs.tmpl_string = { ...(defs.tmpl_string ?? {}), type: [...scalarTypes, 'null'] };
  for (const [name, value] of [
    ['labels', 'label_value'],
    ['annotations', 'tmpl_string'],
  ] as const) {
    const def = defs[name] ?? {};
    delete def.patternProperties;
    def.additionalProperties = { $ref: `#/definitions/${value}` };
    defs[name] = def;
  }
  const groups = ((schema.properties ?? {}) as Record<string, Json>).groups ?? {};
  const group = (groups.items ?? {}) as Json;
  const groupProps = (group.properties ?? {}) as Record<string, Json>;
  groupProps.name = { ...(groupProps.name ?? {}), type: scalarTypes };
  groupProps.rules = { ...(groupProps.rules ?? {}), items: { $ref: '#/definitions/rule' } };
  group.properties = groupProps;
  defs.group = group;
  groups.items = { $ref: '#/definitions/group' };
  return schema;
}
