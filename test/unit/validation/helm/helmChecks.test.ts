import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CustomSchemas } from '../../../../src/validation/core/customSchemas';
import { badConstraint } from '../../../../src/validation/core/helm/chartChecks';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const fixtures = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'formats');
const validator = new YamlValidator({
  schemasDir,
  kubernetesVersion: defaultKubernetesVersion,
  customSchemas: new CustomSchemas({ baseDir: fixtures, allowRemote: false }),
});

const read = (file: string): string => readFileSync(path.join(fixtures, file), 'utf8');

/** source/code and the text under the range of every problem. */
function check(file: string, text: string, v = validator): [string, string][] {
  return v
    .validate(file, text)
    .problems.map((p) => [`${p.source}/${p.code}`, text.slice(p.start, p.end)]);
}

function messages(file: string, text: string): string[] {
  return validator.validate(file, text).problems.map((p) => p.message);
}

describe('Helm charts', () => {
  const chart = read('chart/Chart.yaml');
  const values = read('chart/values.yaml');

  it('checks Chart.yaml against its schema, clean when it is right', () => {
    assert.deepEqual(validator.formatsOf('chart/Chart.yaml', chart), ['helm-chart']);
    assert.deepEqual(check('chart/Chart.yaml', chart), []);
    // A workflow that happens to be named chart.yaml is still a workflow.
    assert.deepEqual(validator.formatsOf('.github/workflows/chart.yaml', 'on: push\njobs: {}\n'), [
      'github-workflow',
    ]);
  });

  it('reports a version that is not SemVer, bad constraints, duplicate dependencies and schema problems', () => {
    const broken = chart
      .replace('version: 1.4.0', 'version: 1.4.0 beta')
      .replace('version: ~18.1.0', 'version: latest')
      .replace('    alias: db\n', '  - name: redis\n    version: 18.2.0\n')
      .replace('type: application', 'type: app');
    assert.deepEqual(check('chart/Chart.yaml', broken), [
      ['helm/invalid-value', 'app'],
      ['helm/invalid-version', '1.4.0 beta'],
      ['helm/invalid-version-constraint', 'latest'],
      ['helm/duplicate-dependency', 'redis'],
    ]);
    const said = messages('chart/Chart.yaml', broken);
    assert.match(said[1] ?? '', /'1\.4\.0 beta' is not a SemVer version.*e\.g\. 1\.0\.0/);
    assert.match(said[3] ?? '', /Give one of them an 'alias'/);
  });

  it('reports fields apiVersion v1 charts cannot have', () => {
    const v1 = chart.replace('apiVersion: v2', 'apiVersion: v1');
    assert.deepEqual(check('chart/Chart.yaml', v1), [
      ['helm/not-in-api-v1', 'type'],
      ['helm/not-in-api-v1', 'dependencies'],
    ]);
  });

  it('reads version constraints as Helm does', () => {
    for (const ok of [
      '1.2.3',
      '~1.2.0',
      '^2',
      '>=1.0.0 <2.0.0',
      '>= 1.0, < 2',
      '1.x',
      '*',
      '1.2 - 1.4.5',
      '^1.0.0 || ^2.0.0',
      'v1.2.3-rc.1',
    ]) {
      assert.equal(badConstraint(ok), undefined, ok);
    }
    for (const bad of ['latest', '1.2.3.4', '>=', '']) {
      assert.notEqual(badConstraint(bad), undefined, bad);
    }
  });

  it("validates values.yaml against the chart's own values.schema.json, as helm does", () => {
    assert.deepEqual(check('chart/values.yaml', values), []);
    const broken = values
      .replace('replicaCount: 2', 'replicaCount: two')
      .replace('pullPolicy: IfNotPresent', 'pullPolicy: Sometimes')
      .replace('  tag:', '  tagg:');
    assert.deepEqual(check('chart/values.yaml', broken), [
      ['helm/wrong-type', 'two'],
      ['helm/unknown-property', 'tagg'],
      ['helm/invalid-value', 'Sometimes'],
    ]);
    // Hover and completion read the chart's schema too.
    const hover = validator.describeAt('chart/values.yaml', values, values.indexOf('replicaCount'));
    assert.match(hover?.markdown ?? '', /How many pods run the shop/);
    // Without a chart next to it, or with Helm turned off, a values.yaml is left alone.
    assert.deepEqual(check('other/values.yaml', broken), []);
    const off = new YamlValidator({
      schemasDir,
      kubernetesVersion: defaultKubernetesVersion,
      customSchemas: new CustomSchemas({ baseDir: fixtures, allowRemote: false }),
      disabledFormats: new Set(['helm-chart']),
    });
    assert.deepEqual(check('chart/values.yaml', broken, off), []);
  });

  it('leaves templates alone: Go templates are not YAML yet', () => {
    const template = read('chart/templates/deployment.yaml');
    const result = validator.validate('chart/templates/deployment.yaml', template);
    assert.equal(result.validated, false);
    assert.deepEqual(result.problems, []);
    // The same text outside templates/ is invalid YAML, so the exemption is what keeps it quiet.
    assert.ok(validator.validate('chart/deployment.yaml', template).problems.length > 0);
  });
});
