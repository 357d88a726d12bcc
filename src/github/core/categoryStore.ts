/**
 * The in-memory cache behind the Pull Requests and Issues views: one entry per category, filled
 * by one search request per page, read immediately on re-render, refetched after a refresh and
 * kept (marked stale) when the refetch fails, so an offline or rate-limited refresh still shows
 * the last results.
 */
import type { CategoryPage } from './treeModel';

/** What a category shows: the pages loaded so far. */
export interface CategoryEntry<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  readonly endCursor?: string;
  /** The last refresh failed: these are older results. */
  readonly stale: boolean;
  /** When the items were fetched (ms since the epoch). */
  readonly fetchedAt: number;
}

/** The result of loading a category. */
export type LoadResult<T> =
  | { readonly ok: true; readonly entry: CategoryEntry<T> }
  /** The fetch failed; `entry` is the stale cache when there is one. */
  | { readonly ok: false; readonly error: unknown; readonly entry?: CategoryEntry<T> };

/** Fetches one page of a category: `after` is the previous page's cursor. */
export type PageFetcher<T> = (categoryId: string, after?: string) => Promise<CategoryPage<T>>;

interface Stored<T> {
  entry: CategoryEntry<T>;
  generation: number;
}

export class CategoryStore<T> {
  private generation = 0;
  private readonly entries = new Map<string, Stored<T>>();
  private readonly inflight = new Map<string, Promise<LoadResult<T>>>();

  constructor(
    private readonly fetchPage: PageFetcher<T>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached entry of a category, fresh or stale; undefined before its first load. */
  cached(categoryId: string): CategoryEntry<T> | undefined {
    return this.entries.get(categoryId)?.entry;
  }

  /** Whether the category's cache is from the current generation (no fetch needed). */
  isCurrent(categoryId: string): boolean {
    return this.entries.get(categoryId)?.generation === this.generation;
  }

  /** A refresh: the next load of each category fetches again (the cache stays until then). */
  invalidate(): void {
    this.generation += 1;
  }

  /** Forgets everything (another repository, another account). */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /**
   * The first page of a category: from the cache when current, else fetched (one request, shared
   * by concurrent callers). A failed fetch keeps the old items, marked stale.
   */
  load(categoryId: string): Promise<LoadResult<T>> {
    const stored = this.entries.get(categoryId);
    if (this.isCurrent(categoryId) && stored) {
      return Promise.resolve({ ok: true, entry: stored.entry });
    }
    const key = `${this.generation}:${categoryId}`;
    const running = this.inflight.get(key);
    if (running) {
      return running;
    }
    const generation = this.generation;
    const promise = this.fetchPage(categoryId)
      .then((page): LoadResult<T> => {
        const entry = this.entryOf(page.items, page);
        this.entries.set(categoryId, { entry, generation });
        return { ok: true, entry };
      })
      .catch((error: unknown): LoadResult<T> => {
        const old = this.entries.get(categoryId);
        if (!old) {
          return { ok: false, error };
        }
        const entry = { ...old.entry, stale: true };
        // Stale for this generation: re-render shows it without fetching again.
        this.entries.set(categoryId, { entry, generation });
        return { ok: false, error, entry };
      })
      .finally(() => {
        this.inflight.delete(key);
      });
    this.inflight.set(key, promise);
    return promise;
  }

  /** Appends the next page of a loaded category ("Load more"). */
  async loadMore(categoryId: string): Promise<LoadResult<T>> {
    const stored = this.entries.get(categoryId);
    if (!stored?.entry.hasNextPage || stored.entry.endCursor === undefined) {
      return this.load(categoryId);
    }
    try {
      const page = await this.fetchPage(categoryId, stored.entry.endCursor);
      const entry = this.entryOf([...stored.entry.items, ...page.items], page);
      this.entries.set(categoryId, { entry, generation: stored.generation });
      return { ok: true, entry };
    } catch (error) {
      return { ok: false, error, entry: stored.entry };
    }
  }

  private entryOf(items: readonly T[], page: CategoryPage<T>): CategoryEntry<T> {
    return {
      items,
      totalCount: page.totalCount,
      hasNextPage: page.hasNextPage,
      ...(page.endCursor !== undefined ? { endCursor: page.endCursor } : {}),
      stale: false,
      fetchedAt: this.now(),
    };
  }
}
