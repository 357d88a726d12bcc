import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseRemoteConfig, readRemoteConfig } from '../../../src/git/core/gitRemotes';
import { GitError } from '../../../src/git/core/gitRepository';
import { detectGitHubRepository } from '../../../src/github/core/detectRepository';
import { RemoteError } from '../../../src/github/core/remotes';
import { TempRepo } from '../git/tempRepo';

describe('parseRemoteConfig', () => {
  it('reads url and pushurl per remote, names with dots, the first url of several', () => {
    const output = [
      'remote.origin.url\ngit@github.com:acme/infra.git',
      'remote.origin.pushurl\nssh://git@github.com/acme/push.git',
      'remote.team.a.url\nhttps://github.com/team/a.git',
      'remote.team.a.url\nhttps://github.com/team/second.git',
      'remote.pushonly.pushurl\nhttps://github.com/x/y.git',
      '',
    ].join('\0');
    assert.deepEqual(parseRemoteConfig(output), [
      {
        name: 'origin',
        url: 'git@github.com:acme/infra.git',
        pushUrl: 'ssh://git@github.com/acme/push.git',
      },
      { name: 'team.a', url: 'https://github.com/team/a.git' },
    ]);
  });

  it('is empty for no output', () => {
    assert.deepEqual(parseRemoteConfig(''), []);
  });
});

describe('detectGitHubRepository (real git)', () => {
  const repos: TempRepo[] = [];
  after(() => {
    for (const r of repos) {
      r.remove();
    }
  });
  const repo = (): TempRepo => {
    const r = new TempRepo();
    repos.push(r);
    return r;
  };

  it('reads the raw remote URL and applies insteadOf and an ssh alias to reach the enterprise host', async () => {
    const r = repo();
    r.git('remote', 'add', 'origin', 'corp:acme/infra.git');
    r.git('config', 'url.git@ghe-alias:.insteadOf', 'corp:');
    const sshConfig = path.join(r.root, 'ssh_config');
    writeFileSync(sshConfig, 'Host ghe-alias\n  HostName GHE.example.com\n  User git\n');
    const raw = await readRemoteConfig(r.root);
    // The configured URL, not the rewritten one `git remote -v` would print.
    assert.deepEqual(raw.remotes, [{ name: 'origin', url: 'corp:acme/infra.git' }]);
    mkdirSync(path.join(r.root, 'k8s', 'apps'), { recursive: true });
    const detected = await detectGitHubRepository(path.join(r.root, 'k8s', 'apps'), {
      remoteNames: ['origin', 'upstream'],
      enterpriseUrls: ['https://ghe.example.com'],
      sshConfigPath: sshConfig,
    });
    assert.equal(detected.root, r.root);
    assert.equal(detected.remote.remoteName, 'origin');
    assert.equal(detected.remote.owner, 'acme');
    assert.equal(detected.remote.repo, 'infra');
    assert.equal(detected.remote.server.kind, 'enterprise');
    assert.equal(detected.remote.server.graphqlUrl, 'https://ghe.example.com/api/graphql');
    assert.equal(detected.remote.fetchUrl, 'git@ghe-alias:acme/infra.git');
  });

  it('falls back to the next preferred remote and says why the first was not used', async () => {
    const r = repo();
    r.git('remote', 'add', 'origin', 'https://gitlab.example.com/acme/infra.git');
    r.git('remote', 'add', 'upstream', 'https://github.com/acme/infra.git');
    const detected = await detectGitHubRepository(r.root, {
      remoteNames: ['origin', 'upstream'],
      enterpriseUrls: [],
      sshConfigPath: path.join(r.root, 'none'),
    });
    assert.equal(detected.remote.remoteName, 'upstream');
    assert.equal(detected.remote.server.kind, 'github.com');
    await assert.rejects(
      detectGitHubRepository(r.root, {
        remoteNames: ['origin'],
        enterpriseUrls: [],
        sshConfigPath: path.join(r.root, 'none'),
      }),
      (error: unknown) =>
        error instanceof RemoteError && error.message.includes('gitlab.example.com'),
    );
  });

  it('fails with a GitError outside a repository and a RemoteError without remotes', async () => {
    const bare = new TempRepo({ init: false });
    repos.push(bare);
    await assert.rejects(
      detectGitHubRepository(bare.root, { remoteNames: ['origin'], enterpriseUrls: [] }),
      (error: unknown) => error instanceof GitError && error.kind === 'not-a-repository',
    );
    const empty = repo();
    await assert.rejects(
      detectGitHubRepository(empty.root, { remoteNames: ['origin'], enterpriseUrls: [] }),
      (error: unknown) => error instanceof RemoteError && error.kind === 'no-remote',
    );
  });
});
