import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isValidatedYaml, validateYaml } from '../../../src/validation/core/validateYaml';
import { corpusDir, listFiles } from '../corpus';

describe('validateYaml', () => {
  it('reports syntax problems of an infra file', () => {
    const result = validateYaml('k8s/a.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata: {a: 1\n');
    assert.equal(result.validated, true);
    assert.ok(result.problems.some((p) => p.code === 'yaml-syntax'));
  });

  it('leaves Helm templates alone', () => {
    const template =
      '{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n{{- end }}\n';
    assert.equal(isValidatedYaml('charts/app/templates/service.yaml', template), false);
    assert.deepEqual(validateYaml('charts/app/templates/service.yaml', template).problems, []);
    assert.equal(isValidatedYaml('charts/app/values.yaml', 'a: 1\n'), true);
    assert.ok(validateYaml('elsewhere/service.yaml', template).problems.length > 0);
  });

  it('flags the duplicate-key file kubeconform keeps as invalid, on its line', () => {
    const file = path.join(
      corpusDir(),
      'kubernetes',
      'yannh__kubeconform',
      'invalid',
      'duplicate_property.yaml',
    );
    const text = readFileSync(file, 'utf8');
    const problems = validateYaml('duplicate_property.yaml', text).problems;
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.code, 'yaml-duplicate-key');
  });

  it('finds no syntax problem in the valid GitHub workflows of the corpus', () => {
    const dir = path.join(corpusDir(), 'github-actions');
    const files = listFiles(dir).filter(
      (rel) => /\.ya?ml$/.test(rel) && !rel.includes('/invalid/'),
    );
    assert.ok(files.length > 300);
    const withProblems = files.filter(
      (rel) => validateYaml(rel, readFileSync(path.join(dir, rel), 'utf8')).problems.length > 0,
    );
    assert.deepEqual(withProblems, []);
  });
});
