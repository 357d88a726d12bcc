import * as assert from 'node:assert/strict';
import { factsOf } from './repo';

// The facts the diagram builders read beyond what the cross-file checks needed.
describe('file facts for diagrams', () => {
  it('reads Compose depends_on conditions, service networks and named volumes, and the top-level ones', () => {
    const facts = factsOf({
      'compose.yaml': `name: shop
services:
  web:
    image: web
    depends_on: { db: { condition: service_healthy }, cache: {} }
    networks: { front: { aliases: [w] } }
    volumes:
      - ./html:/usr/share/nginx/html
      - /srv/x:/x
      - cache-data:/cache
      - { type: volume, source: logs, target: /logs }
      - { type: bind, source: ./conf, target: /conf }
      - { type: tmpfs, target: /tmp }
  db: { image: postgres, networks: [back] }
  cache: { image: redis }
networks: { front: {}, back: {} }
volumes: { cache-data: {}, logs: {} }
`,
    }).get('compose.yaml');
    const project = facts?.compose[0];
    assert.equal(project?.name, 'shop');
    assert.deepEqual(project.networks, ['front', 'back']);
    assert.deepEqual(project.volumes, ['cache-data', 'logs']);
    const [web, db] = project.services;
    assert.deepEqual(web?.dependsOn, ['db', 'cache']);
    assert.deepEqual(web.dependsOnConditions, { db: 'service_healthy' });
    assert.deepEqual(web.networks, ['front']);
    assert.deepEqual(web.volumes, ['cache-data', 'logs']);
    assert.deepEqual(db?.networks, ['back']);
    assert.deepEqual(db.dependsOnConditions, {});
  });

  it('marks matrix jobs', () => {
    const facts = factsOf({
      '.github/workflows/ci.yml': `on: push
jobs:
  a: { runs-on: x, strategy: { matrix: { v: [1, 2] } }, steps: [{ run: echo }] }
  b: { runs-on: x, strategy: { fail-fast: false }, steps: [{ run: echo }] }
`,
    }).get('.github/workflows/ci.yml');
    assert.deepEqual(
      facts?.workflows[0]?.jobs.map((j) => [j.id, j.matrix]),
      [
        ['a', true],
        ['b', false],
      ],
    );
  });

  it("reads a NetworkPolicy's podSelector and what a CRD defines", () => {
    const facts = factsOf({
      'k8s.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny }
spec:
  podSelector: { matchLabels: { app: web }, matchExpressions: [{ key: tier, operator: Exists }] }
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: backups.ops.example }
spec:
  group: ops.example
  names: { kind: Backup, plural: backups }
  scope: Namespaced
  versions: []
`,
    }).get('k8s.yaml');
    const [policy, crd] = facts?.kubernetes ?? [];
    assert.deepEqual(policy?.podSelector?.matchLabels, { app: 'web' });
    assert.deepEqual(policy.podSelector.matchExpressions, [
      { key: 'tier', operator: 'Exists', values: [] },
    ]);
    assert.equal(policy.defines, undefined);
    assert.deepEqual(crd?.defines, { group: 'ops.example', kind: 'Backup' });
  });
});
