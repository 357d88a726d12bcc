// The source of schemas/<name>.validators.js: the ajv validator of one bundled third-party JSON
// schema (Compose, GitHub Actions, Alertmanager, …), generated ahead of time (ajv standalone
// code) so that no process compiles it at run time (compiling the Compose specification costs
// about 140 ms in a cold process, every bundled schema together about half a second). See
// JsonSchemaDocument's precompiledFile.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  patchActionSchema,
  patchWorkflowSchema,
} from '../src/validation/core/githubActions/schemaPatches';
import {
  ajvOptions,
  documentKey,
  newAjv,
  pointersOf,
  precompiledValidatorHeader,
  withoutDraft,
} from '../src/validation/core/jsonSchemaDocument';
import { adjustRulesSchema } from '../src/validation/core/prometheus/rulesSchema';
import { namedStandaloneCode } from './namedStandaloneCode';

type Json = Record<string, unknown>;

/**
 * The bundled schemas that get a precompiled validator, each as its checker hands it to
 * JsonSchemaDocument (some adjust the file first): the validator is generated from that schema.
 * (The Ansible checkers compile one validator per kind of entry themselves.)
 */
export const precompiledSchemas: readonly { file: string; adjust?: (schema: Json) => Json }[] = [
  { file: 'alertmanager.json' },
  { file: 'compose-spec.json' },
  { file: 'github-action.json', adjust: (schema) => (patchActionSchema(schema), schema) },
  { file: 'github-workflow.json', adjust: (schema) => (patchWorkflowSchema(schema), schema) },
  { file: 'grafana-dashboard.json' },
  { file: 'grafana-provisioning.json' },
  { file: 'helm-chart.json' },
  { file: 'kustomization.json' },
  { file: 'prometheus-rules.json', adjust: adjustRulesSchema },
  { file: 'runbook.schema.json' },
  { file: 'rundeck-jobs.schema.json' },
];

/** The schema of `file` in `schemasDir` as its checker hands it over. */
export function checkerSchema(
  schemasDir: string,
  entry: (typeof precompiledSchemas)[number],
): Json {
  const schema = JSON.parse(readFileSync(path.join(schemasDir, entry.file), 'utf8')) as Json;
  return entry.adjust?.(schema) ?? schema;
}

/**
 * The validator module of `schema`. Its body reads four free variables: `at` (the schema object
 * at a JSON pointer of the schema as ajv gets it), `require` (ajv's runtime helpers), `module`
 * and `exports`. The schema objects the validator reports in its errors (`schema`,
 * `parentSchema`, with ajv's `verbose`) are then the schema's own objects, as when ajv compiles
 * at run time, and the module holds code only. The first line carries the SHA-256 of the schema,
 * so a validator is never used for another one.
 */
export function jsonSchemaValidatorSource(schema: object): string {
  const root = withoutDraft(schema);
  const ajv = newAjv(schema, {
    ...ajvOptions,
    code: { ...ajvOptions.code, source: true, lines: false },
  });
  ajv.addSchema(root, documentKey);
  const validate = ajv.getSchema(documentKey);
  if (validate === undefined) {
    throw new Error('the schema did not compile');
  }
  const pointers = pointersOf(root);
  const code = namedStandaloneCode(ajv, validate, (object) => {
    const pointer =
      object === root
        ? ''
        : typeof object === 'object' && object !== null
          ? pointers.get(object)
          : undefined;
    return pointer === undefined ? undefined : `at(${JSON.stringify(pointer)})`;
  });
  return `${precompiledValidatorHeader(root)}\n${code}\n`;
}
