/**
 * The double's REST routes. Each is an operation of GitHub's OpenAPI description (checked when
 * the table is built: a route the description does not have is an error), and each response
 * object starts from the description's own example for that schema, with the double's state
 * written over it; the server validates every response against the schema before sending it.
 */
import type {
  DoubleCheckRun,
  DoubleIssue,
  DoublePullRequest,
  DoubleRepository,
  DoubleState,
} from './doubleState';
import { fakeSha } from './doubleState';
import { githubRestDescription } from './githubSchemas';

export interface RestRequest {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** The login the token belongs to. */
  readonly viewer: string;
}

export interface RestResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RestRoute {
  readonly method: string;
  /** The path as the OpenAPI description writes it. */
  readonly path: string;
  readonly pattern: RegExp;
  readonly paramNames: readonly string[];
  readonly handle: (request: RestRequest) => RestResponse;
}

const docs = 'https://docs.github.com/rest';

/** What `pull-request` has and `pull-request-simple` (the list's items) does not. */
const pullRequestOnlyFields = [
  'merged',
  'mergeable',
  'rebaseable',
  'mergeable_state',
  'merged_by',
  'comments',
  'review_comments',
  'maintainer_can_modify',
  'commits',
  'additions',
  'deletions',
  'changed_files',
] as const;

function error(status: number, message: string): RestResponse {
  return { status, body: { message, documentation_url: docs, status: String(status) } };
}

function validationFailed(message: string, field: string, resource: string): RestResponse {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      documentation_url: docs,
      errors: [{ resource, field, code: 'invalid', message }],
    },
  };
}

function example(name: string): Record<string, unknown> {
  const { document } = githubRestDescription();
  const examples = (document as { components?: { examples?: Record<string, { value?: unknown }> } })
    .components?.examples;
  const value = examples?.[name]?.value;
  if (value === undefined) {
    throw new Error(`github-double: the OpenAPI description has no example ${name}`);
  }
  return structuredClone(value) as Record<string, unknown>;
}

function stringField(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : undefined;
}

function allowsMerge(repository: DoubleRepository, method: 'merge' | 'squash' | 'rebase'): boolean {
  return repository.mergeMethods?.includes(method) ?? true;
}

/** What GitHub answers a merge with a method the repository does not allow (405). */
const disallowedMergeMessages = {
  merge: 'Merge commits are not allowed on this repository.',
  squash: 'Squash merges are not allowed on this repository.',
  rebase: 'Rebase merges are not allowed on this repository.',
} as const;

