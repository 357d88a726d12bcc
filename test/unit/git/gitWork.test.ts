import * as assert from 'node:assert/strict';
import {
  currentBranch,
  fetchPullRequest,
  hasCommit,
  mergeBase,
  remoteDefaultBranch,
  startBranch,
} from '../../../src/git/core/gitWork';
import { TempRepo } from './tempRepo';

describe('git steps of the GitHub workflow (real git, a bare origin on disk)', () => {
  const repos: TempRepo[] = [];
  after(() => {
    for (const r of repos) {
      r.remove();
    }
  });

  /** A bare origin whose default branch is `trunk`, a pull request ref, and a clone without them. */
  const setUp = () => {
    const origin = new TempRepo({ init: false });
    origin.git('init', '-q', '--bare', '-b', 'trunk');
    const author = new TempRepo({ branch: 'trunk' });
    author.write('a.txt', 'one\n');
    const first = author.commit('first');
    author.git('remote', 'add', 'origin', origin.root);
    author.git('push', '-q', 'origin', 'trunk');
    const clone = new TempRepo();
    clone.git('remote', 'add', 'origin', origin.root);
    clone.write('local.txt', 'local\n');
    clone.commit('unrelated local history');
    author.git('checkout', '-q', '-b', 'feature');
    author.write('a.txt', 'two\n');
    const head = author.commit('pr');
    author.git('push', '-q', 'origin', 'HEAD:refs/pull/7/head');
    repos.push(origin, author, clone);
    return { origin, author, clone, first, head };
  };

  it("fetches a pull request's head and base, then finds their merge base", async () => {
    const { clone, first, head } = setUp();
    assert.equal(await hasCommit(clone.root, head), false);
    await fetchPullRequest(clone.root, 'origin', 7, 'trunk');
    assert.equal(await hasCommit(clone.root, head), true);
    assert.equal(await mergeBase(clone.root, 'origin/trunk', head), first);
    assert.equal(await hasCommit(clone.root, 'not-a-sha'), false);
    await assert.rejects(fetchPullRequest(clone.root, 'origin', 8, 'trunk'), /pull\/8\/head/);
  });

  it("creates the branch off the remote's default branch, and later switches to it unchanged", async () => {
    const { clone, first } = setUp();
    assert.equal(await remoteDefaultBranch(clone.root, 'origin'), 'trunk');
    const started = await startBranch(clone.root, 'origin', 'alice/5-fix');
    assert.deepEqual(started, { branch: 'alice/5-fix', created: true, startPoint: 'origin/trunk' });
    assert.equal(await currentBranch(clone.root), 'alice/5-fix');
    assert.equal(clone.git('rev-parse', 'HEAD').trim(), first);
    clone.write('b.txt', 'work\n');
    const work = clone.commit('work');
    clone.git('switch', '-q', 'main');
    const again = await startBranch(clone.root, 'origin', 'alice/5-fix');
    assert.equal(again.created, false);
    assert.equal(clone.git('rev-parse', 'HEAD').trim(), work, 'the existing branch is not reset');
  });
});
