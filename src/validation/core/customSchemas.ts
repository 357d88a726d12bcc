import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeError } from '../../common/describeError';
import { JsonSchemaDocument } from './jsonSchemaDocument';

/** What resolving a user-supplied schema reference gave. */
export type SchemaResolution =
  | { readonly state: 'ready'; readonly schema: JsonSchemaDocument; readonly generation: number }
  | { readonly state: 'pending' }
  | { readonly state: 'failed'; readonly reason: string };

/** Options of {@link CustomSchemas}: plain data, from the editor's workspace or the CLI's flags. */
export interface CustomSchemaOptions {
  /** Relative schema paths are resolved against this folder (the workspace folder, the CLI's cwd). */
  readonly baseDir: string;
  /** Where fetched schemas and their ETags are kept between sessions; no disk cache without it. */
  readonly cacheDir?: string;
  /** Remote URLs are fetched only when allowed (trusted workspaces); the cache still serves. */
  readonly allowRemote: boolean;
  /** Called when a remote schema arrived or changed, so open documents can be re-validated. */
  readonly onDidLoad?: () => void;
  /** Injected for tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

interface Entry {
  resolution: SchemaResolution;
  /** For local files: the mtime the entry was read at. */
  readonly mtimeMs?: number;
}

interface CacheMeta {
  readonly url: string;
  readonly etag: string | undefined;
}

/** Remote schemas are re-checked (with If-None-Match) at most this often per session. */
const refreshIntervalMs = 60 * 60 * 1000;

/**
 * User-supplied JSON schemas, by path or URL (from the `infraWorkbench.schemas` setting,
 * `.infra-workbench.yaml` or a `$schema=` modeline). Local files are re-read when they change.
 * Remote schemas are fetched in the background, cached on disk with their ETag and revalidated
 * with `If-None-Match`; offline, the cached copy serves. Resolution is synchronous so validation
 * stays synchronous: a schema still being fetched is `pending` and `onDidLoad` fires when it
 * arrives.
 */
export class CustomSchemas {
  private readonly entries = new Map<string, Entry>();
  private readonly lastFetch = new Map<string, number>();
  private generation = 0;

  constructor(private readonly options: CustomSchemaOptions) {}

  /** The schema a reference names, as far as it is known now; starts a fetch when needed. */
  resolve(ref: string): SchemaResolution {
    return isRemote(ref) ? this.resolveRemote(ref) : this.resolveLocal(ref);
  }

  /** True when a local file (relative to the base folder) exists; never reads it. */
  fileExists(ref: string): boolean {
    try {
      return statSync(path.resolve(this.options.baseDir, ref)).isFile();
    } catch {
      return false;
    }
  }

  /** Fetches every remote reference (the CLI awaits this before validating). */
  async prefetch(refs: Iterable<string>): Promise<void> {
    await Promise.all(
      [...new Set(refs)].filter(isRemote).map(async (url) => {
        this.resolve(url);
        await this.inFlight.get(url);
      }),
    );
  }

  private readonly inFlight = new Map<string, Promise<void>>();

