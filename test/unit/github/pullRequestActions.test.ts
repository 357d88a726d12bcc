import * as assert from 'node:assert/strict';
import { describeGitHubError, githubMessage } from '../../../src/github/core/githubErrors';
import { infraChangeSummary, terraformFolders } from '../../../src/github/core/infraSummary';
import { allowedMergeMethods, parseLogins } from '../../../src/github/core/mergeMethods';
import {
  CheckoutError,
  forkRemote,
  forkRemoteUrl,
  planCheckout,
  repositoryKey,
} from '../../../src/github/core/pullRequestCheckout';
import { findPullRequestTemplates } from '../../../src/github/core/pullRequestTemplate';

/** A folder listing over a set of paths, as the adapter's readdir gives it. */
function listing(paths: readonly string[]) {
  return (folder: string) => {
    const prefix = folder === '' ? '' : `${folder}/`;
    const files = new Set<string>();
    const folders = new Set<string>();
    for (const p of paths.filter((p) => p.startsWith(prefix))) {
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) {
        files.add(rest);
      } else {
        folders.add(rest.slice(0, slash));
      }
    }
    return { files: [...files], folders: [...folders] };
  };
}

describe('pull request templates', () => {
  it('finds .github first, then the root, then docs, in any case and with .md, .txt or none', () => {
    assert.deepEqual(
      findPullRequestTemplates(
        listing([
          'docs/pull_request_template.md',
          'PULL_REQUEST_TEMPLATE.md',
          '.github/pull_request_template.txt',
          'README.md',
          '.github/workflows/ci.yml',
        ]),
      ),
      [
        '.github/pull_request_template.txt',
        'PULL_REQUEST_TEMPLATE.md',
        'docs/pull_request_template.md',
      ],
    );
  });

  it('lists the templates of a PULL_REQUEST_TEMPLATE folder after the single ones', () => {
    assert.deepEqual(
      findPullRequestTemplates(
        listing([
          '.github/PULL_REQUEST_TEMPLATE/terraform.md',
          '.github/PULL_REQUEST_TEMPLATE/kubernetes.md',
          '.github/PULL_REQUEST_TEMPLATE/notes.png',
          'docs/pull_request_template',
        ]),
      ),
      [
        'docs/pull_request_template',
        '.github/PULL_REQUEST_TEMPLATE/kubernetes.md',
        '.github/PULL_REQUEST_TEMPLATE/terraform.md',
      ],
    );
  });

  it('finds nothing in a repository without one (a similar name is not a template)', () => {
    assert.deepEqual(
      findPullRequestTemplates(listing(['pull_request_template.md.bak', 'docs/template.md'])),
      [],
    );
  });
});

