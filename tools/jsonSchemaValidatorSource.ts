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
import Ajv from 'ajv';
import type { AnyValidateFunction } from 'ajv/dist/core';
import {
  ansibleAjvOptions,
  ansibleItemDefinitions,
  ansibleItemSchema,
  ansiblePlaybookSchemaFile,
  ansibleTasksSchemaFile,
} from '../src/validation/core/ansible/ansibleChecker';
import {
  ajvOptions,
  branchSchema,
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
 * (The Ansible checkers' validators, one per kind of item, are in {@link ansibleSchemas}.)
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

/** ansible-lint's schemas, whose checker compiles one validator per kind of item (see ansibleValidatorsSource). */
export const ansibleSchemas: readonly { file: string; kind: 'playbook' | 'tasks' }[] = [
  { file: ansiblePlaybookSchemaFile, kind: 'playbook' },
  { file: ansibleTasksSchemaFile, kind: 'tasks' },
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
  return standaloneSource(schema, (ajv) => {
    const validate = ajv.getSchema(documentKey);
    if (validate === undefined) {
      throw new Error('the schema did not compile');
    }
    return validate;
  });
}

/**
 * The module of the validators of every `oneOf`/`anyOf` branch of `schema` (the free variables
 * and first line of {@link jsonSchemaValidatorSource}), exported by the branch's JSON pointer:
 * what JsonSchemaDocument.validateBranch compiles at run time to word the message of a document
 * that fails a `oneOf`/`anyOf` (about 80 ms in a cold process for one Kustomization error).
 * Undefined when the schema has none. A branch ajv cannot compile is left out, as it is at run
 * time.
 */
export function jsonSchemaBranchValidatorsSource(schema: object): string | undefined {
  const root = withoutDraft(schema);
  const branches = branchPointers(root);
  if (branches.length === 0) {
    return undefined;
  }
  const wrappers = new Map<unknown, string>();
  return standaloneSource(
    schema,
    (ajv) => {
      const exported: Record<string, string> = {};
      for (const pointer of branches) {
        const id = `${branchKeyPrefix}${pointer}`;
        // The schema JsonSchemaDocument compiles for a branch; named in the code as it is
        // written there (a new object: no error reports it).
        const wrapper = branchSchema(pointer);
        try {
          ajv.addSchema(wrapper, id);
          ajv.getSchema(id);
        } catch {
          ajv.removeSchema(id);
          continue;
        }
        wrappers.set(wrapper, `(${JSON.stringify(wrapper)})`);
        exported[pointer] = id;
      }
      return exported;
    },
    (object) => wrappers.get(object),
  );
}

/** The id a branch's schema is added under in the generator's Ajv instance. */
const branchKeyPrefix = 'infra-workbench:branch:';

/** The JSON pointer of every branch of every `oneOf`/`anyOf` array in `root`. */
export function branchPointers(root: object): string[] {
  const pointers = pointersOf(root);
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') {
      return;
    }
    for (const [key, value] of Object.entries(node) as [string, unknown][]) {
      const at = Array.isArray(value) ? pointers.get(value) : undefined;
      if ((key === 'oneOf' || key === 'anyOf') && Array.isArray(value) && at !== undefined) {
        for (let index = 0; index < value.length; index++) {
          found.push(`${at}/${index}`);
        }
      }
      walk(value);
    }
  };
  walk(root);
  return found;
}

/**
 * Ajv standalone code of what `exported` picks among the schemas compiled in an Ajv instance
 * holding `schema` (as ajv gets it) under documentKey, with the first line and free variables of
 * {@link jsonSchemaValidatorSource}; `otherName` names schema objects that are not the schema's.
 */
function standaloneSource(
  schema: object,
  exported: (ajv: ReturnType<typeof newAjv>) => AnyValidateFunction | Record<string, string>,
  otherName: (object: unknown) => string | undefined = () => undefined,
): string {
  const root = withoutDraft(schema);
  const ajv = newAjv(schema, {
    ...ajvOptions,
    code: { ...ajvOptions.code, source: true, lines: false },
  });
  ajv.addSchema(root, documentKey);
  const picked = exported(ajv);
  const code = namedStandaloneCode(ajv, picked, namedByPointer(root, otherName));
  return `${precompiledValidatorHeader(root)}\n${code}\n`;
}

/**
 * The module of the Ansible checker's validators for one of ansible-lint's schemas (the free
 * variables and first line of {@link jsonSchemaValidatorSource}, `at` reading the schema file as
 * it is): one per definition an item is checked against, exported by the definition's name,
 * compiled as AnsibleChecker compiles them (its options, the schema under its own `$id`).
 */
export function ansibleValidatorsSource(
  schema: { readonly $id: string },
  kind: 'playbook' | 'tasks',
): string {
  const ajv = new Ajv({ ...ansibleAjvOptions, code: { source: true, lines: false } });
  ajv.addSchema(schema);
  const exported: Record<string, string> = {};
  const wrappers = new Map<unknown, string>();
  for (const name of ansibleItemDefinitions(kind)) {
    const wrapper = ansibleItemSchema(schema.$id, name);
    const id = `infra-workbench:ansible:${name}`;
    ajv.addSchema(wrapper, id);
    if (ajv.getSchema(id) === undefined) {
      throw new Error(`${name} did not compile`);
    }
    // Written as the checker writes it (a new object: no error reports it).
    wrappers.set(wrapper, `(${JSON.stringify(wrapper)})`);
    exported[name] = id;
  }
  const code = namedStandaloneCode(
    ajv,
    exported,
    namedByPointer(schema, (object) => wrappers.get(object)),
  );
  return `${precompiledValidatorHeader(schema)}\n${code}\n`;
}

/**
 * How generated code names a schema object: `at(<its JSON pointer in root>)`, else
 * `otherName`'s answer.
 */
function namedByPointer(
  root: object,
  otherName: (object: unknown) => string | undefined,
): (object: unknown) => string | undefined {
  const pointers = pointersOf(root);
  return (object) => {
    const pointer =
      typeof object === 'object' && object !== null ? pointers.get(object) : undefined;
    return pointer === undefined ? otherName(object) : `at(${JSON.stringify(pointer)})`;
  };
}
