import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { classifyDocument } from '../../../src/common/classify';
import { parseYaml } from '../../../src/common/yamlModel';
import { actionsGraph, jobNodeId } from '../../../src/diagram/core/actionsGraph';
import { composeGraph, composeNodeId } from '../../../src/diagram/core/composeGraph';
import { runbookGraph } from '../../../src/diagram/core/runbookGraph';
import { extractFileFacts, type FileFacts } from '../../../src/workspace/core/fileFacts';
import { corpusDir, listFiles } from '../corpus';
import { factsOf } from '../workspace/repo';

/** The facts of the YAML files under a corpus folder, and their texts. */
function corpusFacts(folder: string): {
  facts: Map<string, FileFacts>;
  texts: Map<string, string>;
} {
  const base = path.join(corpusDir(), folder);
  const facts = new Map<string, FileFacts>();
  const texts = new Map<string, string>();
  for (const file of listFiles(base).filter((f) => /\.ya?ml$/.test(f))) {
    const text = readFileSync(path.join(base, file), 'utf8');
    const model = parseYaml(text);
    const formats = model.documents.map((d) => classifyDocument(file, d.doc));
    facts.set(file, extractFileFacts(file, model, formats));
    texts.set(file, text);
  }
  return { facts, texts };
}

function plain(text: string): unknown {
  const [doc] = parseAllDocuments(text, { logLevel: 'error' });
  return doc === undefined || !('errors' in doc) || doc.errors.length > 0 ? undefined : doc.toJS();
}

describe('Compose diagram', () => {
  it('draws services, depends_on with conditions, networks and named volumes; undefined ones missing', () => {
    const graph = composeGraph({
      files: factsOf({
        'compose.yaml': `name: shop
services:
  web:
    image: web
    depends_on:
      api: { condition: service_healthy }
      cache: { condition: service_started }
    networks: [front]
  api:
    build: .
    depends_on: [db, ghost]
    networks: { front: {}, back: {} }
    volumes: ["./src:/src", "logs:/var/log", { type: volume, source: data, target: /data }]
  db: { image: postgres }
  cache: { image: redis }
networks: { front: {} }
volumes: { data: {} }
`,
      }),
    });
    const id = (what: string): string => composeNodeId('compose.yaml', what);
    assert.deepEqual(
      graph.edges.map((e) => [e.from, e.to, e.kind, e.label ?? '']),
      [
        [id('api'), id('db'), 'depends-on', ''],
        [id('api'), id('ghost'), 'depends-on', ''],
        [id('api'), id('network:back'), 'network', ''],
        [id('api'), id('network:front'), 'network', ''],
        [id('api'), id('volume:data'), 'volume', ''],
        [id('api'), id('volume:logs'), 'volume', ''],
        [id('web'), id('api'), 'depends-on', 'service_healthy'],
        [id('web'), id('cache'), 'depends-on', 'service_started'],
        [id('web'), id('network:front'), 'network', ''],
      ],
    );
    const missing = graph.nodes.filter((n) => n.missing === true).map((n) => n.id);
    assert.deepEqual(missing, [id('ghost'), id('network:back'), id('volume:logs')]);
    assert.ok(graph.nodes.every((n) => n.namespace === 'shop'));
  });

  it('draws, for every Compose file of the corpus, exactly the depends_on pairs the file lists', () => {
    const { facts, texts } = corpusFacts('compose');
    const graph = composeGraph({ files: facts });
    let checked = 0;
    for (const [file, fileFacts] of facts) {
      if (fileFacts.compose.length !== 1) {
        continue;
      }
      const services = (
        plain(texts.get(file) ?? '') as { services?: Record<string, unknown> | null } | undefined
      )?.services;
      if (services === undefined || services === null) {
        continue;
      }
      const expected: string[] = [];
      for (const [name, service] of Object.entries(services)) {
        const dependsOn = (service as { depends_on?: unknown } | null)?.depends_on;
        const names = Array.isArray(dependsOn)
          ? dependsOn
          : typeof dependsOn === 'object' && dependsOn !== null
            ? Object.keys(dependsOn)
            : [];
        for (const dependency of names) {
          expected.push(
            `${composeNodeId(file, name)} -> ${composeNodeId(file, String(dependency))}`,
          );
        }
      }
      const prefix = composeNodeId(file, '');
      const drawn = graph.edges
        .filter((e) => e.kind === 'depends-on' && e.from.startsWith(prefix))
        .map((e) => `${e.from} -> ${e.to}`);
      assert.deepEqual(drawn.sort(), [...new Set(expected)].sort(), file);
      checked += drawn.length;
    }
    assert.ok(checked > 30, `only ${checked} depends_on edges`);
  });
});

