import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';
import { corpusDir } from '../../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

const file = 'grafana/dashboards/shop.json';

/** A small dashboard as Grafana 11 exports it (for provisioning, not "for sharing externally"). */
const dashboard = {
  annotations: { list: [] },
  editable: true,
  graphTooltip: 1,
  id: null,
  uid: 'shop-overview',
  title: 'Shop overview',
  tags: ['shop'],
  time: { from: 'now-6h', to: 'now' },
  refresh: '30s',
  schemaVersion: 39,
  version: 3,
  templating: {
    list: [{ name: 'namespace', type: 'query', query: 'label_values(up, namespace)' }],
  },
  panels: [
    {
      id: 1,
      type: 'timeseries',
      title: 'Requests',
      gridPos: { h: 8, w: 12, x: 0, y: 0 },
      targets: [{ expr: 'sum(rate(http_requests_total[5m]))', refId: 'A' }],
    },
    {
      id: 2,
      type: 'row',
      title: 'Details',
      collapsed: true,
      gridPos: { h: 1, w: 24, x: 0, y: 8 },
      panels: [{ id: 3, type: 'stat', title: 'Errors', gridPos: { h: 4, w: 6, x: 0, y: 9 } }],
    },
  ],
};

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function check(text: string, at = file): [string, string][] {
  return validator
    .validate(at, text)
    .problems.map((p) => [`${p.source}/${p.code}`, text.slice(p.start, p.end)]);
}

describe('Grafana dashboards', () => {
  it('is recognised in .json files by panels (or rows) with a title or schemaVersion', () => {
    assert.deepEqual(validator.formatsOf(file, json(dashboard)), ['grafana-dashboard']);
    assert.deepEqual(validator.formatsOf('anywhere/legacy.json', json({ title: 't', rows: [] })), [
      'grafana-dashboard',
    ]);
    // Not JSON files, not without panels, not with a Kubernetes envelope.
    assert.deepEqual(validator.formatsOf('dash.yaml', json(dashboard)), [undefined]);
    assert.deepEqual(validator.formatsOf(file, json({ title: 'x', uid: 'y' })), [undefined]);
    assert.deepEqual(
      validator.formatsOf(file, json({ apiVersion: 'v1', kind: 'ConfigMap', panels: [] })),
      ['kubernetes'],
    );
  });

  it('validates an exported dashboard clean', () => {
    assert.deepEqual(check(json(dashboard)), []);
  });

  it('reports what breaks a provisioned dashboard: no uid, bad uid, no title, bad layout, duplicates, __inputs', () => {
    const without = (key: string): Record<string, unknown> =>
      Object.fromEntries(Object.entries(dashboard).filter(([k]) => k !== key));
    assert.deepEqual(check(json(without('uid'))), [
      ['grafana/missing-dashboard-uid', '"Shop overview"'],
    ]);
    assert.deepEqual(check(json({ ...without('title'), uid: 'shop overview/1' })), [
      ['grafana/missing-property', '"annotations"'],
      ['grafana/invalid-value', '"shop overview/1"'],
    ]);
    const broken = {
      __inputs: [{ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }],
      ...dashboard,
      templating: { list: [{ name: 'namespace' }, { name: 'namespace', type: 'custom' }] },
      panels: [
        { ...dashboard.panels[0], gridPos: { h: 8, w: 30, x: 0, y: 0 } },
        { ...dashboard.panels[1], panels: [{ id: 1, type: 'stat' }] },
      ],
    };
    assert.deepEqual(check(json(broken)), [
      ['grafana/dashboard-exported-for-sharing', '"__inputs"'],
      ['grafana/duplicate-variable', '"namespace"'],
      ['grafana/schema', '30'],
      ['grafana/duplicate-panel-id', '1'],
    ]);
    const problems = validator.validate(file, json(broken)).problems;
    assert.match(problems[1]?.message ?? '', /already defined \(line \d+\)/);
    assert.equal(problems[0]?.severity, 'warning');
  });

  it('validates every dashboard of the corpus (kube-prometheus, Istio, in ConfigMaps) with no error', () => {
    const files = [
      'kubernetes/prometheus-operator__kube-prometheus/manifests/grafana-dashboardDefinitions.yaml',
      'kubernetes/istio__istio/samples/addons/grafana.yaml',
    ];
    let dashboards = 0;
    for (const source of files) {
      for (const doc of parseAllDocuments(readFileSync(path.join(corpusDir(), source), 'utf8'))) {
        const items: unknown = doc.toJS();
        const configMaps = (items as { items?: unknown[] }).items ?? [items];
        for (const configMap of configMaps) {
          const data = (configMap as { data?: Record<string, unknown> } | null)?.data ?? {};
          for (const [key, text] of Object.entries(data)) {
            if (!key.endsWith('.json') || typeof text !== 'string') {
              continue;
            }
            const at = `dashboards/${key}`;
            if (validator.formatsOf(at, text)[0] !== 'grafana-dashboard') {
              continue;
            }
            dashboards++;
            const errors = validator
              .validate(at, text)
              .problems.filter((p) => p.severity === 'error')
              .map((p) => `${p.code}: ${p.message}`);
            assert.deepEqual(errors, [], `${source} ${key}`);
          }
        }
      }
    }
    assert.ok(dashboards >= 33, `only ${dashboards} dashboards found`);
  });
});
