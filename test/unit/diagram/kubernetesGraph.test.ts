import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { classifyDocument } from '../../../src/common/classify';
import { parseYaml } from '../../../src/common/yamlModel';
import { kubernetesGraph, kubernetesNodeId } from '../../../src/diagram/core/kubernetesGraph';
import { extractFileFacts, type FileFacts } from '../../../src/workspace/core/fileFacts';
import { corpusDir, listFiles } from '../corpus';
import { factsOf } from '../workspace/repo';

const repo = {
  'app/ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: shop, namespace: prod }
spec:
  tls: [{ hosts: [shop.example], secretName: shop-tls }]
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: web, port: { number: 80 } } }
          - path: /api
            pathType: Prefix
            backend: { service: { name: api-typo, port: { number: 80 } } }
`,
  'app/web.yaml': `apiVersion: v1
kind: Service
metadata: { name: web, namespace: prod }
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: prod }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web, tier: front } }
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: web:1
          envFrom: [{ configMapRef: { name: web-config } }]
          env:
            - name: DB
              valueFrom: { secretKeyRef: { name: db-credentials, key: url } }
      volumes:
        - name: data
          persistentVolumeClaim: { claimName: web-data }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web-canary, namespace: staging }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: web:2 }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: prod }
data: { A: "1" }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: prod }
`,
  'app/policy.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web, namespace: prod }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 1
  maxReplicas: 3
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web, namespace: prod }
spec:
  minAvailable: 1
  selector: { matchLabels: { tier: front } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: prod }
spec:
  podSelector: { matchExpressions: [{ key: app, operator: In, values: [web] }] }
  policyTypes: [Ingress]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: web, namespace: prod }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: ServiceAccount, name: web, namespace: prod }]
`,
  'crd/backup.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: backups.ops.example }
