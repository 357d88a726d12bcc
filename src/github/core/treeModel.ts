/**
 * GraphQL search payloads -> plain tree-item models for the Pull Requests and Issues views. The
 * payload is checked as it is read (it comes from the network): a missing or mistyped field is
 * an error naming its path, never an `undefined` shown in the tree.
 */

/** A payload that does not have the shape the query asked for. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
  constructor(
    /** Where, e.g. `search.nodes[2].number`. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

type Json = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PayloadError(path, `expected an object, got ${describe(value)}`);
  }
  return value as Json;
}

function array(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new PayloadError(path, `expected an array, got ${describe(value)}`);
  }
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') {
    throw new PayloadError(path, `expected a string, got ${describe(value)}`);
  }
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === null || value === undefined ? undefined : string(value, path);
}

function integer(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new PayloadError(path, `expected an integer, got ${describe(value)}`);
  }
  return value;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') {
    throw new PayloadError(path, `expected a boolean, got ${describe(value)}`);
  }
  return value;
}

/** The CI state of a PR's head commit (statusCheckRollup), as the tree shows it. */
export type CiState = 'success' | 'failure' | 'pending' | 'none';

/** GitHub's StatusState -> what the icon says: ERROR is a failure, EXPECTED still pending. */
export function ciStateOf(rollupState: string | undefined): CiState {
  switch (rollupState) {
    case 'SUCCESS':
      return 'success';
    case 'FAILURE':
    case 'ERROR':
      return 'failure';
    case 'PENDING':
    case 'EXPECTED':
      return 'pending';
    default:
      return 'none';
  }
}

/** The icon of a tree item; the adapter maps each to a ThemeIcon and colour. */
export type ItemIcon =
  | 'ci-success'
  | 'ci-failure'
  | 'ci-pending'
  | 'pull-request'
  | 'pull-request-draft'
  | 'issue-open'
  | 'issue-closed';

export type ReviewDecision = 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED';

const reviewText: Readonly<Record<ReviewDecision, string>> = {
  APPROVED: 'approved',
  CHANGES_REQUESTED: 'changes requested',
  REVIEW_REQUIRED: 'review required',
};

export interface LabelModel {
  readonly name: string;
  /** Hex colour without `#`, as GitHub sends it. */
  readonly color: string;
}

/** A pull request as a tree item shows it. */
export interface PullRequestItem {
  readonly kind: 'pull-request';
  readonly number: number;
  /** `#12 Title`. */
  readonly label: string;
  /** Author, draft marker, review decision, labels: `alice · draft · approved · infra, bug`. */
  readonly description: string;
  readonly tooltip: string;
  readonly icon: ItemIcon;
  readonly ciState: CiState;
  readonly isDraft: boolean;
  readonly title: string;
  readonly url: string;
  /** Undefined for a deleted account ("ghost"). */
  readonly author?: string;
  readonly labels: readonly LabelModel[];
  readonly reviewDecision?: ReviewDecision;
  readonly headRefName: string;
  readonly baseRefName: string;
  readonly isCrossRepository: boolean;
  readonly headOwner?: string;
  readonly updatedAt: string;
}

/** An issue as a tree item shows it. */
export interface IssueItem {
  readonly kind: 'issue';
  readonly number: number;
  readonly label: string;
  /** Author, labels, milestone: `bob · incident · Q3`. */
  readonly description: string;
  readonly tooltip: string;
  readonly icon: ItemIcon;
  readonly title: string;
  readonly url: string;
  readonly state: 'OPEN' | 'CLOSED';
  readonly author?: string;
  readonly labels: readonly LabelModel[];
  readonly milestone?: { readonly number: number; readonly title: string; readonly dueOn?: string };
  readonly assignees: readonly string[];
  readonly comments: number;
  readonly updatedAt: string;
}

/** The rate limit a search reported. */
export interface RateLimitModel {
  readonly cost: number;
  readonly remaining: number;
  readonly resetAt: string;
}

/** One page of a category. */
export interface CategoryPage<T> {
  readonly items: readonly T[];
  /** Matches in all pages (GitHub's issueCount). */
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  /** Cursor for "Load more"; set when hasNextPage. */
  readonly endCursor?: string;
  readonly rateLimit?: RateLimitModel;
}

