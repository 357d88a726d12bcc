import * as assert from 'node:assert/strict';
import { KubernetesPreviewData } from '../../../src/plan/core/kubernetesPreviewData';
import { manifestChangesFromGit } from '../../../src/plan/core/manifestChangesFromGit';
import { parseWebviewMessage } from '../../../src/plan/protocol';
import {
  buildKubernetesRows,
  kubernetesCountsOf,
  kubernetesMatcher,
  type KubernetesRowOptions,
} from '../../../src/plan/webview/kubernetesRows';
import type { Row } from '../../../src/plan/webview/planRows';
import { TempRepo } from '../git/tempRepo';

const deployment = (name: string, namespace: string, image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: ${image}
`;

const configMap = (name: string, namespace: string): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: ${namespace}
data:
  key: value
`;

const secret = (password: string, token: string): string => `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"${password}"}}'
stringData:
  password: ${password}
data:
  token: ${token}
`;

const secretValues = [
  'hunter2-base',
  'aHVudGVyMi1iYXNl',
  'hunter2-head',
  'aHVudGVyMi1oZWFk',
  'gone-secret-value',
  'Z29uZQ',
];

function options(overrides: Partial<KubernetesRowOptions> = {}): KubernetesRowOptions {
  return {
    groupBy: 'namespace',
    filter: '',
    collapsed: new Set(),
    expanded: new Set(),
    ...overrides,
  };
}

const rowText = (rows: readonly Row[]): string[] =>
  rows.map((r) => {
    switch (r.kind) {
      case 'section':
      case 'group':
        return `${'  '.repeat(r.depth)}[${r.label}] ${r.count}`;
      case 'manifest':
        return `${'  '.repeat(r.depth)}${r.resource.action} ${r.resource.title}`;
      case 'value':
        return `${'  '.repeat(r.depth)}${r.symbol} ${r.label}: ${r.before} | ${r.after}`;
      case 'note':
        return `${'  '.repeat(r.depth)}note ${r.text}`;
      default:
        return `${'  '.repeat(r.depth)}${r.kind}`;
    }
  });

describe('Kubernetes preview view model', () => {
  const repos: TempRepo[] = [];
  after(() => {
    for (const r of repos) {
      r.remove();
    }
  });

  /** main: web, api (shop), cache (ops), a Secret, and a Secret to remove; then the changes. */
  async function changedRepo(): Promise<{ repo: TempRepo; data: KubernetesPreviewData }> {
    const repo = new TempRepo();
    repos.push(repo);
    repo.write('k8s/web.yaml', deployment('web', 'shop', 'nginx:1.25'));
    repo.write('k8s/api.yaml', deployment('api', 'shop', 'api:1'));
    repo.write('k8s/ops.yaml', `${configMap('cache', 'ops')}---\n${configMap('old', 'ops')}`);
    repo.write('k8s/secret.yaml', secret('hunter2-base', 'aHVudGVyMi1iYXNl'));
    repo.write(
      'k8s/gone.yaml',
      secret('gone-secret-value', 'Z29uZQ==').replace('name: db', 'name: gone'),
    );
    repo.commit('base');
    // An image change, a move to another file, an add, removals, a Secret change.
    repo.write('k8s/web.yaml', deployment('web', 'shop', 'nginx:1.27'));
    repo.remove('k8s/api.yaml');
    repo.write('k8s/apps/api.yaml', deployment('api', 'shop', 'api:1'));
    repo.write('k8s/ops.yaml', `${configMap('cache', 'ops')}---\n${configMap('new', 'ops')}`);
    repo.write('k8s/secret.yaml', secret('hunter2-head', 'aHVudGVyMi1oZWFk'));
    repo.remove('k8s/gone.yaml');
    const report = await manifestChangesFromGit({ folder: repo.root, base: 'main' });
    return { repo, data: new KubernetesPreviewData(report, 'repo') };
  }

  it('summarises adds, changes, removals and moves, removals first', async () => {
    const { data } = await changedRepo();
    const v = data.view;
    assert.equal(v.headline, 'Kubernetes: 1 to add, 2 to change, 2 to remove, 1 moved');
    assert.deepEqual(v.counts, { add: 1, change: 2, remove: 2, moved: 1 });
    assert.deepEqual(
      v.resources.map((r) => `${r.action} ${r.title}`),
      [
        'remove ConfigMap ops/old',
        'remove Secret shop/gone',
        'change Deployment.apps shop/web',
        'change Secret shop/db',
        'add ConfigMap ops/new',
      ],
    );
    const web = v.resources.find((r) => r.name === 'web');
    assert.deepEqual(
      web?.fields.map((f) => [f.path, f.before, f.after]),
      [['spec.template.spec.containers[name=app].image', '"nginx:1.25"', '"nginx:1.27"']],
    );
    assert.deepEqual(
      v.moved.map((m) => [m.title, m.from, m.to]),
      [['Deployment.apps shop/api', 'k8s/api.yaml:1', 'k8s/apps/api.yaml:1']],
    );
    assert.deepEqual(kubernetesCountsOf(v), {
      resources: 5,
      add: 1,
      change: 2,
      destroy: 2,
      replace: 0,
      import: 0,
      move: 1,
      drift: 0,
      outputs: 0,
    });
  });

  it('never holds a Secret value: only (sensitive)', async () => {
    const { data } = await changedRepo();
    const json = JSON.stringify(data.view);
    for (const value of secretValues) {
      assert.ok(!json.includes(value), `${value} in the view model`);
    }
    const db = data.view.resources.find((r) => r.title === 'Secret shop/db');
    assert.deepEqual(
      db?.fields.map((f) => [f.path, f.before, f.after, f.sensitive]),
      [
        ['data.token', '(sensitive)', '(sensitive)', true],
        [
          'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
          '(sensitive)',
          '(sensitive)',
          true,
        ],
        ['stringData.password', '(sensitive)', '(sensitive)', true],
      ],
    );
    // Every resource open: the rows the webview draws hold no value either.
    const rows = buildKubernetesRows(
      data.view,
      options({ expanded: new Set(data.view.resources.map((r) => r.id)) }),
    );
    const drawn = JSON.stringify(rows);
    for (const value of secretValues) {
      assert.ok(!drawn.includes(value), `${value} in the rows`);
    }
    assert.ok(drawn.includes('(sensitive)'));
  });

  it('maps each resource to where jump to source opens it', async () => {
    const { data } = await changedRepo();
    const v = data.view;
    const at = (title: string) => {
      const r = v.resources.find((x) => x.title === title);
      assert.ok(r, title);
      return data.target(r.target);
    };
    assert.deepEqual(at('ConfigMap ops/new'), {
      side: 'working tree',
      file: 'k8s/ops.yaml',
      line: 9,
    });
    // Removed: only the base has it.
    assert.deepEqual(at('Secret shop/gone'), { side: 'base', file: 'k8s/gone.yaml', line: 1 });
    assert.deepEqual(data.target(v.moved[0]?.target ?? -1), {
      side: 'working tree',
      file: 'k8s/apps/api.yaml',
      line: 1,
    });
    assert.equal(data.target(999), undefined);
    assert.equal(data.target(0.5), undefined);
  });

  it('groups by namespace or kind, removals first, and filters', async () => {
    const { data } = await changedRepo();
    const web = data.view.resources.find((r) => r.name === 'web');
    assert.ok(web);
    const byNamespace = buildKubernetesRows(data.view, options({ expanded: new Set([web.id]) }));
    assert.deepEqual(rowText(byNamespace), [
      '[Resource changes] 5',
      '  [ops] 2',
      '    remove ConfigMap ops/old',
      '    add ConfigMap ops/new',
      '  [shop] 3',
      '    remove Secret shop/gone',
      '    change Deployment.apps shop/web',
      '      ~ spec.template.spec.containers[name=app].image: "nginx:1.25" | "nginx:1.27"',
      '    change Secret shop/db',
      '[Moved to another file, unchanged] 1',
      '  note Deployment.apps shop/api: k8s/api.yaml:1 → k8s/apps/api.yaml:1',
    ]);
    const byKind = buildKubernetesRows(data.view, options({ groupBy: 'kind' }));
    assert.deepEqual(
      rowText(byKind).filter((t) => t.startsWith('  [')),
      ['  [ConfigMap] 2', '  [Secret] 2', '  [Deployment.apps] 1'],
    );
    const filtered = buildKubernetesRows(data.view, options({ filter: 'action:remove' }));
    assert.equal(
      filtered[0]?.kind === 'section' ? filtered[0].label : '',
      'Resource changes (2 of 5 match)',
    );
    assert.ok(kubernetesMatcher('kind:deploy ns:shop')(web));
    assert.ok(!kubernetesMatcher('ns:ops')(web));
    assert.ok(kubernetesMatcher('web.yaml')(web));
  });

  it('lists problems with file:line and says when nothing changed', async () => {
    const repo = new TempRepo();
    repos.push(repo);
    repo.write('k8s/web.yaml', deployment('web', 'shop', 'nginx:1'));
    repo.commit('base');
    repo.write('k8s/broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n');
    const report = await manifestChangesFromGit({ folder: repo.root, base: 'main' });
    const data = new KubernetesPreviewData(report, 'repo');
    assert.equal(data.view.noChanges, true);
    assert.match(
      data.view.headline,
      /^No Kubernetes changes between main \([0-9a-f]{12}\) and the working tree\.$/,
    );
    assert.equal(data.view.problems.length, 1);
    assert.match(
      data.view.problems[0]?.text ?? '',
      /^k8s\/broken\.yaml:\d+:\d+ \(working tree\): /,
    );
    const rows = rowText(buildKubernetesRows(data.view, options()));
    assert.equal(rows[1], `  note ${data.view.headline}`);
    assert.ok(rows.includes('[Could not be parsed] 1'));
  });

  it('accepts openManifest and a kubernetes ready message from the webview', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'openManifest', target: 3 }), {
      type: 'openManifest',
      target: 3,
    });
    assert.equal(parseWebviewMessage({ type: 'openManifest', target: -1 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'openManifest', target: '3' }), undefined);
    const counts = kubernetesCountsOf({
      title: '',
      base: '',
      scope: '',
      noChanges: true,
      headline: '',
      counts: { add: 0, change: 0, remove: 0, moved: 0 },
      files: 0,
      resources: [],
      moved: [],
      problems: [],
      notes: [],
    });
    assert.equal(
      parseWebviewMessage({ type: 'ready', view: 'kubernetes', headline: 'K', counts })?.type,
      'ready',
    );
    assert.equal(
      parseWebviewMessage({ type: 'ready', view: 'helm', headline: 'K', counts }),
      undefined,
    );
  });
});
