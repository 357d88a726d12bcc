import * as assert from 'node:assert/strict';
import {
  chooseGitHubRemote,
  enterpriseHost,
  githubHostFor,
  parseRemoteUrl,
  redactUrl,
  RemoteError,
  resolveGitHubRemote,
} from '../../../src/github/core/remotes';
import {
  matchSshPatternList,
  resolveSshHost,
  SshConfigError,
} from '../../../src/github/core/sshConfig';
import {
  applyLongestRewrite,
  effectiveRemoteUrls,
  GitConfigParseError,
  parseUrlRewrites,
} from '../../../src/github/core/urlRewrites';

function remoteError(run: () => unknown): RemoteError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof RemoteError, String(error));
    return error;
  }
  assert.fail('no error');
}

describe('parseRemoteUrl', () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      'https://github.com/acme/infra.git',
      { protocol: 'https', host: 'github.com', owner: 'acme', repo: 'infra' },
    ],
    [
      'https://github.com/acme/infra',
      { protocol: 'https', host: 'github.com', owner: 'acme', repo: 'infra' },
    ],
    [
      'https://GitHub.com/acme/infra.git/',
      { protocol: 'https', host: 'github.com', owner: 'acme', repo: 'infra' },
    ],
    [
      'https://x-access-token:ghp_secret@github.com/acme/infra.git',
      { protocol: 'https', host: 'github.com', owner: 'acme', repo: 'infra' },
    ],
    [
      'http://127.0.0.1:8080/acme/my.repo',
      { protocol: 'http', host: '127.0.0.1', port: 8080, owner: 'acme', repo: 'my.repo' },
    ],
    [
      'ssh://git@github.com:22/acme/infra.git',
      { protocol: 'ssh', host: 'github.com', port: 22, user: 'git', owner: 'acme', repo: 'infra' },
    ],
    [
      'ssh://git@ssh.github.com:443/acme/infra.git',
      {
        protocol: 'ssh',
        host: 'ssh.github.com',
        port: 443,
        user: 'git',
        owner: 'acme',
        repo: 'infra',
      },
    ],
    [
      'git+ssh://github.com/acme/infra',
      { protocol: 'ssh', host: 'github.com', owner: 'acme', repo: 'infra' },
    ],
    [
      'git@github.com:acme/infra.git',
      { protocol: 'ssh', host: 'github.com', user: 'git', owner: 'acme', repo: 'infra' },
    ],
    [
      'git@GitHub-Work:acme/infra',
      { protocol: 'ssh', host: 'github-work', user: 'git', owner: 'acme', repo: 'infra' },
    ],
    [
      'github.com:acme/infra.git',
      { protocol: 'ssh', host: 'github.com', owner: 'acme', repo: 'infra' },
    ],
    [
      'git@github.com:/acme/infra.git',
      { protocol: 'ssh', host: 'github.com', user: 'git', owner: 'acme', repo: 'infra' },
    ],
    [
      'git://github.com/acme/infra.git',
      { protocol: 'git', host: 'github.com', owner: 'acme', repo: 'infra' },
    ],
  ];
  for (const [url, expected] of cases) {
    it(`reads ${url}`, () => {
      assert.deepEqual({ ...parseRemoteUrl(url) }, expected);
    });
  }

  it('never keeps https credentials, and redacts them in errors', () => {
    const parsed = parseRemoteUrl('https://me:ghp_topsecret@github.com/acme/infra.git');
    assert.doesNotMatch(JSON.stringify(parsed), /topsecret/);
    const error = remoteError(() =>
      parseRemoteUrl('https://me:ghp_topsecret@github.com/acme/infra/extra'),
    );
    assert.doesNotMatch(error.message, /topsecret/);
    assert.match(error.message, /https:\/\/\*\*\*@github\.com/);
    assert.equal(redactUrl('git@github.com:a/b'), 'git@github.com:a/b');
  });

  it('names why a URL is not a GitHub repository', () => {
    assert.equal(remoteError(() => parseRemoteUrl('/srv/git/infra.git')).kind, 'local-path');
    assert.equal(remoteError(() => parseRemoteUrl('./infra')).kind, 'local-path');
    assert.equal(remoteError(() => parseRemoteUrl('C:\\git\\infra')).kind, 'local-path');
    assert.equal(remoteError(() => parseRemoteUrl('D:/git/infra.git')).kind, 'local-path');
    assert.equal(remoteError(() => parseRemoteUrl('file:///srv/git/infra.git')).kind, 'local-path');
    assert.equal(
      remoteError(() => parseRemoteUrl('ftp://github.com/a/b')).kind,
      'unsupported-protocol',
    );
    const nested = remoteError(() => parseRemoteUrl('https://gitlab.com/group/sub/project.git'));
    assert.equal(nested.kind, 'not-owner-repo');
    assert.match(nested.message, /<owner>\/<repository>, got "\/group\/sub\/project.git"/);
    assert.equal(remoteError(() => parseRemoteUrl('')).kind, 'invalid-url');
    assert.equal(remoteError(() => parseRemoteUrl('git@github.com:-bad/x')).kind, 'not-owner-repo');
  });
});

