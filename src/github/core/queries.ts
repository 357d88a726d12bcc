/**
 * The GraphQL requests behind the Pull Requests and Issues views: one search request per category
 * page, carrying everything a tree item shows (labels, review decision, CI state through the last
 * commit's statusCheckRollup, milestone), so a refresh costs one request per category instead of
 * a search plus one or two requests per item.
 */

/** A repository on a GitHub server. */
export interface RepositoryRef {
  readonly owner: string;
  readonly repo: string;
}

/** One category of a view: a label and the search qualifiers that select its items. */
export interface SearchCategory {
  /** Stable id (for caching and expansion state). */
  readonly id: string;
  readonly label: string;
  /** GitHub search qualifiers added to `repo:` and `type:`; for user queries, the whole query. */
  readonly qualifiers: string;
  /** A user-defined query from the settings: scoped to the repository only if it names none. */
  readonly userDefined?: boolean;
}

/** The built-in Pull Requests categories, in view order. */
export const pullRequestCategories: readonly SearchCategory[] = [
  { id: 'review-requested', label: 'Waiting for my review', qualifiers: 'review-requested:@me' },
  { id: 'created', label: 'Created by me', qualifiers: 'author:@me' },
  { id: 'assigned', label: 'Assigned to me', qualifiers: 'assignee:@me' },
  { id: 'all-open', label: 'All open', qualifiers: '' },
];

/** The built-in Issues categories, in view order. */
export const issueCategories: readonly SearchCategory[] = [
  { id: 'assigned', label: 'Assigned to me', qualifiers: 'assignee:@me' },
  { id: 'created', label: 'Created by me', qualifiers: 'author:@me' },
  { id: 'mentioned', label: 'Mentioning me', qualifiers: 'mentions:@me' },
];

/** A user-defined query (a setting: a label and GitHub search syntax). */
export interface UserQuery {
  readonly label: string;
  readonly query: string;
}

/** A user query setting that cannot be used: which one and why. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
}

/**
 * The category of a user-defined query. `${owner}` and `${repository}` in the text are replaced
 * by the current repository's; the id is derived from the label so expansion state survives edits
 * of the query text.
 */
export function userQueryCategory(query: UserQuery, index: number): SearchCategory {
  const label = query.label.trim();
  const text = query.query.trim();
  if (label === '') {
    throw new QueryError(`query ${index + 1}: the label is empty`);
  }
  if (text === '') {
    throw new QueryError(`query ${index + 1} ("${label}"): the search text is empty`);
  }
  if (text.length > 256) {
    // GitHub rejects search strings over 256 characters.
    throw new QueryError(`query ${index + 1} ("${label}"): longer than GitHub's 256 characters`);
  }
  return { id: `user:${label}`, label, qualifiers: text, userDefined: true };
}

/** The categories of a view: the built-in ones, then the usable user queries. */
export interface ViewCategories {
  readonly categories: readonly SearchCategory[];
  /** One message per user query that cannot be used (the others still are). */
  readonly problems: readonly string[];
}

/**
 * The built-in categories followed by the user queries of the settings; a bad query is left
 * out with a message, and a query whose label repeats an earlier one is left out too (ids must
 * be unique for the tree's expansion state).
 */
export function viewCategories(
  builtIn: readonly SearchCategory[],
  userQueries: readonly UserQuery[],
): ViewCategories {
  const categories = [...builtIn];
  const problems: string[] = [];
  userQueries.forEach((query, index) => {
    try {
      const category = userQueryCategory(query, index);
      if (categories.some((c) => c.id === category.id || c.label === category.label)) {
        problems.push(
          `query ${index + 1} ("${category.label}"): a category with this label exists`,
        );
        return;
      }
      categories.push(category);
    } catch (error) {
      problems.push(error instanceof QueryError ? error.message : String(error));
    }
  });
  return { categories, problems };
}

const scopePattern = /(^|\s)-?(repo|org|user):\S/i;

/**
 * The search string of a category: `type:pr` or `type:issue`, `repo:owner/name` (unless a user
 * query names its own repo, org or user), `is:open` (unless a user query sets a state), and the
 * category's qualifiers.
 */
