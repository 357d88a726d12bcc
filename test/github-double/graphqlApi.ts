/**
 * The double's GraphQL endpoint: every query is validated against GitHub's schema, then executed
 * by graphql-js against that same schema with resolvers over the double's state. A field the
 * double does not implement is a recorded failure (and a GraphQL error), never a silent null.
 */
import {
  execute,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
} from 'graphql';
import type { DoubleIssue, DoublePullRequest, DoubleState } from './doubleState';
import { githubGraphqlSchema } from './githubSchemas';

/** Records what the double cannot answer; the test fails on any. */
export type FailureSink = (message: string) => void;

type Resolved = Record<string, unknown>;

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

function cursorOf(index: number): string {
  return Buffer.from(`cursor:${index + 1}`).toString('base64');
}

function indexOfCursor(cursor: string, fail: FailureSink): number {
  const match = /^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) {
    fail(`GraphQL: cursor ${JSON.stringify(cursor)} was not issued by the double`);
    throw new Error('invalid cursor');
  }
  return Number(match[1]);
}

/** A GitHub-style connection over `items`: first/after, last, nodes, totalCount, pageInfo. */
function connection(items: readonly unknown[], args: ConnectionArgs, fail: FailureSink): Resolved {
  if (args.before !== undefined && args.before !== null) {
    fail('GraphQL: connection argument "before" is not implemented by the double');
  }
  let start = args.after ? indexOfCursor(args.after, fail) : 0;
  let end = items.length;
  if (typeof args.first === 'number') {
    if (args.first < 0 || args.first > 100) {
      throw new Error(`first must be 0-100 (GitHub's limit), got ${args.first}`);
    }
    end = Math.min(end, start + args.first);
  }
  if (typeof args.last === 'number') {
    start = Math.max(start, end - args.last);
  }
  if (args.first == null && args.last == null) {
    // GitHub: "You must provide a `first` or `last` value to properly paginate".
    throw new Error('You must provide a `first` or `last` value to properly paginate');
  }
  const page = items.slice(start, end);
  return {
    nodes: page,
    totalCount: items.length,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: page.length > 0 ? cursorOf(start) : null,
      endCursor: page.length > 0 ? cursorOf(end - 1) : null,
    },
  };
}

/** A parsed GitHub search string: the qualifiers the double implements. */
interface SearchFilter {
  type?: 'pr' | 'issue';
  repos: string[];
  orgs: string[];
  state?: 'open' | 'closed' | 'merged';
  author?: string;
  assignee?: string;
  reviewRequested?: string;
  mentions?: string;
  labels: string[];
  words: string[];
}

