import * as assert from 'node:assert/strict';
import { classifyFile } from '../../../src/common/classify';
import { parseYaml } from '../../../src/common/yamlModel';
import { extractFileFacts, type FileFacts } from '../../../src/workspace/core/fileFacts';
import type { TextRange } from '../../../src/workspace/core/yamlNodes';
import { factsOf, yaml } from './repo';

function factsFor(path: string, text: string): FileFacts {
  const facts = factsOf({ [path]: text }).get(path);
  assert.ok(facts !== undefined);
  return facts;
}

function at(text: string, range: TextRange | undefined): string | undefined {
  return range === undefined ? undefined : text.slice(range[0], range[1]);
}

describe('file facts', () => {
  it('keeps the identity, labels and ranges of every Kubernetes resource of a stream', () => {
    const text = yaml(
      '# leading comment',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: app-config',
      '  namespace: shop',
      '  labels: {app: web, "version": 1.10}',
      'data: {A: "1", B: "2"}',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: "web"',
      'spec:',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      serviceAccountName: web',
      '      containers: [{name: web, image: web, envFrom: [{configMapRef: {name: app-config}}]}]',
      '',
    );
    const facts = factsFor('k8s/app.yaml', text);
    const [configMap, deployment] = facts.kubernetes;
    assert.equal(facts.kubernetes.length, 2);
    assert.deepEqual(
      [configMap?.apiVersion, configMap?.kind, configMap?.name, configMap?.namespace],
      ['v1', 'ConfigMap', 'app-config', 'shop'],
    );
    assert.deepEqual(configMap?.labels, { app: 'web', version: '1.10' });
    assert.deepEqual(configMap.dataKeys, ['A', 'B']);
    assert.equal(at(text, configMap.nameRange), 'app-config');
    assert.ok(at(text, configMap.range)?.startsWith('apiVersion: v1'));
    assert.ok(at(text, configMap.range)?.endsWith('B: "2"}'));
    assert.equal(deployment?.documentIndex, 1);
    assert.equal(deployment.namespace, undefined);
    assert.equal(at(text, deployment.nameRange), 'web');
    assert.deepEqual(deployment.podLabels, [{ labels: { app: 'web' }, inferred: false }]);
    assert.deepEqual(deployment.podSelector?.matchLabels, { app: 'web' });
    assert.deepEqual(
      deployment.references.map((r) => [r.kind, r.name, r.via, at(text, r.range)]),
      [
        ['ConfigMap', 'app-config', 'envFrom', 'app-config'],
        ['ServiceAccount', 'web', 'serviceAccountName', 'web'],
      ],
    );
  });

  it('says what the Infrastructure Files view lists each file as, as classifyFile does', () => {
    const cases: [string, string, string | undefined][] = [
      [
        'k8s/cm.yaml',
        yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: a}'),
        'kubernetes',
      ],
      ['deploy/compose.yaml', yaml('services:', '  web: {image: nginx}'), 'compose'],
      ['.github/workflows/ci.yml', yaml('on: push', 'jobs: {}'), 'github-workflow'],
      ['alerts/rules.yaml', yaml('groups:', '- name: a', '  rules: []'), 'prometheus-rules'],
      ['overlays/kustomization.yaml', yaml('resources: [a.yaml]'), 'kustomization'],
      ['notes/todo.yaml', yaml('- buy milk'), undefined],
    ];
    for (const [path, text, kind] of cases) {
      assert.equal(factsFor(path, text).kind, kind, path);
      assert.equal(classifyFile(path, { yaml: parseYaml(text) }), kind, path);
    }
  });

  it('reads the items of a List and of typed lists', () => {
    const text = yaml(
      'apiVersion: v1',
      'kind: ConfigMapList',
      'items:',
      '  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}',
      '  - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}',
    );
    const facts = factsFor('k8s/list.yaml', text);
    assert.deepEqual(
      facts.kubernetes.map((r) => [r.name, at(text, r.range)]),
      [
        ['a', '{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}'],
        ['b', '{apiVersion: v1, kind: ConfigMap, metadata: {name: b}}'],
      ],
    );
  });

  it('reads kustomizations by path, not as Kubernetes objects', () => {
    const text = yaml(
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'namespace: shop',
      'resources: [deployment.yaml, ../base]',
      'configMapGenerator:',
      '  - name: settings',
      '    literals: [MODE=fast]',
      '    files: [config/app.properties, extra=more.txt]',
      'secretGenerator:',
      '  - {name: creds, envs: [creds.env]}',
    );
    const facts = factsFor('k8s/kustomization.yaml', text);
    assert.deepEqual(facts.kubernetes, []);
    assert.equal(facts.kustomization?.namespace?.value, 'shop');
    assert.deepEqual(
      facts.kustomization.resources.map((r) => r.value),
      ['deployment.yaml', '../base'],
    );
    assert.deepEqual(
      facts.kustomization.generated.map((g) => [g.kind, g.name, g.keys, at(text, g.range)]),
      [
        ['ConfigMap', 'settings', ['MODE', 'app.properties', 'extra'], 'settings'],
        ['Secret', 'creds', undefined, 'creds'],
      ],
    );
  });

  it('keeps workflows, actions, Compose services, rules and runbooks', () => {
    const workflow = yaml(
      'name: CI',
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps: [{uses: actions/checkout@v4}, {uses: ./.github/actions/setup}]',
      '  deploy:',
      '    needs: build',
      '    uses: ./.github/workflows/deploy.yml',
    );
    const ci = factsFor('.github/workflows/ci.yml', workflow);
    assert.equal(ci.workflows[0]?.name, 'CI');
    assert.deepEqual(
      ci.workflows[0].jobs.map((j) => [j.id, at(workflow, j.range), j.needs, j.uses?.value]),
      [
        ['build', 'build', [], undefined],
        ['deploy', 'deploy', ['build'], './.github/workflows/deploy.yml'],
      ],
    );
    assert.deepEqual(
      ci.workflows[0].jobs[0]?.stepUses.map((u) => at(workflow, u.range)),
      ['actions/checkout@v4', './.github/actions/setup'],
    );

    const compose = yaml(
      'services:',
      '  web: {image: nginx, depends_on: [db]}',
      '  db: {image: postgres}',
    );
    assert.deepEqual(
      factsFor('compose.yaml', compose).compose[0]?.services.map((s) => [
        s.name,
        s.image,
        s.dependsOn,
      ]),
      [
        ['web', 'nginx', ['db']],
        ['db', 'postgres', []],
      ],
    );

    const rules = yaml(
      'groups:',
      '  - name: g',
      '    rules:',
      '      - {record: "job:up:sum", expr: sum(up)}',
      '      - {alert: Down, expr: up == 0, annotations: {runbook_url: runbooks/down.md}}',
    );
    const ruleFacts = factsFor('rules.yaml', rules);
    assert.equal(ruleFacts.holdsRules, true);
    assert.deepEqual(
      ruleFacts.rules.map((r) => [
        r.type,
        r.name,
        r.group,
        at(rules, r.range),
        r.runbookUrl?.value,
      ]),
      [
        ['record', 'job:up:sum', 'g', 'job:up:sum', undefined],
        ['alert', 'Down', 'g', 'Down', 'runbooks/down.md'],
      ],
    );
    assert.equal(factsFor('empty.rules.yaml', 'groups: []\n').holdsRules, true);

    const runbook = yaml(
      'apiVersion: runbooks/v1',
      'kind: Runbook',
      'metadata: {name: down, service: web, owners: [a]}',
      'spec: {summary: s, alerts: [Down, Other], steps: []}',
    );
    const book = factsFor('runbooks/down.yaml', runbook).runbooks[0];
    assert.equal(book?.name?.value, 'down');
    assert.equal(book.service, 'web');
    assert.deepEqual(
      book.alerts.map((a) => at(runbook, a.range)),
      ['Down', 'Other'],
    );
  });

  it('reads aliases and merge keys, and keeps odd label keys as data', () => {
    const text = yaml(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  labels: &labels {app: web, __proto__: x, constructor: y}',
      'spec:',
      '  template:',
      '    metadata:',
      '      labels:',
      '        <<: *labels',
      '        tier: front',
      '        app: overridden',
    );
    const [resource] = factsFor('k8s/web.yaml', text).kubernetes;
    assert.equal(resource?.labels.__proto__, 'x');
    assert.equal(Object.getPrototypeOf(resource.labels), Object.prototype);
    assert.deepEqual(Object.entries(resource.podLabels[0]?.labels ?? {}), [
      ['app', 'overridden'],
      ['__proto__', 'x'],
      ['constructor', 'y'],
      ['tier', 'front'],
    ]);
  });

  it('never throws on odd shapes, and skips documents that do not parse', () => {
    const odd = yaml(
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: 8080, namespace: [a], labels: [x]}',
      'spec: {selector: [app, web], ports: {port: 80}}',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: *missing}',
      'spec: {template: {spec: {containers: {a: 1}, volumes: [null, 3, {configMap: []}]}}}',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: broken',
    );
    const facts = factsFor('k8s/odd.yaml', odd);
    assert.deepEqual(
      facts.kubernetes.map((r) => [r.kind, r.name, r.namespace, r.podSelector]),
      [
        ['Service', '8080', undefined, undefined],
        ['Deployment', undefined, undefined, undefined],
      ],
    );
    const model = parseYaml('a: [1, 2');
    assert.deepEqual(extractFileFacts('x.yaml', model, ['kubernetes']).kubernetes, []);
  });

  it('reads documents with a duplicate key (the editor reports the key)', () => {
    const text = yaml(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      'data: {}',
      'data: {}',
    );
    assert.equal(factsFor('k8s/dup.yaml', text).kubernetes[0]?.name, 'a');
  });
});