describe('url.<base>.insteadOf rewrites', () => {
  const output = [
    'url.https://github.com/.insteadof gh:',
    'url.git@github.com:.pushinsteadof https://github.com/',
    'url.https://mirror.example/github/.insteadof https://github.com/',
    'url.https://github.com/acme/.insteadof https://github.com/acme-old/',
    'url.https://example.com/.other something',
  ].join('\n');

  it('parses git config --get-regexp output, keeping the base as written', () => {
    const rewrites = parseUrlRewrites(output);
    assert.deepEqual(rewrites.insteadOf, [
      { base: 'https://github.com/', prefix: 'gh:' },
      { base: 'https://mirror.example/github/', prefix: 'https://github.com/' },
      { base: 'https://github.com/acme/', prefix: 'https://github.com/acme-old/' },
    ]);
    assert.deepEqual(rewrites.pushInsteadOf, [
      { base: 'git@github.com:', prefix: 'https://github.com/' },
    ]);
  });

  it('parses the -z form the same way, including a base with a space', () => {
    const z = 'url.https://github.com/.insteadOf\ngh:\0url.https://a b/.insteadOf\nab:\0';
    assert.deepEqual(parseUrlRewrites(z).insteadOf, [
      { base: 'https://github.com/', prefix: 'gh:' },
      { base: 'https://a b/', prefix: 'ab:' },
    ]);
  });

  it('reports a malformed line with its number', () => {
    assert.throws(
      () => parseUrlRewrites('url.https://github.com/.insteadof gh:\nnot a key'),
      (error: unknown) => error instanceof GitConfigParseError && error.line === 2,
    );
    assert.throws(
      () => parseUrlRewrites('url.https://github.com/.insteadof'),
      /line 1: .*has no value/,
    );
  });

  it('applies the longest matching prefix, as git does', () => {
    const { insteadOf } = parseUrlRewrites(output);
    assert.equal(
      applyLongestRewrite('https://github.com/acme-old/infra.git', insteadOf),
      'https://github.com/acme/infra.git',
    );
    assert.equal(
      applyLongestRewrite('https://github.com/other/x.git', insteadOf),
      'https://mirror.example/github/other/x.git',
    );
    assert.equal(applyLongestRewrite('gh:acme/infra', insteadOf), 'https://github.com/acme/infra');
    assert.equal(applyLongestRewrite('git@github.com:acme/infra', insteadOf), undefined);
  });

  it('on equal length keeps the first rewrite read', () => {
    const rewrites = parseUrlRewrites(
      'url.https://first/.insteadof x:\nurl.https://second/.insteadof x:',
    );
    assert.equal(applyLongestRewrite('x:a/b', rewrites.insteadOf), 'https://first/a/b');
  });

  it('pushInsteadOf rewrites only the push URL, and not an explicit pushurl', () => {
    const rewrites = parseUrlRewrites(
      'url.git@github.com:.pushinsteadof https://github.com/\nurl.https://github.com/.insteadof gh:',
    );
    assert.deepEqual(effectiveRemoteUrls({ url: 'https://github.com/a/b.git' }, rewrites), {
      fetchUrl: 'https://github.com/a/b.git',
      pushUrl: 'git@github.com:a/b.git',
    });
    assert.deepEqual(
      effectiveRemoteUrls({ url: 'https://github.com/a/b.git', pushUrl: 'gh:a/c.git' }, rewrites),
      { fetchUrl: 'https://github.com/a/b.git', pushUrl: 'https://github.com/a/c.git' },
    );
    assert.deepEqual(effectiveRemoteUrls({ url: 'gh:a/b' }, rewrites), {
      fetchUrl: 'https://github.com/a/b',
      pushUrl: 'https://github.com/a/b',
    });
  });
});

