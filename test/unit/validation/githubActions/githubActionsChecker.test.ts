import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../../../src/common/problem';
import { parseYaml } from '../../../../src/common/yamlModel';
import { createCheckers } from '../../../../src/validation/core/checkers';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';
import { corpusDir, listFiles } from '../../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: '1.34' });
const checkers = createCheckers({ schemasDir, kubernetesVersion: '1.34' });

/** Problems of a workflow text, each with the text it covers. */
function check(text: string, file = '.github/workflows/ci.yml'): (Problem & { covers: string })[] {
  return validator
    .validate(file, text)
    .problems.map((p) => ({ ...p, covers: text.slice(p.start, p.end) }));
}

const workflow = (jobs: string, on = 'on: push\n'): string => `name: ci\n${on}jobs:\n${jobs}`;

describe('GitHub Actions checker', () => {
  it('accepts a valid workflow', () => {
    const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: test
        run: echo "\${{ github.ref }} \${{ secrets.TOKEN }}"
        if: \${{ success() && matrix.os != 'windows' }}
  deploy:
    needs: [build]
    if: github.ref == 'refs/heads/main'
    uses: octo/infra/.github/workflows/deploy.yml@v1
`);
    assert.deepEqual(check(text), []);
  });

  it("reports a 'branchs' typo under on.push on the key, with did-you-mean", () => {
    const text = workflow(
      '  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
      'on:\n  push:\n    branchs: [main]\n',
    );
    const problems = check(text);
    assert.equal(problems.length, 1);
    assert.equal(problems.at(0)?.code, 'unknown-property');
    assert.equal(problems.at(0)?.covers, 'branchs');
    assert.equal(
      problems.at(0)?.message,
      "Unknown property 'branchs' in push. Did you mean 'branches'?",
    );
  });

  it('reduces oneOf to the branch that fits: an enum value, not "Expected null"', () => {
    const text =
      'on: push\npermissions:\n  contents: execute\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n';
    const problems = check(text);
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers, p.message]),
      [
        [
          'invalid-value',
          'execute',
          '"execute" is not allowed here: use one of "read", "write", "none".',
        ],
      ],
    );
  });

  it('reports needs naming an unknown job, with did-you-mean', () => {
    const text = workflow(
      '  build:\n    runs-on: x\n    steps: [{run: make}]\n  test:\n    needs: [biuld]\n    runs-on: x\n    steps: [{run: make}]\n',
    );
    const problems = check(text);
    assert.equal(problems.length, 1);
    assert.equal(problems.at(0)?.code, 'unknown-job');
    assert.equal(problems.at(0)?.covers, 'biuld');
    assert.match(problems.at(0)?.message ?? '', /Did you mean 'build'\?/);
  });

  it('reports each needs entry of a dependency cycle, naming the cycle', () => {
    const text = workflow(
      '  a:\n    needs: c\n    runs-on: x\n    steps: [{run: make}]\n  b:\n    needs: a\n    runs-on: x\n    steps: [{run: make}]\n  c:\n    needs: [b]\n    runs-on: x\n    steps: [{run: make}]\n',
    );
    const problems = check(text).filter((p) => p.code === 'needs-cycle');
    assert.deepEqual(
      problems.map((p) => [p.covers, p.message]),
      [
        [
          'c',
          'Dependency cycle: a → c → b → a. A job cannot wait for itself; remove one of these needs.',
        ],
        [
          'a',
          'Dependency cycle: b → a → c → b. A job cannot wait for itself; remove one of these needs.',
        ],
        [
          'b',
          'Dependency cycle: c → b → a → c. A job cannot wait for itself; remove one of these needs.',
        ],
      ],
    );
  });

  it('reports expression errors at the offending token', () => {
    const text = workflow(
      "  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ secret.TOKEN }}\n      - run: echo ${{ github.ref = 'x' }}\n      - run: echo ${{ github.ref\n      - if: github.event_name == 'push' &&\n        run: make\n",
    );
    assert.deepEqual(
      check(text).map((p) => [p.code, p.covers]),
      [
        ['unknown-context', 'secret'],
        ['expression-syntax', '='],
        ['expression-syntax', '${{ github.ref'],
        ['expression-syntax', '&&'],
      ],
    );
    assert.match(check(text).at(0)?.message ?? '', /Did you mean 'secrets'\?/);
  });

  it('reports a cron field out of range, naming the field', () => {
    const text = workflow(
      '  a:\n    runs-on: x\n    steps: [{run: make}]\n',
      "on:\n  schedule:\n    - cron: '0 25 * * *'\n    - cron: '0 0 * JAN-MAR MON-FRI'\n",
    );
    const problems = check(text);
    assert.equal(problems.length, 1);
    assert.equal(problems.at(0)?.code, 'invalid-cron');
    assert.equal(problems.at(0)?.covers, '25');
    assert.equal(
      problems.at(0)?.message,
      "Invalid cron hour field '25': 25 is out of range: use 0-23.",
    );
  });

  it('reports uses without a version or in a wrong format', () => {
    const text = workflow(
      '  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout\n      - uses: checkout@v4\n      - uses: ./local\n      - uses: docker://alpine:3\n  b:\n    uses: octo/repo/deploy.yml@v1\n',
    );
    assert.deepEqual(
      check(text).map((p) => [p.code, p.covers]),
      [
        ['invalid-uses', 'actions/checkout'],
        ['invalid-uses', 'checkout@v4'],
        ['invalid-uses', 'octo/repo/deploy.yml@v1'],
      ],
    );
  });

  it('reports a job with neither runs-on nor uses once, on the job key', () => {
    const text = workflow('  build:\n    steps:\n      - run: make\n');
    const problems = check(text);
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [['job-without-runner', 'build']],
    );
  });

  it('reports steps with neither or both of run and uses, and duplicate step ids', () => {
    const text = workflow(
      '  a:\n    runs-on: x\n    steps:\n      - name: nothing\n      - uses: actions/checkout@v4\n        run: make\n      - id: t\n        run: a\n      - id: t\n        run: b\n',
    );
    assert.deepEqual(
      check(text).map((p) => [p.code, p.covers]),
      [
        ['step-without-action', 'name'],
        ['step-run-and-uses', 'run'],
        ['duplicate-step-id', 't'],
      ],
    );
  });

  it('accepts starter-workflow placeholders in templates but not in .github/workflows', () => {
    const text =
      'on:\n  push:\n    branches: [ $default-branch ]\n  schedule:\n    - cron: $cron-weekly\njobs:\n  a:\n    runs-on: x\n    steps: [{run: make}]\n';
    assert.deepEqual(check(text, 'ci/template.yml'), []);
    assert.deepEqual(
      check(text).map((p) => [p.code, p.covers]),
      [['invalid-cron', '$cron-weekly']],
    );
  });

  describe('corpus', () => {
    const root = path.join(corpusDir(), 'github-actions');
    const files = listFiles(root).filter((f) => /\.(ya?ml|json)$/.test(f));
    const isAction = (f: string): boolean =>
      /(^|\/)action\.ya?ml$/.test(f) || f.includes('/github-action/');
    const problemsOf = (f: string): Problem[] => {
      const model = parseYaml(readFileSync(path.join(root, f), 'utf8'));
      const checker = checkers[isAction(f) ? 'github-action' : 'github-workflow'];
      assert.ok(checker !== undefined);
      const problems: Problem[] = model.syntaxProblems.filter((p) => p.severity === 'error');
      for (const d of model.documents) {
        if (d.doc.errors.length === 0) {
          const data: unknown = d.doc.toJS();
          problems.push(
            ...checker.check({ relativePath: f, doc: d.doc, text: d.text, data, partial: false }),
          );
        }
      }
      return problems.filter((p) => p.severity === 'error');
    };

    /** Why each SchemaStore negative test fails, as its file name states it. */
    const expected: Record<string, string> = {
      'all-steps-must-contain-run-or-uses': 'step-without-action',
      bad_pull_request_event_declaration: "unknown-property:Unknown property 'ignore-paths'",
      'container-command-is-invalid': "unknown-property:Unknown property 'command'",
      'container-entrypoint-is-invalid': "unknown-property:Unknown property 'entrypoint'",
      empty_json_must_always_fail: 'missing-property',
      'env-must-be-object-or-has-from-json': "invalid-value:'env' must be an object",
      'issue-comment-invalid-type': 'invalid-value:"opened" is not allowed',
      'permissions-event-has-wrong-level': 'invalid-value:"execute" is not allowed',
      'permissions-event-has-wrong-property-keys': "unknown-property:Unknown property 'files'",
      'permissions-must-be-object-or-string':
        "wrong-type:'permissions' must be a string or an object",
      'permissions-string-is-not-from-enum': 'invalid-value:"speak-all" is not allowed',
      'reusable-workflow-input-must-declare-type':
        "missing-property:Missing required property 'type'",
      'reusable-workflow-uses-has-wrong-filetype': 'invalid-uses',
      'reusable-workflow-uses-has-wrong-pattern': 'invalid-uses',
      'runs-on': "wrong-type:'runs-on' must be",
      'steps-must-contain-run-or-uses': 'step-without-action',
      'with-must-be-object-or-has-from-json-copy': "invalid-value:'with' must be an object",
      'workflow_dispatch-inputs-bool-default-': "wrong-type:'default' must be a boolean",
      'workflow_dispatch-inputs-choice-without-options':
        "missing-property:Missing required property 'options'",
      'workflow_dispatch-inputs-string-default-bool': "wrong-type:'default' must be a string",
      missing_items_in_run: "missing-property:Missing required property 'using'",
      // starter-workflows: an unquoted `{{ groupId }}` placeholder is a mapping used as a key.
      nowsecure: 'collection-key',
      'nowsecure-mobile-sbom': 'collection-key',
    };

    it('flags every invalid/ file for the reason SOURCES.md gives', () => {
      const invalid = files.filter((f) => f.includes('/invalid/'));
      assert.ok(invalid.length >= 24);
      for (const f of invalid) {
        const name = path.basename(f).replace(/\.(ya?ml|json)$/, '');
        const reason = expected[name];
        assert.ok(reason !== undefined, `no reason recorded for ${f}`);
        const [code, text] = reason.split(':');
        const problems = problemsOf(f);
        assert.ok(
          problems.some((p) => p.code === code && (text === undefined || p.message.includes(text))),
          `${f}: expected ${reason}, got ${JSON.stringify(problems.map((p) => `${p.code}: ${p.message}`))}`,
        );
      }
    });

    /**
     * Valid corpus files that GitHub itself would reject, with why: SchemaStore's schema test
     * instance reuses a step id, which GitHub refuses ("The identifier 'pleasantries' may not
     * be used more than once within the same scope").
     */
    const legitimatelyFlagged: Record<string, string> = {
      'SchemaStore__schemastore/src/test/github-action/composite-run-steps.json':
        'duplicate-step-id',
    };

    it('reports no error in any valid workflow or action', () => {
      const valid = files.filter((f) => !f.includes('/invalid/'));
      assert.ok(valid.length > 400);
      for (const f of valid) {
        const codes = problemsOf(f).map((p) => `${p.code}: ${p.message}`);
        const allowed = legitimatelyFlagged[f];
        if (allowed === undefined) {
          assert.deepEqual(codes, [], f);
        } else {
          assert.ok(
            codes.length > 0 && codes.every((c) => c.startsWith(`${allowed}:`)),
            `${f}: ${codes.join('; ')}`,
          );
        }
      }
    });
  });
});
