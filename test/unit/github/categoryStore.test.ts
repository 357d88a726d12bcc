import * as assert from 'node:assert/strict';
import { CategoryStore } from '../../../src/github/core/categoryStore';
import type { CategoryPage } from '../../../src/github/core/treeModel';

/** A fetcher over fixed pages of numbers that counts its calls and can be taken offline. */
function fakeServer(pages: Record<string, number[][]>) {
  const calls: string[] = [];
  let offline = false;
  const fetch = (id: string, after?: string): Promise<CategoryPage<number>> => {
    calls.push(`${id}@${after ?? 'start'}`);
    if (offline) {
      return Promise.reject(new Error('connect ECONNREFUSED'));
    }
    const index = after === undefined ? 0 : Number(after);
    const all = pages[id] ?? [];
    const items = all[index] ?? [];
    const hasNextPage = index + 1 < all.length;
    return Promise.resolve({
      items,
      totalCount: all.flat().length,
      hasNextPage,
      ...(hasNextPage ? { endCursor: String(index + 1) } : {}),
    });
  };
  return {
    calls,
    fetch,
    setOffline: (value: boolean) => {
      offline = value;
    },
  };
}

describe('CategoryStore', () => {
  it('fetches a category once, shares concurrent loads and serves re-renders from the cache', async () => {
    const server = fakeServer({ a: [[1, 2]], b: [[3]] });
    const store = new CategoryStore(server.fetch);
    const [first, second] = await Promise.all([store.load('a'), store.load('a')]);
    assert.deepEqual(first, second);
    assert.ok(first.ok);
    assert.deepEqual(first.entry.items, [1, 2]);
    await store.load('a');
    await store.load('b');
    assert.deepEqual(server.calls, ['a@start', 'b@start']);
  });

  it('appends the next page with the cursor and keeps hasNextPage honest', async () => {
    const server = fakeServer({ a: [[1, 2], [3]] });
    const store = new CategoryStore(server.fetch);
    const page1 = await store.load('a');
    assert.ok(page1.ok && page1.entry.hasNextPage);
    const more = await store.loadMore('a');
    assert.ok(more.ok);
    assert.deepEqual(more.entry.items, [1, 2, 3]);
    assert.equal(more.entry.hasNextPage, false);
    assert.deepEqual(server.calls, ['a@start', 'a@1']);
  });

  it('after a refresh fetches again; offline it keeps the old items marked stale, once', async () => {
    const server = fakeServer({ a: [[1]] });
    const store = new CategoryStore(server.fetch);
    await store.load('a');
    store.invalidate();
    server.setOffline(true);
    const offline = await store.load('a');
    assert.ok(!offline.ok && offline.entry !== undefined);
    assert.deepEqual(offline.entry.items, [1]);
    assert.equal(offline.entry.stale, true);
    // The stale entry is served on re-render without another request.
    const again = await store.load('a');
    assert.ok(again.ok);
    assert.equal(again.entry.stale, true);
    assert.deepEqual(server.calls, ['a@start', 'a@start']);
    store.invalidate();
    server.setOffline(false);
    const back = await store.load('a');
    assert.ok(back.ok && !back.entry.stale);
  });

  it('reports a failed first load without an entry', async () => {
    const server = fakeServer({});
    server.setOffline(true);
    const store = new CategoryStore(server.fetch);
    const result = await store.load('a');
    assert.equal(result.ok, false);
    assert.equal(result.entry, undefined);
    assert.equal(store.cached('a'), undefined);
  });
});