function parseSearch(query: string, viewer: string, fail: FailureSink): SearchFilter {
  const filter: SearchFilter = { repos: [], orgs: [], labels: [], words: [] };
  const tokens = query.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  for (const token of tokens) {
    const match = /^([a-z-]+):(.+)$/i.exec(token);
    if (!match) {
      filter.words.push(token.replace(/"/g, '').toLowerCase());
      continue;
    }
    const key = (match[1] ?? '').toLowerCase();
    const raw = (match[2] ?? '').replace(/^"|"$/g, '');
    const value = raw === '@me' ? viewer : raw;
    switch (key) {
      case 'type':
      case 'is':
        if (value === 'pr' || value === 'pull-request') {
          filter.type = 'pr';
        } else if (value === 'issue') {
          filter.type = 'issue';
        } else if (value === 'open' || value === 'closed' || value === 'merged') {
          filter.state = value;
        } else {
          fail(`GraphQL search: qualifier ${token} is not implemented by the double`);
        }
        break;
      case 'state':
        if (value === 'open' || value === 'closed') {
          filter.state = value;
        } else {
          fail(`GraphQL search: qualifier ${token} is not implemented by the double`);
        }
        break;
      case 'repo':
        filter.repos.push(value);
        break;
      case 'org':
      case 'user':
        filter.orgs.push(value);
        break;
      case 'author':
        filter.author = value;
        break;
      case 'assignee':
        filter.assignee = value;
        break;
      case 'review-requested':
        filter.reviewRequested = value;
        break;
      case 'mentions':
        filter.mentions = value;
        break;
      case 'label':
        filter.labels.push(value);
        break;
      default:
        fail(`GraphQL search: qualifier ${token} is not implemented by the double`);
    }
  }
  return filter;
}

type Item = { kind: 'pr'; value: DoublePullRequest } | { kind: 'issue'; value: DoubleIssue };

function matches(item: Item, filter: SearchFilter): boolean {
  const value = item.value;
  if (filter.type !== undefined && filter.type !== item.kind) {
    return false;
  }
  if (filter.repos.length > 0 && !filter.repos.includes(value.repo)) {
    return false;
  }
  if (filter.orgs.length > 0 && !filter.orgs.includes(value.repo.split('/')[0] ?? '')) {
    return false;
  }
  if (filter.state === 'merged' && !(item.kind === 'pr' && item.value.merged)) {
    return false;
  }
  if ((filter.state === 'open' || filter.state === 'closed') && value.state !== filter.state) {
    return false;
  }
  if (filter.author !== undefined && value.author !== filter.author) {
    return false;
  }
  if (filter.assignee !== undefined && !value.assignees.includes(filter.assignee)) {
    return false;
  }
  if (
    filter.reviewRequested !== undefined &&
    !(item.kind === 'pr' && item.value.requestedReviewers.includes(filter.reviewRequested))
  ) {
    return false;
  }
  if (filter.mentions !== undefined && !value.body.includes(`@${filter.mentions}`)) {
    return false;
  }
  if (!filter.labels.every((label) => value.labels.includes(label))) {
    return false;
  }
  const text = `${value.title}\n${value.body}`.toLowerCase();
  return filter.words.every((word) => text.includes(word));
}

/** Counts GraphQL requests by operation name (tests assert one request per category). */
export interface GraphqlRequestLog {
  readonly operationName: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

export class GraphqlApi {
  private remaining = 5000;

  constructor(
    private readonly state: DoubleState,
    private readonly webUrl: string,
    private readonly fail: FailureSink,
  ) {}

  private actor(login: string | undefined): Resolved | null {
    if (login === undefined) {
      return null;
    }
    const user = this.state.users.get(login);
    return { __typename: user?.type ?? 'User', login };
  }

  private labelNodes(repo: string, names: readonly string[]): Resolved[] {
    const labels = this.state.repository(repo)?.labels ?? [];
    return names.map((name) => ({
      __typename: 'Label',
      name,
      color: labels.find((l) => l.name === name)?.color ?? 'ededed',
    }));
  }

  private rollupState(repo: string, sha: string): string | null {
    const runs = this.state.checkRuns.filter((run) => run.repo === repo && run.headSha === sha);
    if (runs.length === 0) {
      return null;
    }
    if (
      runs.some(
        (run) =>
          run.status === 'completed' &&
          ['failure', 'timed_out', 'cancelled', 'action_required'].includes(run.conclusion ?? ''),
      )
    ) {
      return 'FAILURE';
    }
    if (runs.some((run) => run.status !== 'completed')) {
      return 'PENDING';
    }
    return 'SUCCESS';
  }

  private reviewDecision(pr: DoublePullRequest): string | null {
    const latest = new Map<string, string>();
    for (const review of this.state.reviews) {
      if (
        review.repo === pr.repo &&
        review.pullNumber === pr.number &&
        review.state !== 'COMMENTED'
      ) {
        latest.set(review.user, review.state);
      }
    }
    const states = [...latest.values()];
    if (states.includes('CHANGES_REQUESTED')) {
      return 'CHANGES_REQUESTED';
    }
    if (states.includes('APPROVED')) {
      return 'APPROVED';
    }
    return this.state.repository(pr.repo)?.protectedBranches.has(pr.base.ref)
      ? 'REVIEW_REQUIRED'
      : null;
  }

  private pullRequestNode(pr: DoublePullRequest): Resolved {
    const headOwner = pr.head.repo.split('/')[0];
    return {
      __typename: 'PullRequest',
      id: `PR_${pr.id}`,
      number: pr.number,
      title: pr.title,
      body: pr.body,
      url: `${this.webUrl}/${pr.repo}/pull/${pr.number}`,
      state: pr.merged ? 'MERGED' : pr.state.toUpperCase(),
      author: this.actor(pr.author),
      isDraft: pr.draft,
      labels: (args: ConnectionArgs) =>
        connection(this.labelNodes(pr.repo, pr.labels), args, this.fail),
      reviewDecision: this.reviewDecision(pr),
      headRefName: pr.head.ref,
      headRefOid: pr.head.sha,
      baseRefName: pr.base.ref,
      isCrossRepository: pr.head.repo !== pr.repo,
      headRepositoryOwner: this.actor(headOwner),
      createdAt: pr.createdAt,
      updatedAt: pr.updatedAt,
      commits: (args: ConnectionArgs) =>
        connection(
          [
            {
              __typename: 'PullRequestCommit',
              commit: {
                __typename: 'Commit',
                oid: pr.head.sha,
                statusCheckRollup: ((state) =>
                  state === null ? null : { __typename: 'StatusCheckRollup', state })(
                  this.rollupState(pr.head.repo, pr.head.sha),
                ),
              },
            },
          ],
          args,
          this.fail,
        ),
    };
  }

  private issueNode(issue: DoubleIssue): Resolved {
    const milestone = this.state
      .repository(issue.repo)
      ?.milestones.find((m) => m.number === issue.milestone);
    return {
      __typename: 'Issue',
      id: `I_${issue.id}`,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      url: `${this.webUrl}/${issue.repo}/issues/${issue.number}`,
      state: issue.state.toUpperCase(),
      author: this.actor(issue.author),
      labels: (args: ConnectionArgs) =>
        connection(this.labelNodes(issue.repo, issue.labels), args, this.fail),
      milestone: milestone
        ? {
            __typename: 'Milestone',
            number: milestone.number,
            title: milestone.title,
            dueOn: milestone.dueOn ?? null,
          }
        : null,
      assignees: (args: ConnectionArgs) =>
        connection(
          issue.assignees.map((login) => this.actor(login)),
          args,
          this.fail,
        ),
      comments: (args: ConnectionArgs) =>
        connection(
          this.state.comments.filter((c) => c.repo === issue.repo && c.number === issue.number),
          { first: args.first ?? 100, ...args },
          this.fail,
        ),
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
    };
  }

  private repositoryNode(fullName: string, viewer: string): Resolved {
    const repository = this.state.repository(fullName);
    if (!repository) {
      throw new Error(`Could not resolve to a Repository with the name '${fullName}'.`);
    }
    return {
      __typename: 'Repository',
      id: `R_${repository.id}`,
      name: repository.name,
      nameWithOwner: fullName,
      owner: this.actor(repository.owner),
      isFork: repository.parent !== undefined,
      isPrivate: repository.private,
      url: `${this.webUrl}/${fullName}`,
      viewerPermission: repository.owner === viewer ? 'ADMIN' : 'WRITE',
      defaultBranchRef: { __typename: 'Ref', name: repository.defaultBranch },
      parent: () =>
        repository.parent === undefined ? null : this.repositoryNode(repository.parent, viewer),
    };
  }

  private root(viewer: string): Resolved {
    return {
      viewer: this.actor(viewer),
      repository: (args: { owner: string; name: string }) =>
        this.repositoryNode(`${args.owner}/${args.name}`, viewer),
      rateLimit: () => {
        this.remaining -= 1;
        return {
          __typename: 'RateLimit',
          cost: 1,
          limit: 5000,
          remaining: this.remaining,
          used: 5000 - this.remaining,
          resetAt: '2026-12-02T10:00:00Z',
          nodeCount: 0,
        };
      },
      search: (args: ConnectionArgs & { query: string; type: string }) => {
        if (args.type !== 'ISSUE') {
          this.fail(`GraphQL search type ${args.type} is not implemented by the double`);
          throw new Error(`search type ${args.type} not implemented`);
        }
        const filter = parseSearch(args.query, viewer, this.fail);
        const items: Item[] = [
          ...this.state.pullRequests.map((value) => ({ kind: 'pr' as const, value })),
          ...this.state.issues.map((value) => ({ kind: 'issue' as const, value })),
        ]
          .filter((item) => matches(item, filter))
          .sort((a, b) => (a.value.updatedAt < b.value.updatedAt ? 1 : -1));
        const nodes = items.map((item) =>
          item.kind === 'pr' ? this.pullRequestNode(item.value) : this.issueNode(item.value),
        );
        const page = connection(nodes, args, this.fail);
        return { ...page, issueCount: items.length };
      },
    };
  }

  /** Answers one GraphQL request body for `viewer`: `{ data, errors }` as GitHub sends it. */
  async handle(
    body: unknown,
    viewer: string,
  ): Promise<{ result: ExecutionResult; operation: string }> {
    const schema = await githubGraphqlSchema();
    const request = body as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof request.query !== 'string') {
      this.fail('GraphQL: request body has no "query" string');
      return { result: { errors: [] }, operation: '(none)' };
    }
    let document: DocumentNode;
    try {
      document = parse(request.query);
    } catch (error) {
      this.fail(`GraphQL: the query does not parse: ${String(error)}`);
      return { result: { errors: [error as never] }, operation: '(unparsable)' };
    }
    const operation =
      document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)?.name?.value ??
      '(anonymous)';
    const errors = validate(schema, document);
    if (errors.length > 0) {
      this.fail(
        `GraphQL: ${operation} does not validate against GitHub's schema: ${errors.map((e) => e.message).join('; ')}`,
      );
      return { result: { errors }, operation };
    }
    const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
      const record = source as Record<string, unknown>;
      if (!(info.fieldName in record)) {
        const message = `GraphQL: field ${info.parentType.name}.${info.fieldName} is not implemented by the double`;
        this.fail(message);
        throw new Error(message);
      }
      const value = record[info.fieldName];
      return typeof value === 'function'
        ? (value as (a: unknown, c: unknown, i: unknown) => unknown)(args, context, info)
        : value;
    };
    const typeResolver: GraphQLTypeResolver<unknown, unknown> = (value) =>
      (value as { __typename?: string }).__typename;
    const result = await execute({
      schema,
      document,
      rootValue: this.root(viewer),
      variableValues: (request.variables ?? {}) as Record<string, unknown>,
      fieldResolver,
      typeResolver,
    });
    return { result, operation };
  }
}
