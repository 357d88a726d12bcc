import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';
import { CrossFileCodes } from '../../../../src/workspace/core/crossFileChecks';
import { corpusDir } from '../../corpus';
import { check as crossCheck, summary, yaml } from '../../workspace/repo';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

function check(
  text: string,
  file = 'grafana/provisioning/datasources/ds.yaml',
): [string, string][] {
  return validator
    .validate(file, text)
    .problems.map((p) => [`${p.source}/${p.code}`, text.slice(p.start, p.end)]);
}

const datasources = yaml(
  'apiVersion: 1',
  'datasources:',
  '  - name: Prometheus',
  '    type: prometheus',
  '    uid: prom',
  '    access: proxy',
  '    url: http://prometheus:9090',
  '    isDefault: true',
  '    jsonData:',
  '      timeInterval: 15s',
  '  - name: Loki',
  '    type: loki',
  '    uid: loki',
  '    url: http://loki:3100',
);

describe('Grafana provisioning', () => {
  it('is recognised by its folder and by apiVersion 1 with datasources or providers', () => {
    assert.deepEqual(validator.formatsOf('grafana/provisioning/datasources/ds.yaml', datasources), [
      'grafana-provisioning',
    ]);
    assert.deepEqual(validator.formatsOf('anywhere/ds.yaml', datasources), [
      'grafana-provisioning',
    ]);
    // Alert rule groups under provisioning/alerting are Grafana's, not Prometheus rule files.
    const alerting =
      'apiVersion: 1\ngroups:\n  - orgId: 1\n    name: g\n    folder: f\n    interval: 1m\n    rules: []\n';
    assert.deepEqual(validator.formatsOf('provisioning/alerting/rules.yaml', alerting), [
      'grafana-provisioning',
    ]);
    assert.deepEqual(check(alerting, 'provisioning/alerting/rules.yaml'), []);
  });

  it('validates a documented file clean, and reports schema problems, duplicates and two defaults', () => {
    assert.deepEqual(check(datasources), []);
    const broken = datasources
      .replace('name: Loki', 'name: Prometheus')
      .replace('uid: loki', 'uid: prom\n    isDefault: true')
      .replace('access: proxy', 'acess: proxy');
    assert.deepEqual(check(broken), [
      ['grafana/unknown-property', 'acess'],
      ['grafana/duplicate-datasource', 'Prometheus'],
      ['grafana/duplicate-uid', 'prom'],
      ['grafana/multiple-default-datasources', 'true'],
    ]);
  });

  it('reports across files: the same data source twice, two defaults, and relative dashboard paths that do not exist', () => {
    const problems = crossCheck({
      'grafana/provisioning/datasources/a.yaml': datasources,
      'grafana/provisioning/datasources/b.yaml': yaml(
        'apiVersion: 1',
        'datasources:',
        '  - name: Loki',
        '    type: loki',
        '    isDefault: true',
      ),
      'grafana/provisioning/dashboards/providers.yaml': yaml(
        'apiVersion: 1',
        'providers:',
        '  - name: default',
        '    options:',
        '      path: ../../dashboards',
        '  - name: team',
        '    options:',
        '      path: ../../dashbords/team',
        '  - name: mounted',
        '    options:',
        '      path: /var/lib/grafana/dashboards',
      ),
      'grafana/dashboards/shop.yaml': 'x: 1\n',
    }).filter((p) => p.problem.source === 'grafana');
    assert.deepEqual(summary(problems), [
      [
        CrossFileCodes.missingDashboardPath,
        'grafana/provisioning/dashboards/providers.yaml',
        '../../dashbords/team',
      ],
      [
        CrossFileCodes.duplicateDatasourceAcrossFiles,
        'grafana/provisioning/datasources/b.yaml',
        'Loki',
      ],
      [
        CrossFileCodes.multipleDefaultsAcrossFiles,
        'grafana/provisioning/datasources/b.yaml',
        'true',
      ],
    ]);
    assert.match(
      problems[1]?.problem.message ?? '',
      /grafana\/provisioning\/datasources\/a\.yaml also provisions a data source named 'Loki'/,
    );
  });

  it("validates the corpus' provisioning files (embedded in ConfigMaps and Secrets) clean", () => {
    const embedded: [string, string][] = [
      ['kubernetes/istio__istio/samples/addons/grafana.yaml', 'datasources.yaml'],
      ['kubernetes/istio__istio/samples/addons/grafana.yaml', 'dashboardproviders.yaml'],
      [
        'kubernetes/prometheus-operator__kube-prometheus/manifests/grafana-dashboardDatasources.yaml',
        'datasources.yaml',
      ],
      [
        'kubernetes/prometheus-operator__kube-prometheus/manifests/grafana-dashboardSources.yaml',
        'dashboards.yaml',
      ],
    ];
    for (const [file, key] of embedded) {
      const docs = parseAllDocuments(readFileSync(path.join(corpusDir(), file), 'utf8'));
      const texts = docs.flatMap((d) => {
        const value: unknown = d.getIn(['data', key]) ?? d.getIn(['stringData', key]);
        return typeof value === 'string' ? [value] : [];
      });
      assert.equal(texts.length, 1, `${file} ${key}`);
      const text = texts[0] ?? '';
      assert.deepEqual(validator.formatsOf(key, text), ['grafana-provisioning'], `${file} ${key}`);
      assert.deepEqual(check(text, key), [], `${file} ${key}`);
    }
  });
});
