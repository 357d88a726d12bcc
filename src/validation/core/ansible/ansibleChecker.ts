import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { visit, type Document, type Scalar } from 'yaml';
import type { Problem } from '../../../common/problem';
import type { DocumentInput, DocumentSchema, FormatChecker } from '../formatChecker';
import { loadPrecompiledModule, precompiledValidatorFile } from '../jsonSchemaDocument';
import { resolvePointer, SchemaNavigator } from '../schemaNavigator';
import { schemaProblems } from '../schemaProblems';

/** ansible-lint's playbook schema (GPL-3.0 data, used unmodified). */
export const ansiblePlaybookSchemaFile = 'ansible-playbook.json';
/** ansible-lint's task-list schema (GPL-3.0 data, used unmodified). */
export const ansibleTasksSchemaFile = 'ansible-tasks.json';

/** Keys of plays and blocks that hold task lists. */
const taskListKeys = new Set([
  'tasks',
  'pre_tasks',
  'post_tasks',
  'handlers',
  'block',
  'rescue',
  'always',
]);

/** The options of the Ajv instance the checker compiles its validators in (and the generator). */
export const ansibleAjvOptions: Options = {
  allErrors: true,
  verbose: true,
  strict: false,
  validateFormats: false,
  allowUnionTypes: true,
};

/** The definitions an item of a playbook or a task list is checked against (see {@link AnsibleChecker}). */
export function ansibleItemDefinitions(kind: 'playbook' | 'tasks'): readonly string[] {
  return kind === 'playbook' ? ['play', 'ansible.builtin.import_playbook'] : ['block', 'task'];
}

/** What is compiled to check an item against the definition `name` of the schema `id`. */
export function ansibleItemSchema(id: string, name: string): { $ref: string } {
  return { $ref: `${id}#/$defs/${name}` };
}

interface Defs {
  readonly play: unknown;
  readonly importPlaybook: unknown;
  readonly block: unknown;
  readonly task: unknown;
}

/**
 * A list of plays or tasks against ansible-lint's schema, each item checked against the one
 * definition it is (a play or an `import_playbook`; a block or a task) rather than against the
 * schema's `oneOf`/`anyOf` of all of them. Those alternatives go through `$ref`s, so ajv reports
 * the failures of every branch with paths that do not say which branch they came from; picking
 * the branch by the item's keys, as Ansible does, leaves only the errors that apply.
 */
export class AnsibleChecker implements FormatChecker {
  private loaded:
    | {
        schema: { $defs: Record<string, unknown> };
        navigator: SchemaNavigator;
        item: (value: unknown) => ValidateFunction;
        defs: Defs;
      }
    | undefined;
  private precompiledUsed = 0;

  constructor(
    private readonly file: string,
    private readonly title: string,
    private readonly kind: 'playbook' | 'tasks',
    /**
     * The validators generated ahead of time for this very schema file
     * (tools/precompileJsonSchemaValidators.ts), used when its first line holds the schema's hash.
     */
    private readonly precompiledFile?: string,
  ) {}

  /** How many of its validators came from {@link precompiledFile} (tests). */
  get precompiledCount(): number {
    return this.precompiledUsed;
  }

  check({ doc, data: data12 }: DocumentInput): readonly Problem[] {
    const data = ansibleData(doc) ?? data12;
    if (!Array.isArray(data)) {
      return []; // a playbook or task file is a list; anything else is not claimed as one
    }
    const { item, defs, navigator } = this.load();
    const errors: ErrorObject[] = [];
    data.forEach((value: unknown, index) => {
      if (value === null) {
        return; // Ansible skips an empty list entry
      }
      const validate = item(value);
      if (!validate(value)) {
        for (const e of validate.errors ?? []) {
          errors.push({ ...e, instancePath: `/${index}${e.instancePath}` });
        }
      }
    });
    return schemaProblems(doc, relevantErrors(errors, defs), 'ansible', (s) =>
      navigator.typeName(s),
    );
  }

  schemaFor(): DocumentSchema {
    const { navigator } = this.load();
    return { navigator, title: this.title };
  }