describe('ssh config host aliases', () => {
  const config = `
# global defaults come first in many configs
Host github-work
    HostName github.com
    User git
    IdentityFile ~/.ssh/id_work

Host *.corp !legacy.corp
  HostName=%h.example.net
  Port 2222

Host ghe
  Hostname "ghe.example.com"

Host *
  HostName ignored.example
  Port 22
`;

  it('follows HostName of the first matching Host block', () => {
    const host = resolveSshHost('github-work', config);
    assert.equal(host.hostName, 'github.com');
    assert.equal(host.user, 'git');
    assert.equal(host.port, 22); // from Host *: the first value obtained for Port
  });

  it('expands %h, honours negated patterns and quoted values', () => {
    assert.equal(resolveSshHost('git.corp', config).hostName, 'git.corp.example.net');
    assert.equal(resolveSshHost('git.corp', config).port, 2222);
    assert.equal(resolveSshHost('legacy.corp', config).hostName, 'ignored.example');
    assert.equal(resolveSshHost('GHE', config).hostName, 'ghe.example.com');
  });

  it('first obtained value wins over later blocks', () => {
    const text = 'Host gh\n  HostName first.example\nHost gh\n  HostName second.example\n';
    assert.equal(resolveSshHost('gh', text).hostName, 'first.example');
  });

  it('evaluates Match host/originalhost/user and skips Match exec with a note', () => {
    const text = [
      'Match exec "test -f /nope"',
      '  HostName exec.example',
      'Match originalhost work user git',
      '  HostName github.com',
      'Match host github.com',
      '  Port 443',
    ].join('\n');
    const host = resolveSshHost('work', text, { user: 'git' });
    assert.equal(host.hostName, 'github.com');
    assert.equal(host.port, 443, 'Match host sees the HostName obtained so far');
    assert.equal(host.notes.length, 1);
    assert.match(host.notes[0] ?? '', /line 1: Match exec is not run/);
    assert.equal(resolveSshHost('work', text, { user: 'someone' }).hostName, 'work');
  });

  it('runs Match final in a second pass, keeping the first pass values', () => {
    const text = 'Match final\n  HostName final.example\nHost a\n  Port 2200\n';
    const host = resolveSshHost('a', text);
    assert.equal(host.hostName, 'final.example');
    assert.equal(host.port, 2200);
  });

  it('reads Include through the given reader', () => {
    const host = resolveSshHost('inc', 'Include extra.conf\n', {
      readInclude: (path) => (path === 'extra.conf' ? ['Host inc\n  HostName github.com'] : []),
    });
    assert.equal(host.hostName, 'github.com');
  });

  it('pattern lists: wildcards, ? and negation', () => {
    assert.equal(matchSshPatternList('gh-1', ['gh-?']), true);
    assert.equal(matchSshPatternList('gh-10', ['gh-?']), false);
    assert.equal(matchSshPatternList('a.b', ['*', '!a.*']), false);
    assert.equal(matchSshPatternList('x.y', ['*', '!a.*']), true);
  });

  it('reports bad lines with their number', () => {
    assert.throws(
      () => resolveSshHost('a', 'Host a\n  Port seventy\n'),
      (error: unknown) => error instanceof SshConfigError && error.line === 2,
    );
    assert.throws(() => resolveSshHost('a', 'Host a\n  HostName "unterminated\n'), /line 2/);
  });
});

