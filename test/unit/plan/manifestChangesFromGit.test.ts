import * as assert from 'node:assert/strict';
import path from 'node:path';
import { GitError } from '../../../src/git/core/gitRepository';
import {
  formatManifestChangesMarkdown,
  formatManifestChangesText,
} from '../../../src/plan/core/manifestChangesFormat';
import {
  manifestChangesFromGit,
  type ManifestChangesReport,
} from '../../../src/plan/core/manifestChangesFromGit';
import { TempRepo } from '../git/tempRepo';

const deployment = (image: string, replicas = 2): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web, tier: frontend}
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: app
          image: ${image}
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  ports:
    - port: 80
`;

const configMap = (name: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: shop}
data: {key: value}
`;

function actions(report: ManifestChangesReport): string[] {
  return report.changes.map((c) => `${c.action} ${c.title}`);
}

describe('Kubernetes changes from git', () => {
  const repos: TempRepo[] = [];
  const repo = (options?: { init?: boolean }): TempRepo => {
    const r = new TempRepo(options);
    repos.push(r);
    return r;
  };
  after(() => {
    for (const r of repos) {
      r.remove();
    }
  });

  /** A repository whose main holds `files`, on a feature branch. */
  const committed = (files: Record<string, string>): TempRepo => {
    const r = repo();
    for (const [file, text] of Object.entries(files)) {
      r.write(file, text);
    }
    r.commit('base');
    r.git('checkout', '-q', '-b', 'feature');
    return r;
  };

  it('sees no change when resources move between files', async () => {
    const r = committed({ 'k8s/all.yaml': `${deployment('nginx:1')}---\n${service}` });
    r.remove('k8s/all.yaml');
    r.write('k8s/deployment.yaml', deployment('nginx:1'));
    r.write('k8s/service.yaml', `# the service\n${service}`);
    const report = await manifestChangesFromGit({ folder: r.root });
    assert.deepEqual(report.changes, []);
    assert.equal(report.summary.headline, 'Kubernetes: no changes');
    assert.equal(report.summary.counts.moved, 2);
    assert.deepEqual(
      report.moved.map((m) => [m.title, m.base.file, m.head.file, m.head.line]),
      [
        ['Deployment.apps shop/web', 'k8s/all.yaml', 'k8s/deployment.yaml', 1],
        ['Service shop/web', 'k8s/all.yaml', 'k8s/service.yaml', 2],
      ],
    );
  });

  it('sees no change in reordered keys, quoting and comments', async () => {
    const r = committed({ 'app.yaml': deployment('nginx:1') });
    r.write(
      'app.yaml',
      `# reformatted
kind: Deployment
apiVersion: "apps/v1"
spec:
  template: {spec: {containers: [{image: 'nginx:1', name: app}]}}
  replicas: 2   # two
metadata: {namespace: shop, labels: {tier: frontend, app: web}, name: web}
`,
    );
    const report = await manifestChangesFromGit({ folder: r.root });
    assert.deepEqual(report.changes, []);
    assert.equal(report.files.length, 1, 'the file did change');
  });

  it('reports a changed image as one field change, with both locations', async () => {
    const r = committed({ 'app.yaml': `${service}---\n${deployment('nginx:1')}` });
    r.commit('on feature');
    r.write('app.yaml', `${service}---\n# new image\n${deployment('nginx:2')}`);
    const report = await manifestChangesFromGit({ folder: r.root });
    assert.deepEqual(report.changes, [
      {
        action: 'change',
        identity: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' },
        title: 'Deployment.apps shop/web',
        baseApiVersion: 'apps/v1',
        headApiVersion: 'apps/v1',
        base: { file: 'app.yaml', line: 10 },
        head: { file: 'app.yaml', line: 11 },
        fields: [
          {
            path: 'spec.template.spec.containers[name=app].image',
            change: 'changed',
            before: 'nginx:1',
            after: 'nginx:2',
          },
        ],
      },
    ]);
    assert.equal(report.summary.headline, 'Kubernetes: 1 to change');
  });

  it('reports added and removed resources, committed and uncommitted alike', async () => {
    const r = committed({ 'a.yaml': `${configMap('old')}---\n${configMap('kept')}` });
    r.write('a.yaml', configMap('kept'));
    r.write('b.yaml', configMap('committed-new'));
    r.commit('feature work');
    r.write('c.yaml', configMap('untracked-new'));
    const report = await manifestChangesFromGit({ folder: r.root });
    assert.deepEqual(actions(report), [
      'remove ConfigMap shop/old',
      'add ConfigMap shop/committed-new',
      'add ConfigMap shop/untracked-new',
    ]);
    assert.equal(report.summary.headline, 'Kubernetes: 2 to add, 1 to remove');
    assert.deepEqual(
      report.files.map((f) => [f.status, f.path, f.untracked ?? false]),
      [
        ['modified', 'a.yaml', false],
        ['added', 'b.yaml', false],
        ['added', 'c.yaml', true],
      ],
    );
  });

  it('compares the base with a head revision, not the working tree (a pull request)', async () => {
    const r = committed({ 'a.yaml': `${configMap('old')}---\n${configMap('kept')}` });
    r.write('a.yaml', configMap('kept'));
    r.write('b.yaml', configMap('in-pr'));
    const head = r.commit('pull request');
    r.git('checkout', '-q', 'main');
    r.write('c.yaml', configMap('uncommitted-on-main'));
    const report = await manifestChangesFromGit({ folder: r.root, base: 'main', head });
    assert.deepEqual(actions(report), ['remove ConfigMap shop/old', 'add ConfigMap shop/in-pr']);
    assert.equal(report.head?.commit, r.git('rev-parse', 'feature').trim());
    assert.deepEqual(
      report.files.map((f) => [f.status, f.path]),
      [
        ['modified', 'a.yaml'],
        ['added', 'b.yaml'],
      ],
    );
  });

  it('reads a renamed file as unchanged resources that moved', async () => {
    const r = committed({ 'old/app.yaml': deployment('nginx:1') });
    r.git('mv', 'old', 'new');
    const report = await manifestChangesFromGit({ folder: r.root });
    assert.deepEqual(report.changes, []);
    assert.deepEqual(report.files, [
      { status: 'renamed', path: 'new/app.yaml', oldPath: 'old/app.yaml' },
    ]);
    assert.deepEqual(
      report.moved.map((m) => [m.base.file, m.head.file]),
      [['old/app.yaml', 'new/app.yaml']],
    );
  });

  it('compares with --base and keeps to the folder asked for', async () => {
    const r = committed({ 'a/x.yaml': configMap('x'), 'b/y.yaml': configMap('y') });
    const first = r.git('rev-parse', 'HEAD').trim();
    r.write('a/x2.yaml', configMap('x2')).write('b/y2.yaml', configMap('y2'));
    r.commit('more');
    r.git('checkout', '-q', 'main');
    const report = await manifestChangesFromGit({ folder: path.join(r.root, 'a'), base: first });
    // On main again: the working tree equals the base.
    assert.deepEqual(report.changes, []);
    const onFeature = await manifestChangesFromGit({
      folder: path.join(r.root, 'a'),
      base: 'feature',
    });
    assert.deepEqual(actions(onFeature), ['remove ConfigMap shop/x2']);
    assert.equal(onFeature.scope, 'a');
    assert.equal(onFeature.base.commit, r.git('rev-parse', 'feature').trim());
  });

  it('lists a manifest that does not parse at the base with file:line, and goes on', async () => {
    const r = committed({
      'broken.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: shop\ndata: {k: [1, 2}\n`,
      'fine.yaml': configMap('fine'),
    });
    r.write('broken.yaml', configMap('a'));
    r.write('fine.yaml', configMap('fine-renamed'));
    const report = await manifestChangesFromGit({ folder: r.root });
    // One entry per file and side, at the first problem.
    assert.deepEqual(
      report.problems.map((p) => [p.file, p.line, p.side]),
      [['broken.yaml', 6, 'base']],
    );
    const added = report.changes.find((c) => c.title === 'ConfigMap shop/a');
    assert.equal(added?.action, 'add');
    assert.match(added.note ?? '', /broken\.yaml:6 could not be parsed at the base/);
    assert.deepEqual(actions(report), [
      'remove ConfigMap shop/fine',
      'add ConfigMap shop/a',
      'add ConfigMap shop/fine-renamed',
    ]);
    const text = formatManifestChangesText(report);
    assert.match(text, /Could not be parsed \(\d+\):\n {2}broken\.yaml:6:\d+ \(base\): /);
  });

  it('skips Helm templates with a note', async () => {
    const r = committed({ 'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n' });
    r.write(
      'charts/web/templates/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
    );
    const report = await manifestChangesFromGit({ folder: r.root });
    assert.deepEqual(report.changes, []);
    assert.deepEqual(
      report.notes.map((n) => n.file),
      ['charts/web/templates/cm.yaml'],
    );
    assert.match(
      formatManifestChangesText(report),
      /Not compared \(1\):\n {2}charts\/web\/templates\/cm\.yaml \(working tree\): Helm template/,
    );
  });

  it('never prints a Secret value, in any format', async () => {
    const secret = (password: string, token: string) => `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"${password}"}}'
type: Opaque
stringData:
  password: ${password}
data:
  token: ${token}
`;
    const values = ['hunter2-base', 'aHVudGVyMi1iYXNl', 'hunter2-head', 'aHVudGVyMi1oZWFk'];
    const r = committed({
      'secret.yaml': secret('hunter2-base', 'aHVudGVyMi1iYXNl'),
      'gone.yaml': secret('removed-secret-value', 'cmVtb3ZlZA==').replace('name: db', 'name: gone'),
    });
    r.write('secret.yaml', secret('hunter2-head', 'aHVudGVyMi1oZWFk'));
    r.remove('gone.yaml');
    r.write('new.yaml', secret('added-secret-value', 'YWRkZWQ=').replace('name: db', 'name: new'));
    const report = await manifestChangesFromGit({ folder: r.root });
    assert.deepEqual(actions(report), [
      'remove Secret shop/gone',
      'change Secret shop/db',
      'add Secret shop/new',
    ]);
    assert.deepEqual(
      report.changes[1]?.fields.map((f) => [f.path, f.change, f.sensitive]),
      [
        ['data.token', 'changed', true],
        [
          'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
          'changed',
          true,
        ],
        ['stringData.password', 'changed', true],
      ],
    );
    const outputs = [
      formatManifestChangesText(report),
      formatManifestChangesMarkdown(report),
      JSON.stringify(report),
    ];
    for (const output of outputs) {
      for (const value of [
        ...values,
        'removed-secret-value',
        'cmVtb3ZlZA',
        'added-secret-value',
        'YWRkZWQ',
      ]) {
        assert.ok(!output.includes(value), `${value} in ${output}`);
      }
    }
    assert.match(outputs[0] ?? '', /~ stringData\.password: \(sensitive\) changed/);
  });

  it('prints Markdown with removals first and the rest in <details>', async () => {
    const r = committed({ 'a.yaml': `${configMap('old')}---\n${deployment('nginx:1')}` });
    r.write('a.yaml', `${deployment('nginx:2', 3)}---\n${configMap('new')}`);
    const report = await manifestChangesFromGit({ folder: r.root });
    const markdown = formatManifestChangesMarkdown(report);
    assert.match(markdown, /^\*\*Kubernetes: 1 to add, 1 to change, 1 to remove\*\*\n/);
    const removed = markdown.indexOf('### :warning: Removed (1)');
    const details = markdown.indexOf('<details>\n<summary>Other changes (2)</summary>');
    assert.ok(removed > 0 && details > removed, markdown);
    assert.ok(markdown.indexOf('`ConfigMap shop/old`') < details);
    assert.ok(markdown.indexOf('`ConfigMap shop/new`') > details);
    assert.match(markdown, /- `spec\.replicas`: `2` → `3`/);
  });

  it('says when the repository has no commits', async () => {
    const r = repo();
    r.write('a.yaml', configMap('a'));
    await assert.rejects(
      manifestChangesFromGit({ folder: r.root }),
      (e: unknown) => e instanceof GitError && e.kind === 'no-commits',
    );
  });

  it('says when the folder is not in a git repository', async () => {
    const r = repo({ init: false });
    await assert.rejects(
      manifestChangesFromGit({ folder: r.root }),
      (e: unknown) => e instanceof GitError && e.kind === 'not-a-repository',
    );
  });

  it('says when the base names nothing', async () => {
    const r = committed({ 'a.yaml': configMap('a') });
    await assert.rejects(
      manifestChangesFromGit({ folder: r.root, base: 'no-such-branch' }),
      (e: unknown) =>
        e instanceof GitError &&
        e.kind === 'unknown-ref' &&
        e.message.includes("unknown revision 'no-such-branch'"),
    );
  });
});
