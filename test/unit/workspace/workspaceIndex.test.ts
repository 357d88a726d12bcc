import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { forgetParse, parseYaml } from '../../../src/common/yamlModel';
import { YamlValidator } from '../../../src/validation/core/yamlValidator';
import { WorkspaceIndex } from '../../../src/workspace/core/workspaceIndex';
import { defaultCrossFileOptions } from '../../../src/workspace/core/crossFileChecks';
import { corpusDir } from '../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', 'schemas');
const crdRepo = path.resolve(__dirname, '..', '..', 'fixtures', 'crd-repo');

const deployment = (replicas: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

function newIndex(root: string): WorkspaceIndex {
  return new WorkspaceIndex(
    {
      root,
      exclude: ['**/node_modules/**'],
      crossFile: defaultCrossFileOptions,
    },
    new YamlValidator({ schemasDir, kubernetesVersion: '1.34' }),
  );
}

const grafanaProviders = `apiVersion: 1
providers:
  - name: shop
    options:
      path: ../../dashboards
`;

const dashboardJson = (uid: string, title: string): string =>
  JSON.stringify({ uid, title, schemaVersion: 39, panels: [] }, null, 2);

const codes = (index: WorkspaceIndex, file: string): string[] =>
  index.problemsOf(file).map((p) => p.code);

describe('WorkspaceIndex', () => {
  let root: string;
  const write = (file: string, text: string | Uint8Array): void => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'iw-index-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('scans a folder: validates every YAML file, counts documents, remembers every file', async () => {
    write('k8s/web.yaml', `${deployment('2')}---\n${deployment('"two"')}`);
    write('k8s/ok.yaml', deployment('1'));
    write('node_modules/x/bad.yaml', deployment('"x"'));
    write('docs/runbook.md', '# Runbook\n');
    const index = newIndex(root);
    const progress: [number, number][] = [];
    await index.scan({ onProgress: (done, total) => progress.push([done, total]) });
    assert.deepEqual([...index.files()].map((f) => f.path).sort(), ['k8s/ok.yaml', 'k8s/web.yaml']);
    assert.equal(index.get('k8s/web.yaml')?.documents, 2);
    assert.deepEqual(codes(index, 'k8s/web.yaml'), ['wrong-type']);
    assert.deepEqual(codes(index, 'k8s/ok.yaml'), []);
    assert.ok(index.exists('docs/runbook.md'));
    assert.ok(!index.exists('node_modules/x/bad.yaml'));
    assert.deepEqual(progress.at(-1), [2, 2]);
    assert.deepEqual(index.summary(), { files: 2, documents: 3, errors: 1, warnings: 0 });
    assert.deepEqual([...index.takeChanges()].sort(), ['k8s/web.yaml']);
    assert.deepEqual([...index.takeChanges()], [], 'changes are taken once');
  });

  it('updates incrementally: a change on disk, an editor text that wins over the disk, a delete, a rename', async () => {
    write('web.yaml', deployment('2'));
    const index = newIndex(root);
    await index.scan();
    index.takeChanges();

    write('web.yaml', deployment('"2"'));
    await index.refreshFromDisk('web.yaml');
    await index.settle();
    assert.deepEqual(codes(index, 'web.yaml'), ['wrong-type']);
    assert.deepEqual([...index.takeChanges()], ['web.yaml']);

    // The open document's text wins, also over later disk events, until it is closed.
    index.setEditorText('web.yaml', deployment('3'));
    index.validateNow('web.yaml');
    assert.deepEqual(codes(index, 'web.yaml'), []);
    await index.refreshFromDisk('web.yaml');
    await index.settle();
    assert.deepEqual(codes(index, 'web.yaml'), []);
    index.setEditorText('web.yaml', undefined);
    await index.refreshFromDisk('web.yaml');
    await index.settle();
    assert.deepEqual(codes(index, 'web.yaml'), ['wrong-type']);
    index.takeChanges();

    // A rename is a delete and a create.
    mkdirSync(path.join(root, 'k8s'));
    renameSync(path.join(root, 'web.yaml'), path.join(root, 'k8s', 'web.yaml'));
    index.remove('web.yaml');
    await index.refreshFromDisk('k8s/web.yaml');
    await index.settle();
    assert.equal(index.get('web.yaml'), undefined);
    assert.deepEqual(codes(index, 'k8s/web.yaml'), ['wrong-type']);
    assert.deepEqual([...index.takeChanges()].sort(), ['k8s/web.yaml', 'web.yaml']);

    // Deleting a folder forgets what was below it.
    rmSync(path.join(root, 'k8s'), { recursive: true });
    index.remove('k8s');
    await index.settle();
    assert.equal(index.summary().files, 0);
    assert.ok(!index.exists('k8s/web.yaml'));
  });

  it('walks a folder reported as created or changed: its files are indexed, vanished ones forgotten', async () => {
    const index = newIndex(root);
    await index.scan();
    // A watcher may report only the new folder when its files were written at once.
    write('k8s/new/web.yaml', deployment('"two"'));
    write('k8s/new/deep/ok.yaml', deployment('1'));
    write('k8s/new/node_modules/x/bad.yaml', deployment('"x"'));
    write('k8s/new/notes.md', '# notes\n');
    await index.refreshFromDisk('k8s/new');
    await index.settle();
    assert.deepEqual(codes(index, 'k8s/new/web.yaml'), ['wrong-type']);
    assert.deepEqual(codes(index, 'k8s/new/deep/ok.yaml'), []);
    assert.ok(index.exists('k8s/new/notes.md'));
    assert.ok(!index.exists('k8s/new/node_modules/x/bad.yaml'), 'excludes hold inside the folder');
    assert.ok(!index.exists('k8s/new'), 'a folder is not a file');
    assert.deepEqual([...index.takeChanges()], ['k8s/new/web.yaml']);

    rmSync(path.join(root, 'k8s', 'new', 'web.yaml'));
    await index.refreshFromDisk('k8s/new');
    await index.settle();
    assert.ok(!index.exists('k8s/new/web.yaml'));
    assert.deepEqual([...index.takeChanges()], ['k8s/new/web.yaml']);

    rmSync(path.join(root, 'k8s'), { recursive: true });
    await index.refreshFromDisk('k8s/new');
    await index.settle();
    assert.equal(index.summary().files, 0);
  });

  it('validates JSON Kubernetes manifests and Grafana dashboards, and leaves other JSON alone', async () => {
    const manifest = JSON.stringify(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: 'x' } },
      null,
      2,
    );
    write('k8s/service.json', manifest);
    write('package.json', '{ "name": "x", "version": 1 }\n');
    write('.vscode/settings.json', '{\n  // comments: JSONC, not ours\n  "a": 1,\n}\n');
    write('grafana/provisioning/dashboards/providers.yaml', grafanaProviders);
    write('grafana/dashboards/shop.json', dashboardJson('shop', 'Shop'));
    write('grafana/dashboards/team/payments.json', dashboardJson('shop', 'Payments'));
    write('grafana/dashboards/broken.json', '{\n  "title": "Broken",\n  "panels": [],\n}\n');
    write('grafana/dashboards/notes.json', '{ "notes": [] }\n');
    write('elsewhere/broken.json', '{ "not json": ');
    const index = newIndex(root);
    await index.scan();
    const seen = (file: string): [string, string][] => {
      const text = index.get(file)?.text ?? '';
      return index.problemsOf(file).map((p) => [p.code, text.slice(p.start, p.end)]);
    };
    assert.deepEqual(seen('k8s/service.json'), [['wrong-type', '"x"']]);
    assert.equal(index.get('package.json'), undefined, 'JSON that is not ours is not kept');
    assert.deepEqual(seen('.vscode/settings.json'), [], 'JSONC is not reported outside dashboards');
    assert.ok(index.exists('package.json'));
    assert.deepEqual(seen('grafana/dashboards/shop.json'), []);
    assert.deepEqual(seen('grafana/dashboards/team/payments.json'), [
      ['duplicate-dashboard-uid', 'shop'],
    ]);
    assert.deepEqual(seen('grafana/dashboards/broken.json'), [['dashboard-not-json', '}']]);
    assert.match(
      index.problemsOf('grafana/dashboards/broken.json')[0]?.message ?? '',
      /^Not valid JSON: a property name in double quotes is expected here \(a trailing comma before it\?\)\. Grafana's provider 'shop' in grafana\/provisioning\/dashboards\/providers\.yaml loads this file/,
    );
    assert.deepEqual(seen('grafana/provisioning/dashboards/providers.yaml'), [
      ['not-a-dashboard', '../../dashboards'],
    ]);
    assert.deepEqual(
      seen('elsewhere/broken.json'),
      [],
      'broken JSON is only reported where JSON is loaded',
    );

    // Fixed on disk: the problem goes; a dashboard that stops being one is forgotten.
    write('grafana/dashboards/broken.json', dashboardJson('broken', 'Broken'));
    write('grafana/dashboards/notes.json', dashboardJson('notes', 'Notes'));
    write('k8s/service.json', '{ "name": "no longer a manifest" }');
    for (const file of [
      'grafana/dashboards/broken.json',
      'grafana/dashboards/notes.json',
      'k8s/service.json',
    ]) {
      await index.refreshFromDisk(file);
    }
    await index.settle();
    assert.deepEqual(seen('grafana/dashboards/broken.json'), []);
    assert.deepEqual(seen('grafana/provisioning/dashboards/providers.yaml'), []);
    assert.equal(index.get('k8s/service.json'), undefined);
    assert.ok(index.takeChanges().has('k8s/service.json'), 'its problems are cleared');
  });

  it('moves its revision when files or their facts change, not when nothing did', async () => {
    write('k8s/web.yaml', deployment('2'));
    const index = newIndex(root);
    await index.scan();
    const scanned = index.revision;
    await index.refreshFromDisk('k8s/web.yaml'); // a watcher event after our own read
    await index.settle();
    assert.equal(index.revision, scanned);
    write('k8s/web.yaml', deployment('3'));
    await index.refreshFromDisk('k8s/web.yaml');
    await index.settle();
    const edited = index.revision;
    assert.ok(edited > scanned);
    index.remove('k8s/web.yaml');
    assert.ok(index.revision > edited);
  });

  it('re-validates custom resources when their CRD appears, changes or goes away', async () => {
    const { readFileSync } = await import('node:fs');
    const crd = readFileSync(path.join(crdRepo, 'config', 'crd', 'widgets.yaml'), 'utf8');
    const resource = readFileSync(path.join(crdRepo, 'deploy', 'widget.yaml'), 'utf8');
    write('resources/cr.yaml', resource);
    const index = newIndex(root);
    await index.scan();
    const without = codes(index, 'resources/cr.yaml');
    write('crds/widgets.yaml', crd);
    await index.refreshFromDisk('crds/widgets.yaml');
    await index.settle();
    const withCrd = codes(index, 'resources/cr.yaml');
    assert.notDeepEqual(
      withCrd,
      without,
      'the CRD changes what the custom resource is checked against',
    );
    assert.ok(withCrd.length > 0);
    rmSync(path.join(root, 'crds', 'widgets.yaml'));
    index.remove('crds/widgets.yaml');
    await index.settle();
    assert.deepEqual(codes(index, 'resources/cr.yaml'), without);
  });

  it('gives unreadable and binary files a problem of their own and carries on', async () => {
    write('binary.yaml', new Uint8Array([0x61, 0x00, 0x62]));
    write('ok.yaml', deployment('1'));
    const index = new WorkspaceIndex(
      {
        root,
        exclude: [],
        crossFile: defaultCrossFileOptions,
        readFile: async (p) => {
          if (p.endsWith('ok.yaml')) {
            throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
          }
          const { readFile } = await import('node:fs/promises');
          return readFile(p);
        },
      },
      new YamlValidator({ schemasDir, kubernetesVersion: '1.34' }),
    );
    await index.scan();
    assert.deepEqual(codes(index, 'binary.yaml'), ['binary-file']);
    assert.deepEqual(codes(index, 'ok.yaml'), ['unreadable-file']);
    assert.match(index.problemsOf('ok.yaml')[0]?.message ?? '', /permission denied/);
  });

  it('keeps the parses of all files, of open files only, or of none', async () => {
    const closed = deployment('1');
    const open = deployment('2').replace('name: web', 'name: api');
    write('k8s/closed.yaml', closed);
    write('k8s/open.yaml', open);
    for (const keepParses of ['all', 'open', 'none'] as const) {
      // Parsed (and cached) before the scan: the scan's validation finds these models.
      const before = { closed: parseYaml(closed), open: parseYaml(open) };
      const index = new WorkspaceIndex(
        { root, exclude: [], crossFile: defaultCrossFileOptions, keepParses },
        new YamlValidator({ schemasDir, kubernetesVersion: '1.34' }),
      );
      index.setEditorText('k8s/open.yaml', open);
      await index.scan();
      assert.deepEqual(codes(index, 'k8s/closed.yaml'), [], keepParses);
      assert.equal(parseYaml(closed) === before.closed, keepParses === 'all', keepParses);
      assert.equal(parseYaml(open) === before.open, keepParses !== 'none', keepParses);
      forgetParse(closed);
      forgetParse(open);
    }
  });

  it('yields between slices of work while scanning', async () => {
    for (let i = 0; i < 150; i++) {
      write(`k8s/app-${i}.yaml`, deployment(String(i)).replace('name: web', `name: web-${i}`));
    }
    const index = newIndex(root);
    let pauses = 0;
    await index.scan({
      pause: () => {
        pauses++;
        return new Promise((resolve) => setImmediate(resolve));
      },
    });
    assert.equal(index.summary().files, 150);
    assert.ok(pauses > 0, 'a scan of 150 files gives way at least once');
  });
});

