import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../../../../src/common/yamlModel';
import {
  ansiblePlaybookChecker,
  ansibleTasksChecker,
} from '../../../../src/validation/core/ansible/ansibleChecker';
import { precompiledValidatorFile } from '../../../../src/validation/core/jsonSchemaDocument';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import { locate, nodeRange, pointerSegments } from '../../../../src/validation/core/yamlPath';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';
import {
  ansibleSchemas,
  ansibleValidatorsSource,
} from '../../../../tools/jsonSchemaValidatorSource';
import { corpusDir, listFiles } from '../../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });
const ansibleDir = path.join(corpusDir(), 'ansible');
const lintInvalid = 'ansible__ansible-lint/invalid/';

const read = (rel: string): string => readFileSync(path.join(ansibleDir, rel), 'utf8');
const errorsOf = (rel: string): { start: number; end: number; code: string }[] =>
  validator.validate(rel, read(rel)).problems.filter((p) => p.severity === 'error');
const isAnsible = (rel: string): boolean =>
  validator
    .formatsOf(rel, read(rel))
    .some((f) => f === 'ansible-playbook' || f === 'ansible-tasks');

/** The ajv errors ansible-lint expects for a negative schema test (the JSON block of its `.md`). */
function expectedErrors(rel: string): { instancePath: string; keyword: string }[] {
  const md = readFileSync(path.join(ansibleDir, `${rel}.md`), 'utf8');
  const json = /```json\n([\s\S]*?)\n```/.exec(md)?.[1];
  assert.ok(json !== undefined, `${rel}.md has no ajv errors`);
  return JSON.parse(json) as { instancePath: string; keyword: string }[];
}

/**
 * Valid files (outside invalid/) that get errors all the same, with the reason: ansible-lint
 * fixtures written to fail its own schema check, which Ansible rejects too.
 */
const invalidOutsideInvalid: Record<string, string> = {
  'ansible__ansible-lint/examples/playbooks/conflicting_action2.yml':
    '`block:` is empty and its tasks are siblings of it',
  'ansible__ansible-lint/examples/playbooks/include.yml':
    'a task (`include_tasks`) at the top of a playbook, where plays go',
  'ansible__ansible-lint/examples/playbooks/json-schema-fail.yml':
    'the fixture of the schema rule: `host:` for `hosts:`',
  'ansible__ansible-lint/examples/playbooks/removed-include.yml':
    '`include` was removed in ansible-core 2.16',
  'ansible__ansible-lint/examples/playbooks/rule-deprecated-bare-vars-fail.yml':
    '`with_items: my_list` (a bare variable, no longer templated)',
  'ansible__ansible-lint/examples/playbooks/rule-partial-become-without-become-fail.yml':
    '`become_user: true` is not a user name',
  'ansible__ansible-lint/examples/playbooks/syntax-error.yml':
    '`tasks:` holds a mapping, not a list',
  'ansible__ansible-lint/examples/playbooks/tasks/empty_blocks.yml':
    '`rescue: {}` / `always: {}` are not task lists',
  'ansible__ansible-lint/examples/playbooks/test_import_playbook_invalid.yml':
    '`import_playbook` given a mapping instead of a file name',
};