describe('GitHub hosts and API URLs', () => {
  it('github.com uses api.github.com', () => {
    const host = githubHostFor('github.com', []);
    assert.equal(host.kind, 'github.com');
    assert.equal(host.apiUrl, 'https://api.github.com');
    assert.equal(host.graphqlUrl, 'https://api.github.com/graphql');
    assert.equal(githubHostFor('ssh.github.com', []).kind, 'github.com');
  });

  it('an enterprise server uses /api/v3 and /api/graphql on its own origin', () => {
    const host = githubHostFor('ghe.example.com', ['https://GHE.example.com/']);
    assert.equal(host.kind, 'enterprise');
    assert.equal(host.apiUrl, 'https://ghe.example.com/api/v3');
    assert.equal(host.graphqlUrl, 'https://ghe.example.com/api/graphql');
    assert.equal(enterpriseHost('http://127.0.0.1:3000').apiUrl, 'http://127.0.0.1:3000/api/v3');
    assert.equal(enterpriseHost('https://acme.ghe.com').apiUrl, 'https://api.acme.ghe.com');
  });

  it('an unknown host is not GitHub, and the error says what is configured', () => {
    const error = remoteError(() => githubHostFor('gitlab.com', ['https://ghe.example.com']));
    assert.equal(error.kind, 'not-github');
    assert.match(error.message, /gitlab\.com .*configured: https:\/\/ghe\.example\.com/);
    assert.throws(() => enterpriseHost('ghe.example.com'), /not a valid URL/);
  });
});

describe('resolving and choosing the GitHub remote', () => {
  const sshConfig =
    'Host gh-work\n  HostName github.com\nHost ghe-alias\n  HostName ghe.example.com\n';

  it('resolves an SSH alias to github.com', () => {
    const remote = resolveGitHubRemote(
      { name: 'origin', url: 'git@gh-work:acme/infra.git' },
      { sshConfig },
    );
    assert.equal(remote.server.kind, 'github.com');
    assert.equal(remote.owner, 'acme');
    assert.equal(remote.repo, 'infra');
  });

  it('without the ssh config the alias is not GitHub, and the error says so', () => {
    const error = remoteError(() =>
      resolveGitHubRemote({ name: 'origin', url: 'git@gh-work:acme/infra.git' }),
    );
    assert.match(error.message, /remote "origin" \(git@gh-work:acme\/infra.git\) is not a GitHub/);
  });

  it('resolves an enterprise remote through an alias and an insteadOf rewrite', () => {
    const rewrites = parseUrlRewrites('url.git@ghe-alias:.insteadof ghe:');
    const remote = resolveGitHubRemote(
      { name: 'origin', url: 'ghe:platform/infra' },
      { rewrites, sshConfig, enterpriseUrls: ['https://ghe.example.com'] },
    );
    assert.equal(remote.server.apiUrl, 'https://ghe.example.com/api/v3');
    assert.equal(remote.fetchUrl, 'git@ghe-alias:platform/infra');
    assert.equal(remote.owner, 'platform');
  });

  it('prefers origin, then upstream, and skips a non-GitHub origin', () => {
    const upstream = { name: 'upstream', url: 'https://github.com/acme/infra.git' };
    const remotes = [upstream, { name: 'origin', url: 'https://github.com/me/infra.git' }];
    assert.equal(chooseGitHubRemote(remotes).owner, 'me');
    const withLocalOrigin = [upstream, { name: 'origin', url: '/srv/git/infra.git' }];
    assert.equal(chooseGitHubRemote(withLocalOrigin).owner, 'acme');
    assert.equal(chooseGitHubRemote(remotes, ['upstream']).owner, 'acme');
  });

  it('explains why no remote was chosen', () => {
    const error = remoteError(() =>
      chooseGitHubRemote([{ name: 'origin', url: 'https://gitlab.com/a/b.git' }]),
    );
    assert.match(error.message, /gitlab\.com is neither github\.com/);
    assert.match(error.message, /no remote named "upstream"/);
    assert.equal(remoteError(() => chooseGitHubRemote([])).kind, 'no-remote');
  });
});