  private load(): NonNullable<AnsibleChecker['loaded']> {
    if (this.loaded !== undefined) {
      return this.loaded;
    }
    const schema = JSON.parse(readFileSync(this.file, 'utf8')) as {
      $id: string;
      $defs: Record<string, unknown>;
    };
    // Compiling the four validators cost about 235 ms of checking the corpus's Ansible folder.
    const precompiled =
      this.precompiledFile === undefined
        ? undefined
        : loadPrecompiledModule(this.precompiledFile, schema)?.exports;
    let ajv: Ajv | undefined;
    const compiled = new Map<string, ValidateFunction>();
    const byDef = (name: string): ValidateFunction => {
      let validate = compiled.get(name);
      if (validate === undefined) {
        if (precompiled !== undefined && Object.hasOwn(precompiled, name)) {
          validate = precompiled[name] as ValidateFunction;
          this.precompiledUsed++;
        } else {
          if (ajv === undefined) {
            ajv = new Ajv(ansibleAjvOptions);
            ajv.addSchema(schema);
          }
          validate = ajv.compile(ansibleItemSchema(schema.$id, name));
        }
        compiled.set(name, validate);
      }
      return validate;
    };
    const has = (value: unknown, ...keys: string[]): boolean =>
      typeof value === 'object' && value !== null && keys.some((k) => k in value);
    const item =
      this.kind === 'playbook'
        ? (value: unknown): ValidateFunction =>
            byDef(
              has(value, 'import_playbook', 'ansible.builtin.import_playbook')
                ? 'ansible.builtin.import_playbook'
                : 'play',
            )
        : (value: unknown): ValidateFunction => byDef(has(value, 'block') ? 'block' : 'task');
    const defs: Defs = {
      play: schema.$defs.play,
      importPlaybook: schema.$defs['ansible.builtin.import_playbook'],
      block: schema.$defs.block,
      task: schema.$defs.task,
    };
    // Hover names the definition a key belongs to: list the common one (a play, a task) first,
    // where the schema's own alternatives start with the rare one (import_playbook, block).
    const base = SchemaNavigator.forDocument(schema);
    const first =
      this.kind === 'playbook' ? ['play', 'ansible.builtin.import_playbook'] : ['task', 'block'];
    const root = {
      type: 'array',
      items: { anyOf: first.map((name) => ({ $ref: `#/$defs/${name}` })) },
    };
    const navigator = new SchemaNavigator(
      root,
      (ref) => resolvePointer(schema, ref),
      (s) => base.typeName(s),
    );
    this.loaded = { schema, navigator, item, defs };
    return this.loaded;
  }
}

/** The plain scalars PyYAML (YAML 1.1) reads as booleans, beyond YAML 1.2's true/false. */
const yaml11Booleans = /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** Play and task keywords Ansible converts with its `boolean()`, which also takes strings. */
const booleanKeywords = new Set([
  'any_errors_fatal',
  'become',
  'diff',
  'force_handlers',
  'gather_facts',
  'ignore_errors',
  'ignore_unreachable',
  'no_log',
  'run_once',
]);
const booleanStrings = /^(?:yes|no|true|false|on|off|y|n|1|0)$/i;

/**
 * The document as Ansible reads it, where ansible-lint's schema is stricter than Ansible:
 * Ansible loads YAML 1.1, where an unquoted `yes`, `no`, `on` or `off` is a boolean
 * (`become: yes`); it converts boolean keywords given as strings (`become: 'yes'`), turns
 * `environment` values into strings (`LANG_LEVEL: 1`) and takes `name` for `role` in a play's
 * role list. Undefined when the document cannot be converted (too many aliases): the caller's
 * data is used.
 *
 * The YAML 1.1 booleans are set on the document's own scalars for the conversion and put back
 * before it returns, whatever happens: the document is shared (a cached parse), but nothing else
 * runs meanwhile, and its nodes and ranges are as parsed afterwards. Converting a copy instead
 * cost more than the rest of checking a playbook (cloning was 228 of 363 ms over the corpus's
 * 983 Ansible documents).
 */
