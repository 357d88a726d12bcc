import * as assert from 'node:assert/strict';
import { cpSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import {
  formatManifestChangesMarkdown,
  formatManifestChangesText,
} from '../../../src/plan/core/manifestChangesFormat';
import {
  manifestChangesFromGit,
  type ManifestChangesReport,
} from '../../../src/plan/core/manifestChangesFromGit';
import { corpusDir, listFiles } from '../corpus';
import { TempRepo } from '../git/tempRepo';

/**
 * The real manifests of ../shared/corpus/kubernetes in a temporary repository: first every file
 * new against an empty commit, then the whole folder moved (not staged) after committing it.
 */
describe('Kubernetes diff over the corpus', function () {
  this.timeout(120_000);
  const source = path.join(corpusDir(), 'kubernetes');
  const corpusFiles = listFiles(source);
  let repo: TempRepo;
  let added: ManifestChangesReport;
  let moved: ManifestChangesReport;

  before(async () => {
    repo = new TempRepo();
    repo.commit('empty');
    cpSync(source, path.join(repo.root, 'k8s'), { recursive: true });
    added = await manifestChangesFromGit({ folder: repo.root, base: 'HEAD' });
    repo.commit('corpus');
    renameSync(path.join(repo.root, 'k8s'), path.join(repo.root, 'moved'));
    moved = await manifestChangesFromGit({ folder: repo.root, base: 'HEAD' });
  });
  after(() => {
    repo.remove();
  });

  it('reads every file as added, each resource at a real line of its file', () => {
    const manifests = corpusFiles.filter((f) => /\.(ya?ml|json)$/i.test(f));
    assert.equal(added.files.length, manifests.length);
    assert.ok(added.files.every((f) => f.status === 'added' && f.untracked === true));
    assert.equal(added.summary.counts.change + added.summary.counts.remove, 0);
    assert.equal(added.summary.counts.add, added.changes.length);
    assert.ok(added.summary.counts.add > manifests.length / 2, 'most corpus files hold resources');
    const lines = new Map<string, string[]>();
    for (const change of added.changes) {
      assert.equal(change.action, 'add');
      const head = change.head;
      assert.ok(head !== undefined);
      assert.ok(head.file.startsWith('k8s/'), head.file);
      let fileLines = lines.get(head.file);
      if (fileLines === undefined) {
        fileLines = readFileSync(path.join(source, head.file.slice('k8s/'.length)), 'utf8').split(
          '\n',
        );
        lines.set(head.file, fileLines);
      }
      const line = fileLines[head.line - 1] ?? '';
      assert.ok(!/^\s*(#.*)?$/.test(line), `${head.file}:${head.line} is blank or a comment`);
    }
    for (const p of added.problems) {
      assert.ok(corpusFiles.includes(p.file.slice('k8s/'.length)), p.file);
      assert.equal(p.side, 'working tree');
      assert.ok(p.line >= 1);
    }
    // The summaries render the whole corpus.
    assert.match(
      formatManifestChangesText(added),
      new RegExp(`^Kubernetes: ${added.summary.counts.add} to add\\n`),
    );
    assert.match(formatManifestChangesMarkdown(added), /<summary>Changes \(\d+\)<\/summary>/);
  });

  it('sees no change when every file is moved, and finds every resource again', () => {
    assert.deepEqual(moved.changes, []);
    assert.equal(moved.summary.headline, 'Kubernetes: no changes');
    assert.equal(moved.summary.counts.unchanged, added.summary.counts.add);
    assert.equal(moved.summary.counts.moved, added.summary.counts.add);
    assert.ok(
      moved.files.every(
        (f) => f.status === 'renamed' && f.oldPath === f.path.replace(/^moved\//, 'k8s/'),
      ),
    );
    // A file that does not parse fails the same way on both sides.
    assert.equal(moved.problems.length, 2 * added.problems.length);
  });
});