describe('WorkspaceIndex on the corpus', () => {
  it('indexes the Kubernetes corpus, and an edit undone gives back exactly the same problems', async function () {
    this.timeout(60_000);
    const root = path.join(corpusDir(), 'kubernetes');
    const index = newIndex(root);
    await index.scan();
    const summary = index.summary();
    assert.ok(summary.files > 1000, `${summary.files} files`);
    assert.ok(summary.documents > summary.files, `${summary.documents} documents`);
    const all = (): string =>
      JSON.stringify(
        [...index.files()]
          .map((f) => f.path)
          .sort()
          .map((p) => [p, index.problemsOf(p)]),
      );
    const before = all();
    assert.ok(before.includes('service-selects-nothing'), 'cross-file problems are part of it');
    // Add an unknown field to the Deployments of one file in the editor, then undo it.
    const victim = [...index.files()].find(
      (f) => f.text.includes('kind: Deployment') && f.problems.length === 0,
    );
    assert.ok(victim);
    const original = victim.text;
    index.takeChanges();
    index.setEditorText(
      victim.path,
      original.replace(/^kind: Deployment$/gm, 'kind: Deployment\nreplicaz: 1'),
    );
    await index.settle();
    assert.ok(index.takeChanges().has(victim.path));
    assert.notEqual(all(), before);
    index.setEditorText(victim.path, original);
    await index.settle();
    assert.equal(all(), before);
  });
});