  private resolveLocal(ref: string): SchemaResolution {
    const file = ref.startsWith('file:')
      ? fileURLToPath(ref)
      : path.resolve(this.options.baseDir, ref);
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return { state: 'failed', reason: `the schema file ${file} does not exist` };
    }
    const cached = this.entries.get(file);
    if (cached?.mtimeMs === mtimeMs) {
      return cached.resolution;
    }
    let resolution: SchemaResolution;
    try {
      resolution = {
        state: 'ready',
        schema: JsonSchemaDocument.load(file, path.basename(file)),
        generation: ++this.generation,
      };
    } catch (error) {
      resolution = { state: 'failed', reason: describeError(error) };
    }
    this.entries.set(file, { resolution, mtimeMs });
    return resolution;
  }

  private resolveRemote(url: string): SchemaResolution {
    let entry = this.entries.get(url);
    if (entry === undefined) {
      const fromDisk = this.readCache(url);
      entry = {
        resolution:
          fromDisk === undefined
            ? { state: 'pending' }
            : { state: 'ready', schema: fromDisk, generation: ++this.generation },
      };
      this.entries.set(url, entry);
    }
    const last = this.lastFetch.get(url);
    if (!this.options.allowRemote) {
      if (entry.resolution.state === 'pending') {
        entry.resolution = {
          state: 'failed',
          reason: `remote schemas are fetched only in trusted workspaces, and no cached copy of ${url} exists`,
        };
      }
    } else if (
      !this.inFlight.has(url) &&
      (last === undefined || Date.now() - last > refreshIntervalMs)
    ) {
      this.lastFetch.set(url, Date.now());
      const done = this.fetchRemote(url).finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, done);
    }
    return entry.resolution;
  }

  private async fetchRemote(url: string): Promise<void> {
    const entry = this.entries.get(url);
    const meta = this.readMeta(url);
    const doFetch = this.options.fetch ?? fetch;
    try {
      const response = await doFetch(url, {
        headers:
          meta?.etag !== undefined && entry?.resolution.state === 'ready'
            ? { 'If-None-Match': meta.etag }
            : {},
        signal: AbortSignal.timeout(15_000),
      });
      if (response.status === 304) {
        return;
      }
      if (!response.ok) {
        throw new Error(`HTTP ${response.status} ${response.statusText}`);
      }
      const text = await response.text();
      const schema = parseSchema(text, url);
      this.writeCache(url, text, response.headers.get('etag') ?? undefined);
      this.entries.set(url, {
        resolution: { state: 'ready', schema, generation: ++this.generation },
      });
      this.options.onDidLoad?.();
    } catch (error) {
      // Offline or broken: a cached copy keeps serving; without one the documents say why.
      if (entry?.resolution.state !== 'ready') {
        this.entries.set(url, {
          resolution: {
            state: 'failed',
            reason: `${url} could not be fetched (${describeError(error)}) and no cached copy exists`,
          },
        });
        this.options.onDidLoad?.();
      }
    }
  }

  private cachePaths(url: string): { body: string; meta: string } | undefined {
    if (this.options.cacheDir === undefined) {
      return undefined;
    }
    const key = createHash('sha256').update(url).digest('hex').slice(0, 32);
    return {
      body: path.join(this.options.cacheDir, `${key}.json`),
      meta: path.join(this.options.cacheDir, `${key}.meta.json`),
    };
  }

  private readCache(url: string): JsonSchemaDocument | undefined {
    const paths = this.cachePaths(url);
    if (paths === undefined) {
      return undefined;
    }
    try {
      return parseSchema(readFileSync(paths.body, 'utf8'), url);
    } catch {
      return undefined;
    }
  }

  private readMeta(url: string): CacheMeta | undefined {
    const paths = this.cachePaths(url);
    if (paths === undefined) {
      return undefined;
    }
    try {
      const meta = JSON.parse(readFileSync(paths.meta, 'utf8')) as CacheMeta;
      return meta.url === url ? meta : undefined;
    } catch {
      return undefined;
    }
  }

  private writeCache(url: string, text: string, etag: string | undefined): void {
    const paths = this.cachePaths(url);
    if (paths === undefined || this.options.cacheDir === undefined) {
      return;
    }
    try {
      mkdirSync(this.options.cacheDir, { recursive: true });
      writeFileSync(paths.body, text);
      writeFileSync(paths.meta, JSON.stringify({ url, etag } satisfies CacheMeta));
    } catch {
      // A cache that cannot be written costs a refetch next session, nothing more.
    }
  }
}

function isRemote(ref: string): boolean {
  return /^https?:\/\//i.test(ref);
}

function parseSchema(text: string, url: string): JsonSchemaDocument {
  const schema: unknown = JSON.parse(text);
  if (schema === null || typeof schema !== 'object') {
    throw new Error(`${url} is not a JSON schema`);
  }
  return new JsonSchemaDocument(schema, url);
}
