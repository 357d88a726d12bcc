import { GitRepositories } from './gitHttpBackend';

/**
 * What the GitHub API double knows: users, repositories, pull requests, issues, reviews,
 * comments, check runs, labels and milestones. Plain data that tests seed and inspect; the REST
 * and GraphQL layers read and change it.
 */

export interface DoubleUser {
  readonly login: string;
  readonly id: number;
  readonly type: 'User' | 'Organization';
  readonly name?: string;
}

export interface DoubleLabel {
  readonly name: string;
  readonly color: string;
  readonly description?: string;
}

export interface DoubleMilestone {
  readonly number: number;
  readonly title: string;
  readonly dueOn?: string;
  readonly state: 'open' | 'closed';
}

export interface DoubleRepository {
  readonly owner: string;
  readonly name: string;
  readonly id: number;
  defaultBranch: string;
  readonly private: boolean;
  /** `owner/name` of the repository this one is a fork of. */
  readonly parent?: string;
  readonly labels: DoubleLabel[];
  readonly milestones: DoubleMilestone[];
  /** Branch -> the message GitHub answers a merge into it with (405), as branch protection does. */
  readonly protectedBranches: Map<string, string>;
  /** The merge methods the repository allows (`allow_*_merge`); all three when unset. */
  mergeMethods?: ('merge' | 'squash' | 'rebase')[];
}

export interface DoubleFile {
  readonly filename: string;
  readonly status: 'added' | 'removed' | 'modified' | 'renamed';
  readonly additions: number;
  readonly deletions: number;
  readonly patch?: string;
  readonly previousFilename?: string;
}

export interface DoublePullRequest {
  /** `owner/name` of the base repository. */
  readonly repo: string;
  readonly number: number;
  readonly id: number;
  title: string;
  body: string;
  readonly author: string;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  labels: string[];
  /** `repo` is the head repository (`owner/name`), another one for a fork PR. */
  readonly head: { ref: string; sha: string; repo: string };
  readonly base: { ref: string; sha: string };
  requestedReviewers: string[];
  assignees: string[];
  milestone?: number;
  files: DoubleFile[];
  readonly createdAt: string;
  updatedAt: string;
}

export interface DoubleIssue {
  readonly repo: string;
  readonly number: number;
  readonly id: number;
  title: string;
  body: string;
  readonly author: string;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
  milestone?: number;
  readonly createdAt: string;
  updatedAt: string;
}

export interface DoubleReview {
  readonly id: number;
  readonly repo: string;
  readonly pullNumber: number;
  readonly user: string;
  readonly state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED';
  readonly body: string;
  readonly commitId: string;
  readonly submittedAt: string;
}

export interface DoubleComment {
  readonly id: number;
  readonly repo: string;
  /** The issue or pull request number. */
  readonly number: number;
  readonly user: string;
  readonly body: string;
  readonly createdAt: string;
}

export interface DoubleCheckRun {
  readonly id: number;
  readonly repo: string;
  readonly headSha: string;
  readonly name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion?:
    'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';
  readonly output: { title?: string; summary?: string; text?: string };
  readonly startedAt: string;
  completedAt?: string;
}

/** A fixed clock so responses are reproducible; each change moves it one minute on. */
const epoch = Date.parse('2026-11-30T09:00:00Z');

export class DoubleState {
  readonly users = new Map<string, DoubleUser>();
  /** Token -> login. */
  readonly tokens = new Map<string, string>();
  readonly repositories = new Map<string, DoubleRepository>();
  readonly pullRequests: DoublePullRequest[] = [];
  readonly issues: DoubleIssue[] = [];
  readonly reviews: DoubleReview[] = [];
  readonly comments: DoubleComment[] = [];
  readonly checkRuns: DoubleCheckRun[] = [];
  /** Bare repositories served over git's smart HTTP (pushes and fetches of the tests). */
  readonly git = new GitRepositories();
  private nextId = 1000;
  private ticks = 0;

  /** A new unique id (GitHub ids are global integers). */
  newId(): number {
    return ++this.nextId;
  }