function labelsOf(value: unknown, path: string): LabelModel[] {
  const nodes = array(object(value, path).nodes, `${path}.nodes`);
  return nodes.map((node, i) => {
    const label = object(node, `${path}.nodes[${i}]`);
    return {
      name: string(label.name, `${path}.nodes[${i}].name`),
      color: string(label.color, `${path}.nodes[${i}].color`),
    };
  });
}

function loginOf(value: unknown, path: string): string | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  return string(object(value, path).login, `${path}.login`);
}

function searchOf(data: unknown): { search: Json; rateLimit?: RateLimitModel } {
  const root = object(data, 'data');
  const search = object(root.search, 'search');
  let rateLimit: RateLimitModel | undefined;
  if (root.rateLimit !== undefined && root.rateLimit !== null) {
    const limit = object(root.rateLimit, 'rateLimit');
    rateLimit = {
      cost: integer(limit.cost, 'rateLimit.cost'),
      remaining: integer(limit.remaining, 'rateLimit.remaining'),
      resetAt: string(limit.resetAt, 'rateLimit.resetAt'),
    };
  }
  return { search, ...(rateLimit ? { rateLimit } : {}) };
}

function pageOf<T>(
  data: unknown,
  typename: string,
  mapNode: (node: Json, path: string) => T,
): CategoryPage<T> {
  const { search, rateLimit } = searchOf(data);
  const pageInfo = object(search.pageInfo, 'search.pageInfo');
  const hasNextPage = boolean(pageInfo.hasNextPage, 'search.pageInfo.hasNextPage');
  const endCursor = optionalString(pageInfo.endCursor, 'search.pageInfo.endCursor');
  const items: T[] = [];
  array(search.nodes, 'search.nodes').forEach((raw, i) => {
    const path = `search.nodes[${i}]`;
    // Search results the token cannot see come back as null; other types are not ours.
    if (raw === null) {
      return;
    }
    const node = object(raw, path);
    if (node.__typename !== typename) {
      return;
    }
    items.push(mapNode(node, path));
  });
  return {
    items,
    totalCount: integer(search.issueCount, 'search.issueCount'),
    hasNextPage,
    ...(hasNextPage && endCursor !== undefined ? { endCursor } : {}),
    ...(rateLimit ? { rateLimit } : {}),
  };
}

function rollupStateOf(commits: unknown, path: string): string | undefined {
  const nodes = array(object(commits, path).nodes, `${path}.nodes`);
  const last = nodes[nodes.length - 1];
  if (last === undefined || last === null) {
    return undefined;
  }
  const commit = object(object(last, `${path}.nodes[0]`).commit, `${path}.nodes[0].commit`);
  const rollup = commit.statusCheckRollup;
  if (rollup === null || rollup === undefined) {
    return undefined;
  }
  return string(
    object(rollup, `${path}.nodes[0].commit.statusCheckRollup`).state,
    `${path}.nodes[0].commit.statusCheckRollup.state`,
  );
}

function reviewDecisionOf(value: unknown, path: string): ReviewDecision | undefined {
  const text = optionalString(value, path);
  if (text === undefined) {
    return undefined;
  }
  if (!(text in reviewText)) {
    throw new PayloadError(path, `unknown review decision ${JSON.stringify(text)}`);
  }
  return text as ReviewDecision;
}