/** Builds the REST route table over `state`; URLs in responses point at `apiUrl`/`webUrl`. */
export function buildRestRoutes(state: DoubleState, apiUrl: string, webUrl: string): RestRoute[] {
  const userObject = (login: string): Record<string, unknown> => {
    const user = state.users.get(login) ?? state.addUser(login);
    const base = example('simple-user');
    return {
      ...base,
      login,
      id: user.id,
      node_id: `U_${user.id}`,
      type: user.type,
      avatar_url: `${webUrl}/avatars/${login}`,
      url: `${apiUrl}/users/${login}`,
      html_url: `${webUrl}/${login}`,
      followers_url: `${apiUrl}/users/${login}/followers`,
      following_url: `${apiUrl}/users/${login}/following{/other_user}`,
      gists_url: `${apiUrl}/users/${login}/gists{/gist_id}`,
      starred_url: `${apiUrl}/users/${login}/starred{/owner}{/repo}`,
      subscriptions_url: `${apiUrl}/users/${login}/subscriptions`,
      organizations_url: `${apiUrl}/users/${login}/orgs`,
      repos_url: `${apiUrl}/users/${login}/repos`,
      events_url: `${apiUrl}/users/${login}/events{/privacy}`,
      received_events_url: `${apiUrl}/users/${login}/received_events`,
    };
  };

  const repositoryObject = (
    repository: DoubleRepository,
    template: string,
  ): Record<string, unknown> => {
    const fullName = `${repository.owner}/${repository.name}`;
    // The description has no example of the plain `repository` schema; the pull request
    // example's head.repo is one.
    const base =
      template === 'repository'
        ? (example('pull-request').head as { repo: Record<string, unknown> }).repo
        : example(template);
    const api = `${apiUrl}/repos/${fullName}`;
    const rewritten = Object.fromEntries(
      Object.entries(base).map(([key, value]) => [
        key,
        typeof value === 'string' &&
        key.endsWith('_url') &&
        value.includes('/repos/octocat/Hello-World')
          ? value.replace(/^https:\/\/api\.github\.com\/repos\/octocat\/Hello-World/, api)
          : value,
      ]),
    );
    const parent = repository.parent ? state.repository(repository.parent) : undefined;
    return {
      ...rewritten,
      id: repository.id,
      node_id: `R_${repository.id}`,
      name: repository.name,
      full_name: fullName,
      owner: userObject(repository.owner),
      private: repository.private,
      visibility: repository.private ? 'private' : 'public',
      fork: repository.parent !== undefined,
      default_branch: repository.defaultBranch,
      url: api,
      html_url: `${webUrl}/${fullName}`,
      clone_url: `${webUrl}/${fullName}.git`,
      git_url: `git://${new URL(webUrl).host}/${fullName}.git`,
      ssh_url: `git@${new URL(webUrl).hostname}:${fullName}.git`,
      svn_url: `${webUrl}/${fullName}`,
      ...(template === 'full-repository'
        ? {
            has_discussions: false,
            allow_merge_commit: allowsMerge(repository, 'merge'),
            allow_squash_merge: allowsMerge(repository, 'squash'),
            allow_rebase_merge: allowsMerge(repository, 'rebase'),
            ...(parent
              ? {
                  parent: repositoryObject(parent, 'repository'),
                  source: repositoryObject(parent, 'repository'),
                }
              : {}),
          }
        : {}),
    };
  };

  const labelObjects = (repo: string, names: readonly string[]): Record<string, unknown>[] =>
    names.map((name) => {
      const label = state.repository(repo)?.labels.find((l) => l.name === name);
      return {
        id: name.length * 7919,
        node_id: `LA_${name}`,
        url: `${apiUrl}/repos/${repo}/labels/${encodeURIComponent(name)}`,
        name,
        description: label?.description ?? null,
        color: label?.color ?? 'ededed',
        default: false,
      };
    });

  const milestoneObject = (
    repo: string,
    number: number | undefined,
  ): Record<string, unknown> | null => {
    const milestone = state.repository(repo)?.milestones.find((m) => m.number === number);
    if (!milestone) {
      return null;
    }
    return {
      ...example('milestone'),
      number: milestone.number,
      title: milestone.title,
      state: milestone.state,
      due_on: milestone.dueOn ?? null,
      url: `${apiUrl}/repos/${repo}/milestones/${milestone.number}`,
      html_url: `${webUrl}/${repo}/milestone/${milestone.number}`,
      labels_url: `${apiUrl}/repos/${repo}/milestones/${milestone.number}/labels`,
    };
  };

  const issueObject = (issue: DoubleIssue): Record<string, unknown> => {
    const base = example('issue');
    const url = `${apiUrl}/repos/${issue.repo}/issues/${issue.number}`;
    const comments = state.comments.filter(
      (c) => c.repo === issue.repo && c.number === issue.number,
    );
    return {
      ...base,
      id: issue.id,
      node_id: `I_${issue.id}`,
      url,
      repository_url: `${apiUrl}/repos/${issue.repo}`,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${webUrl}/${issue.repo}/issues/${issue.number}`,
      number: issue.number,
      state: issue.state,
      title: issue.title,
      body: issue.body,
      user: userObject(issue.author),
      labels: labelObjects(issue.repo, issue.labels),
      assignee: issue.assignees[0] !== undefined ? userObject(issue.assignees[0]) : null,
      assignees: issue.assignees.map(userObject),
      milestone: milestoneObject(issue.repo, issue.milestone),
      locked: false,
      comments: comments.length,
      pull_request: undefined,
      closed_at: issue.state === 'closed' ? issue.updatedAt : null,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_by: null,
      author_association: 'MEMBER',
    };
  };

  const pullRequestObject = (pr: DoublePullRequest): Record<string, unknown> => {
    const base = example('pull-request');
    const url = `${apiUrl}/repos/${pr.repo}/pulls/${pr.number}`;
    const html = `${webUrl}/${pr.repo}/pull/${pr.number}`;
    const baseRepository = state.repository(pr.repo);
    const headRepository = state.repository(pr.head.repo);
    if (!baseRepository) {
      throw new Error(`github-double: PR #${pr.number} names unknown repository ${pr.repo}`);
    }
    const branch = (ref: string, sha: string, repository: DoubleRepository | undefined) => ({
      label: `${repository?.owner ?? 'unknown'}:${ref}`,
      ref,
      sha,
      user: userObject(repository?.owner ?? pr.author),
      repo: repository ? repositoryObject(repository, 'repository') : null,
    });
    const comments = state.comments.filter((c) => c.repo === pr.repo && c.number === pr.number);
    return {
      ...base,
      url,
      id: pr.id,
      node_id: `PR_${pr.id}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${apiUrl}/repos/${pr.repo}/issues/${pr.number}`,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${apiUrl}/repos/${pr.repo}/pulls/comments{/number}`,
      comments_url: `${apiUrl}/repos/${pr.repo}/issues/${pr.number}/comments`,
      statuses_url: `${apiUrl}/repos/${pr.repo}/statuses/${pr.head.sha}`,
      number: pr.number,
      state: pr.state,
      locked: false,
      title: pr.title,
      user: userObject(pr.author),
      body: pr.body,
      labels: labelObjects(pr.repo, pr.labels),
      milestone: milestoneObject(pr.repo, pr.milestone),
      active_lock_reason: null,
      created_at: pr.createdAt,
      updated_at: pr.updatedAt,
      closed_at: pr.state === 'closed' ? pr.updatedAt : null,
      merged_at: pr.merged ? pr.updatedAt : null,
      merge_commit_sha: pr.merged ? fakeSha(`merge:${pr.repo}#${pr.number}`) : null,
      assignee: pr.assignees[0] !== undefined ? userObject(pr.assignees[0]) : null,
      assignees: pr.assignees.map(userObject),
      requested_reviewers: pr.requestedReviewers.map(userObject),
      requested_teams: [],
      head: branch(pr.head.ref, pr.head.sha, headRepository),
      base: branch(pr.base.ref, pr.base.sha, baseRepository),
      _links: {
        self: { href: url },
        html: { href: html },
        issue: { href: `${apiUrl}/repos/${pr.repo}/issues/${pr.number}` },
        comments: { href: `${apiUrl}/repos/${pr.repo}/issues/${pr.number}/comments` },
        review_comments: { href: `${url}/comments` },
        review_comment: { href: `${apiUrl}/repos/${pr.repo}/pulls/comments{/number}` },
        commits: { href: `${url}/commits` },
        statuses: { href: `${apiUrl}/repos/${pr.repo}/statuses/${pr.head.sha}` },
      },
      author_association: 'MEMBER',
      auto_merge: null,
      draft: pr.draft,
      merged: pr.merged,
      mergeable: pr.state === 'open' ? true : null,
      rebaseable: pr.state === 'open' ? true : null,
      mergeable_state: pr.state === 'open' ? 'clean' : 'unknown',
      merged_by: null,
      comments: comments.length,
      review_comments: 0,
      maintainer_can_modify: pr.head.repo !== pr.repo,
      commits: 1,
      additions: pr.files.reduce((sum, f) => sum + f.additions, 0),
      deletions: pr.files.reduce((sum, f) => sum + f.deletions, 0),
      changed_files: pr.files.length,
    };
  };

  /** pull-request-simple: pull-request without the counters. */
  const pullRequestSimpleObject = (pr: DoublePullRequest): Record<string, unknown> => {
    const object = pullRequestObject(pr);
    // pull-request-simple's labels have a non-nullable description.
    object.labels = labelObjects(pr.repo, pr.labels).map((label) => ({
      ...label,
      description: label.description ?? '',
    }));
    for (const key of pullRequestOnlyFields) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
      delete object[key];
    }
    return object;
  };

  const checkRunObject = (run: DoubleCheckRun): Record<string, unknown> => {
    const base = example('check-run');
    return {
      ...base,
      id: run.id,
      node_id: `CR_${run.id}`,
      head_sha: run.headSha,
      external_id: String(run.id),
      url: `${apiUrl}/repos/${run.repo}/check-runs/${run.id}`,
      html_url: `${webUrl}/${run.repo}/runs/${run.id}`,
      details_url: `${webUrl}/${run.repo}/runs/${run.id}`,
      status: run.status,
      conclusion: run.conclusion ?? null,
      started_at: run.startedAt,
      completed_at: run.completedAt ?? null,
      output: {
        title: run.output.title ?? null,
        summary: run.output.summary ?? null,
        text: run.output.text ?? null,
        annotations_count: 0,
        annotations_url: `${apiUrl}/repos/${run.repo}/check-runs/${run.id}/annotations`,
      },
      name: run.name,
      pull_requests: [],
    };
  };

  const repositoryOf = (request: RestRequest): DoubleRepository | undefined =>
    state.repository(`${request.params.owner ?? ''}/${request.params.repo ?? ''}`);

  const pullOf = (request: RestRequest): DoublePullRequest | undefined => {
    const repository = repositoryOf(request);
    return repository
      ? state.pullRequest(
          `${repository.owner}/${repository.name}`,
          Number(request.params.pull_number),
        )
      : undefined;
  };

  const issueOf = (request: RestRequest): DoubleIssue | undefined => {
    const repository = repositoryOf(request);
    return repository
      ? state.issue(`${repository.owner}/${repository.name}`, Number(request.params.issue_number))
      : undefined;
  };

  const table: [string, string, (request: RestRequest) => RestResponse][] = [
    [
      'GET',
      '/user',
      (request) => ({
        status: 200,
        body: {
          ...example('private-user'),
          ...userObject(request.viewer),
          name: state.users.get(request.viewer)?.name ?? null,
        },
      }),
    ],
    [
      'GET',
      '/repos/{owner}/{repo}',
      (request) => {
        const repository = repositoryOf(request);
        return repository
          ? { status: 200, body: repositoryObject(repository, 'full-repository') }
          : error(404, 'Not Found');
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/pulls',
      (request) => {
        const repository = repositoryOf(request);
        if (!repository) {
          return error(404, 'Not Found');
        }
        const wanted = request.query.get('state') ?? 'open';
        const head = request.query.get('head');
        const pulls = state.pullRequests.filter(
          (pr) =>
            pr.repo === `${repository.owner}/${repository.name}` &&
            (wanted === 'all' || pr.state === wanted) &&
            (head === null || `${pr.head.repo.split('/')[0] ?? ''}:${pr.head.ref}` === head),
        );
        return { status: 200, body: pulls.map(pullRequestSimpleObject) };
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/pulls',
      (request) => {
        const repository = repositoryOf(request);
        if (!repository) {
          return error(404, 'Not Found');
        }
        const fullName = `${repository.owner}/${repository.name}`;
        const title = stringField(request.body, 'title');
        const head = stringField(request.body, 'head');
        const baseRef = stringField(request.body, 'base');
        if (head === undefined || baseRef === undefined) {
          return validationFailed('head and base are required', 'head', 'PullRequest');
        }
        const [headOwner, headRef] = head.includes(':')
          ? head.split(':', 2)
          : [repository.owner, head];
        const headRepo =
          headOwner === repository.owner
            ? fullName
            : [...state.repositories.values()].find(
                (r) => r.owner === headOwner && r.parent === fullName,
              );
        const headRepoName =
          typeof headRepo === 'string'
            ? headRepo
            : headRepo
              ? `${headRepo.owner}/${headRepo.name}`
              : undefined;
        if (headRepoName === undefined || headRef === undefined) {
          return validationFailed(
            `head ${head} is not a branch of ${fullName} or a fork of it`,
            'head',
            'PullRequest',
          );
        }
        if (
          state.pullRequests.some(
            (pr) =>
              pr.repo === fullName &&
              pr.state === 'open' &&
              pr.head.ref === headRef &&
              pr.head.repo === headRepoName,
          )
        ) {
          return validationFailed(
            `A pull request already exists for ${head}.`,
            'head',
            'PullRequest',
          );
        }
        // A repository served over git: the branches must exist there, as on GitHub.
        const headSha = state.git.branchHead(headRepoName, headRef);
        const baseSha = state.git.branchHead(fullName, baseRef);
        if (state.git.has(headRepoName) && headSha === undefined) {
          return validationFailed(`head branch ${head} does not exist`, 'head', 'PullRequest');
        }
        if (state.git.has(fullName) && baseSha === undefined) {
          return validationFailed(`base branch ${baseRef} does not exist`, 'base', 'PullRequest');
        }
        const pr = state.addPullRequest(fullName, {
          title: title ?? headRef,
          author: request.viewer,
          body: stringField(request.body, 'body') ?? '',
          draft: (request.body as { draft?: unknown }).draft === true,
          head: {
            ref: headRef,
            repo: headRepoName,
            ...(headSha !== undefined ? { sha: headSha } : {}),
          },
          base: { ref: baseRef, ...(baseSha !== undefined ? { sha: baseSha } : {}) },
        });
        return {
          status: 201,
          body: pullRequestObject(pr),
          headers: { location: `${apiUrl}/repos/${fullName}/pulls/${pr.number}` },
        };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/pulls/{pull_number}',
      (request) => {
        const pr = pullOf(request);
        return pr ? { status: 200, body: pullRequestObject(pr) } : error(404, 'Not Found');
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/pulls/{pull_number}/files',
      (request) => {
        const pr = pullOf(request);
        if (!pr) {
          return error(404, 'Not Found');
        }
        const body = pr.files.map((file) => ({
          sha: fakeSha(`${pr.head.sha}:${file.filename}`),
          filename: file.filename,
          status: file.status,
          additions: file.additions,
          deletions: file.deletions,
          changes: file.additions + file.deletions,
          blob_url: `${webUrl}/${pr.head.repo}/blob/${pr.head.sha}/${file.filename}`,
          raw_url: `${webUrl}/${pr.head.repo}/raw/${pr.head.sha}/${file.filename}`,
          contents_url: `${apiUrl}/repos/${pr.head.repo}/contents/${file.filename}?ref=${pr.head.sha}`,
          ...(file.patch !== undefined ? { patch: file.patch } : {}),
          ...(file.previousFilename !== undefined
            ? { previous_filename: file.previousFilename }
            : {}),
        }));
        return { status: 200, body };
      },
    ],
    [
      'PUT',
      '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
      (request) => {
        const pr = pullOf(request);
        if (!pr) {
          return error(404, 'Not Found');
        }
        if (pr.state !== 'open') {
          return error(405, 'Pull Request is not mergeable');
        }
        const method = stringField(request.body, 'merge_method') ?? 'merge';
        const repository = state.repository(pr.repo);
        if (
          (method === 'merge' || method === 'squash' || method === 'rebase') &&
          repository &&
          !allowsMerge(repository, method)
        ) {
          return error(405, disallowedMergeMessages[method]);
        }
        const sha = stringField(request.body, 'sha');
        if (sha !== undefined && sha !== pr.head.sha) {
          return error(409, 'Head branch was modified. Review and try the merge again.');
        }
        const protection = repository?.protectedBranches.get(pr.base.ref);
        if (protection !== undefined) {
          return error(405, protection);
        }
        pr.merged = true;
        pr.state = 'closed';
        pr.updatedAt = state.now();
        return {
          status: 200,
          body: {
            sha: fakeSha(`merge:${pr.repo}#${pr.number}`),
            merged: true,
            message: 'Pull Request successfully merged',
          },
        };
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      (request) => {
        const pr = pullOf(request);
        if (!pr) {
          return error(404, 'Not Found');
        }
        const event = stringField(request.body, 'event');
        if (
          (event === 'REQUEST_CHANGES' || event === 'COMMENT') &&
          (stringField(request.body, 'body') ?? '').trim() === ''
        ) {
          return {
            status: 422,
            body: {
              message: 'Unprocessable Entity',
              documentation_url: docs,
              errors: [`Review body is required for ${event}`],
            },
          };
        }
        if (event === 'APPROVE' && pr.author === request.viewer) {
          return {
            status: 422,
            body: {
              message: 'Unprocessable Entity',
              documentation_url: docs,
              errors: ['Can not approve your own pull request'],
            },
          };
        }
        const reviewState =
          event === 'APPROVE'
            ? 'APPROVED'
            : event === 'REQUEST_CHANGES'
              ? 'CHANGES_REQUESTED'
              : 'COMMENTED';
        const review = state.addReview(pr.repo, pr.number, {
          user: request.viewer,
          state: reviewState,
          body: stringField(request.body, 'body') ?? '',
        });
        const html = `${webUrl}/${pr.repo}/pull/${pr.number}#pullrequestreview-${review.id}`;
        return {
          status: 200,
          body: {
            ...example('pull-request-review'),
            id: review.id,
            node_id: `PRR_${review.id}`,
            user: userObject(review.user),
            body: review.body,
            state: review.state,
            html_url: html,
            pull_request_url: `${apiUrl}/repos/${pr.repo}/pulls/${pr.number}`,
            _links: {
              html: { href: html },
              pull_request: { href: `${apiUrl}/repos/${pr.repo}/pulls/${pr.number}` },
            },
            submitted_at: review.submittedAt,
            commit_id: review.commitId,
            author_association: 'MEMBER',
          },
        };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/commits/{ref}/check-runs',
      (request) => {
        const repository = repositoryOf(request);
        if (!repository) {
          return error(404, 'Not Found');
        }
        const fullName = `${repository.owner}/${repository.name}`;
        const ref = request.params.ref ?? '';
        const pr = state.pullRequests.find((p) => p.head.repo === fullName && p.head.ref === ref);
        const sha = pr?.head.sha ?? ref;
        const runs = state.checkRuns.filter((run) => run.repo === fullName && run.headSha === sha);
        return {
          status: 200,
          body: { total_count: runs.length, check_runs: runs.map(checkRunObject) },
        };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/issues/{issue_number}',
      (request) => {
        const issue = issueOf(request);
        return issue ? { status: 200, body: issueObject(issue) } : error(404, 'Not Found');
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/issues',
      (request) => {
        const repository = repositoryOf(request);
        const title = stringField(request.body, 'title');
        if (!repository) {
          return error(404, 'Not Found');
        }
        if (title === undefined || title.trim() === '') {
          return validationFailed('title is required', 'title', 'Issue');
        }
        const labels = (request.body as { labels?: unknown }).labels;
        const issue = state.addIssue(`${repository.owner}/${repository.name}`, {
          title,
          author: request.viewer,
          body: stringField(request.body, 'body') ?? '',
          labels: Array.isArray(labels)
            ? labels.filter((l): l is string => typeof l === 'string')
            : [],
        });
        return { status: 201, body: issueObject(issue) };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/labels',
      (request) => {
        const repository = repositoryOf(request);
        if (!repository) {
          return error(404, 'Not Found');
        }
        const fullName = `${repository.owner}/${repository.name}`;
        return {
          status: 200,
          body: labelObjects(
            fullName,
            repository.labels.map((l) => l.name),
          ),
        };
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/issues/{issue_number}/assignees',
      (request) => {
        const issue = issueOf(request);
        if (!issue) {
          return error(404, 'Not Found');
        }
        const assignees = (request.body as { assignees?: unknown }).assignees;
        for (const login of Array.isArray(assignees) ? assignees : []) {
          if (typeof login === 'string' && !issue.assignees.includes(login)) {
            issue.assignees.push(login);
          }
        }
        issue.updatedAt = state.now();
        return { status: 201, body: issueObject(issue) };
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      (request) => {
        const repository = repositoryOf(request);
        const number = Number(request.params.issue_number);
        const fullName = repository ? `${repository.owner}/${repository.name}` : '';
        const target = state.issue(fullName, number) ?? state.pullRequest(fullName, number);
        const body = stringField(request.body, 'body');
        if (!target) {
          return error(404, 'Not Found');
        }
        if (body === undefined || body === '') {
          return validationFailed('body is required', 'body', 'IssueComment');
        }
        const comment = {
          id: state.newId(),
          repo: fullName,
          number,
          user: request.viewer,
          body,
          createdAt: state.now(),
        };
        state.comments.push(comment);
        target.updatedAt = comment.createdAt;
        return {
          status: 201,
          body: {
            ...example('issue-comment'),
            id: comment.id,
            node_id: `IC_${comment.id}`,
            url: `${apiUrl}/repos/${fullName}/issues/comments/${comment.id}`,
            html_url: `${webUrl}/${fullName}/issues/${number}#issuecomment-${comment.id}`,
            issue_url: `${apiUrl}/repos/${fullName}/issues/${number}`,
            body,
            user: userObject(comment.user),
            created_at: comment.createdAt,
            updated_at: comment.createdAt,
            author_association: 'MEMBER',
          },
        };
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
      (request) => {
        const pr = pullOf(request);
        if (!pr) {
          return error(404, 'Not Found');
        }
        const reviewers = (request.body as { reviewers?: unknown }).reviewers;
        for (const login of Array.isArray(reviewers) ? reviewers : []) {
          if (typeof login !== 'string' || !state.users.has(login)) {
            return {
              status: 422,
              body: {
                message:
                  'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the repository.',
                documentation_url: docs,
              },
            };
          }
          if (!pr.requestedReviewers.includes(login)) {
            pr.requestedReviewers.push(login);
          }
        }
        pr.updatedAt = state.now();
        return { status: 201, body: pullRequestSimpleObject(pr) };
      },
    ],
    [
      'POST',
      '/repos/{owner}/{repo}/issues/{issue_number}/labels',
      (request) => {
        const repository = repositoryOf(request);
        const fullName = repository ? `${repository.owner}/${repository.name}` : '';
        const number = Number(request.params.issue_number);
        const target = state.issue(fullName, number) ?? state.pullRequest(fullName, number);
        if (!target) {
          return error(404, 'Not Found');
        }
        const labels = (request.body as { labels?: unknown }).labels;
        for (const name of Array.isArray(labels) ? labels : []) {
          if (typeof name === 'string' && !target.labels.includes(name)) {
            target.labels.push(name);
            if (!repository?.labels.some((l) => l.name === name)) {
              repository?.labels.push({ name, color: 'ededed' });
            }
          }
        }
        target.updatedAt = state.now();
        return { status: 200, body: labelObjects(fullName, target.labels) };
      },
    ],
    [
      'GET',
      '/repos/{owner}/{repo}/branches',
      (request) => {
        const repository = repositoryOf(request);
        if (!repository) {
          return error(404, 'Not Found');
        }
        const fullName = `${repository.owner}/${repository.name}`;
        const api = `${apiUrl}/repos/${fullName}`;
        const branches = state.git.has(fullName)
          ? state.git.branches(fullName)
          : [{ name: repository.defaultBranch, sha: fakeSha(`${fullName}:base`) }];
        return {
          status: 200,
          body: branches.map((b) => ({
            name: b.name,
            commit: { sha: b.sha, url: `${api}/commits/${b.sha}` },
            protected: repository.protectedBranches.has(b.name),
          })),
        };
      },
    ],
  ];

  const { document } = githubRestDescription();
  return table.map(([method, path, handle]) => {
    if (document.paths[path]?.[method.toLowerCase()] === undefined) {
      throw new Error(`github-double: ${method} ${path} is not an operation of GitHub's REST API`);
    }
    const paramNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
    const pattern = new RegExp(
      `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`,
    );
    return { method, path, pattern, paramNames, handle };
  });
}
