import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Environment of the git commands tests run: a fixed author, no user or system config. */
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** A git repository in a fresh temporary folder, removed by {@link TempRepo.remove}. */
export class TempRepo {
  readonly root: string;

  constructor(options: { init?: boolean; branch?: string } = {}) {
    // realpath: macOS's /tmp is a symlink and git reports the resolved root.
    this.root = realpathSync(mkdtempSync(path.join(tmpdir(), 'iw-git-')));
    if (options.init !== false) {
      this.git('init', '-q', '-b', options.branch ?? 'main');
    }
  }

  /** Runs git in the repository; returns its stdout. */
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, env, encoding: 'utf8' });
  }

  write(file: string, text: string | Uint8Array): this {
    const full = path.join(this.root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
    return this;
  }

  remove(file?: string): void {
    rmSync(file === undefined ? this.root : path.join(this.root, file), {
      recursive: true,
      force: true,
    });
  }

  /** Stages everything and commits; returns the commit id. */
  commit(message = 'commit'): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }
}
