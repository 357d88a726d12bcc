import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CustomSchemas } from '../../../src/validation/core/customSchemas';
import { JsonSchemaDocument } from '../../../src/validation/core/jsonSchemaDocument';
import { defaultKubernetesVersion } from '../../../src/validation/core/kubernetesSchemas';
import {
  findModelines,
  parseTarget,
  readRepoConfig,
  SchemaMappings,
} from '../../../src/validation/core/schemaOverrides';
import { YamlValidator } from '../../../src/validation/core/yamlValidator';

const schemasDir = path.resolve(__dirname, '..', '..', '..', 'schemas');

const appSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['port'],
  properties: { port: { type: 'integer', description: 'The port the app listens on.' } },
};

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'iw-overrides-'));
  writeFileSync(path.join(dir, 'app.schema.json'), JSON.stringify(appSchema));
  return dir;
}

function validator(
  dir: string,
  mappings: Record<string, string> = {},
  extra: Partial<ConstructorParameters<typeof YamlValidator>[0]> = {},
): YamlValidator {
  return new YamlValidator({
    schemasDir,
    kubernetesVersion: defaultKubernetesVersion,
    mappings: new SchemaMappings(
      Object.entries(mappings).map(([glob, target]) => ({
        glob,
        target: parseTarget(target),
        origin: 'settings',
      })),
    ),
    customSchemas: new CustomSchemas({ baseDir: dir, allowRemote: false }),
    ...extra,
  });
}

const typo = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  portz: []\n';

