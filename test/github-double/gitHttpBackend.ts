/**
 * The git side of the double: bare repositories on disk served over git's smart HTTP protocol
 * at `http://127.0.0.1:PORT/owner/name.git`, as GitHub serves them, by git's own CGI program
 * (`git http-backend`). Fetches and pushes from the extension are real git over HTTP; the REST
 * side reads branch heads from the same repositories (a PR's head sha is the pushed commit).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `/owner/name.git/...`: the paths git's smart HTTP client asks for. */
export const gitPathPattern = /^\/([^/]+)\/([^/]+)\.git(\/.*)$/;

/** Git's environment for the double's own commands: no user or system configuration. */
const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  LC_ALL: 'C',
};

/** The bare repositories the double serves, under one temporary folder. */
export class GitRepositories {
  private rootDir: string | undefined;

  /** The folder holding `owner/name.git` (created on first use). */
  get root(): string {
    this.rootDir ??= realpathSync(mkdtempSync(path.join(tmpdir(), 'iw-github-double-git-')));
    return this.rootDir;
  }

  /** The bare repository of `owner/name` on disk (it may not exist yet). */
  pathOf(fullName: string): string {
    return path.join(this.root, `${fullName}.git`);
  }

  /** Whether `owner/name` has a repository the double serves. */
  has(fullName: string): boolean {
    return this.rootDir !== undefined && existsSync(this.pathOf(fullName));
  }

  /** Creates the bare repository of `owner/name` (pushes allowed, as for a collaborator). */
  create(fullName: string, defaultBranch = 'main'): string {
    const dir = this.pathOf(fullName);
    mkdirSync(path.dirname(dir), { recursive: true });
    execFileSync('git', ['init', '-q', '--bare', '-b', defaultBranch, dir], { env: gitEnv });
    execFileSync('git', ['config', 'http.receivepack', 'true'], { cwd: dir, env: gitEnv });
    return dir;
  }

  /** The commit `refs/heads/<branch>` of `owner/name` points at; undefined when there is none. */
  branchHead(fullName: string, branch: string): string | undefined {
    if (!this.has(fullName)) {
      return undefined;
    }
    try {
      return execFileSync(
        'git',
        ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`],
        { cwd: this.pathOf(fullName), env: gitEnv, encoding: 'utf8' },
      ).trim();
    } catch {
      return undefined;
    }
  }

  /** The branches of `owner/name` and their commits, by name. */
  branches(fullName: string): { name: string; sha: string }[] {
    const out = execFileSync(
      'git',
      ['for-each-ref', '--sort=refname', '--format=%(refname:strip=2) %(objectname)', 'refs/heads'],
      { cwd: this.pathOf(fullName), env: gitEnv, encoding: 'utf8' },
    );
    return out
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [name = '', sha = ''] = line.split(' ');
        return { name, sha };
      });
  }

  /** Removes every repository. */
  remove(): void {
    if (this.rootDir !== undefined) {
      rmSync(this.rootDir, { recursive: true, force: true });
      this.rootDir = undefined;
    }
  }

  /**
   * Answers a smart HTTP request by running `git http-backend` as a CGI program (RFC 3875):
   * the request body goes to its stdin, its stdout is headers, a blank line, then the body.
   */
  serve(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      ...gitEnv,
      GIT_PROJECT_ROOT: this.root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ''),
      REQUEST_METHOD: request.method ?? 'GET',
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      REMOTE_ADDR: '127.0.0.1',
      ...(request.headers['content-length'] !== undefined
        ? { CONTENT_LENGTH: request.headers['content-length'] }
        : {}),
      ...(request.headers['content-encoding'] !== undefined
        ? { HTTP_CONTENT_ENCODING: request.headers['content-encoding'] }
        : {}),
      ...(request.headers['git-protocol'] !== undefined
        ? { GIT_PROTOCOL: String(request.headers['git-protocol']) }
        : {}),
    };
    return new Promise((resolve, reject) => {
      const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let head = Buffer.alloc(0);
      let headersDone = false;
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.stdout.on('data', (chunk: Buffer) => {
        if (headersDone) {
          response.write(chunk);
          return;
        }
        head = Buffer.concat([head, chunk]);
        const crlf = head.indexOf('\r\n\r\n');
        const lf = head.indexOf('\n\n');
        const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
        if (end < 0) {
          return;
        }
        const separator = end === crlf ? 4 : 2;
        const headers: Record<string, string> = {};
        let status = 200;
        for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
          const colon = line.indexOf(':');
          if (colon < 0) {
            continue;
          }
          const name = line.slice(0, colon).trim();
          const value = line.slice(colon + 1).trim();
          if (name.toLowerCase() === 'status') {
            status = Number.parseInt(value, 10) || 500;
          } else {
            headers[name] = value;
          }
        }
        headersDone = true;
        response.writeHead(status, headers);
        response.write(head.subarray(end + separator));
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (!headersDone) {
          if (!response.headersSent) {
            response.writeHead(500, { 'content-type': 'text/plain' });
          }
          response.end(`git http-backend failed (${String(code)}): ${stderr}`);
          reject(new Error(`git http-backend exited ${String(code)}: ${stderr}`));
          return;
        }
        response.end();
        resolve();
      });
      request.pipe(child.stdin);
    });
  }
}
