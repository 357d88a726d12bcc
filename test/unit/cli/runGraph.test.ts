import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExitCode } from '../../../src/cli/runCli';
import { captureCli, type CliRun } from './captureCli';
import { parseDot } from '../../../src/diagram/core/dotParser';

const demo = path.resolve(__dirname, '..', '..', 'fixtures', 'demo-repo');

const cli = (args: string[], cwd = demo): Promise<CliRun> => captureCli(args, cwd);

interface Json {
  nodes: Record<string, unknown>[];
  edges: Record<string, unknown>[];
}

describe('infra-workbench graph', function () {
  this.timeout(30_000);

  it('is in the help, and has its own', async () => {
    assert.match((await cli(['--help'])).out, /graph \[paths\.\.\.\]/);
    const help = await cli(['graph', '--help']);
    assert.equal(help.code, ExitCode.ok);
    assert.match(help.out, /--format dot\|mermaid\|json/);
  });

  it('prints the JSON graph of a repository in exactly the documented shape', async () => {
    const { code, out, err } = await cli(['graph', '.', '--format', 'json']);
    assert.equal(code, ExitCode.ok);
    // The file that does not parse is named, with its line; the rest is drawn.
    assert.match(err, /^infra-workbench: broken\/syntax-error\.yaml:5:1: cannot parse/m);
    const json = JSON.parse(out) as Json;
    assert.deepEqual(Object.keys(json), ['nodes', 'edges']);
    for (const node of json.nodes) {
      assert.deepEqual(Object.keys(node), [
        'id',
        'kind',
        'name',
        'namespace',
        'file',
        'line',
        'action',
        'missing',
      ]);
    }
    for (const edge of json.edges) {
      assert.deepEqual(Object.keys(edge), ['from', 'to', 'kind']);
    }
    assert.deepEqual(
      json.nodes.find((n) => n.id === 'Deployment/shop/checkout'),
      {
        id: 'Deployment/shop/checkout',
        kind: 'Deployment',
        name: 'checkout',
        namespace: 'shop',
        file: 'k8s/checkout/deployment.yaml',
        line: 4,
        action: null,
        missing: false,
      },
    );
    const edges = json.edges.map((e) => `${String(e.from)} -> ${String(e.to)} ${String(e.kind)}`);
    assert.ok(edges.includes('Service/shop/checkout -> Deployment/shop/checkout selects'));
    assert.ok(edges.includes('Ingress/shop/shop -> Service/shop/checkout routes'));
    assert.ok(
      edges.some((e) => e.endsWith(' needs')),
      'workflow jobs',
    );
    assert.ok(
      edges.some((e) => e.startsWith('compose:docker-compose.yaml/')),
      'compose services',
    );
    assert.ok(
      edges.some((e) => e.endsWith(' answers')),
      'runbooks',
    );
  });

  it('prints DOT that reads back and Mermaid', async () => {
    const dot = await cli(['graph', 'k8s']);
    assert.equal(dot.code, ExitCode.ok);
    const parsed = parseDot(dot.out);
    assert.ok(parsed.nodes.some((n) => n.id === 'Service/shop/checkout'));
    assert.ok(
      parsed.nodes.some((n) => n.subgraphs.length > 0),
      'clustered by namespace',
    );
    const mermaid = await cli(['graph', 'k8s', '--format=mermaid']);
    assert.equal(mermaid.code, ExitCode.ok);
    assert.match(mermaid.out, /^flowchart LR\n/);
    assert.match(
      mermaid.out,
      /n_Service_shop_checkout -->\|"selects"\| n_Deployment_shop_checkout/,
    );
  });

  it('draws a plan alone, coloured by action', async () => {
    const { code, out, err } = await cli([
      'graph',
      '--plan',
      'terraform/plan.json',
      '--format',
      'json',
    ]);
    assert.equal(code, ExitCode.ok);
    assert.equal(err, '');
    const json = JSON.parse(out) as Json;
    assert.ok(
      json.nodes.every((n) => n.file === null),
      'no YAML scanned',
    );
    assert.equal(
      json.nodes.find((n) => n.id === 'aws_security_group.checkout_db')?.action,
      'replace',
    );
  });

  it('names a DOT file it cannot parse with the line, draws the rest and exits 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iw-graph-'));
    try {
      writeFileSync(path.join(dir, 'bad.dot'), 'digraph {\n  "a" -> \n}\n');
      writeFileSync(
        path.join(dir, 'good.dot'),
        'digraph {\n  "[root] aws_vpc.a (expand)" -> "[root] var.x"\n}\n',
      );
      const { code, out, err } = await cli(
        ['graph', '--dot', 'bad.dot', '--dot', 'good.dot', '--format', 'json'],
        dir,
      );
      assert.equal(code, ExitCode.usage);
      assert.match(err, /^infra-workbench: bad\.dot:3:1: expected a node id but found '\}'\n/m);
      const json = JSON.parse(out) as Json;
      assert.deepEqual(json.edges, [{ from: 'aws_vpc.a', to: 'var.x', kind: 'depends-on' }]);
      assert.equal(json.nodes.find((n) => n.id === 'aws_vpc.a')?.file, 'good.dot');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says when the graph is empty, lists cycles, and refuses bad usage', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iw-graph-'));
    try {
      writeFileSync(path.join(dir, 'notes.yaml'), 'just: data\n');
      const empty = await cli(['graph', '--format', 'json'], dir);
      assert.equal(empty.code, ExitCode.ok);
      assert.match(empty.err, /the graph is empty/);
      assert.deepEqual(JSON.parse(empty.out), { nodes: [], edges: [] });
      writeFileSync(
        path.join(dir, 'compose.yaml'),
        'services:\n  a: { image: x, depends_on: [b] }\n  b: { image: x, depends_on: [a] }\n',
      );
      const cycle = await cli(['graph'], dir);
      assert.equal(cycle.code, ExitCode.ok);
      assert.match(
        cycle.err,
        /cycle: compose:compose\.yaml\/a -> compose:compose\.yaml\/b -> compose:compose\.yaml\/a/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const format = await cli(['graph', '--format', 'svg']);
    assert.equal(format.code, ExitCode.usage);
    assert.match(format.err, /--format of graph must be dot, mermaid or json, not 'svg'/);
    const missing = await cli(['graph', 'no-such-folder']);
    assert.equal(missing.code, ExitCode.usage);
    assert.match(missing.err, /no-such-folder: no such file or directory/);
    const plan = await cli(['graph', '--plan', 'k8s/checkout/deployment.yaml']);
    assert.equal(plan.code, ExitCode.usage);
    assert.match(plan.err, /k8s\/checkout\/deployment\.yaml: /);
  });

  it("classifies files with the repository's .infra-workbench.yaml, as check does", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iw-graph-'));
    try {
      const configMap =
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { a: "1" }\n';
      writeFileSync(path.join(dir, 'legacy.yaml'), configMap);
      writeFileSync(path.join(dir, 'current.yaml'), configMap.replace('settings', 'current'));
      const before = await cli(['graph', '--format', 'json'], dir);
      assert.deepEqual(
        (JSON.parse(before.out) as Json).nodes.map((n) => n.id),
        ['ConfigMap/current', 'ConfigMap/settings'],
      );
      writeFileSync(path.join(dir, '.infra-workbench.yaml'), "schemas:\n  'legacy.yaml': none\n");
      const after = await cli(['graph', '--format', 'json'], dir);
      assert.equal(after.code, ExitCode.ok);
      assert.deepEqual(
        (JSON.parse(after.out) as Json).nodes.map((n) => n.id),
        ['ConfigMap/current'],
      );
      writeFileSync(path.join(dir, '.infra-workbench.yaml'), 'schemas: [oops]\n');
      const broken = await cli(['graph'], dir);
      assert.equal(broken.code, ExitCode.usage);
      assert.match(broken.err, /^infra-workbench: \.infra-workbench\.yaml:1:\d+: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws a repository from outside it, or a folder of it, as from its root', async () => {
    const graphOf = async (args: string[], cwd: string): Promise<Json> => {
      const run = await cli(['graph', ...args, '--format', 'json'], cwd);
      assert.equal(run.code, ExitCode.ok, run.err);
      return JSON.parse(run.out) as Json;
    };
    const atRoot = await graphOf(['.'], demo);
    const outside = await graphOf(['demo-repo'], path.dirname(demo));
    // The root's config applies (`legacy/**` is not validated, so not drawn) and the ids do
    // not depend on where it runs from; files are shown from the working directory.
    assert.ok(!atRoot.nodes.some((n) => n.id === 'Deployment/old-frontend'));
    assert.deepEqual(
      outside.nodes.map((n) => n.id),
      atRoot.nodes.map((n) => n.id),
    );
    assert.deepEqual(outside.edges, atRoot.edges);
    assert.deepEqual(
      outside.nodes.map((n) => n.file),
      atRoot.nodes.map((n) => (typeof n.file === 'string' ? `demo-repo/${n.file}` : n.file)),
    );
    const folder = await graphOf(['.'], path.join(demo, 'k8s'));
    const inK8s = atRoot.nodes.filter(
      (n) => typeof n.file === 'string' && n.file.startsWith('k8s/'),
    );
    assert.ok(inK8s.length > 5);
    assert.deepEqual(
      folder.nodes.filter((n) => typeof n.file === 'string').map((n) => [n.id, n.file]),
      inK8s.map((n) => [n.id, (n.file as string).slice('k8s/'.length)]),
    );
  });
});