describe('checking out a pull request', () => {
  const target = { remote: 'carol', headRef: 'fix-probe', headOwner: 'carol', headCommit: 'c1' };

  it("creates the head branch's name when it is free", () => {
    assert.deepEqual(planCheckout(target, [{ name: 'main', commit: 'm' }]), {
      kind: 'create',
      branch: 'fix-probe',
    });
  });

  it('switches to a branch that already tracks the head, fast-forwarding when behind', () => {
    assert.deepEqual(
      planCheckout(target, [{ name: 'fix-probe', commit: 'old', upstream: 'carol/fix-probe' }]),
      { kind: 'switch', branch: 'fix-probe', fastForward: true },
    );
    assert.deepEqual(planCheckout(target, [{ name: 'fix-probe', commit: 'c1' }]), {
      kind: 'switch',
      branch: 'fix-probe',
      fastForward: false,
    });
  });

  it('never reuses a same-named branch that points elsewhere: <owner>/<branch>, then <owner>-<branch>', () => {
    const mine = { name: 'fix-probe', commit: 'mine', upstream: 'origin/fix-probe' };
    assert.deepEqual(planCheckout(target, [mine]), { kind: 'create', branch: 'carol/fix-probe' });
    assert.deepEqual(planCheckout(target, [mine, { name: 'carol/fix-probe', commit: 'other' }]), {
      kind: 'create',
      branch: 'carol-fix-probe',
    });
    assert.deepEqual(
      planCheckout(target, [
        mine,
        { name: 'carol/fix-probe', commit: 'other' },
        { name: 'carol-fix-probe', commit: 'other' },
      ]),
      { kind: 'create', branch: 'carol/fix-probe-2' },
    );
    // A fork's main is the common case: the local main stays.
    assert.deepEqual(
      planCheckout({ ...target, headRef: 'main' }, [
        { name: 'main', commit: 'm', upstream: 'origin/main' },
      ]),
      { kind: 'create', branch: 'carol/main' },
    );
  });

  it('skips a name git cannot create next to an existing branch ("carol" blocks "carol/x")', () => {
    assert.deepEqual(
      planCheckout(target, [
        { name: 'fix-probe', commit: 'mine' },
        { name: 'carol', commit: 'x' },
      ]),
      { kind: 'create', branch: 'carol-fix-probe' },
    );
  });

  it('skips <owner>/<branch> when a remote <owner> would make it ambiguous', () => {
    assert.deepEqual(
      planCheckout(target, [{ name: 'fix-probe', commit: 'mine' }], ['origin', 'carol']),
      {
        kind: 'create',
        branch: 'carol-fix-probe',
      },
    );
    // The PR's own branch name is fine: it has no remote's name as its first part.
    assert.deepEqual(planCheckout(target, [], ['origin', 'carol']), {
      kind: 'create',
      branch: 'fix-probe',
    });
  });

  it('refuses a head branch that is no valid local name, saying why', () => {
    assert.throws(
      () => planCheckout({ ...target, headRef: 'bad..name' }, []),
      (e: unknown) => e instanceof CheckoutError && /bad\.\.name.*contains "\.\."/.test(e.message),
    );
  });

  it("reuses a remote that already points at the fork, whatever its URL's form", () => {
    const urls = ['https://github.com/carol/infra.git', 'git@github.com:carol/infra.git'];
    assert.deepEqual(
      forkRemote('carol', urls, [
        { name: 'origin', url: 'git@github.com:acme/infra.git' },
        { name: 'theirs', url: 'ssh://git@github.com/Carol/Infra' },
      ]),
      { name: 'theirs', add: false },
    );
  });

  it("adds a remote named after the fork's owner, or <owner>-fork when that name is taken", () => {
    const urls = ['https://github.com/carol/infra.git'];
    assert.deepEqual(forkRemote('carol', urls, [{ name: 'origin', url: 'x' }]), {
      name: 'carol',
      add: true,
    });
    assert.deepEqual(
      forkRemote('carol', urls, [
        { name: 'carol', url: 'https://github.com/carol/other.git' },
        { name: 'carol-fork', url: 'https://github.com/carol/third.git' },
      ]),
      { name: 'carol-fork-2', add: true },
    );
  });

  it('fetches a fork over SSH when the base remote uses SSH, else over HTTPS', () => {
    const fork = {
      cloneUrl: 'https://github.com/carol/infra.git',
      sshUrl: 'git@github.com:carol/infra.git',
    };
    assert.equal(forkRemoteUrl('git@github.com:acme/infra.git', fork), fork.sshUrl);
    assert.equal(forkRemoteUrl('ssh://git@github.com/acme/infra', fork), fork.sshUrl);
    assert.equal(forkRemoteUrl('https://github.com/acme/infra.git', fork), fork.cloneUrl);
  });

  it('reduces remote URLs to the repository they name', () => {
    assert.equal(
      repositoryKey('https://user:pw@GitHub.com/Acme/Infra.git/'),
      'github.com/acme/infra',
    );
    assert.equal(repositoryKey('git@github.com:acme/infra.git'), 'github.com/acme/infra');
    assert.equal(repositoryKey('ssh://git@github.com:22/acme/infra'), 'github.com/acme/infra');
  });
});

