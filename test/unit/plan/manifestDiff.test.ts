import * as assert from 'node:assert/strict';
import { compareManifests } from '../../../src/plan/core/manifestChanges';
import { diffFields } from '../../../src/plan/core/manifestFieldDiff';
import {
  describeIdentity,
  isHelmTemplate,
  readManifestResources,
} from '../../../src/plan/core/manifestResources';

const deployment = (image: string, extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: ${image}
          args: [--port, "8080"]
        - name: sidecar
          image: envoy:1
${extra}`;

describe('Kubernetes manifest resources', () => {
  it('reads every document of a stream with its identity and line', () => {
    const text = `# leading comment
${deployment('nginx:1')}---
apiVersion: v1
kind: Service
metadata: {name: web}
---
just: some yaml
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
`;
    const { resources, problems } = readManifestResources('k8s/app.yaml', text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      resources.map((r) => [describeIdentity(r.identity), r.location.line, r.apiVersion]),
      [
        ['Deployment.apps shop/web', 2, 'apps/v1'],
        ['Service web', 18, 'v1'],
        ['ClusterRole.rbac.authorization.k8s.io reader', 24, 'rbac.authorization.k8s.io/v1'],
      ],
    );
  });

  it('reads the items of a List, each at its own line', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: a}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: b, namespace: ns}
`;
    const { resources } = readManifestResources('list.yaml', text);
    assert.deepEqual(
      resources.map((r) => [describeIdentity(r.identity), r.location.line]),
      [
        ['ConfigMap a', 4],
        ['ConfigMap ns/b', 7],
      ],
    );
  });

  it('reports a document that does not parse with its line, and reads the others', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: {name: fine}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
data: {a: [1, 2}
`;
    const { resources, problems } = readManifestResources('bad.yaml', text);
    assert.deepEqual(
      resources.map((r) => r.identity.name),
      ['fine'],
    );
    const [first] = problems;
    assert.ok(first !== undefined);
    assert.equal(first.file, 'bad.yaml');
    assert.equal(first.line, 9);
  });

  it('skips Helm templates with a note, and only those', () => {
    const template = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n';
    assert.ok(isHelmTemplate('charts/web/templates/cm.yaml', template));
    assert.ok(!isHelmTemplate('charts/web/values.yaml', template));
    assert.ok(!isHelmTemplate('charts/web/templates/plain.yaml', 'a: 1\n'));
    const read = readManifestResources('charts/web/templates/cm.yaml', template);
    assert.deepEqual(read.resources, []);
    assert.match(read.skipped ?? '', /Helm template/);
  });
});

describe('Kubernetes field diff', () => {
  const read = (text: string) => {
    const [r] = readManifestResources('x.yaml', text).resources;
    assert.ok(r !== undefined);
    return r.value;
  };

  it('sees no change in reordered keys, formatting and comments', () => {
    const a = read(deployment('nginx:1'));
    const b = read(`kind: Deployment
metadata: {namespace: shop, name: web}   # moved around
apiVersion: apps/v1
spec:
  template:
    spec:
      containers:
      - image: nginx:1
        args:
          - --port
          - '8080'
        name: app
      - {name: sidecar, image: "envoy:1"}
  replicas: 2
`);
    assert.deepEqual(diffFields(a, b), []);
  });

  it('reports a changed image as one field change, by container name', () => {
    assert.deepEqual(diffFields(read(deployment('nginx:1')), read(deployment('nginx:2'))), [
      {
        path: 'spec.template.spec.containers[name=app].image',
        change: 'changed',
        before: 'nginx:1',
        after: 'nginx:2',
      },
    ]);
  });

  it('matches named list items by name, not position', () => {
    const before = { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b' }] } };
    const after = {
      spec: { containers: [{ name: 'c', image: '3' }, { name: 'b' }, { name: 'a', image: '2' }] },
    };
    assert.deepEqual(diffFields(before, after), [
      { path: 'spec.containers[name=a].image', change: 'changed', before: '1', after: '2' },
      { path: 'spec.containers[name=c]', change: 'added', after: { name: 'c', image: '3' } },
    ]);
  });

  it('falls back to indexes for unnamed items and compares scalar lists whole', () => {
    const before = { rules: [{ host: 'a' }, { host: 'b' }], args: ['x', 'y'] };
    const after = { rules: [{ host: 'a' }, { host: 'c' }, { host: 'd' }], args: ['x', 'z', 'y'] };
    assert.deepEqual(diffFields(before, after), [
      { path: 'args', change: 'changed', before: ['x', 'y'], after: ['x', 'z', 'y'] },
      { path: 'rules[1].host', change: 'changed', before: 'b', after: 'c' },
      { path: 'rules[2]', change: 'added', after: { host: 'd' } },
    ]);
  });

  it('quotes keys that are not identifiers and diffs multi-line strings by line', () => {
    const before = {
      metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
      data: { 'nginx.conf': 'a\nb\nc\n' },
    };
    const after = {
      metadata: { labels: {} },
      data: { 'nginx.conf': 'a\nB\nc\n' },
    };
    const fields = diffFields(before, after);
    assert.deepEqual(
      fields.map((f) => [f.path, f.change]),
      [
        ['data["nginx.conf"]', 'changed'],
        ['metadata.labels["app.kubernetes.io/name"]', 'removed'],
      ],
    );
    assert.deepEqual(fields[0]?.lines, [
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'B' },
      { op: ' ', text: 'c' },
    ]);
  });

  it("masks a Secret's data, stringData and last-applied copy, saying only what changed", () => {
    const before = {
      data: { user: 'YWRtaW4=', password: 'b2xkLXNlY3JldA==' },
      stringData: { token: 'old-token-value' },
      metadata: {
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"password":"x1"}' },
      },
    };
    const after = {
      data: { user: 'YWRtaW4=', password: 'bmV3LXNlY3JldA==', extra: 'ZXh0cmE=' },
      metadata: {
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"password":"x2"}' },
      },
    };
    const fields = diffFields(before, after, { secret: true });
    assert.deepEqual(fields, [
      { path: 'data.extra', change: 'added', sensitive: true },
      { path: 'data.password', change: 'changed', sensitive: true },
      {
        path: 'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
        change: 'changed',
        sensitive: true,
      },
      { path: 'stringData.token', change: 'removed', sensitive: true },
    ]);
    const text = JSON.stringify(fields);
    for (const secret of ['b2xk', 'bmV3', 'ZXh0cmE', 'old-token-value', 'x1', 'x2']) {
      assert.ok(!text.includes(secret), secret);
    }
    // The same fields of another kind are shown.
    assert.ok(JSON.stringify(diffFields(before, after)).includes('bmV3LXNlY3JldA=='));
  });
});

describe('Kubernetes comparison by identity', () => {
  const resources = (file: string, text: string) => readManifestResources(file, text).resources;
  const cm = (name: string, value: string, namespace = 'shop') =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${namespace}}\ndata: {k: "${value}"}\n`;

  it('counts a resource moved to another file as unchanged, and lists the move', () => {
    const base = resources('a.yaml', `${cm('one', '1')}---\n${cm('two', '2')}`);
    const head = [...resources('a.yaml', cm('one', '1')), ...resources('b.yaml', cm('two', '2'))];
    const result = compareManifests(base, head);
    assert.deepEqual(result.changes, []);
    assert.deepEqual(result.counts, { add: 0, change: 0, remove: 0, moved: 1, unchanged: 2 });
    assert.deepEqual(result.moved, [
      {
        identity: { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'two' },
        title: 'ConfigMap shop/two',
        base: { file: 'a.yaml', line: 6 },
        head: { file: 'b.yaml', line: 1 },
      },
    ]);
  });

  it('tells added, removed and changed apart; removes first', () => {
    const base = resources('a.yaml', `${cm('keep', '1')}---\n${cm('gone', '1')}`);
    const head = resources('a.yaml', `${cm('keep', '2')}---\n${cm('new', '1')}`);
    const result = compareManifests(base, head);
    assert.deepEqual(
      result.changes.map((c) => [c.action, c.title, c.fields.length]),
      [
        ['remove', 'ConfigMap shop/gone', 0],
        ['change', 'ConfigMap shop/keep', 1],
        ['add', 'ConfigMap shop/new', 0],
      ],
    );
    assert.deepEqual(result.counts, { add: 1, change: 1, remove: 1, moved: 0, unchanged: 0 });
  });

  it('matches across API versions of the same group, and not across namespaces', () => {
    const v1beta = `apiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: w}\nspec: {replicas: 1}\n`;
    const v1 = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec: {replicas: 1}\n`;
    const result = compareManifests(resources('a.yaml', v1beta), resources('a.yaml', v1));
    assert.deepEqual(
      result.changes.map((c) => [c.action, c.fields.map((f) => f.path)]),
      [['change', ['apiVersion']]],
    );
    const moved = compareManifests(
      resources('a.yaml', cm('x', '1', 'one')),
      resources('a.yaml', cm('x', '1', 'two')),
    );
    assert.deepEqual(
      moved.changes.map((c) => c.action),
      ['remove', 'add'],
    );
  });

  it('pairs the same object in several overlays by content, so moving them changes nothing', () => {
    const base = [
      ...resources('overlays/prod/cm.yaml', cm('app', 'prod')),
      ...resources('overlays/dev/cm.yaml', cm('app', 'dev')),
    ];
    const head = [
      ...resources('envs/a/cm.yaml', cm('app', 'dev')),
      ...resources('envs/b/cm.yaml', cm('app', 'prod')),
    ];
    const result = compareManifests(base, head);
    assert.deepEqual(result.changes, []);
    assert.equal(result.counts.moved, 2);
  });
});