function ansibleData(doc: Document.Parsed): unknown {
  const changed: [node: Scalar, value: unknown][] = [];
  try {
    visit(doc, {
      Scalar(_, node) {
        if (
          node.type === 'PLAIN' &&
          typeof node.value === 'string' &&
          yaml11Booleans.test(node.value)
        ) {
          changed.push([node, node.value]);
          node.value = /^(?:yes|on)$/i.test(node.value);
        }
      },
    });
    return normalize(doc.toJS({ maxAliasCount: 1000 }), undefined);
  } catch {
    return undefined;
  } finally {
    for (const [node, value] of changed) {
      node.value = value;
    }
  }
}

function normalize(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) {
    return value.map((item: unknown) =>
      key === 'roles' && isRecord(item) && !('role' in item) && typeof item.name === 'string'
        ? normalize({ ...item, role: item.name, name: undefined }, undefined)
        : normalize(item, undefined),
    );
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) {
        continue;
      }
      if (booleanKeywords.has(k) && typeof v === 'string' && booleanStrings.test(v)) {
        out[k] = /^(?:yes|true|on|y|1)$/i.test(v);
      } else if (k === 'environment' && isRecord(v)) {
        out[k] = Object.fromEntries(
          Object.entries(v).map(([name, env]) => [
            name,
            typeof env === 'number' || typeof env === 'boolean' ? String(env) : env,
          ]),
        );
      } else {
        out[k] = normalize(v, k);
      }
    }
    return out;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Drops the errors that do not apply: those of the task branch for a block and of the block
 * branch for a task (nested task lists are still `anyOf`s), errors about empty entries of task
 * lists (Ansible skips them), and the `anyOf`/`oneOf`/`not` summaries of places that have a
 * more precise error.
 */
function relevantErrors(errors: readonly ErrorObject[], defs: Defs): ErrorObject[] {
  const isBlock = (data: unknown): boolean =>
    typeof data === 'object' && data !== null && 'block' in data;
  const specific = errors.filter((e) => {
    if (e.parentSchema === defs.task && isBlock(e.data)) {
      return false;
    }
    if (e.parentSchema === defs.block && !isBlock(e.data)) {
      return false;
    }
    if (e.data === null && isTaskListItem(e.instancePath)) {
      return false;
    }
    return true;
  });
  const detailed = specific.filter((e) => !isSummary(e));
  return specific.filter(
    (e) =>
      !isSummary(e) ||
      !detailed.some(
        (d) => d.instancePath === e.instancePath || d.instancePath.startsWith(`${e.instancePath}/`),
      ),
  );
}

function isSummary(error: ErrorObject): boolean {
  return error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'not';
}

function isTaskListItem(pointer: string): boolean {
  const segments = pointer.split('/');
  const parent = segments.at(-2);
  return /^\d+$/.test(segments.at(-1) ?? '') && parent !== undefined && taskListKeys.has(parent);
}

/**
 * Ansible playbooks against ansible-lint's playbook schema. The schema file is generated from
 * ansible-lint's combined `ansible.json` and carries every definition it uses, so it loads alone.
 */
export function ansiblePlaybookChecker(schemasDir: string, precompiled = true): AnsibleChecker {
  return new AnsibleChecker(
    path.join(schemasDir, ansiblePlaybookSchemaFile),
    'Ansible playbook (ansible-lint schema)',
    'playbook',
    precompiled
      ? path.join(schemasDir, precompiledValidatorFile(ansiblePlaybookSchemaFile))
      : undefined,
  );
}

/** Ansible task and handler files (role `tasks/`, `handlers/`) against ansible-lint's tasks schema. */
export function ansibleTasksChecker(schemasDir: string, precompiled = true): AnsibleChecker {
  return new AnsibleChecker(
    path.join(schemasDir, ansibleTasksSchemaFile),
    'Ansible tasks (ansible-lint schema)',
    'tasks',
    precompiled
      ? path.join(schemasDir, precompiledValidatorFile(ansibleTasksSchemaFile))
      : undefined,
  );
}