function joinDescription(parts: readonly (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join(' · ');
}

const ciIcon: Readonly<Record<Exclude<CiState, 'none'>, ItemIcon>> = {
  success: 'ci-success',
  failure: 'ci-failure',
  pending: 'ci-pending',
};

/** Maps one PullRequest node of a search payload. */
export function mapPullRequestNode(node: Json, path: string): PullRequestItem {
  const number = integer(node.number, `${path}.number`);
  const title = string(node.title, `${path}.title`);
  const isDraft = boolean(node.isDraft, `${path}.isDraft`);
  const author = loginOf(node.author, `${path}.author`);
  const labels = labelsOf(node.labels, `${path}.labels`);
  const reviewDecision = reviewDecisionOf(node.reviewDecision, `${path}.reviewDecision`);
  const ciState = ciStateOf(rollupStateOf(node.commits, `${path}.commits`));
  const headOwner = loginOf(node.headRepositoryOwner, `${path}.headRepositoryOwner`);
  const icon: ItemIcon =
    ciState === 'none' ? (isDraft ? 'pull-request-draft' : 'pull-request') : ciIcon[ciState];
  const headRefName = string(node.headRefName, `${path}.headRefName`);
  const baseRefName = string(node.baseRefName, `${path}.baseRefName`);
  const description = joinDescription([
    author ?? 'ghost',
    isDraft ? 'draft' : undefined,
    reviewDecision ? reviewText[reviewDecision] : undefined,
    labels.map((l) => l.name).join(', '),
  ]);
  const ciText = ciState === 'none' ? 'no checks' : `checks: ${ciState}`;
  return {
    kind: 'pull-request',
    number,
    label: `#${number} ${title}`,
    description,
    tooltip: `${isDraft ? '[Draft] ' : ''}#${number} ${title}\n${headRefName} → ${baseRefName}\n${ciText}`,
    icon,
    ciState,
    isDraft,
    title,
    url: string(node.url, `${path}.url`),
    ...(author !== undefined ? { author } : {}),
    labels,
    ...(reviewDecision !== undefined ? { reviewDecision } : {}),
    headRefName,
    baseRefName,
    isCrossRepository: boolean(node.isCrossRepository, `${path}.isCrossRepository`),
    ...(headOwner !== undefined ? { headOwner } : {}),
    updatedAt: string(node.updatedAt, `${path}.updatedAt`),
  };
}

/** Maps one Issue node of a search payload. */
export function mapIssueNode(node: Json, path: string): IssueItem {
  const number = integer(node.number, `${path}.number`);
  const title = string(node.title, `${path}.title`);
  const state = string(node.state, `${path}.state`);
  if (state !== 'OPEN' && state !== 'CLOSED') {
    throw new PayloadError(`${path}.state`, `unknown issue state ${JSON.stringify(state)}`);
  }
  const author = loginOf(node.author, `${path}.author`);
  const labels = labelsOf(node.labels, `${path}.labels`);
  let milestone: IssueItem['milestone'];
  if (node.milestone !== null && node.milestone !== undefined) {
    const m = object(node.milestone, `${path}.milestone`);
    const dueOn = optionalString(m.dueOn, `${path}.milestone.dueOn`);
    milestone = {
      number: integer(m.number, `${path}.milestone.number`),
      title: string(m.title, `${path}.milestone.title`),
      ...(dueOn !== undefined ? { dueOn } : {}),
    };
  }
  const assignees = array(
    object(node.assignees, `${path}.assignees`).nodes,
    `${path}.assignees.nodes`,
  ).map((a, i) =>
    string(object(a, `${path}.assignees.nodes[${i}]`).login, `${path}.assignees.nodes[${i}].login`),
  );
  const comments = integer(
    object(node.comments, `${path}.comments`).totalCount,
    `${path}.comments.totalCount`,
  );
  return {
    kind: 'issue',
    number,
    label: `#${number} ${title}`,
    description: joinDescription([
      author ?? 'ghost',
      labels.map((l) => l.name).join(', '),
      milestone?.title,
    ]),
    tooltip: `#${number} ${title}\n${comments} comment${comments === 1 ? '' : 's'}${
      assignees.length > 0 ? `\nassigned to ${assignees.join(', ')}` : ''
    }`,
    icon: state === 'OPEN' ? 'issue-open' : 'issue-closed',
    title,
    url: string(node.url, `${path}.url`),
    state,
    ...(author !== undefined ? { author } : {}),
    labels,
    ...(milestone !== undefined ? { milestone } : {}),
    assignees,
    comments,
    updatedAt: string(node.updatedAt, `${path}.updatedAt`),
  };
}

/** The `data` of a PullRequestSearch response -> one page of tree items. */
export function mapPullRequestSearch(data: unknown): CategoryPage<PullRequestItem> {
  return pageOf(data, 'PullRequest', mapPullRequestNode);
}

/** The `data` of an IssueSearch response -> one page of tree items. */
export function mapIssueSearch(data: unknown): CategoryPage<IssueItem> {
  return pageOf(data, 'Issue', mapIssueNode);
}

export type IssueGrouping = 'none' | 'label' | 'milestone';

/** A group of the Issues view. */
export interface IssueGroup {
  readonly id: string;
  readonly label: string;
  readonly items: readonly IssueItem[];
}

/**
 * Groups issues by label (an issue with several labels appears under each; `priorityLabels`,
 * say `incident` and `env:prod`, come first in their order, then the others by name, then "No
 * label") or by milestone (earliest due date first, undated by title, then "No milestone").
 * Items keep their order (GitHub's) inside a group.
 */
export function groupIssues(
  items: readonly IssueItem[],
  by: IssueGrouping,
  priorityLabels: readonly string[] = [],
): IssueGroup[] {
  if (by === 'none') {
    return [{ id: 'all', label: 'All', items }];
  }
  const groups = new Map<string, { label: string; items: IssueItem[]; sortKey: string }>();
  const add = (id: string, label: string, sortKey: string, item: IssueItem): void => {
    const group = groups.get(id) ?? { label, items: [], sortKey };
    group.items.push(item);
    groups.set(id, group);
  };
  const priority = priorityLabels.map((l) => l.toLowerCase());
  for (const item of items) {
    if (by === 'label') {
      if (item.labels.length === 0) {
        add('label:', 'No label', '2', item);
      }
      for (const label of item.labels) {
        const rank = priority.indexOf(label.name.toLowerCase());
        const sortKey =
          rank >= 0 ? `0${String(rank).padStart(4, '0')}` : `1${label.name.toLowerCase()}`;
        add(`label:${label.name}`, label.name, sortKey, item);
      }
    } else {
      const milestone = item.milestone;
      if (milestone === undefined) {
        add('milestone:', 'No milestone', '3', item);
      } else {
        const sortKey = milestone.dueOn
          ? `1${milestone.dueOn}`
          : `2${milestone.title.toLowerCase()}`;
        add(`milestone:${milestone.number}`, milestone.title, sortKey, item);
      }
    }
  }
  return [...groups.entries()]
    .sort(([, a], [, b]) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    .map(([id, group]) => ({ id, label: group.label, items: group.items }));
}

/** A repository as RepositoryInfo returns it. */
export interface RepositoryInfo {
  readonly owner: string;
  readonly repo: string;
  /** Undefined for an empty repository. */
  readonly defaultBranch?: string;
  readonly isFork: boolean;
  /** The repository this one is a fork of (undefined when not a fork or the parent is hidden). */
  readonly parent?: {
    readonly owner: string;
    readonly repo: string;
    readonly defaultBranch?: string;
  };
  /** ADMIN, MAINTAIN, WRITE, TRIAGE, READ; undefined when GitHub does not say. */
  readonly viewerPermission?: string;
  /** The login the token belongs to (`{user}` of branch names). */
  readonly viewerLogin: string;
}

function repositoryRef(
  value: unknown,
  path: string,
): { owner: string; repo: string; defaultBranch?: string } {
  const repository = object(value, path);
  const owner = string(object(repository.owner, `${path}.owner`).login, `${path}.owner.login`);
  const branchRef = repository.defaultBranchRef;
  const defaultBranch =
    branchRef === null || branchRef === undefined
      ? undefined
      : string(object(branchRef, `${path}.defaultBranchRef`).name, `${path}.defaultBranchRef.name`);
  return {
    owner,
    repo: string(repository.name, `${path}.name`),
    ...(defaultBranch !== undefined ? { defaultBranch } : {}),
  };
}

/** The `data` of a RepositoryInfo response. */
export function mapRepositoryInfo(data: unknown): RepositoryInfo {
  const root = object(data, 'data');
  const repository = object(root.repository, 'repository');
  const self = repositoryRef(repository, 'repository');
  const parent =
    repository.parent === null || repository.parent === undefined
      ? undefined
      : repositoryRef(repository.parent, 'repository.parent');
  const permission = optionalString(repository.viewerPermission, 'repository.viewerPermission');
  return {
    ...self,
    isFork: boolean(repository.isFork, 'repository.isFork'),
    ...(parent ? { parent } : {}),
    ...(permission !== undefined ? { viewerPermission: permission } : {}),
    viewerLogin: string(object(root.viewer, 'viewer').login, 'viewer.login'),
  };
}

/**
 * The repository whose pull requests and issues the views show: a fork's parent (where its
 * pull requests are opened), else the repository itself.
 */
export function queryRepository(info: RepositoryInfo): { owner: string; repo: string } {
  return info.isFork && info.parent
    ? { owner: info.parent.owner, repo: info.parent.repo }
    : { owner: info.owner, repo: info.repo };
}
