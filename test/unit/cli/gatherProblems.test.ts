import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gatherProblems, type GatherProgress } from '../../../src/cli/gatherProblems';

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
    const files = ['two.yaml', 'gone.yaml', 'empty.yaml', 'binary.yaml'].map((f) =>
      path.join(dir, f),
    );
    const gathered = await gatherProblems(
      files,
      options((p) => progress.push(p)),
    );
    assert.equal(gathered.files, 3);
    assert.equal(gathered.documents, 2, 'two documents in two.yaml; none in the others');
    assert.deepEqual(
      gathered.problems.map((p) => [p.file, p.line, p.column, p.severity, `${p.source}/${p.code}`]),
      [
        ['two.yaml', 8, 11, 'error', 'kubernetes/unquoted-data-value'],
        ['binary.yaml', 1, 1, 'info', 'yaml/binary-file'],
      ],
    );
    assert.equal(gathered.unreadable.length, 1);
    assert.equal(gathered.unreadable[0]?.file, 'gone.yaml');
    assert.match(gathered.unreadable[0].reason, /ENOENT/);
    assert.deepEqual(progress.at(-1), { phase: 'checking', done: 3, total: 3 });
    assert.ok(progress.some((p) => p.phase === 'reading' && p.done === 4 && p.total === 4));
  });
});
