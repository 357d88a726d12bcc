import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, parse } from 'yaml';
import { parseYaml } from '../../../src/common/yamlModel';
import { documentSymbols, type OutlineSymbol } from '../../../src/validation/core/documentSymbols';
import { corpusDir, listFiles } from '../corpus';

const selected = (text: string, s: OutlineSymbol): string =>
  text.slice(s.selectionStart, s.selectionEnd);

/** Every symbol's selection lies in its range, and every child's range in its parent's. */
function assertNested(symbols: readonly OutlineSymbol[], parent?: OutlineSymbol): void {
  for (const s of symbols) {
    assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end, s.name);
    if (parent !== undefined) {
      assert.ok(parent.start <= s.start && s.end <= parent.end, `${s.name} in ${parent.name}`);
    }
    assertNested(s.children, s);
  }
}

const stream = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
        - name: migrate
          image: migrate:1
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
`;

describe('document symbols', () => {
  it('names each Kubernetes document by kind and name, with its keys and containers', () => {
    const symbols = documentSymbols('k8s/web.yaml', stream);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.kind]),
      [
        ['Deployment web', 'apps/v1 · shop', 'resource'],
        ['Service web', 'v1', 'resource'],
      ],
    );
    const [deployment, service] = symbols;
    assert.ok(deployment && service);
    assert.equal(selected(stream, deployment), 'web');
    assert.equal(deployment.selectionStart, stream.indexOf('web'));
    // Each document's range covers the document and nothing of the next.
    assert.equal(deployment.start, 0);
    assert.ok(deployment.end <= stream.indexOf('---'));
    assert.ok(deployment.end >= stream.indexOf('nginx:1.27') + 'nginx:1.27'.length);
    assert.equal(service.start, stream.indexOf('apiVersion: v1'));
    assert.deepEqual(
      deployment.children.map((c) => [c.name, c.kind, c.detail]),
      [
        ['apiVersion', 'property', 'apps/v1'],
        ['kind', 'property', 'Deployment'],
        ['metadata', 'object', ''],
        ['spec', 'object', ''],
        ['init container migrate', 'container', 'migrate:1'],
        ['container web', 'container', 'nginx:1.27'],
      ],
    );
    const container = deployment.children.at(-1);
    assert.ok(container);
    assert.equal(selected(stream, container), 'web');
    assert.equal(
      stream.slice(container.start, container.end).trim(),
      'name: web\n          image: nginx:1.27',
    );
    assertNested(symbols);
  });

  it('outlines a workflow by its name, jobs and steps', () => {
    const dir = path.join(corpusDir(), 'github-actions');
    const files = listFiles(dir).filter((f) => /\.github\/workflows\/[^/]+\.ya?ml$/.test(f));
    assert.ok(files.length > 0);
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const data = parse(text) as { name?: string; jobs?: Record<string, { steps?: unknown[] }> };
      const [workflow, ...rest] = documentSymbols(file, text);
      assert.ok(workflow, file);
      assert.equal(rest.length, 0, file);
      assert.equal(workflow.name, `Workflow ${data.name ?? path.basename(file)}`, file);
      const jobs = workflow.children.find((c) => c.name === 'jobs');
      assert.ok(jobs, file);
      assert.deepEqual(
        jobs.children.map((j) => j.name),
        Object.keys(data.jobs ?? {}),
        file,
      );
      for (const job of jobs.children) {
        assert.equal(job.kind, 'job');
        assert.equal(job.children.length, data.jobs?.[job.name]?.steps?.length ?? 0, file);
      }
      assertNested([workflow]);
    }
  });

  it('names workflow steps by name, else what they use or run', () => {
    const text = `name: CI\non: push\njobs:\n  build:\n    name: Build it\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Test\n        run: npm test\n      - run: |\n          npm run lint\n          npm run build\n`;
    const [workflow] = documentSymbols('.github/workflows/ci.yml', text);
    const build = workflow?.children.find((c) => c.name === 'jobs')?.children[0];
    assert.ok(build);
    assert.equal(build.detail, 'Build it');
    assert.deepEqual(
      build.children.map((s) => [s.name, s.detail]),
      [
        ['actions/checkout@v4', 'uses'],
        ['Test', ''],
        ['npm run lint', 'run'],
      ],
    );
  });

  it('outlines Prometheus rule groups with their alerts and recording rules', () => {
    const text = `groups:\n  - name: api\n    rules:\n      - alert: HighErrors\n        expr: up == 0\n      - record: job:up:sum\n        expr: sum(up)\n`;
    const [rules] = documentSymbols('rules/api.rules.yaml', text);
    const group = rules?.children[0]?.children[0];
    assert.ok(group);
    assert.equal(group.name, 'api');
    assert.deepEqual(
      group.children.map((r) => [r.name, r.detail, r.kind]),
      [
        ['HighErrors', 'alert', 'rule'],
        ['job:up:sum', 'record', 'rule'],
      ],
    );
  });

  it('lists compose services with their image', () => {
    const text = `services:\n  web:\n    image: nginx\n  db:\n    image: postgres:16\n`;
    const [compose] = documentSymbols('compose.yaml', text);
    assert.equal(compose?.name, 'Compose compose.yaml');
    assert.deepEqual(
      compose.children[0]?.children.map((s) => [s.name, s.detail, s.kind]),
      [
        ['web', 'nginx', 'service'],
        ['db', 'postgres:16', 'service'],
      ],
    );
  });

  it('gives other YAML its top-level keys, and never throws', () => {
    const text = 'name: x\nitems:\n  - a\nnested:\n  key: 1\n';
    assert.deepEqual(
      documentSymbols('config.yaml', text).map((s) => [s.name, s.kind, s.detail]),
      [
        ['name', 'property', 'x'],
        ['items', 'array', ''],
        ['nested', 'object', ''],
      ],
    );
    const two = documentSymbols('config.yaml', 'a: 1\n---\nb: 2\n');
    assert.deepEqual(
      two.map((s) => [s.name, s.children.map((c) => c.name)]),
      [
        ['Document 1', ['a']],
        ['Document 2', ['b']],
      ],
    );
    for (const odd of ['', '---\n', 'a: [', '- - -', ': x', '? [a]\n: b', '*x']) {
      assert.doesNotThrow(() => documentSymbols('x.yaml', odd));
    }
  });

  it('outlines every corpus file, each symbol inside its parent', function () {
    this.timeout(120_000); // thousands of real files
    const root = corpusDir();
    const files = ['kubernetes', 'prometheus', 'runbooks', 'compose', 'ansible'].flatMap((d) =>
      listFiles(path.join(root, d))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(d, f)),
    );
    assert.ok(files.length > 20);
    for (const file of files) {
      const text = readFileSync(path.join(root, file), 'utf8');
      const symbols = documentSymbols(file, text);
      assertNested(symbols);
      const hasContent = parseYaml(text).documents.some((d) => {
        const c: unknown = d.doc.contents;
        return (isMap(c) || isSeq(c)) && c.items.length > 0;
      });
      assert.equal(symbols.length > 0, hasContent, file);
    }
  });
});

describe('outline of Alertmanager, Helm, Rundeck and Grafana files', () => {
  const fixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'formats');
  const tree = (symbols: readonly OutlineSymbol[], depth = 2): unknown[] =>
    symbols.map((s) =>
      depth > 1 && s.children.length > 0 ? [s.name, tree(s.children, depth - 1)] : s.name,
    );

  it('names Alertmanager receivers and child routes by receiver, with their matchers', () => {
    const text = readFileSync(path.join(fixtures, 'alertmanager.yml'), 'utf8');
    const doc = documentSymbols('alertmanager.yml', text)[0];
    assert.equal(doc?.name, 'Alertmanager configuration');
    const route = doc.children.find((c) => c.name === 'route');
    assert.deepEqual(
      route?.children.map((r) => [r.name, r.detail]),
      [
        ['pager', 'severity="critical", team=~"db|infra"'],
        ['null', 'alertname = Watchdog'],
        ['team-ops', 'service=checkout'],
      ],
    );
    const receivers = doc.children.find((c) => c.name === 'receivers');
    assert.deepEqual(
      receivers?.children.map((r) => r.name),
      ['team-ops', 'pager', 'null'],
    );
    assertNested(documentSymbols('alertmanager.yml', text));
  });

  it('names a chart and its dependencies, Rundeck jobs and their steps, Grafana data sources', () => {
    const chart = readFileSync(path.join(fixtures, 'chart', 'Chart.yaml'), 'utf8');
    const chartDoc = documentSymbols('chart/Chart.yaml', chart)[0];
    assert.equal(chartDoc?.name, 'Chart shop');
    assert.equal(chartDoc.detail, '1.4.0');
    assert.deepEqual(
      chartDoc.children.find((c) => c.name === 'dependencies')?.children.map((d) => d.name),
      ['redis', 'db'],
    );
    const jobs = readFileSync(path.join(fixtures, 'rundeck-job.yaml'), 'utf8');
    assert.deepEqual(tree(documentSymbols('ops/jobs.yaml', jobs), 3), [
      [
        'Rundeck jobs',
        [
          [
            'restart-checkout',
            [
              'systemctl stop checkout && sleep ${option.drain-seconds}',
              '#!/bin/sh',
              'run the smoke test',
              'localexec',
            ],
          ],
        ],
      ],
    ]);
    const grafana = 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n';
    const g = documentSymbols('provisioning/datasources/ds.yaml', grafana)[0];
    assert.deepEqual(
      tree(
        [g].filter((s) => s !== undefined),
        3,
      ),
      [['Grafana provisioning', ['apiVersion', ['datasources', ['Prometheus']]]]],
    );
  });
});
