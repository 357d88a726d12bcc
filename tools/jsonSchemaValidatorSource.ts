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
  const { ajv, root } = documentAjv(schema);
  const validate = ajv.getSchema(documentKey);
  if (validate === undefined) {
    throw new Error('the schema did not compile');
  }
  const code = namedStandaloneCode(
    ajv,
    validate,
    namedByPointer(root, () => undefined),
  );
  return `${precompiledValidatorHeader(root)}\n${code}\n`;
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
  const { ajv, root } = documentAjv(schema);
  const branches = branchPointers(root);
  if (branches.length === 0) {
    return undefined;
  }
  return refValidatorsSource(ajv, root, new Map(branches.map((p) => [p, branchSchema(p)]))).source;
}

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
  const names = ansibleItemDefinitions(kind);
  const { source, exported } = refValidatorsSource(
    ajv,
    schema,
    new Map(names.map((name) => [name, ansibleItemSchema(schema.$id, name)])),
  );
  const missing = names.filter((name) => !exported.includes(name));
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} did not compile`);
  }
  return source;
}

/** An Ajv instance (JsonSchemaDocument's, generating code) holding `schema` under documentKey. */
function documentAjv(schema: object): { ajv: ReturnType<typeof newAjv>; root: object } {
  const root = withoutDraft(schema);
  const ajv = newAjv(schema, {
    ...ajvOptions,
    code: { ...ajvOptions.code, source: true, lines: false },
  });
  ajv.addSchema(root, documentKey);
  return { ajv, root };
}

/**
 * The module (first line and free variables of {@link jsonSchemaValidatorSource}) of the
 * validators `ajv` compiles for `refs`: by export name, the `{ $ref }` schema a checker compiles
 * at run time, which the code writes out as it is (a new object: no error reports it). A ref ajv
 * cannot compile is left out, and compiled (failing) at run time instead.
 */
function refValidatorsSource(
  ajv: ReturnType<typeof newAjv>,
  root: object,
  refs: ReadonlyMap<string, { $ref: string }>,
): { source: string; exported: string[] } {
  const exported: Record<string, string> = {};
  const written = new Map<unknown, string>();
  for (const [name, ref] of refs) {
    const id = `infra-workbench:ref:${name}`;
    try {
      ajv.addSchema(ref, id);
      ajv.getSchema(id);
    } catch {
      ajv.removeSchema(id);
      continue;
    }
    written.set(ref, `(${JSON.stringify(ref)})`);
    exported[name] = id;
  }
  const code = namedStandaloneCode(
    ajv,
    exported,
    namedByPointer(root, (object) => written.get(object)),
  );
  return {
    source: `${precompiledValidatorHeader(root)}\n${code}\n`,
    exported: Object.keys(exported),
  };
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