  /** The double's clock, one minute later each call. */
  now(): string {
    return new Date(epoch + 60_000 * this.ticks++).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  addUser(
    login: string,
    options: { token?: string; type?: DoubleUser['type']; name?: string } = {},
  ): DoubleUser {
    const user: DoubleUser = {
      login,
      id: this.newId(),
      type: options.type ?? 'User',
      ...(options.name !== undefined ? { name: options.name } : {}),
    };
    this.users.set(login, user);
    if (options.token !== undefined) {
      this.tokens.set(options.token, login);
    }
    return user;
  }

  user(login: string): DoubleUser {
    const user = this.users.get(login);
    if (!user) {
      throw new Error(`github-double: no user ${login}; seed it with addUser`);
    }
    return user;
  }

  addRepository(
    fullName: string,
    options: { defaultBranch?: string; private?: boolean; parent?: string } = {},
  ): DoubleRepository {
    const [owner, name] = fullName.split('/');
    if (owner === undefined || name === undefined) {
      throw new Error(`github-double: repository name must be owner/name, got ${fullName}`);
    }
    if (!this.users.has(owner)) {
      this.addUser(owner, { type: 'Organization' });
    }
    const repository: DoubleRepository = {
      owner,
      name,
      id: this.newId(),
      defaultBranch: options.defaultBranch ?? 'main',
      private: options.private ?? false,
      ...(options.parent !== undefined ? { parent: options.parent } : {}),
      labels: [],
      milestones: [],
      protectedBranches: new Map(),
    };
    this.repositories.set(fullName, repository);
    return repository;
  }

  repository(fullName: string): DoubleRepository | undefined {
    return this.repositories.get(fullName);
  }

  private nextNumber(repo: string): number {
    const numbers = [...this.pullRequests, ...this.issues]
      .filter((item) => item.repo === repo)
      .map((item) => item.number);
    return Math.max(0, ...numbers) + 1;
  }

  private ensureLabels(repo: string, labels: readonly string[]): void {
    const repository = this.repositories.get(repo);
    if (!repository) {
      throw new Error(`github-double: no repository ${repo}`);
    }
    for (const name of labels) {
      if (!repository.labels.some((l) => l.name === name)) {
        repository.labels.push({ name, color: 'ededed' });
      }
    }
  }

  addPullRequest(
    repo: string,
    fields: Pick<DoublePullRequest, 'title' | 'author'> &
      Partial<Omit<DoublePullRequest, 'repo' | 'number' | 'id' | 'head' | 'base'>> & {
        head: { ref: string; sha?: string; repo?: string };
        base?: { ref: string; sha?: string };
      },
  ): DoublePullRequest {
    const created = this.now();
    const pr: DoublePullRequest = {
      repo,
      number: this.nextNumber(repo),
      id: this.newId(),
      body: '',
      state: 'open',
      merged: false,
      draft: false,
      labels: [],
      requestedReviewers: [],
      assignees: [],
      files: [],
      createdAt: created,
      updatedAt: created,
      ...fields,
      head: {
        ref: fields.head.ref,
        sha: fields.head.sha ?? fakeSha(`${repo}:${fields.head.ref}`),
        repo: fields.head.repo ?? repo,
      },
      base: {
        ref: fields.base?.ref ?? this.repositories.get(repo)?.defaultBranch ?? 'main',
        sha: fields.base?.sha ?? fakeSha(`${repo}:base`),
      },
    };
    this.ensureLabels(repo, pr.labels);
    this.pullRequests.push(pr);
    return pr;
  }

  addIssue(
    repo: string,
    fields: Pick<DoubleIssue, 'title' | 'author'> &
      Partial<Omit<DoubleIssue, 'repo' | 'number' | 'id'>>,
  ): DoubleIssue {
    const created = this.now();
    const issue: DoubleIssue = {
      repo,
      number: this.nextNumber(repo),
      id: this.newId(),
      body: '',
      state: 'open',
      labels: [],
      assignees: [],
      createdAt: created,
      updatedAt: created,
      ...fields,
    };
    this.ensureLabels(repo, issue.labels);
    this.issues.push(issue);
    return issue;
  }

  addMilestone(repo: string, title: string, dueOn?: string): DoubleMilestone {
    const repository = this.repositories.get(repo);
    if (!repository) {
      throw new Error(`github-double: no repository ${repo}`);
    }
    const milestone: DoubleMilestone = {
      number: repository.milestones.length + 1,
      title,
      state: 'open',
      ...(dueOn !== undefined ? { dueOn } : {}),
    };
    repository.milestones.push(milestone);
    return milestone;
  }

  addCheckRun(
    repo: string,
    fields: Pick<DoubleCheckRun, 'headSha' | 'name' | 'status'> &
      Partial<Pick<DoubleCheckRun, 'conclusion' | 'output'>>,
  ): DoubleCheckRun {
    const started = this.now();
    const run: DoubleCheckRun = {
      id: this.newId(),
      repo,
      output: {},
      startedAt: started,
      ...(fields.status === 'completed' ? { completedAt: started } : {}),
      ...fields,
    };
    this.checkRuns.push(run);
    return run;
  }

  addReview(
    repo: string,
    pullNumber: number,
    fields: Pick<DoubleReview, 'user' | 'state'> & Partial<Pick<DoubleReview, 'body'>>,
  ): DoubleReview {
    const pr = this.pullRequest(repo, pullNumber);
    const review: DoubleReview = {
      id: this.newId(),
      repo,
      pullNumber,
      body: '',
      commitId: pr?.head.sha ?? fakeSha('review'),
      submittedAt: this.now(),
      ...fields,
    };
    this.reviews.push(review);
    return review;
  }

  pullRequest(repo: string, number: number): DoublePullRequest | undefined {
    return this.pullRequests.find((pr) => pr.repo === repo && pr.number === number);
  }

  issue(repo: string, number: number): DoubleIssue | undefined {
    return this.issues.find((issue) => issue.repo === repo && issue.number === number);
  }
}

/** A 40-hex-digit commit id derived from `seed` (stable across runs). */
export function fakeSha(seed: string): string {
  let hash = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 40; round++) {
    for (const char of `${seed}#${round}`) {
      hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    }
    out += hash.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}
