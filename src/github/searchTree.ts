import * as vscode from 'vscode';
import { describeError } from '../common/describeError';
import { Commands } from '../host/ids';
import type { Logger } from '../host/logger';
import { readSettings } from '../host/settings';
import { CategoryStore, type CategoryEntry } from './core/categoryStore';
import {
  buildIssueSearch,
  buildPullRequestSearch,
  issueCategories,
  pullRequestCategories,
  viewCategories,
  type SearchCategory,
} from './core/queries';
import { redactSecrets } from './core/redact';
import {
  groupIssues,
  mapIssueSearch,
  mapPullRequestSearch,
  type IssueItem,
  type ItemIcon,
  type PullRequestItem,
} from './core/treeModel';
import type { ConnectionState, GitHubConnection } from './githubConnection';
import type { DetailNode, PullRequestDetails } from './pullRequestDetails';

export type SearchKind = 'pullRequests' | 'issues';
type Item = PullRequestItem | IssueItem;

/** A node of the Pull Requests or Issues view. */
export type SearchNode =
  | { readonly type: 'category'; readonly category: SearchCategory }
  | {
      readonly type: 'group';
      readonly category: SearchCategory;
      readonly label: string;
      readonly id: string;
      readonly items: readonly IssueItem[];
      readonly stale: boolean;
    }
  | {
      readonly type: 'item';
      readonly category: SearchCategory;
      readonly item: Item;
      readonly stale: boolean;
      readonly group?: string;
    }
  | { readonly type: 'loadMore'; readonly kind: SearchKind; readonly category: SearchCategory }
  | { readonly type: 'message'; readonly category: SearchCategory; readonly text: string }
  /** Under a pull request: its infrastructure areas, files and checks. */
  | { readonly type: 'detail'; readonly detail: DetailNode };

const pageSize = 25;

/**
 * The Pull Requests or Issues view: categories (built-in, then the user's queries), each filled
 * by ONE GraphQL search per page through a {@link CategoryStore}, so a re-render is served from
 * memory. When a refresh fails (offline, rate-limited) the cached items stay, described
 * "(stale)", and the view says so once in its message line: no pop-ups.
 */