spec:
  group: ops.example
  names: { kind: Backup, plural: backups }
  scope: Namespaced
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]
---
apiVersion: ops.example/v1
kind: Backup
metadata: { name: nightly, namespace: prod }
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: { name: web, namespace: prod }
`,
};

describe('Kubernetes diagram', () => {
  const graph = kubernetesGraph({
    files: factsOf(repo),
    lineOf: (file, offset) => {
      const text = (repo as Record<string, string>)[file] ?? '';
      return text.slice(0, offset).split('\n').length;
    },
  });
  const edges = (kind: string): string[] =>
    graph.edges.filter((e) => e.kind === kind).map((e) => `${e.from} -> ${e.to}`);
  const node = (id: string) => graph.nodes.find((n) => n.id === id);

  it('draws Ingress → Service → the workloads its selector picks in its namespace', () => {
    assert.deepEqual(edges('routes'), [
      'Ingress/prod/shop -> Service/prod/api-typo',
      'Ingress/prod/shop -> Service/prod/web',
    ]);
    assert.equal(node('Service/prod/api-typo')?.missing, true);
    assert.ok(edges('selects').includes('Service/prod/web -> Deployment/prod/web'));
    assert.ok(!edges('selects').some((e) => e.includes('web-canary')), 'other namespace');
  });

  it('draws what workloads use, a dangling reference as a missing node', () => {
    assert.deepEqual(edges('uses-config'), ['Deployment/prod/web -> ConfigMap/prod/web-config']);
    assert.ok(edges('uses-secret').includes('Deployment/prod/web -> Secret/prod/db-credentials'));
    assert.equal(node('Secret/prod/db-credentials')?.missing, true);
    assert.deepEqual(edges('mounts'), [
      'Deployment/prod/web -> PersistentVolumeClaim/prod/web-data',
    ]);
    assert.deepEqual(edges('uses-service-account'), [
      'Deployment/prod/web -> ServiceAccount/prod/web',
    ]);
    assert.equal(node('ServiceAccount/prod/web')?.missing, undefined);
    const tls = node('Secret/prod/shop-tls');
    assert.equal(tls?.external, true, 'TLS secrets are often issued outside git');
  });

  it('draws HPA, PDB and NetworkPolicy targets, bindings, and custom resources to their CRD', () => {
    assert.deepEqual(edges('targets'), ['HorizontalPodAutoscaler/prod/web -> Deployment/prod/web']);
    assert.deepEqual(
      edges('selects').filter((e) => !e.startsWith('Service/')),
      [
        'NetworkPolicy/prod/web -> Deployment/prod/web',
        'PodDisruptionBudget/prod/web -> Deployment/prod/web',
      ],
    );
    assert.deepEqual(edges('binds'), [
      'RoleBinding/prod/web -> ClusterRole/view',
      'RoleBinding/prod/web -> ServiceAccount/prod/web',
    ]);
    assert.equal(node('ClusterRole/view')?.external, true);
    assert.deepEqual(edges('instance-of'), [
      'Backup/prod/nightly -> CustomResourceDefinition/backups.ops.example',
      'ServiceMonitor/prod/web -> CustomResourceDefinition/ServiceMonitor.monitoring.coreos.com',
    ]);
    assert.equal(
      node('CustomResourceDefinition/ServiceMonitor.monitoring.coreos.com')?.external,
      true,
    );
  });

  it('locates each resource at its name, grouped by namespace', () => {
    const web = node('Deployment/prod/web');
    assert.equal(web?.file, 'app/web.yaml');
    assert.equal(web.line, 10);
    assert.equal(web.namespace, 'prod');
    assert.equal(web.groupKind, 'namespace');
  });
});

/**
 * The corpus, one repository per top-level folder; repositories with kustomizations are left
 * out (kustomize moves resources between namespaces, which a direct label match cannot see).
 */
function corpusRepos(): Map<
  string,
  { facts: Map<string, FileFacts>; docs: Map<string, unknown[]> }
> {
  const base = path.join(corpusDir(), 'kubernetes');
  const repos = new Map<string, { facts: Map<string, FileFacts>; docs: Map<string, unknown[]> }>();
  const files = listFiles(base).filter((f) => /\.ya?ml$/.test(f));
  const withKustomize = new Set(
    files.filter((f) => /(^|\/)kustomization\.ya?ml$/.test(f)).map((f) => f.split('/')[0]),
  );
  for (const file of files) {
    const [name = '', ...rest] = file.split('/');
    if (withKustomize.has(name)) {
      continue;
    }
    const text = readFileSync(path.join(base, file), 'utf8');
    if (text.includes('{{')) {
      continue;
    }
    const relative = rest.join('/');
    const model = parseYaml(text);
    const formats = model.documents.map((d) => classifyDocument(relative, d.doc));
    const entry = repos.get(name) ?? { facts: new Map(), docs: new Map() };
    entry.facts.set(relative, extractFileFacts(relative, model, formats));
    // Independently: the plain documents, as the yaml library reads them, when they parse.
    entry.docs.set(
      relative,
      parseAllDocuments(text).flatMap((d) =>
        !('errors' in d) || d.errors.length > 0 ? [] : [d.toJS() as unknown],
      ),
    );
    repos.set(name, entry);
  }
  return repos;
}

const podTemplatePath: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

function dig(value: unknown, keys: readonly string[]): unknown {
  let at = value;
  for (const key of keys) {
    at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  }
  return at;
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === 'string') ? Object.fromEntries(entries) : undefined;
}

describe('Kubernetes diagram on the corpus', function () {
  this.timeout(60_000);

  it('gives every Service edges to exactly the workloads its selector matches, label by label', () => {
    let services = 0;
    let edgesChecked = 0;
    for (const [name, { facts, docs }] of corpusRepos()) {
      const graph = kubernetesGraph({ files: facts });
      const workloads: { id: string; namespace?: string; labels: Record<string, string> }[] = [];
      const selectors = new Map<
        string,
        { namespace?: string; selector: Record<string, string> }[]
      >();
      for (const documents of docs.values()) {
        for (const doc of documents) {
          const kind = dig(doc, ['kind']);
          const resourceName = dig(doc, ['metadata', 'name']);
          const namespace = dig(doc, ['metadata', 'namespace']);
          if (typeof kind !== 'string' || typeof resourceName !== 'string') {
            continue;
          }
          const ns = typeof namespace === 'string' ? namespace : undefined;
          const id = kubernetesNodeId(kind, ns, resourceName);
          const template = podTemplatePath[kind];
          if (template !== undefined && typeof dig(doc, ['apiVersion']) === 'string') {
            const labels = stringRecord(dig(doc, [...template, 'metadata', 'labels']));
            if (labels !== undefined) {
              workloads.push({ id, ...(ns === undefined ? {} : { namespace: ns }), labels });
            }
          }
          if (kind === 'Service' && dig(doc, ['spec', 'type']) !== 'ExternalName') {
            const selector = stringRecord(dig(doc, ['spec', 'selector']));
            if (selector !== undefined && Object.keys(selector).length > 0) {
              const list = selectors.get(id) ?? [];
              list.push({ ...(ns === undefined ? {} : { namespace: ns }), selector });
              selectors.set(id, list);
            }
          }
        }
      }
      const workloadIds = new Set(workloads.map((w) => w.id));
      for (const [id, list] of selectors) {
        const expected = new Set<string>();
        for (const { namespace, selector } of list) {
          for (const workload of workloads) {
            const sameNamespace =
              namespace === undefined ||
              workload.namespace === undefined ||
              namespace === workload.namespace;
            if (
              sameNamespace &&
              Object.entries(selector).every(([k, v]) => workload.labels[k] === v)
            ) {
              expected.add(workload.id);
            }
          }
        }
        const drawn = graph.edges
          .filter((e) => e.from === id && e.kind === 'selects' && workloadIds.has(e.to))
          .map((e) => e.to)
          .sort();
        assert.deepEqual(drawn, [...expected].sort(), `${name}: ${id}`);
        services++;
        edgesChecked += drawn.length;
      }
    }
    assert.ok(services > 50, `only ${services} Services with selectors`);
    assert.ok(edgesChecked > 50, `only ${edgesChecked} selects edges`);
  });

  it('draws every corpus repository (kustomized ones too) with no edge to an unknown node and no dangling name resolved twice', () => {
    const base = path.join(corpusDir(), 'kubernetes');
    const files = listFiles(base).filter((f) => /\.ya?ml$/.test(f));
    const facts = new Map<string, FileFacts>();
    for (const file of files) {
      const text = readFileSync(path.join(base, file), 'utf8');
      if (text.includes('{{')) {
        continue;
      }
      const model = parseYaml(text);
      facts.set(
        file,
        extractFileFacts(
          file,
          model,
          model.documents.map((d) => classifyDocument(file, d.doc)),
        ),
      );
    }
    const graph = kubernetesGraph({ files: facts });
    const ids = new Set(graph.nodes.map((n) => n.id));
    assert.equal(ids.size, graph.nodes.length);
    assert.ok(graph.nodes.length > 1000, `${graph.nodes.length} nodes`);
    for (const edge of graph.edges) {
      assert.ok(ids.has(edge.from) && ids.has(edge.to));
    }
    // A node is missing only when nothing in the corpus defines that kind, namespace and name.
    const defined = new Set(
      [...facts.values()].flatMap((f) =>
        f.kubernetes.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name ?? ''}`),
      ),
    );
    for (const n of graph.nodes.filter((x) => x.missing === true)) {
      assert.ok(!defined.has(`${n.kind}/${n.namespace ?? ''}/${n.name}`), n.id);
    }
  });
});
