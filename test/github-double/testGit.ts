/**
 * Git as the tests around the double run it: a fixed identity, no user or system configuration,
 * and asynchronous, because the double answers in the same process (a synchronous push or fetch
 * to it would wait forever for a server that cannot run).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const testGitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Alice',
  GIT_AUTHOR_EMAIL: 'alice@example.com',
  GIT_COMMITTER_NAME: 'Alice',
  GIT_COMMITTER_EMAIL: 'alice@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs git in `cwd`; resolves with its trimmed stdout, rejects when it fails. */
export async function testGit(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, {
    cwd,
    env: testGitEnv,
    encoding: 'utf8',
  });
  return stdout.trim();
}