describe('merge methods and logins', () => {
  it('offers the methods the repository allows, all three when it does not say', () => {
    assert.deepEqual(allowedMergeMethods(undefined), ['merge', 'squash', 'rebase']);
    assert.deepEqual(allowedMergeMethods({}), ['merge', 'squash', 'rebase']);
    assert.deepEqual(
      allowedMergeMethods({
        allow_merge_commit: false,
        allow_squash_merge: true,
        allow_rebase_merge: false,
      }),
      ['squash'],
    );
    assert.deepEqual(
      allowedMergeMethods({
        allow_merge_commit: false,
        allow_squash_merge: false,
        allow_rebase_merge: false,
      }),
      [],
    );
  });

  it('reads reviewers typed with commas, spaces and @', () => {
    assert.deepEqual(parseLogins(' @bob, carol  bob,,'), ['bob', 'carol']);
    assert.deepEqual(parseLogins(''), []);
  });
});

describe("GitHub's refusals in words", () => {
  const refusal = (status: number, data: unknown) =>
    Object.assign(new Error(`HttpError ${status}`), { status, response: { data } });

  it("shows branch protection's message (405) on one line", () => {
    assert.equal(
      describeGitHubError(
        'Merging #4',
        refusal(405, {
          message:
            'Repository rule violations found\n\nAt least 1 approving review is required by reviewers with write access.',
        }),
        [],
      ),
      'Merging #4 failed: GitHub refused (405): Repository rule violations found At least 1 approving review is required by reviewers with write access.',
    );
  });

  it('adds the details of a validation failure (422) and a conflict (409)', () => {
    assert.equal(
      describeGitHubError(
        'Creating the pull request',
        refusal(422, {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: 'A pull request already exists for acme:x.',
            },
            { resource: 'PullRequest', field: 'head', code: 'invalid' },
          ],
        }),
        [],
      ),
      'Creating the pull request failed: GitHub refused (422): Validation Failed: A pull request already exists for acme:x.: head invalid',
    );
    assert.match(
      describeGitHubError(
        'Merging #4',
        refusal(409, { message: 'Head branch was modified. Review and try the merge again.' }),
        [],
      ),
      /GitHub refused \(409\): Head branch was modified/,
    );
  });

  it('says what to check on 401 and 404, and keeps other errors as they are', () => {
    assert.match(
      describeGitHubError('X', refusal(401, { message: 'Bad credentials' }), []),
      /sign in again/,
    );
    assert.match(
      describeGitHubError('X', refusal(404, { message: 'Not Found' }), []),
      /not found \(404\)/,
    );
    assert.equal(
      describeGitHubError('X', new Error('connect ECONNREFUSED'), []),
      'X failed: connect ECONNREFUSED',
    );
  });

  it('never shows the token, even when a message echoes it', () => {
    const token = 'ghp_doubleTokenForAliceOnly0123456789abcd';
    const text = describeGitHubError(
      'Pushing',
      new Error(`fatal: could not read from https://alice:${token}@github.com/acme/infra.git`),
      [token],
    );
    assert.ok(!text.includes(token), text);
    assert.match(text, /\[REDACTED\]/);
  });

  it('reads string errors and ignores empty ones', () => {
    assert.equal(
      githubMessage({
        message: 'Unprocessable Entity',
        errors: ['Can not approve your own pull request', ''],
      }),
      'Unprocessable Entity: Can not approve your own pull request',
    );
    assert.equal(githubMessage({}), undefined);
    assert.equal(githubMessage(null), undefined);
  });
});

describe('infrastructure change summary', () => {
  it('groups Terraform files by folder and ignores other files', () => {
    assert.deepEqual(
      terraformFolders([
        'infra/net/main.tf',
        'infra/net/vars.tfvars',
        'main.tf',
        'README.md',
        'infra/db/x.tf.json',
      ]),
      [
        { folder: '.', files: 1 },
        { folder: 'infra/db', files: 1 },
        { folder: 'infra/net', files: 2 },
      ],
    );
  });

  it('puts the Kubernetes summary first, then the Terraform folders; nothing when neither changed', () => {
    assert.equal(
      infraChangeSummary({
        kubernetesMarkdown: '**Kubernetes: 1 to change**\n',
        changedPaths: ['infra/net/main.tf'],
      }),
      '**Kubernetes: 1 to change**\n\n**Terraform:** changes in `infra/net` (1 file)',
    );
    assert.equal(infraChangeSummary({ changedPaths: ['README.md'] }), undefined);
  });
});