export function searchString(
  repository: RepositoryRef,
  kind: 'pr' | 'issue',
  category: SearchCategory,
): string {
  const qualifiers = category.qualifiers
    .replace(/\$\{owner\}/g, repository.owner)
    .replace(/\$\{repository\}/g, repository.repo)
    .trim();
  const parts = [`type:${kind}`];
  if (!category.userDefined || !scopePattern.test(qualifiers)) {
    parts.push(`repo:${repository.owner}/${repository.repo}`);
  }
  if (!category.userDefined || !/(^|\s)(is|state):(open|closed|merged)\b/i.test(qualifiers)) {
    parts.push('is:open');
  }
  const userHasType = /(^|\s)(is|type):(pr|pull-request|issue)\b/i.test(qualifiers);
  if (category.userDefined && userHasType) {
    parts.shift();
  }
  if (qualifiers !== '') {
    parts.push(qualifiers);
  }
  return parts.join(' ');
}

/** A GraphQL request: the document and its variables. */
export interface GraphqlRequest {
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

/** Page size and cursor of a category page. */
export interface PageOptions {
  /** 1-100 (GitHub's limit); default 25. */
  readonly pageSize?: number;
  /** `endCursor` of the previous page ("Load more"). */
  readonly after?: string;
}

/** Labels shown per item; more are rare and the tree would not show them. */
export const labelsPerItem = 10;

/** One request = one page of one category, with the rate limit it cost. */
export const pullRequestSearchQuery = `query PullRequestSearch($searchQuery: String!, $first: Int!, $after: String) {
  search(query: $searchQuery, type: ISSUE, first: $first, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on PullRequest {
        number
        title
        url
        author { login }
        isDraft
        labels(first: ${labelsPerItem}) { nodes { name color } }
        reviewDecision
        headRefName
        baseRefName
        isCrossRepository
        headRepositoryOwner { login }
        updatedAt
        commits(last: 1) { nodes { commit { statusCheckRollup { state } } } }
      }
    }
  }
  rateLimit { cost remaining resetAt }
}`;

/** One request = one page of one issue category, with the rate limit it cost. */
export const issueSearchQuery = `query IssueSearch($searchQuery: String!, $first: Int!, $after: String) {
  search(query: $searchQuery, type: ISSUE, first: $first, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on Issue {
        number
        title
        url
        state
        author { login }
        labels(first: ${labelsPerItem}) { nodes { name color } }
        milestone { number title dueOn }
        assignees(first: 5) { nodes { login } }
        comments { totalCount }
        updatedAt
      }
    }
  }
  rateLimit { cost remaining resetAt }
}`;

/**
 * The variables of a search page. The search string is `searchQuery`, not `query`: Octokit's
 * graphql() reserves `query`, `method` and `url` as option names and rejects them as variables.
 */
function pageVariables(searchQuery: string, page: PageOptions): Record<string, unknown> {
  const first = page.pageSize ?? 25;
  if (!Number.isInteger(first) || first < 1 || first > 100) {
    throw new QueryError(`page size must be 1-100, got ${first}`);
  }
  return { searchQuery, first, after: page.after ?? null };
}

/** The request for one page of a Pull Requests category. */
export function buildPullRequestSearch(
  repository: RepositoryRef,
  category: SearchCategory,
  page: PageOptions = {},
): GraphqlRequest {
  return {
    query: pullRequestSearchQuery,
    variables: pageVariables(searchString(repository, 'pr', category), page),
  };
}

/** The request for one page of an Issues category. */
export function buildIssueSearch(
  repository: RepositoryRef,
  category: SearchCategory,
  page: PageOptions = {},
): GraphqlRequest {
  return {
    query: issueSearchQuery,
    variables: pageVariables(searchString(repository, 'issue', category), page),
  };
}

/**
 * The repository behind a remote, its default branch, whether it is a fork (and of what), and
 * who the token belongs to: one request when a repository is opened.
 */
export const repositoryInfoQuery = `query RepositoryInfo($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    name
    owner { login }
    isFork
    viewerPermission
    defaultBranchRef { name }
    parent { name owner { login } defaultBranchRef { name } }
  }
  viewer { login }
}`;

/** The request for RepositoryInfo. */
export function buildRepositoryInfo(repository: RepositoryRef): GraphqlRequest {
  return {
    query: repositoryInfoQuery,
    variables: { owner: repository.owner, name: repository.repo },
  };
}
