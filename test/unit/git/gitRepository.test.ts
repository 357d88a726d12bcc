import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  findDefaultBranch,
  findRepositoryRoot,
  GitError,
  listChangedFiles,
  listRevisions,
  resolveDefaultBase,
  resolveRevision,
  type GitErrorKind,
} from '../../../src/git/core/gitRepository';
import { readFilesAtRevision } from '../../../src/git/core/readFilesAtRevision';
import { TempRepo } from './tempRepo';

async function rejectsWith(promise: Promise<unknown>, kind: GitErrorKind, message: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GitError, `not a GitError: ${String(error)}`);
    assert.equal(error.kind, kind);
    assert.match(error.message, message);
    return true;
  });
}

describe('git core', () => {
  const repos: TempRepo[] = [];
  const repo = (options?: { init?: boolean; branch?: string }): TempRepo => {
    const r = new TempRepo(options);
    repos.push(r);
    return r;
  };
  after(() => {
    for (const r of repos) {
      r.remove();
    }
  });

  describe('findRepositoryRoot', () => {
    it('finds the root from a sub-folder and from a file', async () => {
      const r = repo();
      r.write('a/b/c.yaml', 'x: 1\n');
      assert.equal(await findRepositoryRoot(path.join(r.root, 'a', 'b')), r.root);
      assert.equal(await findRepositoryRoot(path.join(r.root, 'a', 'b', 'c.yaml')), r.root);
    });

    it('says when the folder is not in a repository', async () => {
      const r = repo({ init: false });
      mkdirSync(path.join(r.root, 'sub'));
      await rejectsWith(
        findRepositoryRoot(path.join(r.root, 'sub')),
        'not-a-repository',
        /is not in a git repository/,
      );
    });

    it('says when git is not installed', async () => {
      const r = repo();
      r.commit();
      const saved = process.env.PATH;
      process.env.PATH = r.root; // a folder without git
      try {
        await rejectsWith(findRepositoryRoot(r.root), 'git-missing', /git was not found on PATH/);
        await rejectsWith(
          readFilesAtRevision(r.root, 'abcdef0', ['a.yaml']),
          'git-missing',
          /git was not found on PATH/,
        );
      } finally {
        process.env.PATH = saved;
      }
    });

    it('says when the folder does not exist', async () => {
      const r = repo({ init: false });
      await rejectsWith(
        findRepositoryRoot(path.join(r.root, 'missing')),
        'failed',
        /no such file or directory/,
      );
    });
  });

  describe('bases', () => {
    it('reports a repository with no commits', async () => {
      const r = repo();
      await rejectsWith(resolveDefaultBase(r.root), 'no-commits', /no commits yet/);
      await rejectsWith(resolveRevision(r.root, 'main'), 'no-commits', /no commits yet/);
    });

    it('reports an unknown revision, and refuses option-like ones', async () => {
      const r = repo();
      r.commit();
      await rejectsWith(resolveRevision(r.root, 'nope'), 'unknown-ref', /unknown revision 'nope'/);
      await rejectsWith(resolveRevision(r.root, '--all'), 'unknown-ref', /not a revision/);
      const head = r.git('rev-parse', 'HEAD').trim();
      assert.deepEqual(await resolveRevision(r.root, 'HEAD'), {
        ref: 'HEAD',
        commit: head,
        description: 'HEAD',
      });
    });

    it('reports a repository without a default branch', async () => {
      const r = repo({ branch: 'trunk' });
      r.commit();
      assert.equal(await findDefaultBranch(r.root), undefined);
      await rejectsWith(resolveDefaultBase(r.root), 'no-default-branch', /--base <ref>/);
    });

    it('takes the merge base of HEAD with main', async () => {
      const r = repo();
      r.write('a.yaml', 'a: 1\n');
      const forkPoint = r.commit('a');
      r.git('checkout', '-q', '-b', 'feature');
      r.write('b.yaml', 'b: 1\n');
      r.commit('b');
      r.git('checkout', '-q', 'main');
      r.write('c.yaml', 'c: 1\n');
      r.commit('c');
      r.git('checkout', '-q', 'feature');
      const base = await resolveDefaultBase(r.root);
      assert.equal(base.commit, forkPoint);
      assert.equal(base.ref, 'main');
      assert.equal(base.description, 'merge base of HEAD and main');
    });

    it("prefers origin/HEAD's branch, and falls back to master", async () => {
      const r = repo({ branch: 'master' });
      r.commit();
      assert.equal(await findDefaultBranch(r.root), 'master');
      r.git('update-ref', 'refs/remotes/origin/develop', 'HEAD');
      r.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/develop');
      assert.equal(await findDefaultBranch(r.root), 'origin/develop');
    });

    it('reports unrelated histories', async () => {
      const r = repo();
      r.commit();
      r.git('checkout', '-q', '--orphan', 'other');
      r.commit('unrelated');
      await rejectsWith(resolveDefaultBase(r.root), 'no-merge-base', /no common commit/);
    });
  });

  describe('listRevisions', () => {
    it('offers branches, remote branches, tags (annotated ones peeled) and recent commits', async () => {
      const r = repo();
      assert.deepEqual(await listRevisions(r.root), [], 'no commits: nothing to offer');
      const first = r.commit('first');
      r.git('tag', '-a', 'v1', '-m', 'release one');
      r.git('checkout', '-q', '-b', 'feature');
      const second = r.commit('second');
      r.git('update-ref', 'refs/remotes/origin/main', first);
      r.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
      const choices = await listRevisions(r.root, 5);
      assert.deepEqual(
        choices.map((c) => [c.kind, c.ref, c.commit, c.subject]),
        [
          ['branch', 'feature', second, 'second'],
          ['branch', 'main', first, 'first'],
          ['remote-branch', 'origin/main', first, 'first'],
          ['tag', 'v1', first, 'first'],
          ['commit', second, second, 'second'],
          ['commit', first, first, 'first'],
        ],
      );
      assert.ok(choices.every((c) => /^\d{4}-\d\d-\d\dT/.test(c.date)));
    });
  });

  describe('listChangedFiles', () => {
    it('lists modified, deleted, added, untracked and renamed files, not ignored ones', async () => {
      const r = repo();
      r.write('keep.yaml', 'k: 1\n')
        .write('edit.yaml', 'e: 1\n')
        .write('gone.yaml', 'g: 1\n')
        .write('staged-move.yaml', 'long enough content to be detected as a rename: 1\n')
        .write('loose-move.yaml', 'other content, moved without git: 2\n')
        .write('.gitignore', 'ignored.yaml\n');
      const base = r.commit();
      r.write('edit.yaml', 'e: 2\n');
      r.remove('gone.yaml');
      mkdirSync(path.join(r.root, 'moved'));
      r.git('mv', 'staged-move.yaml', 'moved/staged.yaml');
      r.remove('loose-move.yaml');
      r.write('elsewhere/loose.yaml', 'other content, moved without git: 2\n');
      r.write('new file.yaml', 'n: 1\n');
      r.write('ignored.yaml', 'i: 1\n');
      r.write('staged-new.yaml', 's: 1\n');
      r.git('add', 'staged-new.yaml');
      const files = await listChangedFiles(r.root, base);
      assert.deepEqual(files, [
        { status: 'modified', path: 'edit.yaml' },
        {
          status: 'renamed',
          path: 'elsewhere/loose.yaml',
          oldPath: 'loose-move.yaml',
          untracked: true,
        },
        { status: 'deleted', path: 'gone.yaml' },
        { status: 'renamed', path: 'moved/staged.yaml', oldPath: 'staged-move.yaml' },
        { status: 'added', path: 'new file.yaml', untracked: true },
        { status: 'added', path: 'staged-new.yaml' },
      ]);
    });

    it('keeps to the folder asked for', async () => {
      const r = repo();
      r.write('a/x.yaml', 'x: 1\n').write('b/y.yaml', 'y: 1\n');
      const base = r.commit();
      r.write('a/x.yaml', 'x: 2\n').write('b/y.yaml', 'y: 2\n').write('a/new.yaml', 'n: 1\n');
      assert.deepEqual(
        (await listChangedFiles(r.root, base, 'a')).map((f) => f.path),
        ['a/new.yaml', 'a/x.yaml'],
      );
    });
  });

  describe('readFilesAtRevision', () => {
    it('reads many files at a commit in one process, exactly', async () => {
      const r = repo();
      const bytes = Uint8Array.from([0, 1, 2, 10, 255, 10, 13]);
      r.write('a.yaml', 'a: 1\n').write('dir/with space.yaml', 'b: "x"\n').write('bin.dat', bytes);
      const base = r.commit();
      r.write('a.yaml', 'a: 2\n');
      r.commit();
      const read = await readFilesAtRevision(r.root, base, [
        'a.yaml',
        'dir/with space.yaml',
        'bin.dat',
        'missing.yaml',
        'dir',
      ]);
      assert.equal(Buffer.from(read.get('a.yaml') ?? []).toString(), 'a: 1\n');
      assert.equal(Buffer.from(read.get('dir/with space.yaml') ?? []).toString(), 'b: "x"\n');
      assert.deepEqual([...(read.get('bin.dat') ?? [])], [...bytes]);
      assert.equal(read.get('missing.yaml'), undefined);
      assert.ok(read.has('missing.yaml'));
      assert.equal(read.get('dir'), undefined, 'a folder is not a file');
    });

    it('refuses what is not a commit id', async () => {
      const r = repo();
      await rejectsWith(
        readFilesAtRevision(r.root, 'HEAD --all', ['a']),
        'unknown-ref',
        /not a commit id/,
      );
    });
  });
});
