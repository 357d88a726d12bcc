/**
 * Git over HTTP for the double: `http://127.0.0.1:PORT/{owner}/{repo}.git` is served by git's own
 * smart-HTTP server (`git http-backend`, a CGI program) from bare repositories under a folder, as
 * GitHub Enterprise serves clones from the same host as its API. So one remote URL works for the
 * extension's API calls and for real `git fetch`/`git push` in tests.
 */
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The path of a git smart-HTTP request: `/{owner}/{repo}.git/...`. */
export const gitPathPattern =
  /^\/[^/]+\/[^/]+\.git\/(info\/refs|git-upload-pack|git-receive-pack|HEAD)$/;

/**
 * Runs `git http-backend` for one request against the bare repositories under `projectRoot`
 * (`{projectRoot}/{owner}/{repo}.git`), pushes included (`http.receivepack`).
 */
export function serveGit(
  projectRoot: string,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'http.receivepack=true', 'http-backend'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: request.method ?? 'GET',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.replace(/^\?/, ''),
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: request.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
        REMOTE_USER: 'git',
        REMOTE_ADDR: '127.0.0.1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    request.pipe(child.stdin);
    let buffer = Buffer.alloc(0);
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
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        return;
      }
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of buffer.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') {
          status = Number.parseInt(value, 10);
        } else if (name !== '') {
          headers[name] = value;
        }
      }
      response.writeHead(status, headers);
      response.write(buffer.subarray(end + 4));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (!headersDone) {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.write(`git http-backend failed (${String(code)}): ${stderr}`);
      }
      response.end();
      resolve();
    });
  });
}
