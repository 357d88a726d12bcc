import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findCycles } from '../../../src/diagram/core/graphModel';
import { terraformDiagramFromPlanText } from '../../../src/diagram/core/terraformGraph';
import { stripInstanceKeys } from '../../../src/plan/core/planAddress';
import { PlanReadError } from '../../../src/plan/core/readPlanJson';
import { corpusDir, listFiles } from '../corpus';
import { fixtureText } from '../plan/planFixtures';

describe('Terraform diagram from a plan', () => {
  const diagram = terraformDiagramFromPlanText(fixtureText('modules-graph.json'));
  const { graph } = diagram;
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  const edges = (kind?: string): string[] =>
    graph.edges
      .filter((e) => kind === undefined || e.kind === kind)
      .map((e) => `${e.from} -> ${e.to}`);

  it('draws one node per configuration resource, in its module, coloured by planned action', () => {
    assert.equal(node('aws_vpc.main')?.action, 'replace');
    assert.equal(node('null_resource.a')?.action, 'delete');
    const subnet = node('module.net.aws_subnet.private');
    assert.equal(subnet?.action, 'update'); // both instances, one node
    assert.equal(subnet.namespace, 'module.net');
    assert.equal(subnet.name, 'aws_subnet.private');
    assert.equal(
      node('module.net.module.sg.aws_security_group.this')?.namespace,
      'module.net.module.sg',
    );
    assert.equal(node('aws_instance.unrelated')?.action, 'no-op');
  });

  it('draws references through module inputs and outputs, depends_on and module calls', () => {
    assert.ok(edges('references').includes('aws_instance.app -> module.net.aws_subnet.private'));
    assert.ok(edges('depends-on').includes('aws_lb.front -> module.net.aws_subnet.private'));
    assert.ok(edges('calls').includes('module.net -> module.net.module.sg'));
    assert.equal(node('module.net')?.kind, 'module');
    assert.ok(
      !edges().some((e) => e.startsWith('aws_instance.unrelated ->')),
      'locals lead nowhere',
    );
  });

  it('reports the reference cycle', () => {
    assert.deepEqual(
      findCycles(graph).filter((c) => c.every((id) => node(id)?.kind === 'resource')),
      [['null_resource.a', 'null_resource.b']],
    );
  });

  it('gives the blast radius of a replaced resource: its transitive dependents', () => {
    const radius = diagram.blastRadius('aws_vpc.main');
    assert.ok(radius.includes('module.net.aws_subnet.private'));
    assert.ok(radius.includes('aws_instance.app'));
    assert.ok(!radius.includes('aws_instance.unrelated'));
    assert.ok(!radius.includes('aws_vpc.main'));
    assert.deepEqual(diagram.blastRadius('no.such'), []);
  });

  it('throws a PlanReadError for a file that is not a plan', () => {
    assert.throws(() => terraformDiagramFromPlanText(fixtureText('state.json')), PlanReadError);
    assert.throws(() => terraformDiagramFromPlanText('{"format_version":'), PlanReadError);
  });
});

describe('Terraform diagram on the corpus plans', function () {
  this.timeout(60_000);
  const base = path.join(corpusDir(), 'terraform-plans');
  const plans: { file: string; text: string; raw: Record<string, unknown> }[] = [];
  before(() => {
    for (const file of listFiles(base).filter(
      (f) => f.endsWith('.json') && !f.includes('invalid/'),
    )) {
      const text = readFileSync(path.join(base, file), 'utf8');
      try {
        terraformDiagramFromPlanText(text);
      } catch (error) {
        if (error instanceof PlanReadError) {
          continue; // states, redacted plans: the plan tests say which
        }
        throw error;
      }
      plans.push({ file, text, raw: JSON.parse(text) as Record<string, unknown> });
    }
  });

  it('draws every resource change at its configuration address with its action when the instances agree', () => {
    assert.ok(plans.length > 100, `only ${plans.length} plans`);
    let checked = 0;
    for (const { file, text, raw } of plans) {
      const { graph } = terraformDiagramFromPlanText(text);
      const ids = new Map(graph.nodes.map((n) => [n.id, n]));
      const byConfig = new Map<string, Set<string>>();
      for (const change of (raw.resource_changes ?? []) as {
        address: string;
        change: { actions: string[] };
      }[]) {
        const config = stripInstanceKeys(change.address);
        const actions = change.change.actions.join(',');
        byConfig.set(config, (byConfig.get(config) ?? new Set()).add(actions));
      }
      for (const [config, actions] of byConfig) {
        const drawn = ids.get(config);
        assert.ok(drawn !== undefined, `${file}: ${config} not drawn`);
        if (actions.size === 1) {
          const only = [...actions][0] ?? '';
          const expected =
            { 'delete,create': 'replace', 'create,delete': 'replace', '': 'no-op' }[only] ?? only;
          if (['create', 'update', 'delete', 'replace', 'read', 'no-op'].includes(expected)) {
            assert.equal(drawn.action, expected, `${file}: ${config}`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 500, `only ${checked} actions checked`);
  });

  it("draws an edge for every root resource's depends_on on another root resource", () => {
    let checked = 0;
    for (const { file, text, raw } of plans) {
      const configuration = raw.configuration as
        { root_module?: { resources?: { address: string; depends_on?: string[] }[] } } | undefined;
      const resources = configuration?.root_module?.resources ?? [];
      const addresses = new Set(resources.map((r) => r.address));
      const { graph } = terraformDiagramFromPlanText(text);
      const drawn = new Set(graph.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}`));
      for (const resource of resources) {
        for (const target of resource.depends_on ?? []) {
          if (addresses.has(target) && target !== resource.address) {
            assert.ok(
              drawn.has(`${resource.address} -> ${target} depends-on`),
              `${file}: ${resource.address} -> ${target}`,
            );
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 0);
  });
});
