import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';
import { corpusDir, listFiles } from '../../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

/**
 * Each known-bad file of the corpus and the problem that stands for the reason the corpus's
 * SOURCES.md gives ("invalid/ (why)"): its code and the text it underlines.
 */
const expected: Readonly<Record<string, readonly { code: string; covers: string }[]>> = {
  'bad_expr.bad.yaml': [{ code: 'promql-type', covers: 'hi' }], // PromQL "parse error"
  'bad_field.bad.yaml': [{ code: 'unknown-property', covers: 'annotation' }], // field annotation not found
  'duplicate_grp.bad.yaml': [{ code: 'duplicate-group', covers: 'yolo' }], // groupname "yolo" is repeated
  'invalid_label_name.bad.yaml': [{ code: 'invalid-label-name', covers: '__name__' }],
  'invalid_record_name.bad.yaml': [
    { code: 'invalid-record-name', covers: 'strawberry{flavor="sweet"}' }, // braces present
  ],
  'no_rec_alert.bad.yaml': [{ code: 'missing-record-or-alert', covers: 'expr' }],
  'noexpr.bad.yaml': [{ code: 'missing-expr', covers: 'record' }],
  'record_and_alert.bad.yaml': [{ code: 'record-and-alert', covers: 'alert' }],
  'record_and_for.bad.yaml': [{ code: 'recording-rule-field', covers: 'for' }],
  'record_and_keep_firing_for.bad.yaml': [
    { code: 'recording-rule-field', covers: 'keep_firing_for' },
  ],
  // "invalid annotation name: ins-tance", only under legacy name validation: a warning, since
  // current Prometheus validates names as UTF-8 and accepts it.
  'legacy_validation_annotation.bad.yaml': [{ code: 'legacy-name', covers: 'ins-tance' }],
  'invalid_rules.yaml': [{ code: 'unknown-property', covers: 'unexpected_field' }],
  'rules-bad.yml': [{ code: 'template-syntax', covers: '$label' }], // undefined $label
  'rules_extrafields.yml': [
    { code: 'unknown-property', covers: 'namespace' },
    { code: 'unknown-property', covers: 'ownership' },
  ],
  'bad-rules-syntax.yml': [{ code: 'promql-syntax', covers: '+' }], // `test +`
};

describe('Prometheus rules: corpus', function () {
  this.timeout(60_000);
  const root = path.join(corpusDir(), 'prometheus');
  const files = listFiles(root);
  const check = (rel: string) => {
    const text = readFileSync(path.join(root, rel), 'utf8');
    return validator
      .validate(rel, text)
      .problems.map((p) => ({ ...p, covers: text.slice(p.start, p.end) }));
  };

  it('flags every file in invalid/ for the reason SOURCES.md gives', () => {
    const sources = readFileSync(path.join(root, 'SOURCES.md'), 'utf8');
    const why = sources.slice(sources.indexOf('## invalid/ (why)'));
    const invalid = files.filter((rel) => rel.includes('/invalid/'));
    assert.ok(invalid.length >= 15);
    for (const rel of invalid) {
      const base = path.basename(rel);
      assert.ok(why.includes(base), `${base} is explained in SOURCES.md`);
      const wanted = expected[base];
      assert.ok(wanted !== undefined, `${rel} has an expected reason here`);
      const problems = check(rel);
      for (const { code, covers } of wanted) {
        assert.ok(
          problems.some((p) => p.code === code && p.covers === covers),
          `${rel}: expected ${code} on '${covers}', got ${JSON.stringify(problems.map((p) => [p.code, p.covers]))}`,
        );
      }
      if (base !== 'legacy_validation_annotation.bad.yaml') {
        assert.ok(
          problems.some((p) => p.severity === 'error'),
          `${rel} gets an error`,
        );
      }
    }
  });

  it('gives no error to any valid rule file', () => {
    let checked = 0;
    const withErrors: string[] = [];
    for (const rel of files.filter((r) => !r.includes('/invalid/') && /\.(ya?ml|json)$/.test(r))) {
      const text = readFileSync(path.join(root, rel), 'utf8');
      if (validator.formatsOf(rel, text)[0] !== 'prometheus-rules') {
        continue;
      }
      checked++;
      const errors = check(rel).filter((p) => p.severity === 'error');
      if (errors.length > 0) {
        withErrors.push(`${rel}: ${errors.map((p) => `${p.code} ${p.message}`).join(' | ')}`);
      }
    }
    assert.ok(checked > 200, `checked ${checked} rule files`);
    assert.deepEqual(withErrors, []);
  });

  it('never classifies a promtool unit-test file as a rule file', () => {
    const tests = files.filter((rel) => rel.includes('/unit-tests/'));
    assert.ok(tests.length > 10);
    for (const rel of tests) {
      const text = readFileSync(path.join(root, rel), 'utf8');
      assert.ok(
        !validator.formatsOf(rel, text).includes('prometheus-rules'),
        `${rel} is a promtool test file`,
      );
    }
  });
});
