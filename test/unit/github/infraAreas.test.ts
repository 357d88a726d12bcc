import * as assert from 'node:assert/strict';
import { infraAreasOf, touchesKubernetes } from '../../../src/github/core/infraAreas';

const deployment = (namespace?: string): string =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: ingest',
    ...(namespace === undefined ? [] : [`  namespace: ${namespace}`]),
    'spec:',
    '  replicas: 2',
  ].join('\n');

describe('infrastructure areas of a pull request', () => {
  it('groups Kubernetes manifests by the namespaces they name, by folder when unreadable', () => {
    const areas = infraAreasOf([
      { path: 'k8s/ingest/deployment.yaml', status: 'modified', text: deployment('ingest') },
      {
        path: 'k8s/shared/two.yaml',
        status: 'added',
        text: `${deployment('ingest')}\n---\n${deployment('billing').replace('ingest', 'api')}`,
      },
      { path: 'k8s/default/pod.yaml', status: 'modified', text: deployment() },
      { path: 'k8s/unread/service.yaml', status: 'removed' },
    ]);
    assert.deepEqual(
      areas.map((a) => [a.kind, a.label, a.files]),
      [
        ['kubernetes-namespace', 'namespace billing', ['k8s/shared/two.yaml']],
        [
          'kubernetes-namespace',
          'namespace ingest',
          ['k8s/ingest/deployment.yaml', 'k8s/shared/two.yaml'],
        ],
        ['kubernetes-folder', 'k8s/default', ['k8s/default/pod.yaml']],
        ['kubernetes-folder', 'k8s/unread', ['k8s/unread/service.yaml']],
      ],
    );
    assert.equal(touchesKubernetes(areas), true);
  });

  it('names Terraform folders, workflows, runbooks, rules, charts; skips other files', () => {
    const areas = infraAreasOf([
      { path: 'terraform/prod/main.tf', status: 'modified' },
      { path: 'terraform/prod/variables.tf', status: 'modified' },
      { path: 'terraform/staging/main.tf', status: 'added' },
      { path: '.github/workflows/plan.yml', status: 'modified' },
      { path: 'runbooks/disk-pressure.yaml', status: 'added' },
      {
        path: 'monitoring/alerts.yaml',
        status: 'modified',
        text: 'groups:\n  - name: disk\n    rules:\n      - alert: DiskFull\n        expr: up == 0\n',
      },
      { path: 'charts/ingest/templates/deployment.yaml', status: 'modified' },
      { path: 'README.md', status: 'modified' },
      { path: 'src/app.ts', status: 'modified' },
    ]);
    assert.deepEqual(
      areas.map((a) => `${a.kindLabel}: ${a.label} (${String(a.files.length)})`),
      [
        'Helm chart: charts/ingest (1)',
        'Terraform folder: terraform/prod (2)',
        'Terraform folder: terraform/staging (1)',
        'GitHub Actions workflow: .github/workflows/plan.yml (1)',
        'Prometheus rules: monitoring/alerts.yaml (1)',
        'Runbook: runbooks/disk-pressure.yaml (1)',
      ],
    );
    assert.equal(touchesKubernetes(areas.filter((a) => a.kind !== 'helm-chart')), false);
  });

  it('reads a runbook and a manifest with a syntax error without throwing', () => {
    const areas = infraAreasOf([
      {
        path: 'ops/disk.yaml',
        status: 'added',
        text: 'apiVersion: runbooks/v1\nkind: Runbook\nmetadata:\n  name: disk\n',
      },
      { path: 'k8s/broken.yaml', status: 'modified', text: 'apiVersion: v1\nkind: [unclosed\n' },
    ]);
    assert.deepEqual(
      areas.map((a) => [a.kind, a.label]),
      [
        ['kubernetes-folder', 'k8s'],
        ['runbook', 'ops/disk.yaml'],
      ],
    );
  });

  it('is empty for a pull request that touches no infrastructure', () => {
    assert.deepEqual(infraAreasOf([{ path: 'docs/index.md', status: 'modified' }]), []);
  });
});
