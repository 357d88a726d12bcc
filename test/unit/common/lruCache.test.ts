import * as assert from 'node:assert/strict';
import { LruCache } from '../../../src/common/lruCache';

describe('LruCache', () => {
  it('drops the least recently used entry beyond its limit', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.get('a'), 1); // a is now more recent than b
    cache.set('c', 3);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('c'), 3);
  });

  it('replaces the value of a key it holds without growing', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('a', 2);
    cache.set('b', 3);
    assert.equal(cache.get('a'), 2);
    assert.equal(cache.get('b'), 3);
  });

  it('deletes an entry on request', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    cache.delete('missing');
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('b'), 2);
  });
});