describe('Ansible checker on the corpus', () => {
  const files = listFiles(ansibleDir).filter((rel) => /\.ya?ml$/.test(rel));

  it('flags every playbook and task file of invalid/ at the place ansible-lint expects', () => {
    const routed = files.filter(
      (rel) =>
        rel.startsWith(lintInvalid) &&
        existsSync(path.join(ansibleDir, `${rel}.md`)) &&
        isAnsible(rel),
    );
    assert.ok(routed.length > 40, String(routed.length));
    // ansible-lint's schema rejects `become: yes`; Ansible reads YAML 1.1, where it is true. We follow Ansible.
    const acceptedLikeAnsible = [
      `${lintInvalid}test/schemas/negative_test/playbooks/invalid_become.yml`,
    ];
    for (const rel of routed) {
      const errors = errorsOf(rel);
      if (acceptedLikeAnsible.includes(rel)) {
        assert.deepEqual(errors, [], rel);
        continue;
      }
      const doc = parseYaml(read(rel)).documents[0]?.doc;
      assert.ok(doc !== undefined);
      // The places ansible-lint's ajv reports that hold no other reported place: our error must
      // be inside one of them (Ansible itself accepts some, e.g. `ignore_unreachable: "yes"`).
      const paths = [...new Set(expectedErrors(rel).map((e) => e.instancePath))];
      const leaves = paths.filter((p) => !paths.some((q) => q.startsWith(`${p}/`)));
      const hit = leaves.some((leaf) => {
        const at = locate(doc, pointerSegments(leaf));
        const [start, end] = nodeRange(at.node) ?? nodeRange(at.pair?.key) ?? [-1, -1];
        const key = nodeRange(at.pair?.key);
        return errors.some(
          (e) => (e.start >= start && e.end <= Math.max(end, start + 1)) || key?.[0] === e.start,
        );
      });
      assert.ok(
        hit,
        `${rel}: expected an error at one of ${leaves.join(', ')}, got ${JSON.stringify(errors)}`,
      );
    }
  });

  it('leaves the other ansible-lint schema kinds of invalid/ alone (molecule, galaxy, meta, vars, inventory, …)', () => {
    const others = files.filter((rel) => rel.startsWith(`${lintInvalid}test/`) && !isAnsible(rel));
    assert.ok(others.length > 20);
    for (const rel of others) {
      assert.deepEqual(
        validator.formatsOf(rel, read(rel)).filter((f) => f !== undefined),
        [],
        rel,
      );
      assert.deepEqual(errorsOf(rel), [], rel);
    }
  });

  it('reports the broken examples of invalid/ that do not load as YAML syntax errors', () => {
    for (const rel of [
      'examples/broken/load-failure-invalid.yml',
      'examples/broken/yaml-with-tabs/invalid-due-tabs.yaml',
      'examples/playbooks/invalid-transform.yml',
      'examples/playbooks/templates/not-valid.yaml',
    ]) {
      const problems = validator.validate(
        `${lintInvalid}${rel}`,
        read(`${lintInvalid}${rel}`),
      ).problems;
      assert.ok(
        problems.some((p) => p.source === 'yaml' && p.severity === 'error'),
        rel,
      );
    }
  });

  it('gives no error to any other playbook, task or handler file, !vault and !unsafe included', () => {
    const valid = files.filter((rel) => !rel.includes('/invalid/'));
    const routed = valid.filter(isAnsible);
    assert.ok(routed.length > 400, String(routed.length));
    const flagged = routed.filter((rel) => errorsOf(rel).length > 0);
    assert.deepEqual(flagged, Object.keys(invalidOutsideInvalid));
    const tagged = routed.filter((rel) => /!(vault|unsafe)\b/.test(read(rel)));
    assert.ok(tagged.length > 5);
    for (const rel of tagged) {
      const warnings = validator
        .validate(rel, read(rel))
        .problems.filter((p) => p.source === 'yaml');
      assert.deepEqual(warnings, [], rel);
    }
  });
});

describe('precompiled Ansible validators', () => {
  it('are what the tool generates (run tools/precompileJsonSchemaValidators.ts after changing a schema)', () => {
    for (const { file, kind } of ansibleSchemas) {
      const schema = JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')) as {
        $id: string;
      };
      assert.ok(
        readFileSync(path.join(schemasDir, precompiledValidatorFile(file)), 'utf8') ===
          ansibleValidatorsSource(schema, kind),
        `${precompiledValidatorFile(file)} is stale`,
      );
    }
  });

  it('report what the validators ajv compiles at run time report, on every Ansible file of the corpus', function () {
    this.timeout(120_000);
    const checkers = {
      'ansible-playbook': [
        ansiblePlaybookChecker(schemasDir),
        ansiblePlaybookChecker(schemasDir, false),
      ],
      'ansible-tasks': [ansibleTasksChecker(schemasDir), ansibleTasksChecker(schemasDir, false)],
    } as const;
    let documents = 0;
    let failing = 0;
    for (const rel of listFiles(ansibleDir).filter((f) => /\.ya?ml$/.test(f))) {
      const text = read(rel);
      const formats = validator.formatsOf(rel, text);
      for (const [i, document] of parseYaml(text).documents.entries()) {
        const format = formats[i];
        if (format !== 'ansible-playbook' && format !== 'ansible-tasks') {
          continue;
        }
        const input = {
          relativePath: rel,
          doc: document.doc,
          text: document.text,
          data: document.doc.toJS({ maxAliasCount: 1000 }) as unknown,
          partial: false,
        };
        const [precompiled, compiled] = checkers[format];
        const expected = compiled.check(input);
        assert.deepEqual(precompiled.check(input), expected, `${rel}, document ${i}`);
        documents++;
        failing += expected.length > 0 ? 1 : 0;
      }
    }
    assert.ok(documents > 500 && failing > 50, `${documents} documents, ${failing} failing`);
    for (const [precompiled] of Object.values(checkers)) {
      assert.equal(precompiled.precompiledCount, 2);
    }
  });
});
