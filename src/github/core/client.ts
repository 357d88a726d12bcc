/**
 * The GitHub client: Octokit (`@octokit/rest`) with the throttling and retry plugins, pointed at
 * the server of the repository's remote (api.github.com or an enterprise `/api/v3`; GraphQL then
 * goes to `/graphql` or `/api/graphql`, as `@octokit/graphql` derives it from the base URL).
 * The token is only ever in the Authorization header: the client's log redacts it.
 */
import type { Octokit } from '@octokit/rest' with { 'resolution-mode': 'import' };
import { redactingLog, type ClientLogger } from './redact';

/** The Octokit class this factory builds (REST routes, `paginate`, `graphql`). */
export type GitHubOctokit = Octokit;

/** A rate limit the client hit and did not wait out (the views mark themselves stale). */
export interface RateLimitEvent {
  readonly kind: 'primary' | 'secondary';
  /** Seconds until GitHub accepts requests again. */
  readonly retryAfter: number;
  readonly method: string;
  readonly url: string;
}

export interface GitHubClientOptions {
  /** REST base URL: `GitHubHost.apiUrl` (https://api.github.com, https://HOST/api/v3). */
  readonly baseUrl: string;
  readonly token: string;
  /** `infra-workbench/<version>`. */
  readonly userAgent: string;
  readonly logger: ClientLogger;
  /** Called when a rate limit is hit; the request is retried once when the wait is short. */
  readonly onRateLimit?: (event: RateLimitEvent) => void;
  /** Retries of a failed request (5xx, network); default 2 (after 1 s, then 4 s). */
  readonly retries?: number;
  /** Longest wait before retrying a rate-limited request, in seconds; default 10. */
  readonly maxRateLimitWait?: number;
  /** Abort a request that has not answered after this many milliseconds; default 30,000. */
  readonly requestTimeoutMs?: number;
}

/**
 * Creates an Octokit for one server and token. Octokit is ESM-only, so it is loaded on first use
 * (esbuild bundles it; plain Node loads it with `import()`).
 */
export async function createGitHubClient(options: GitHubClientOptions): Promise<GitHubOctokit> {
  const [{ Octokit: RestOctokit }, { throttling }, { retry }] = await Promise.all([
    import('@octokit/rest'),
    import('@octokit/plugin-throttling'),
    import('@octokit/plugin-retry'),
  ]);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new Error(`GitHub API URL "${baseUrl}" must be an http(s) URL`);
  }
  const maxWait = options.maxRateLimitWait ?? 10;
  const token = options.token;
  const rateLimited =
    (kind: RateLimitEvent['kind']) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _: unknown,
      retryCount: number,
    ) => {
      options.onRateLimit?.({ kind, retryAfter, method: request.method, url: request.url });
      // Retry once when the wait is short; otherwise fail now and let the views show the cache.
      return retryCount < 1 && retryAfter <= maxWait;
    };
  const ThrottledOctokit = RestOctokit.plugin(throttling, retry);
  const octokit = new ThrottledOctokit({
    auth: token,
    baseUrl,
    userAgent: options.userAgent,
    log: redactingLog(options.logger, () => [token]),
    retry: { retries: options.retries ?? 2 },
    throttle: {
      onRateLimit: rateLimited('primary'),
      onSecondaryRateLimit: rateLimited('secondary'),
    },
  });
  const timeout = options.requestTimeoutMs ?? 30_000;
  octokit.hook.before('request', (request) => {
    // One signal per request (a shared one would expire for every later request).
    request.request = { ...request.request, signal: AbortSignal.timeout(timeout) };
  });
  return octokit;
}
