/**
 * The GitHub API double: an HTTP server on 127.0.0.1 (a random port) that plays GitHub
 * Enterprise Server for tests. REST under `/api/v3`, GraphQL at `/api/graphql` (the URLs the
 * extension derives from an enterprise URL), state in a DoubleState.
 *
 * It must not drift from the real API: every REST response is validated against GitHub's
 * OpenAPI description before it is sent, every GraphQL query against GitHub's schema; an
 * unimplemented route, field or search qualifier, a response that fails validation or a query
 * that does not validate is answered with an error AND recorded in `failures`, which tests assert
 * empty (`assertNoFailures`). Requests are counted per kind for the one-request-per-category checks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DoubleState } from './doubleState';
import { GraphqlApi } from './graphqlApi';
import { githubRestDescription, requestBodyValidator, responseValidator } from './githubSchemas';
import { gitPathPattern, serveGit } from './gitHttp';
import { buildRestRoutes, type RestResponse, type RestRoute } from './restApi';

/** One request the double received. */
export interface RecordedRequest {
  readonly kind: 'rest' | 'graphql' | 'unknown' | 'rate-limited' | 'git';
  /** `GET /repos/{owner}/{repo}` for REST, the operation name for GraphQL. */
  readonly operation: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}

const maxBodyBytes = 1 << 20;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error('request body over 1 MiB'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

export class GitHubDouble {
  readonly state = new DoubleState();
  /** Everything the double could not answer truthfully; tests assert this is empty. */
  readonly failures: string[] = [];
  readonly requests: RecordedRequest[] = [];
  /**
   * Changes a REST body after the handler built it and before validation: for tests that check
   * the validation catches a response GitHub would never send.
   */
  tamperWithResponse: ((operation: string, body: unknown) => unknown) | undefined;
  /**
   * Answers the next `count` requests as GitHub does when a rate limit is hit: primary (403,
   * `x-ratelimit-remaining: 0`, reset in `retryAfter` seconds) or secondary (403 "You have
   * exceeded a secondary rate limit", `retry-after`).
   */
  rateLimitNext: { kind: 'primary' | 'secondary'; retryAfter: number; count: number } | undefined;
  /**
   * A folder of bare repositories (`{owner}/{repo}.git`) served over git's smart HTTP at
   * `{url}/{owner}/{repo}.git`; undefined: git URLs are unimplemented routes.
   */
  gitProjectRoot: string | undefined;
  private server: Server | undefined;
  private routes: RestRoute[] = [];
  private graphql: GraphqlApi | undefined;
  private origin = '';

  /** `http://127.0.0.1:PORT`: what a user would set as the GitHub Enterprise URL. */
  get url(): string {
    return this.origin;
  }

  /** The REST base URL (`/api/v3`), Octokit's baseUrl. */
  get apiUrl(): string {
    return `${this.origin}/api/v3`;
  }

  get graphqlUrl(): string {
    return `${this.origin}/api/graphql`;
  }

  /** Starts listening on 127.0.0.1 on a free port; loads the API descriptions first. */
  async start(): Promise<void> {
    githubRestDescription();
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.fail(
          `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'application/json' });
        }
        response.end(JSON.stringify({ message: 'github-double internal error' }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    this.routes = buildRestRoutes(this.state, this.apiUrl, this.origin);
    this.graphql = new GraphqlApi(this.state, this.origin, (message) => {
      this.fail(message);
    });
  }

  /** Stops the server (open keep-alive connections are closed too). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) {
      return;
    }
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }

  /** The number of requests of a kind, optionally of one operation. */
  count(kind: RecordedRequest['kind'], operation?: string): number {
    return this.requests.filter(
      (r) => r.kind === kind && (operation === undefined || r.operation === operation),
    ).length;
  }

  /** Throws with every recorded failure, so a test fails loudly on anything unimplemented. */
  assertNoFailures(): void {
    if (this.failures.length > 0) {
      throw new Error(`github-double failures:\n- ${this.failures.join('\n- ')}`);
    }
  }

  private fail(message: string): void {
    this.failures.push(message);
  }

  private send(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': '1796205600',
      'x-github-request-id': `DOUBLE:${this.requests.length}`,
      ...headers,
    });
    response.end(text);
  }

  private viewerOf(request: IncomingMessage): string | undefined {
    const header = request.headers.authorization ?? '';
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1];
    return token === undefined ? undefined : this.state.tokens.get(token);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const method = (request.method ?? 'GET').toUpperCase();
    if (this.gitProjectRoot !== undefined && gitPathPattern.test(url.pathname)) {
      this.requests.push({ kind: 'git', operation: `${method} ${url.pathname}` });
      await serveGit(this.gitProjectRoot, request, response, url);
      return;
    }
    const text = await readBody(request);
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        this.fail(`${method} ${url.pathname}: request body is not JSON`);
        this.send(response, 400, {
          message: 'Problems parsing JSON',
          documentation_url: 'https://docs.github.com/rest',
        });
        return;
      }
    }
    const viewer = this.viewerOf(request);
    const limit = this.rateLimitNext;
    if (limit && limit.count > 0) {
      limit.count -= 1;
      this.requests.push({ kind: 'rate-limited', operation: `${method} ${url.pathname}` });
      const reset = String(Math.ceil(Date.now() / 1000) + limit.retryAfter);
      if (limit.kind === 'primary') {
        this.send(
          response,
          403,
          {
            message: `API rate limit exceeded for user ID 1.`,
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
            status: '403',
          },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
        );
      } else {
        this.send(
          response,
          403,
          {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
            status: '403',
          },
          { 'retry-after': String(limit.retryAfter) },
        );
      }
      return;
    }

    if (url.pathname === '/api/graphql' && method === 'POST') {
      if (viewer === undefined) {
        this.requests.push({ kind: 'graphql', operation: '(unauthenticated)' });
        this.send(response, 401, {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/graphql',
        });
        return;
      }
      const api = this.graphql;
      if (!api) {
        throw new Error('github-double: not started');
      }
      const { result, operation } = await api.handle(body, viewer);
      const variables = (body as { variables?: Record<string, unknown> } | undefined)?.variables;
      this.requests.push({ kind: 'graphql', operation, ...(variables ? { variables } : {}) });
      this.send(response, 200, result);
      return;
    }

    const apiPath = url.pathname.startsWith('/api/v3/')
      ? url.pathname.slice('/api/v3'.length)
      : undefined;
    const route =
      apiPath === undefined
        ? undefined
        : this.routes.find((r) => r.method === method && r.pattern.test(apiPath));
    if (!route || apiPath === undefined) {
      const message = `unimplemented route ${method} ${url.pathname}`;
      this.requests.push({ kind: 'unknown', operation: `${method} ${url.pathname}` });
      this.fail(message);
      this.send(response, 501, {
        message: `github-double: ${message}`,
        documentation_url: 'https://docs.github.com/rest',
      });
      return;
    }
    const operation = `${method} ${route.path}`;
    this.requests.push({ kind: 'rest', operation });
    if (viewer === undefined) {
      this.send(response, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
      return;
    }
    const bodyCheck = requestBodyValidator(method, route.path);
    if (
      bodyCheck &&
      (body !== undefined || bodyCheck.required) &&
      !bodyCheck.validate(body ?? null)
    ) {
      // The client sent what GitHub would reject: that is a bug in the code under test.
      const problem = (bodyCheck.validate.errors ?? [])
        .map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`)
        .join('; ');
      this.fail(`${operation}: request body fails GitHub's OpenAPI description: ${problem}`);
      this.send(response, 422, {
        message: 'Invalid request.',
        documentation_url: 'https://docs.github.com/rest',
        status: '422',
      });
      return;
    }
    const match = route.pattern.exec(apiPath);
    const params = Object.fromEntries(
      route.paramNames.map((name, i) => [name, decodeURIComponent(match?.[i + 1] ?? '')]),
    );
    const result: RestResponse = route.handle({
      method,
      params,
      query: url.searchParams,
      body,
      viewer,
    });
    const tampered = this.tamperWithResponse
      ? this.tamperWithResponse(operation, result.body)
      : result.body;
    // Validate exactly what goes on the wire.
    const sent: unknown = tampered === undefined ? undefined : JSON.parse(JSON.stringify(tampered));
    const problem = this.validateResponse(method, route.path, result.status, sent);
    if (problem !== undefined) {
      this.fail(`${operation} ${result.status}: ${problem}`);
      this.send(response, 500, {
        message: `github-double: response fails GitHub's OpenAPI description: ${problem}`,
      });
      return;
    }
    this.send(response, result.status, sent, result.headers);
  }

  /** Why `body` is not what GitHub's description says `status` of the operation returns. */
  private validateResponse(
    method: string,
    path: string,
    status: number,
    body: unknown,
  ): string | undefined {
    const validator = responseValidator(method, path, status);
    if (!validator) {
      const { document } = githubRestDescription();
      const responses = document.paths[path]?.[method.toLowerCase()]?.responses as
        Record<string, unknown> | undefined;
      if (responses?.[String(status)] === undefined && status < 400) {
        return `status ${status} is not a documented response`;
      }
      if (status >= 400) {
        return this.validateSchema('basic-error', body);
      }
      return body === undefined || body === '' ? undefined : 'the description defines no JSON body';
    }
    if (validator(body)) {
      return undefined;
    }
    return (validator.errors ?? [])
      .slice(0, 5)
      .map(
        (e) =>
          `${e.instancePath || '(root)'} ${e.message ?? ''}${'missingProperty' in e.params ? '' : ` ${JSON.stringify(e.params)}`}`,
      )
      .join('; ');
  }

  private validateSchema(name: string, body: unknown): string | undefined {
    const { ajv } = githubRestDescription();
    const ref = `https://api.github.com/openapi.json#/components/schemas/${name}`;
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    return validate(body)
      ? undefined
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ');
  }
}