describe('schema overrides', () => {
  it('reads targets: formats, none, well-known schema URLs and other references', () => {
    assert.deepEqual(parseTarget('compose'), { kind: 'format', format: 'compose' });
    assert.deepEqual(parseTarget(' off '), { kind: 'none' });
    assert.deepEqual(parseTarget('https://json.schemastore.org/github-workflow.json'), {
      kind: 'format',
      format: 'github-workflow',
    });
    for (const [url, format] of [
      ['https://json.schemastore.org/prometheus-alertmanager.json', 'alertmanager'],
      ['https://json.schemastore.org/kustomization.json', 'kustomization'],
      ['https://json.schemastore.org/chart.json', 'helm-chart'],
      ['rundeck-jobs', 'rundeck-jobs'],
      ['grafana-provisioning', 'grafana-provisioning'],
    ] as const) {
      assert.deepEqual(parseTarget(url), { kind: 'format', format }, url);
    }
    // A chart.json of one's own is a schema, not Helm's.
    assert.deepEqual(parseTarget('./schemas/chart.json'), {
      kind: 'schema',
      ref: './schemas/chart.json',
    });
    assert.deepEqual(parseTarget('./app.schema.json'), {
      kind: 'schema',
      ref: './app.schema.json',
    });
  });

  it('lets the last matching glob win, matching base names for globs without a slash', () => {
    const mappings = new SchemaMappings([
      { glob: 'deploy/**', target: { kind: 'format', format: 'kubernetes' }, origin: 'a' },
      { glob: 'deploy/legacy/**', target: { kind: 'none' }, origin: 'b' },
      { glob: '*.rules.yml', target: { kind: 'format', format: 'prometheus-rules' }, origin: 'c' },
    ]);
    assert.equal(mappings.match('deploy/web.yaml')?.origin, 'a');
    assert.equal(mappings.match('deploy/legacy/old.yaml')?.origin, 'b');
    assert.equal(mappings.match('ops/alerts/api.rules.yml')?.origin, 'c');
    assert.equal(mappings.match('other.yaml'), undefined);
  });

  it('turns validation off for files mapped to none', () => {
    const v = validator(workspace(), { 'legacy/**': 'none' });
    assert.equal(v.validate('legacy/svc.yaml', typo).problems.length, 0);
    assert.equal(v.validate('current/svc.yaml', typo).problems.length, 1);
  });

  it('validates files mapped to a schema file against it, with located messages and hover', () => {
    const dir = workspace();
    const v = validator(dir, { 'config/*.yaml': './app.schema.json' });
    const text = 'port: eighty\nhost: x\n';
    const problems = v.validate('config/app.yaml', text).problems;
    assert.deepEqual(
      problems.map((p) => [p.code, text.slice(p.start, p.end)]),
      [
        ['wrong-type', 'eighty'],
        ['unknown-property', 'host'],
      ],
    );
    assert.ok(problems.every((p) => p.source === 'yaml'));
    const hover = v.describeAt('config/app.yaml', text, 1);
    assert.match(hover?.markdown ?? '', /The port the app listens on/);
    assert.match(hover?.markdown ?? '', /app\.schema\.json/);
  });

  it('applies a modeline to every document after it, until the next modeline', () => {
    const dir = workspace();
    const v = validator(dir);
    const text = [
      'plain: 1', // no modeline yet: arbitrary YAML, left alone
      '---',
      '# yaml-language-server: $schema=app.schema.json',
      'port: x',
      '---',
      'port: y', // still under the modeline
      '---',
      '# yaml-language-server: $schema=none',
      'port: z',
      '',
    ].join('\n');
    const problems = v.validate('app.yaml', text).problems;
    assert.deepEqual(
      problems.map((p) => text.slice(p.start, p.end)),
      ['x', 'y'],
    );
    assert.equal(findModelines(text).length, 2);
  });

  it('resolves a modeline path relative to the file, a mapping path relative to the workspace', () => {
    const dir = workspace();
    const v = validator(dir);
    const text = '# yaml-language-server: $schema=../app.schema.json\nport: x\n';
    assert.equal(v.validate('config/app.yaml', text).problems[0]?.code, 'wrong-type');
  });

  it('maps well-known schema URLs in modelines to the bundled format, offline', () => {
    const v = validator(workspace());
    const text =
      '# yaml-language-server: $schema=https://json.schemastore.org/prometheus.rules.json\nx: 1\n';
    assert.deepEqual(v.routes('x.yaml', text)[0]?.format, 'prometheus-rules');
  });

  it('warns on the modeline when its schema is missing and checks the document by its content', () => {
    const v = validator(workspace());
    const text = `# yaml-language-server: $schema=./missing.json\n${typo}`;
    const problems = v.validate('svc.yaml', text).problems;
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity]),
      [
        ['schema-unavailable', 'warning'],
        ['unknown-property', 'error'],
      ],
    );
    const [first] = problems;
    assert.ok(first !== undefined);
    assert.equal(first.start, 0);
    assert.match(first.message, /missing\.json does not exist.*checked as Kubernetes/);
  });

  it('routes a document to a format by glob and turns formats off', () => {
    const dir = workspace();
    const mapped = validator(dir, { 'svc.yaml': 'kubernetes' });
    assert.equal(mapped.routes('svc.yaml', 'a: 1\n')[0]?.origin, 'settings');
    const off = validator(dir, {}, { disabledFormats: new Set(['kubernetes'] as const) });
    assert.deepEqual(off.validate('svc.yaml', typo).problems, []);
    assert.equal(off.routes('svc.yaml', typo)[0], undefined);
  });

  it('reads .infra-workbench.yaml and locates its mistakes', () => {
    const text = 'schemas:\n  "deploy/**": kubernetes\n  "alerts/*.yml": 3\nschema: {}\n';
    const { mappings, problems } = readRepoConfig(text);
    assert.deepEqual(
      mappings.map((m) => [m.glob, m.target, m.origin]),
      [['deploy/**', { kind: 'format', format: 'kubernetes' }, '.infra-workbench.yaml:2']],
    );
    assert.deepEqual(
      problems.map((p) => text.slice(p.start, p.end)),
      ['3', 'schema'],
    );
    assert.equal(readRepoConfig('schemas: [\n').problems.length > 0, true);
  });

  it('reads runbook URL mappings from .infra-workbench.yaml, one or a list', () => {
    const one = readRepoConfig(
      'runbooks:\n  urlPrefix: https://runbooks.example.com/\n  folder: runbooks/\n',
    );
    assert.deepEqual(one.problems, []);
    assert.deepEqual(one.runbookUrls, [
      { prefix: 'https://runbooks.example.com/', folder: 'runbooks/' },
    ]);
    const list = readRepoConfig(
      'schemas: {}\nrunbooks:\n  - urlPrefix: https://a.example.com/rb/\n    folder: ops/rb\n  - {urlPrefix: "https://wiki.example.com/", folder: docs/}\n',
    );
    assert.deepEqual(list.problems, []);
    assert.deepEqual(
      list.runbookUrls.map((m) => [m.prefix, m.folder]),
      [
        ['https://a.example.com/rb/', 'ops/rb'],
        ['https://wiki.example.com/', 'docs/'],
      ],
    );
    assert.deepEqual(readRepoConfig('schemas: {}\n').runbookUrls, []);
  });

  it('locates mistakes in runbook URL mappings', () => {
    const text = [
      'runbooks:',
      '  - urlPrefix: runbooks.example.com',
      '    folder: runbooks/',
      '  - urlPrefix: https://ok.example.com/',
      '    folder: ../elsewhere',
      '  - urlPrefix: https://a.example.com/',
      '    folder: a/',
      '    prefix: x',
      '  - folder: only-folder/',
      '  - just a string',
      '',
    ].join('\n');
    const { runbookUrls, problems } = readRepoConfig(text);
    assert.deepEqual(runbookUrls, [{ prefix: 'https://a.example.com/', folder: 'a/' }]);
    assert.deepEqual(
      problems.map((p) => text.slice(p.start, p.end)),
      ['runbooks.example.com', '../elsewhere', 'prefix', 'folder: only-folder/', 'just a string'],
    );
    assert.match(problems[0]?.message ?? '', /absolute URL/);
    assert.match(problems[3]?.message ?? '', /needs both 'urlPrefix' and 'folder'/);
    const scalar = 'runbooks: https://runbooks.example.com/\n';
    assert.deepEqual(
      readRepoConfig(scalar).problems.map((p) => scalar.slice(p.start, p.end)),
      ['https://runbooks.example.com/'],
    );
  });
});