export class SearchTree implements vscode.TreeDataProvider<SearchNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SearchNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly store: CategoryStore<Item>;
  private categories: readonly SearchCategory[] = [];
  private problems: readonly string[] = [];
  private view: vscode.TreeView<SearchNode> | undefined;
  /** The refresh generation whose failure was already reported (one message per refresh). */
  private reportedFailure = -1;
  private refreshGeneration = 0;
  /** Who the cached pages were fetched as (see {@link connectionKey}). */
  private connectedAs: string | undefined;
  private readonly subscription: vscode.Disposable;
  private details: PullRequestDetails | undefined;

  constructor(
    readonly kind: SearchKind,
    private readonly connection: GitHubConnection,
    private readonly logger: Logger,
  ) {
    this.store = new CategoryStore<Item>((id, after) => this.fetchPage(id, after));
    this.readCategories();
    this.subscription = connection.onDidChange((state) => {
      this.readCategories();
      // A reconnect that ends where it was (same server, repository and account) keeps the cache.
      const key = state.kind === 'ready' ? connectionKey(state) : undefined;
      if (key !== undefined && key === this.connectedAs) {
        this.changed.fire(undefined);
        return;
      }
      this.connectedAs = key;
      this.store.clear();
      this.refreshGeneration += 1;
      this.setMessage(undefined);
      this.changed.fire(undefined);
    });
  }

  /** The view showing this tree (for its message line). */
  attach(view: vscode.TreeView<SearchNode>): void {
    this.view = view;
  }

  /** Makes pull requests expandable into their details (the Pull Requests view). */
  attachDetails(details: PullRequestDetails): vscode.Disposable {
    this.details = details;
    return details.onDidChange(() => {
      this.changed.fire(undefined);
    });
  }

  /** Whether the view is visible (the interval refresh skips hidden views). */
  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  /** The text of the view's message line (offline/stale notice, unusable queries). */
  get message(): string | undefined {
    const message = this.view?.message;
    return message === undefined || message === '' ? undefined : message;
  }

  /** Refetches every category on its next render; reconnects first when not connected. */
  async refresh(): Promise<void> {
    this.refreshGeneration += 1;
    this.setMessage(undefined);
    if (this.connection.state.kind !== 'ready') {
      await this.connection.reconnect();
      return;
    }
    this.store.invalidate();
    this.details?.clear();
    this.changed.fire(undefined);
  }

  /** Loads the next page of a category ("Load more"). */
  async loadMore(node: SearchNode | undefined): Promise<void> {
    if (node?.type !== 'loadMore') {
      return;
    }
    const result = await this.store.loadMore(node.category.id);
    if (!result.ok) {
      this.reportFailure(result.error);
    }
    this.changed.fire(undefined);
  }

  /** The cached entry of a category (tests read what the view shows). */
  cached(categoryId: string): CategoryEntry<Item> | undefined {
    return this.store.cached(categoryId);
  }

  async getChildren(node?: SearchNode): Promise<SearchNode[]> {
    if (node === undefined) {
      const state = await this.connection.ensure();
      // Empty while not ready: the welcome view (sign in / no repository) shows instead.
      return state.kind === 'ready'
        ? this.categories.map((category) => ({ type: 'category', category }))
        : [];
    }
    if (node.type === 'group') {
      return node.items.map((item) => ({
        type: 'item',
        category: node.category,
        item,
        stale: node.stale,
        group: node.id,
      }));
    }
    const details = this.details;
    if (node.type === 'item' && node.item.kind === 'pull-request' && details) {
      return (await details.children(node.item)).map((detail) => ({ type: 'detail', detail }));
    }
    if (node.type === 'detail' && details) {
      return (await details.children(node.detail)).map((detail) => ({ type: 'detail', detail }));
    }
    if (node.type !== 'category') {
      return [];
    }
    const { category } = node;
    const result = await this.store.load(category.id);
    if (!result.ok) {
      this.reportFailure(result.error);
    }
    const entry = result.entry;
    if (!entry) {
      return [
        {
          type: 'message',
          category,
          text: result.ok ? 'Nothing loaded' : this.describe(result.error),
        },
      ];
    }
    const grouping = this.kind === 'issues' ? readSettings().githubIssueGrouping : 'none';
    const children: SearchNode[] =
      grouping === 'none'
        ? entry.items.map((item) => ({ type: 'item', category, item, stale: entry.stale }))
        : groupIssues(entry.items as IssueItem[], grouping, ['incident', 'env:prod']).map(
            (group) => ({
              type: 'group',
              category,
              label: group.label,
              id: group.id,
              items: group.items,
              stale: entry.stale,
            }),
          );
    if (entry.hasNextPage) {
      children.push({ type: 'loadMore', kind: this.kind, category });
    }
    return children;
  }

  getTreeItem(node: SearchNode): vscode.TreeItem {
    const { Collapsed, None } = vscode.TreeItemCollapsibleState;
    switch (node.type) {
      case 'category': {
        const item = new vscode.TreeItem(node.category.label, Collapsed);
        const entry = this.store.cached(node.category.id);
        item.id = `${this.kind}:${node.category.id}`;
        if (entry) {
          item.description = `${String(entry.totalCount)}${entry.stale ? ' (stale)' : ''}`;
        }
        item.tooltip = node.category.userDefined
          ? `Your query: ${node.category.qualifiers}`
          : undefined;
        item.contextValue = 'githubCategory';
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(node.label, Collapsed);
        item.id = `${this.kind}:${node.category.id}:${node.id}`;
        item.description = String(node.items.length);
        item.iconPath = new vscode.ThemeIcon(node.id.startsWith('label:') ? 'tag' : 'milestone');
        return item;
      }
      case 'item': {
        const model = node.item;
        const item = new vscode.TreeItem(
          model.label,
          model.kind === 'pull-request' && this.details ? Collapsed : None,
        );
        item.id = `${this.kind}:${node.category.id}:${node.group ?? ''}:${String(model.number)}`;
        item.description = node.stale ? `${model.description} (stale)` : model.description;
        item.tooltip = model.tooltip;
        item.iconPath = iconOf(model.icon);
        item.contextValue = model.kind === 'pull-request' ? 'githubPullRequest' : 'githubIssue';
        item.accessibilityInformation = {
          label: `${model.kind === 'pull-request' ? 'Pull request' : 'Issue'} ${model.label}, ${item.description}`,
        };
        return item;
      }
      case 'loadMore': {
        const item = new vscode.TreeItem('Load more…', None);
        item.id = `${this.kind}:${node.category.id}:loadMore`;
        item.iconPath = new vscode.ThemeIcon('more');
        item.command = { title: 'Load more', command: Commands.githubLoadMore, arguments: [node] };
        return item;
      }
      case 'detail': {
        // No ids: the same PR shows under several categories, and ids must be unique per tree.
        return this.details?.treeItem(node.detail) ?? new vscode.TreeItem('', None);
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, None);
        item.iconPath = new vscode.ThemeIcon('warning');
        item.tooltip = node.text;
        return item;
      }
    }
  }

  private readCategories(): void {
    const settings = readSettings();
    const builtIn = this.kind === 'pullRequests' ? pullRequestCategories : issueCategories;
    const result = viewCategories(
      builtIn,
      settings.githubQueries.filter((q) => q.view === this.kind),
    );
    this.categories = result.categories;
    this.problems = result.problems;
    for (const problem of result.problems) {
      this.logger.warn(`infraWorkbench.github.queries: ${problem}`);
    }
  }

  private async fetchPage(categoryId: string, after?: string) {
    const state = this.connection.state;
    if (state.kind !== 'ready') {
      throw new Error('not connected to GitHub');
    }
    const category = this.categories.find((c) => c.id === categoryId);
    if (!category) {
      throw new Error(`unknown category ${categoryId}`);
    }
    const page = { pageSize, ...(after !== undefined ? { after } : {}) };
    const request =
      this.kind === 'pullRequests'
        ? buildPullRequestSearch(state.queryRepository, category, page)
        : buildIssueSearch(state.queryRepository, category, page);
    const data = await state.octokit.graphql(request.query, { ...request.variables });
    return this.kind === 'pullRequests' ? mapPullRequestSearch(data) : mapIssueSearch(data);
  }

  /** What a failure means to the user, without the token. */
  private describe(error: unknown): string {
    const state = this.connection.state;
    const text = redactSecrets(describeError(error), state.kind === 'ready' ? [state.token] : []);
    const status = (error as { status?: unknown } | undefined)?.status;
    if (status === 403 && /rate limit/i.test(text)) {
      return `GitHub rate limit reached: ${text}`;
    }
    return text;
  }

  /** One message per refresh: the view's message line and one log line, never a pop-up. */
  private reportFailure(error: unknown): void {
    if (this.reportedFailure === this.refreshGeneration) {
      return;
    }
    this.reportedFailure = this.refreshGeneration;
    const text = this.describe(error);
    this.logger.warn(`GitHub ${this.kind}: ${text}`);
    const time = new Date().toLocaleTimeString();
    this.setMessage(`Could not reach GitHub at ${time} (${text}); showing cached results (stale).`);
  }

  private setMessage(text: string | undefined): void {
    if (this.view) {
      const problems =
        this.problems.length > 0 ? `Unusable queries: ${this.problems.join('; ')}` : '';
      this.view.message = [text, problems].filter((t) => t !== undefined && t !== '').join(' ');
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

const icons: Readonly<Record<ItemIcon, [string, string?]>> = {
  'ci-success': ['pass', 'testing.iconPassed'],
  'ci-failure': ['error', 'testing.iconFailed'],
  'ci-pending': ['clock', 'testing.iconQueued'],
  'pull-request': ['git-pull-request'],
  'pull-request-draft': ['git-pull-request-draft'],
  'issue-open': ['issues', 'charts.green'],
  'issue-closed': ['issue-closed', 'charts.purple'],
};

function iconOf(icon: ItemIcon): vscode.ThemeIcon {
  const [id, color] = icons[icon];
  return new vscode.ThemeIcon(id, color === undefined ? undefined : new vscode.ThemeColor(color));
}

/** The server, repository and account a connection fetches as. */
function connectionKey(state: Extract<ConnectionState, { kind: 'ready' }>): string {
  const { owner, repo } = state.queryRepository;
  return `${state.repository.remote.server.graphqlUrl} ${owner}/${repo} ${state.token}`;
}
