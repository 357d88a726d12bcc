import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  gatherProblems,
  repositoryRoot,
  type GatherProgress,
} from '../../../src/cli/gatherProblems';
import { MissingPathError } from '../../../src/workspace/core/discoverFiles';

describe('gathering the problems of files', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'iw-gather-'));
    writeFileSync(
      path.join(dir, 'two.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {n: 1}\n',
    );
    writeFileSync(path.join(dir, 'empty.yaml'), '');
    writeFileSync(path.join(dir, 'binary.yaml'), Buffer.from([0, 1, 2]));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const options = (onProgress?: (p: GatherProgress) => void) => ({
    cwd: dir,
    schemasDir: path.resolve(__dirname, '..', '..', '..', 'schemas'),
    cacheDir: path.join(dir, '.cache'),
    kubernetesVersion: '1.34',
    mappings: [],
    offline: true,
    ...(onProgress === undefined ? {} : { onProgress }),
  });

  it('counts files and documents, locates problems, and lists what it could not read', async () => {
    const progress: GatherProgress[] = [];
    writeFileSync(path.join(dir, 'locked.yaml'), 'a: 1\n', { mode: 0o000 });
    const gathered = await gatherProblems(
      ['.'],
      options((p) => progress.push(p)),
    );
    const runningAsRoot = process.getuid?.() === 0; // root reads files without permission bits
    assert.equal(gathered.files, runningAsRoot ? 4 : 3);
    assert.equal(gathered.documents, runningAsRoot ? 3 : 2, 'two documents in two.yaml');
    assert.deepEqual(
      gathered.problems.map((p) => [p.file, p.line, p.column, p.severity, `${p.source}/${p.code}`]),
      [
        ['binary.yaml', 1, 1, 'info', 'yaml/binary-file'],
        ['two.yaml', 8, 11, 'error', 'kubernetes/unquoted-data-value'],
      ],
    );
    if (!runningAsRoot) {
      assert.equal(gathered.unreadable.length, 1);
      assert.equal(gathered.unreadable[0]?.file, 'locked.yaml');
      assert.match(gathered.unreadable[0].reason, /EACCES/);
    }
    assert.deepEqual(progress.at(-1), { phase: 'checking', done: 4, total: 4 });
  });

  it('takes a file named on its own whatever its extension, and refuses a path that does not exist', async () => {
    writeFileSync(
      path.join(dir, 'manifest.txt'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {n: 1}\n',
    );
    const gathered = await gatherProblems(['manifest.txt'], options());
    assert.deepEqual(
      gathered.problems.map((p) => [p.file, p.code]),
      [['manifest.txt', 'unquoted-data-value']],
    );
    await assert.rejects(gatherProblems(['gone.yaml'], options()), MissingPathError);
  });

  describe('paths that are part of the repository', () => {
    const demo = path.resolve(__dirname, '..', '..', 'fixtures', 'demo-repo');
    const demoOptions = { ...options(), cwd: demo, root: demo };

    it('reports only their files, with the cross-file checks seeing the whole repository', async () => {
      const whole = await gatherProblems(['.'], demoOptions);
      const part = await gatherProblems(['monitoring', 'broken/cross-file'], demoOptions);
      const inPart = (file: string) =>
        file.startsWith('monitoring/') || file.startsWith('broken/cross-file/');
      assert.ok(part.files > 0 && part.files < whole.files);
      assert.deepEqual(
        part.problems,
        whole.problems.filter((p) => inPart(p.file)),
        'the same problems as the whole run gives those files',
      );
      // The runbooks the rules of monitoring/ link live in runbooks/, outside the paths.
      assert.ok(!part.problems.some((p) => p.file.startsWith('monitoring/')));
      assert.ok(
        part.problems.some((p) => p.code === 'missing-runbook' && p.message.includes('LedgerDown')),
        'a runbook missing from the whole repository is still reported',
      );
    });

    it('refuses a path below it that does not exist', async () => {
      await assert.rejects(gatherProblems(['monitoring', 'gone'], demoOptions), MissingPathError);
    });
  });

  describe('the repository root, from wherever check runs', () => {
    const demo = path.resolve(__dirname, '..', '..', 'fixtures', 'demo-repo');
    const at = (cwd: string, paths: string[]) => ({
      ...options(),
      cwd,
      root: repositoryRoot(paths, cwd),
    });

    it('reports on a repository checked from outside it what checking it at its root does', async () => {
      const inside = await gatherProblems(['.'], at(demo, ['.']));
      const parent = path.dirname(demo);
      const outside = await gatherProblems(['demo-repo'], at(parent, ['demo-repo']));
      // Relative runbook links resolve against the repository, not the folder check ran in.
      assert.deepEqual(
        outside.problems,
        inside.problems.map((p) => ({ ...p, file: `demo-repo/${p.file}` })),
      );
      assert.equal(outside.files, inside.files);
    });

    it('reads the whole repository from a subfolder, and reports the subfolder', async () => {
      const whole = await gatherProblems(['.'], at(demo, ['.']));
      const crossFile = path.join(demo, 'broken', 'cross-file');
      const part = await gatherProblems(['.'], at(crossFile, ['.']));
      assert.ok(part.problems.some((p) => p.code === 'missing-runbook'));
      assert.deepEqual(
        part.problems,
        whole.problems
          .filter((p) => p.file.startsWith('broken/cross-file/'))
          .map((p) => ({ ...p, file: p.file.slice('broken/cross-file/'.length) })),
      );
    });

    it('is the nearest folder with .git or the repository config, else the working directory', () => {
      const repo = path.join(dir, 'repo');
      mkdirSync(path.join(repo, '.git'), { recursive: true });
      mkdirSync(path.join(repo, 'k8s', 'apps'), { recursive: true });
      mkdirSync(path.join(repo, 'infra'), { recursive: true });
      writeFileSync(path.join(repo, 'infra', '.infra-workbench.yaml'), '');
      writeFileSync(path.join(repo, 'k8s', 'apps', 'a.yaml'), 'a: 1\n');
      assert.equal(repositoryRoot(['.'], path.join(repo, 'k8s', 'apps')), repo);
      assert.equal(repositoryRoot(['k8s/apps/a.yaml'], repo), repo);
      assert.equal(repositoryRoot(['repo/k8s'], dir), repo);
      assert.equal(repositoryRoot(['.'], path.join(repo, 'infra')), path.join(repo, 'infra'));
      // A second path outside the repository of the first, and no repository at all.
      assert.equal(repositoryRoot(['repo', 'two.yaml'], dir), undefined);
      assert.equal(repositoryRoot(['.'], dir), undefined);
      assert.equal(repositoryRoot(['gone'], path.join(repo, 'k8s')), repo);
    });
  });

  it('reads only the paths when no repository is around them, and the whole repository when one is', async () => {
    const top = path.join(dir, 'no-repository');
    mkdirSync(path.join(top, 'workloads'), { recursive: true });
    mkdirSync(path.join(top, 'config'), { recursive: true });
    writeFileSync(
      path.join(top, 'workloads', 'web.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  containers:\n    - { name: web, image: nginx, envFrom: [{ configMapRef: { name: settings } }] }\n',
    );
    writeFileSync(
      path.join(top, 'config', 'settings.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { a: "1" }\n',
    );
    const run = async () =>
      gatherProblems(['workloads'], {
        ...options(),
        cwd: top,
        root: repositoryRoot(['workloads'], top),
      });
    // No .git nor config above: what else belongs with workloads/ is not known (checking a
    // folder of /tmp from /tmp read all of /tmp), so the ConfigMap of config/ is not seen.
    assert.equal(repositoryRoot(['workloads'], top), undefined);
    const alone = await run();
    assert.equal(alone.files, 1);
    assert.deepEqual(
      alone.problems.map((p) => [p.file, p.code]),
      [['workloads/web.yaml', 'missing-configmap']],
    );
    mkdirSync(path.join(top, '.git'));
    const inRepository = await run();
    assert.equal(inRepository.files, 1);
    assert.deepEqual(inRepository.problems, []);
  });
});
