import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  asyncDiscoveryFs,
  discoverFiles,
  isDiscoverable,
  MissingPathError,
  syncDiscoveryFs,
} from '../../../src/workspace/core/discoverFiles';

/** Writes files (path → content) below a new temporary folder. */
function makeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'iw-discover-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('discoverFiles', () => {
  const roots: string[] = [];
  const tree = (files: Record<string, string>): string => {
    const root = makeTree(files);
    roots.push(root);
    return root;
  };
  after(() => {
    roots.forEach((r) => {
      rmSync(r, { recursive: true, force: true });
    });
  });

  // The editor lists folders with node's asynchronous calls, the CLI with its synchronous ones.
  for (const [calls, fileSystem] of [
    ['asynchronous', asyncDiscoveryFs],
    ['synchronous', syncDiscoveryFs],
  ] as const) {
    describe(`with node's ${calls} calls`, () => {
      it('honours .gitignore at every level, negations included, and skips .git', async () => {
        const root = tree({
          '.gitignore': 'build/\n*.generated.yaml\n!keep.generated.yaml\n',
          'k8s/app.yaml': '',
          'k8s/app.generated.yaml': '',
          'k8s/keep.generated.yaml': '',
          'build/out.yaml': '',
          'charts/.gitignore': 'rendered/\n',
          'charts/rendered/a.yaml': '',
          'charts/values.yaml': '',
          'rendered/top.yaml': '',
          '.git/config': '',
          'docs/runbooks/checkout.md': '',
        });
        const { files } = await discoverFiles({ root, fileSystem });
        assert.deepEqual(files, [
          '.gitignore',
          'charts/.gitignore',
          'charts/values.yaml',
          'docs/runbooks/checkout.md',
          'k8s/app.yaml',
          'k8s/keep.generated.yaml',
          'rendered/top.yaml',
        ]);
      });

      it('skips the exclude globs, folders and files', async () => {
        const root = tree({
          'a/node_modules/x/deploy.yaml': '',
          'a/deploy.yaml': '',
          'vendor/lib.yaml': '',
          'secret.enc.yaml': '',
        });
        const { files } = await discoverFiles({
          root,
          fileSystem,
          exclude: ['**/node_modules/**', 'vendor/**', '**/*.enc.yaml'],
        });
        assert.deepEqual(files, ['a/deploy.yaml']);
      });

      it('applies the .gitignore files above a folder it is asked to walk, and takes given files as they are', async () => {
        const root = tree({
          '.gitignore': '*.tmp.yaml\n',
          'k8s/a.yaml': '',
          'k8s/b.tmp.yaml': '',
          'other/c.tmp.yaml': '',
        });
        const { files } = await discoverFiles({
          root,
          fileSystem,
          within: ['k8s', 'other/c.tmp.yaml'],
        });
        assert.deepEqual(files, ['k8s/a.yaml', 'other/c.tmp.yaml']);
      });

      it('does not follow symbolic links (no cycles) and reports a missing path', async () => {
        const root = tree({ 'k8s/a.yaml': '' });
        symlinkSync(root, path.join(root, 'k8s', 'loop'));
        const { files } = await discoverFiles({ root, fileSystem });
        assert.deepEqual(files, ['k8s/a.yaml']);
        await assert.rejects(
          discoverFiles({ root, fileSystem, within: ['nope'] }),
          (error: unknown) =>
            error instanceof MissingPathError && error.missingPath.endsWith('nope'),
        );
      });
    });
  }

  it('tells whether one path would be found (for file system events)', async () => {
    const root = tree({
      '.gitignore': 'build/\n',
      'charts/.gitignore': '*.rendered.yaml\n',
      'charts/a.yaml': '',
    });
    const options = { root, exclude: ['**/node_modules/**'] };
    assert.equal(await isDiscoverable(options, 'charts/a.yaml'), true);
    assert.equal(await isDiscoverable(options, 'charts/x.rendered.yaml'), false);
    assert.equal(await isDiscoverable(options, 'build/deep/x.yaml'), false);
    assert.equal(await isDiscoverable(options, 'app/node_modules/x.yaml'), false);
    assert.equal(await isDiscoverable(options, '.git/HEAD'), false);
    assert.equal(await isDiscoverable(options, 'k8s/new.yaml'), true);
  });
});