describe('GitHub Actions diagram', () => {
  it('draws jobs, needs (unknown jobs missing), matrix jobs marked and reusable workflows', () => {
    const graph = actionsGraph({
      files: factsOf({
        '.github/workflows/ci.yaml': `name: CI
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy: { matrix: { node: [20, 22] } }
    steps: [{ run: npm test }]
  build:
    needs: test
    runs-on: ubuntu-latest
    steps: [{ run: make }]
  deploy:
    needs: [build, approve]
    uses: ./.github/workflows/deploy.yaml
  scan:
    uses: org/security/.github/workflows/scan.yml@v1
`,
      }),
    });
    const id = (job: string): string => jobNodeId('.github/workflows/ci.yaml', job);
    assert.deepEqual(
      graph.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}`),
      [
        `${id('build')} -> ${id('test')} needs`,
        `${id('deploy')} -> ${id('approve')} needs`,
        `${id('deploy')} -> ${id('build')} needs`,
        `${id('deploy')} -> workflow:.github/workflows/deploy.yaml calls`,
        `${id('scan')} -> workflow:org/security/.github/workflows/scan.yml@v1 calls`,
      ],
    );
    const node = (nodeId: string) => graph.nodes.find((n) => n.id === nodeId);
    assert.equal(node(id('test'))?.details?.matrix, 'true');
    assert.equal(node(id('test'))?.label, 'test (matrix)');
    assert.equal(node(id('build'))?.details, undefined);
    assert.equal(node(id('approve'))?.missing, true);
    assert.equal(node('workflow:.github/workflows/deploy.yaml')?.missing, true);
    assert.equal(node('workflow:org/security/.github/workflows/scan.yml@v1')?.external, true);
  });

  it('draws, for every corpus workflow, each job and its needs, matrix jobs marked', () => {
    const { facts, texts } = corpusFacts('github-actions');
    const graph = actionsGraph({ files: facts });
    const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
    const edges = new Set(graph.edges.map((e) => `${e.from} -> ${e.to}`));
    let jobs = 0;
    let matrices = 0;
    for (const [file, fileFacts] of facts) {
      if (fileFacts.workflows.length !== 1) {
        continue;
      }
      const workflow = plain(texts.get(file) ?? '') as {
        jobs?: Record<string, { needs?: unknown; strategy?: { matrix?: unknown } } | null>;
      } | null;
      for (const [job, body] of Object.entries(workflow?.jobs ?? {})) {
        const drawn = nodes.get(jobNodeId(file, job));
        assert.ok(drawn !== undefined, `${file}: ${job}`);
        const matrix = body?.strategy?.matrix !== undefined;
        assert.equal(drawn.details?.matrix === 'true', matrix, `${file}: ${job} matrix`);
        matrices += matrix ? 1 : 0;
        const needs = body?.needs;
        for (const need of Array.isArray(needs) ? needs : needs === undefined ? [] : [needs]) {
          assert.ok(
            edges.has(`${jobNodeId(file, job)} -> ${jobNodeId(file, String(need))}`),
            `${file}: ${job} needs ${String(need)}`,
          );
        }
        jobs++;
      }
    }
    assert.ok(jobs > 200, `only ${jobs} jobs`);
    assert.ok(matrices > 20, `only ${matrices} matrix jobs`);
  });
});

describe('Runbook diagram', () => {
  const demo = path.resolve(__dirname, '..', '..', 'fixtures', 'demo-repo');
  const files = [
    'runbooks/checkout-high-error-rate.yaml',
    'runbooks/checkout-pod-crashlooping.yaml',
    'runbooks/catalog-high-latency.yaml',
    'monitoring/rules/checkout.rules.yaml',
    'monitoring/rules/catalog.rules.yaml',
  ];
  const repo = Object.fromEntries(files.map((f) => [f, readFileSync(path.join(demo, f), 'utf8')]));

  it('draws services → runbooks → alerts → rule files', () => {
    const graph = runbookGraph({ files: factsOf(repo) }, { exists: (p) => Object.hasOwn(repo, p) });
    const edges = graph.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}`);
    const runbook = 'runbook:runbooks/checkout-high-error-rate.yaml#0';
    assert.ok(edges.includes(`service:checkout -> ${runbook} references`));
    assert.ok(edges.includes(`${runbook} -> alert:CheckoutHighErrorRate answers`));
    assert.ok(
      edges.includes(
        'alert:CheckoutHighErrorRate -> rules:monitoring/rules/checkout.rules.yaml defined-in',
      ),
    );
    assert.equal(graph.nodes.find((n) => n.id === runbook)?.namespace, 'checkout');
  });

  it('draws an alert no rule defines as missing, and as external when the repository has no rules', () => {
    const withRules = {
      ...repo,
      'runbooks/extra.yaml':
        'apiVersion: runbooks/v1\nkind: Runbook\nmetadata: { name: extra, service: x }\nspec: { alerts: [NoSuchAlert] }\n',
    };
    const graph = runbookGraph({ files: factsOf(withRules) }, { exists: () => true });
    assert.equal(graph.nodes.find((n) => n.id === 'alert:NoSuchAlert')?.missing, true);
    const alone = runbookGraph(
      { files: factsOf({ 'runbooks/extra.yaml': withRules['runbooks/extra.yaml'] }) },
      { exists: () => true },
    );
    assert.equal(alone.nodes.find((n) => n.id === 'alert:NoSuchAlert')?.external, true);
  });

  it('links every alert of the Prometheus corpus to the rule files that define it', () => {
    const { facts, texts } = corpusFacts('prometheus');
    const graph = runbookGraph({ files: facts }, { exists: () => false });
    // Runbooks are none here: alerts appear only through runbooks, so draw them by name.
    assert.equal(graph.nodes.filter((n) => n.kind === 'runbook').length, 0);
    const withRunbook = new Map([
      ...facts,
      ...factsOf({
        'runbooks/all.yaml': `apiVersion: runbooks/v1\nkind: Runbook\nmetadata: { name: all }\nspec:\n  alerts: [KubePodCrashLooping, PrometheusRuleFailures]\n`,
      }),
    ]);
    const linked = runbookGraph({ files: withRunbook }, { exists: () => false });
    for (const alert of ['KubePodCrashLooping', 'PrometheusRuleFailures']) {
      const drawn = linked.edges
        .filter((e) => e.from === `alert:${alert}` && e.kind === 'defined-in')
        .map((e) => e.to.slice('rules:'.length))
        .sort();
      const expected = [...texts]
        .filter(
          ([file, text]) =>
            new RegExp(`alert:\\s*['"]?${alert}['"]?\\s*$`, 'm').test(text) &&
            facts.get(file)?.holdsRules === true,
        )
        .map(([file]) => file)
        .sort();
      assert.ok(expected.length > 0, alert);
      assert.deepEqual(drawn, expected, alert);
    }
  });
});