describe('CustomSchemas (remote)', () => {
  let server: Server;
  let url: string;
  let requests: (string | undefined)[];
  let online = true;

  before(async () => {
    requests = [];
    server = createServer((req, res) => {
      requests.push(req.headers['if-none-match']);
      if (!online) {
        res.destroy();
        return;
      }
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', 'content-type': 'application/json' });
      res.end(JSON.stringify(appSchema));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/app.schema.json`;
  });

  after(() => {
    server.close();
  });

  it('fetches once, caches with the ETag, revalidates with If-None-Match and serves offline', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'iw-cache-'));
    let loads = 0;
    const first = new CustomSchemas({
      baseDir: '.',
      cacheDir,
      allowRemote: true,
      onDidLoad: () => loads++,
    });
    assert.equal(first.resolve(url).state, 'pending');
    await first.prefetch([url]);
    assert.equal(first.resolve(url).state, 'ready');
    assert.equal(loads, 1);

    // A new session reads the disk cache at once and revalidates with the ETag.
    const second = new CustomSchemas({ baseDir: '.', cacheDir, allowRemote: true });
    assert.equal(second.resolve(url).state, 'ready');
    await second.prefetch([url]);
    assert.deepEqual(requests, [undefined, '"v1"']);

    // Offline: the cached copy still serves.
    online = false;
    const offline = new CustomSchemas({ baseDir: '.', cacheDir, allowRemote: true });
    await offline.prefetch([url]);
    assert.equal(offline.resolve(url).state, 'ready');
    online = true;
  });

  it('says why when a URL cannot be fetched and nothing is cached, or fetching is not allowed', async () => {
    const schemas = new CustomSchemas({ baseDir: '.', allowRemote: true });
    online = false;
    await schemas.prefetch([url]);
    online = true;
    const failed = schemas.resolve(url);
    assert.ok(failed.state === 'failed');
    assert.match(failed.reason, /could not be fetched/);

    const untrusted = new CustomSchemas({ baseDir: '.', allowRemote: false });
    const refused = untrusted.resolve(url);
    assert.match(refused.state === 'failed' ? refused.reason : '', /trusted workspaces/);
  });
});

describe('JsonSchemaDocument', () => {
  it('compiles a schema whose $schema spells the draft without the trailing #', () => {
    const schema = new JsonSchemaDocument(
      { ...appSchema, $schema: 'https://json-schema.org/draft-07/schema' },
      'app',
    );
    assert.deepEqual(
      schema.validate({ port: 'x' }).map((e) => e.keyword),
      ['type'],
    );
  });
});
