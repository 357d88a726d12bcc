/**
 * A map that keeps at most `limit` entries, dropping the least recently used. Backs the parse
 * and validation caches, which are keyed by text.
 */
export class LruCache<K, V> {
  /** Each entry keeps the key it was stored under (see {@link get}). */
  private readonly entries = new Map<K, { readonly key: K; readonly value: V }>();

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      // Refresh recency: Map iteration order is insertion order. Re-inserted under the stored
      // key, not the one looked up with: an equal string may be a slice of a much larger text
      // (the next version of a file) that the cache would then keep alive.
      this.entries.delete(key);
      this.entries.set(entry.key, entry);
    }
    return entry?.value;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { key, value });
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) {
        this.entries.delete(oldest.value);
      }
    }
  }
}
