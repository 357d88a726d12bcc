import { spawn } from 'node:child_process';
import { GitError } from './gitRepository';

/**
 * The contents of many files at one commit through a single `git cat-file --batch` process
 * (one `git show` per file costs a process each: seconds on a few hundred files). simple-git
 * cannot feed a command's stdin, so this one command is spawned directly.
 *
 * Resolves to a map from each path (`/`-separated, from the repository root) to its bytes, or
 * to undefined where the path is not a file at that commit.
 */
export async function readFilesAtRevision(
  root: string,
  commit: string,
  paths: readonly string[],
): Promise<Map<string, Uint8Array | undefined>> {
  const result = new Map<string, Uint8Array | undefined>();
  // A path with a line break cannot be asked for on the batch protocol's one-line requests.
  const asked = [...new Set(paths)].filter((p) => {
    if (/[\r\n]/.test(p)) {
      result.set(p, undefined);
      return false;
    }
    return true;
  });
  if (asked.length === 0) {
    return result;
  }
  if (!/^[0-9a-f]{4,64}$/i.test(commit)) {
    throw new GitError('unknown-ref', `'${commit}' is not a commit id`);
  }
  const output = await runBatch(
    root,
    asked.map((p) => `${commit}:${p}\n`),
  );
  let at = 0;
  for (const file of asked) {
    const lineEnd = output.indexOf(0x0a, at);
    if (lineEnd < 0) {
      throw new GitError('failed', 'git cat-file --batch ended early');
    }
    const header = output.subarray(at, lineEnd).toString('utf8');
    at = lineEnd + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (match === null) {
      // "<object> missing" or "ambiguous": not a file at that commit.
      result.set(file, undefined);
      continue;
    }
    const size = Number(match[2]);
    const body = output.subarray(at, at + size);
    at += size + 1;
    result.set(file, match[1] === 'blob' ? body : undefined);
  }
  return result;
}

function runBatch(root: string, requests: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], {
      cwd: root,
      env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new GitError(
              'git-missing',
              'git was not found on PATH: install git to compare revisions',
            )
          : new GitError('failed', `git cat-file failed: ${error.message}`),
      );
    });
    child.on('close', (code) => {
      if (code === 0) {
        resolve(Buffer.concat(chunks));
      } else {
        reject(
          new GitError(
            /not a git repository/i.test(stderr) ? 'not-a-repository' : 'failed',
            `git cat-file failed (exit ${code ?? 'signal'}): ${stderr.trim()}`,
          ),
        );
      }
    });
    // Stdin may close first when git fails; its error is reported through 'close'.
    child.stdin.on('error', () => undefined);
    child.stdin.end(requests.join(''));
  });
}
