import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../common/describeError';
import {
  addRemote,
  aheadBehind,
  checkoutNewTrackingBranch,
  commitOf,
  commitsBetween,
  currentBranch,
  fastForward,
  fetchBranch,
  listLocalBranches,
  mergeBase,
  pushBranch,
  refExists,
  switchBranch,
  upstreamOf,
} from '../git/core/gitBranches';
import { readRemoteConfig } from '../git/core/gitRemotes';
import { GitError, listChangedFiles } from '../git/core/gitRepository';
import { BuiltinCommands } from '../host/ids';
import type { Logger } from '../host/logger';
import { manifestChangesFromGit } from '../plan/core/manifestChangesFromGit';
import { formatManifestChangesMarkdown } from '../plan/core/manifestChangesFormat';
import { describeGitHubError } from './core/githubErrors';
import { infraChangeSummary } from './core/infraSummary';
import {
  allowedMergeMethods,
  mergeMethodLabels,
  parseLogins,
  type MergeMethod,
} from './core/mergeMethods';
import { CheckoutError, forkRemote, forkRemoteUrl, planCheckout } from './core/pullRequestCheckout';
import { buildPullRequestBody, pullRequestTitle } from './core/pullRequestBody';
import { findPullRequestTemplates } from './core/pullRequestTemplate';
import type { ConnectionState, GitHubConnection } from './githubConnection';
import type { SearchNode, SearchTree } from './searchTree';

type Ready = Extract<ConnectionState, { kind: 'ready' }>;

/**
 * What an action ended with: done (with what it made), or failed with the message the user was
 * shown. Undefined when the user cancelled a question.
 */
export type ActionResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string }
  | undefined;

/**
 * The answers "Create Pull Request" would ask for. Each one given is not asked: the command
 * palette passes none, other commands and tests pass what they already know.
 */
export interface CreatePullRequestOptions {
  /** Push the branch when it has no upstream or is ahead of it. */
  readonly push?: boolean;
  readonly base?: string;
  /** A template path relative to the root, or "" for none (asked when there are several). */
  readonly template?: string;
  readonly includeInfraSummary?: boolean;
  readonly title?: string;
  /** The whole body (replaces the composed one). */
  readonly body?: string;
  readonly draft?: boolean;
  readonly reviewers?: readonly string[];
  readonly labels?: readonly string[];
}

/** A pull request the commands act on: a tree item, or a number in the shown repository. */
export type PullRequestTarget = SearchNode | { readonly number: number };
type PullRequestArgument = PullRequestTarget | undefined;

/** The text of a review or comment; asked when missing. */
export interface ReviewOptions {
  readonly body?: string;
}

/** What a merge needs to know; asked when missing. */
export interface MergeOptions {
  readonly method?: MergeMethod;
  /** Skip the confirmation (true) or answer it "no" (false). */
  readonly confirm?: boolean;
}

/** Git failures and GitHub refusals, said once to the user and the log. */
class ActionFailure extends Error {}

/**
 * The pull request actions: create from the current branch, check out (forks included),
 * review, comment and merge. Each command takes its answers as an options argument and asks for
 * the missing ones; failures are one error message naming what failed, with GitHub's own words
 * for refusals and never the token.
 */
export class PullRequestActions {
  constructor(
    private readonly connection: GitHubConnection,
    private readonly pullRequests: SearchTree,
    private readonly logger: Logger,
  ) {}

  /** "Create Pull Request…" from the checked-out branch. */
  createPullRequest(
    options: CreatePullRequestOptions = {},
  ): Promise<ActionResult<{ number: number; url: string }>> {
    return this.guard('Creating the pull request', async (state) => {
      const root = state.repository.root;
      this.requireTrust();
      const { owner, repo } = state.queryRepository;
      const branch = await currentBranch(root);
      if (branch === undefined) {
        throw new ActionFailure('HEAD is detached: check out the branch to propose first');
      }
      const remote = state.repository.remote;
      const upstream = await upstreamOf(root, branch);
      const pushRemote = upstream?.remote ?? remote.remoteName;
      const remoteBranch = upstream?.branch ?? branch;
      const tracking = `refs/remotes/${pushRemote}/${remoteBranch}`;
      const published = await refExists(root, tracking);
      const ahead = published ? (await aheadBehind(root, 'HEAD', tracking)).ahead : undefined;
      if (ahead === undefined || ahead > 0) {
        const why =
          ahead === undefined
            ? `Branch "${branch}" is not on ${pushRemote} yet.`
            : `Branch "${branch}" has ${ahead} commit${ahead === 1 ? '' : 's'} not pushed to ${pushRemote}.`;
        const push =
          options.push ??
          (await this.confirm(`${why} Push it before creating the pull request?`, 'Push'));
        if (push === undefined) {
          return undefined;
        }
        if (push) {
          await withProgress(`Pushing ${branch} to ${pushRemote}…`, () =>
            pushBranch(root, pushRemote, branch, remoteBranch),
          );
          this.logger.info(
            `Create pull request: pushed ${branch} to ${pushRemote}/${remoteBranch}`,
          );
        } else if (ahead === undefined) {
          throw new ActionFailure(
            `branch "${branch}" is not on ${pushRemote}: GitHub cannot open a pull request for it until it is pushed`,
          );
        }
      }
      const octokit = state.octokit;
      const [repository, branches] = await Promise.all([
        octokit.rest.repos.get({ owner, repo }),
        octokit.rest.repos.listBranches({ owner, repo, per_page: 100 }),
      ]);
      const defaultBranch = repository.data.default_branch;
      const base =
        options.base ??
        (
          await pick(
            [defaultBranch, ...branches.data.map((b) => b.name).filter((n) => n !== defaultBranch)]
              .filter((name) => name !== remoteBranch || remote.owner !== owner)
              .map((name) => ({
                label: name,
                ...(name === defaultBranch ? { description: 'default branch' } : {}),
              })),
            `Base branch of ${owner}/${repo} to merge ${branch} into`,
          )
        )?.label;
      if (base === undefined) {
        return undefined;
      }
      // The commits and changes the pull request will show: from the merge base with the base.
      const baseRef = await this.localBaseRef(
        root,
        remote.remoteName,
        base,
        remote.owner === owner,
      );
      const fork = baseRef === undefined ? undefined : await mergeBase(root, baseRef, 'HEAD');
      const commits = await commitsBetween(root, fork, 'HEAD', fork === undefined ? 1 : 250);
      if (commits.length === 0) {
        throw new ActionFailure(`"${branch}" has no commits that ${base} does not have`);
      }
      const template = await this.chooseTemplate(root, options.template);
      if (template === undefined) {
        return undefined;
      }
      let infraSummary: string | undefined;
      if (fork !== undefined && options.body === undefined) {
        const summary = await this.infraSummary(root, fork);
        if (summary !== undefined) {
          const include =
            options.includeInfraSummary ??
            (await this.confirm(
              `"${branch}" changes infrastructure (${summary.headline}). Include the change summary in the description?`,
              'Include',
            ));
          if (include === undefined) {
            return undefined;
          }
          infraSummary = include ? summary.markdown : undefined;
        }
      }
      const title =
        options.title ??
        (await vscode.window.showInputBox({
          title: 'Create Pull Request',
          prompt: `Title of the pull request from ${branch} into ${base}`,
          value: pullRequestTitle(commits, branch),
          validateInput: (v) => (v.trim() === '' ? 'A title is required' : undefined),
        }));
      if (title === undefined) {
        return undefined;
      }
      const body =
        options.body ??
        buildPullRequestBody({
          ...(template.text !== undefined ? { template: template.text } : {}),
          commits,
          ...(infraSummary !== undefined ? { infraSummary } : {}),
        });
      const draft =
        options.draft ??
        (
          await pick(
            [
              { label: 'Ready for review', draft: false },
              { label: 'Draft', draft: true, description: 'not ready: reviewers are not notified' },
            ],
            'Open the pull request as…',
          )
        )?.draft;
      if (draft === undefined) {
        return undefined;
      }
      const reviewers = options.reviewers ?? (await this.askReviewers());
      if (reviewers === undefined) {
        return undefined;
      }
      const labels = options.labels ?? (await this.askLabels(state));
      if (labels === undefined) {
        return undefined;
      }
      const head = remote.owner === owner ? remoteBranch : `${remote.owner}:${remoteBranch}`;
      const created = await octokit.rest.pulls.create({
        owner,
        repo,
        title: title.trim(),
        head,
        base,
        body,
        draft,
      });
      const number = created.data.number;
      const url = created.data.html_url;
      this.logger.info(`Create pull request: #${number} ${head} -> ${base} in ${owner}/${repo}`);
      const followUps: string[] = [];
      if (reviewers.length > 0) {
        await octokit.rest.pulls
          .requestReviewers({ owner, repo, pull_number: number, reviewers: [...reviewers] })
          .catch((error: unknown) => {
            followUps.push(describeGitHubError('requesting reviewers', error, [state.token]));
          });
      }
      if (labels.length > 0) {
        await octokit.rest.issues
          .addLabels({ owner, repo, issue_number: number, labels: [...labels] })
          .catch((error: unknown) => {
            followUps.push(describeGitHubError('adding labels', error, [state.token]));
          });
      }
      await this.pullRequests.refresh();
      if (followUps.length > 0) {
        const message = `Pull request #${number} was created, but ${followUps.join('; ')}.`;
        this.logger.warn(message);
        void vscode.window.showWarningMessage(message);
      }
      const open = 'Open Pull Request';
      void vscode.window
        .showInformationMessage(`Created pull request #${number}: ${title.trim()}`, open)
        .then((answer) =>
          answer === open ? vscode.env.openExternal(vscode.Uri.parse(url)) : undefined,
        );
      return { number, url };
    });
  }

  /** "Check Out Pull Request": fetches its head (adding a fork's remote) and checks out a branch. */
  checkoutPullRequest(
    argument: PullRequestArgument,
  ): Promise<ActionResult<{ branch: string; remote: string }>> {
    return this.guard('Checking out the pull request', async (state) => {
      this.requireTrust();
      const number = await this.pullRequestNumber(argument);
      if (number === undefined) {
        return undefined;
      }
      const { owner, repo } = state.queryRepository;
      const root = state.repository.root;
      const pr = (await state.octokit.rest.pulls.get({ owner, repo, pull_number: number })).data;
      // Null when the fork was deleted (the description's type says otherwise).
      const headRepo = pr.head.repo as typeof pr.head.repo | null;
      if (headRepo === null) {
        throw new ActionFailure(
          `#${number}'s head repository was deleted: its commits can only be fetched from ${owner}/${repo} as refs/pull/${number}/head`,
        );
      }
      const headOwner = headRepo.owner.login;
      const local = state.repository.remote;
      let remoteName: string;
      if (headRepo.full_name.toLowerCase() === `${local.owner}/${local.repo}`.toLowerCase()) {
        remoteName = local.remoteName;
      } else {
        const { remotes } = await readRemoteConfig(root);
        const found = forkRemote(
          headOwner,
          [headRepo.clone_url, headRepo.ssh_url, headRepo.html_url],
          remotes,
        );
        remoteName = found.name;
        if (found.add) {
          const url = forkRemoteUrl(remotes.find((r) => r.name === local.remoteName)?.url ?? '', {
            cloneUrl: headRepo.clone_url,
            sshUrl: headRepo.ssh_url,
          });
          await addRemote(root, remoteName, url);
          this.logger.info(`Check out #${number}: added remote ${remoteName} (${url})`);
        }
      }
      const headRef = pr.head.ref;
      await withProgress(`Fetching ${remoteName}/${headRef}…`, () =>
        fetchBranch(root, remoteName, headRef),
      );
      const fetched = await commitOf(root, `refs/remotes/${remoteName}/${headRef}`);
      const plan = planCheckout(
        { remote: remoteName, headRef, headOwner, headCommit: fetched },
        await listLocalBranches(root),
        (await readRemoteConfig(root)).remotes.map((r) => r.name),
      );
      if (plan.kind === 'create') {
        await checkoutNewTrackingBranch(root, plan.branch, remoteName, headRef);
      } else {
        await switchBranch(root, plan.branch);
        if (plan.fastForward) {
          try {
            await fastForward(root, `refs/remotes/${remoteName}/${headRef}`);
          } catch (error) {
            const message = `Switched to ${plan.branch}, but it was not updated to #${number}'s head: ${describeError(error)}`;
            this.logger.warn(message);
            void vscode.window.showWarningMessage(message);
          }
        }
      }
      if (fetched !== pr.head.sha) {
        this.logger.warn(
          `Check out #${number}: ${remoteName}/${headRef} is at ${fetched.slice(0, 12)}, GitHub reports ${pr.head.sha.slice(0, 12)} (pushed since?)`,
        );
      }
      this.logger.info(
        `Check out #${number}: ${plan.kind} ${plan.branch} from ${remoteName}/${headRef}`,
      );
      void vscode.window.showInformationMessage(
        `Checked out pull request #${number} as branch ${plan.branch}${plan.branch === headRef ? '' : ` (a different local "${headRef}" exists)`}.`,
      );
      return { branch: plan.branch, remote: remoteName };
    });
  }

  /**
   * Submits a review: approve (an optional comment), request changes (a body is required),
   * as GitHub's review form does.
   */
  review(
    event: 'APPROVE' | 'REQUEST_CHANGES',
    argument: PullRequestArgument,
    options: ReviewOptions = {},
  ): Promise<ActionResult<{ id: number }>> {
    const verb = event === 'APPROVE' ? 'Approving' : 'Requesting changes on';
    return this.guard(`${verb} the pull request`, async (state) => {
      const number = await this.pullRequestNumber(argument);
      if (number === undefined) {
        return undefined;
      }
      const body =
        options.body ??
        (await askText(
          event === 'APPROVE' ? `Approve #${number}` : `Request changes on #${number}`,
          event === 'APPROVE' ? 'Optional comment with the approval' : 'What has to change',
          event === 'REQUEST_CHANGES' ? 'Say what has to change' : undefined,
        ));
      if (body === undefined) {
        return undefined;
      }
      const { owner, repo } = state.queryRepository;
      const review = await state.octokit.rest.pulls.createReview({
        owner,
        repo,
        pull_number: number,
        event,
        ...(body.trim() !== '' ? { body } : {}),
      });
      await this.pullRequests.refresh();
      void vscode.window.showInformationMessage(
        event === 'APPROVE' ? `Approved #${number}.` : `Requested changes on #${number}.`,
      );
      return { id: review.data.id };
    });
  }

  /** Adds a comment to a pull request's conversation. */
  comment(
    argument: PullRequestArgument,
    options: ReviewOptions = {},
  ): Promise<ActionResult<{ id: number; url: string }>> {
    return this.guard('Commenting on the pull request', async (state) => {
      const number = await this.pullRequestNumber(argument);
      if (number === undefined) {
        return undefined;
      }
      const body =
        options.body ??
        (await askText(`Comment on #${number}`, 'Markdown comment', 'The comment is empty'));
      if (body === undefined) {
        return undefined;
      }
      const { owner, repo } = state.queryRepository;
      const comment = await state.octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: number,
        body,
      });
      void vscode.window.showInformationMessage(`Commented on #${number}.`);
      return { id: comment.data.id, url: comment.data.html_url };
    });
  }

  /**
   * Merges with a method the repository allows (asked when not given), after a confirmation;
   * GitHub's refusal (branch protection, a check, a disallowed method) is shown in its words.
   */
  merge(
    argument: PullRequestArgument,
    options: MergeOptions = {},
  ): Promise<ActionResult<{ sha: string; method: MergeMethod }>> {
    return this.guard('Merging the pull request', async (state) => {
      const number = await this.pullRequestNumber(argument);
      if (number === undefined) {
        return undefined;
      }
      const { owner, repo } = state.queryRepository;
      const octokit = state.octokit;
      const [repository, pull] = await Promise.all([
        octokit.rest.repos.get({ owner, repo }),
        octokit.rest.pulls.get({ owner, repo, pull_number: number }),
      ]);
      const pr = pull.data;
      if (pr.merged) {
        throw new ActionFailure(`#${number} is already merged`);
      }
      if (pr.state !== 'open') {
        throw new ActionFailure(`#${number} is closed`);
      }
      const allowed = allowedMergeMethods(repository.data);
      if (allowed.length === 0) {
        throw new ActionFailure(`${owner}/${repo} allows no merge method`);
      }
      if (options.method !== undefined && !allowed.includes(options.method)) {
        throw new ActionFailure(
          `${owner}/${repo} does not allow "${mergeMethodLabels[options.method]}" (allowed: ${allowed.map((m) => mergeMethodLabels[m]).join(', ')})`,
        );
      }
      const method =
        options.method ??
        (
          await pick(
            allowed.map((m) => ({ label: mergeMethodLabels[m], method: m })),
            `Merge #${number} into ${pr.base.ref} by…`,
          )
        )?.method;
      if (method === undefined) {
        return undefined;
      }
      const confirmed =
        options.confirm ??
        (await this.confirm(
          `${mergeMethodLabels[method]}: #${number} "${pr.title}" (${pr.head.label}) into ${pr.base.ref}?`,
          'Merge',
        ));
      if (confirmed !== true) {
        return undefined;
      }
      const merged = await octokit.rest.pulls.merge({
        owner,
        repo,
        pull_number: number,
        merge_method: method,
        sha: pr.head.sha,
      });
      this.logger.info(`Merge: #${number} by ${method} -> ${merged.data.sha}`);
      await this.pullRequests.refresh();
      void vscode.window.showInformationMessage(`Merged #${number} into ${pr.base.ref}.`);
      return { sha: merged.data.sha, method };
    });
  }

  /**
   * Runs an action on a ready connection: what is missing (repository, sign-in) and every
   * failure become one error message saying what failed (tokens redacted), also returned.
   */
  private async guard<T>(
    action: string,
    body: (state: Ready) => Promise<T | undefined>,
  ): Promise<ActionResult<T>> {
    const state = await this.connection.ensure();
    let message: string;
    if (state.kind === 'ready') {
      try {
        const value = await body(state);
        return value === undefined ? undefined : { ok: true, value };
      } catch (error) {
        message =
          error instanceof ActionFailure ||
          error instanceof GitError ||
          error instanceof CheckoutError
            ? `${action} failed: ${error.message}`
            : describeGitHubError(action, error, [state.token]);
      }
    } else {
      message = `${action} failed: ${
        state.kind === 'signedOut'
          ? 'not signed in to GitHub (use "Sign in to GitHub" in the Pull Requests view)'
          : state.kind === 'noRepository'
            ? state.message
            : 'the GitHub connection is still loading'
      }`;
    }
    this.logger.warn(message);
    void vscode.window.showErrorMessage(message);
    return { ok: false, message };
  }

  private requireTrust(): void {
    if (vscode.workspace.isTrusted) {
      return;
    }
    const manage = 'Manage Workspace Trust';
    void vscode.window
      .showWarningMessage('Pull request actions run git: trust the workspace first.', manage)
      .then((a) =>
        a === manage ? vscode.commands.executeCommand(BuiltinCommands.manageTrust) : undefined,
      );
    throw new ActionFailure('the workspace is not trusted, and this runs git');
  }

  /** A modal yes/no; undefined when dismissed. */
  private async confirm(message: string, yes: string): Promise<boolean | undefined> {
    const no = 'No';
    const answer = await vscode.window.showWarningMessage(message, { modal: true }, yes, no);
    return answer === undefined ? undefined : answer === yes;
  }

  /** The PR number of a tree item or `{ number }`; asked for from the command palette. */
  private async pullRequestNumber(argument: PullRequestArgument): Promise<number | undefined> {
    if (argument !== undefined && 'number' in argument) {
      return argument.number;
    }
    if (argument?.type === 'item' && argument.item.kind === 'pull-request') {
      return argument.item.number;
    }
    const typed = await vscode.window.showInputBox({
      title: 'Pull request',
      prompt: 'Number of the pull request',
      validateInput: (v) => (/^#?\d+$/.test(v.trim()) ? undefined : 'A number, such as 42'),
    });
    return typed === undefined ? undefined : Number(typed.trim().replace(/^#/, ''));
  }

  /**
   * A local ref of the base branch to compute the commits from: fetched from the remote when
   * the base is in the remote's repository; undefined when none can be found (a fork whose
   * parent is no remote), and the body then lists the last commit only.
   */
  private async localBaseRef(
    root: string,
    remoteName: string,
    base: string,
    sameRepository: boolean,
  ): Promise<string | undefined> {
    if (sameRepository) {
      try {
        await fetchBranch(root, remoteName, base);
      } catch (error) {
        this.logger.warn(
          `Create pull request: fetching ${remoteName}/${base}: ${describeError(error)}`,
        );
      }
    }
    for (const ref of [
      ...(sameRepository ? [`refs/remotes/${remoteName}/${base}`] : []),
      `refs/remotes/upstream/${base}`,
      `refs/heads/${base}`,
    ]) {
      if (await refExists(root, ref)) {
        return ref;
      }
    }
    return undefined;
  }

  /** The template to start the body from: the only one, the given one, or the user's pick. */
  private async chooseTemplate(
    root: string,
    given: string | undefined,
  ): Promise<{ text?: string } | undefined> {
    const templates = findPullRequestTemplates((folder) => listFolder(path.join(root, folder)));
    let chosen: string | undefined;
    if (given !== undefined) {
      chosen = given === '' ? undefined : given;
    } else if (templates.length === 1) {
      chosen = templates[0];
    } else if (templates.length > 1) {
      const picked = await pick(
        [...templates.map((t) => ({ label: t, file: t })), { label: 'No template', file: '' }],
        'The pull request template to start the description from',
      );
      if (picked === undefined) {
        return undefined;
      }
      chosen = picked.file === '' ? undefined : picked.file;
    }
    if (chosen === undefined) {
      return {};
    }
    try {
      return { text: readFileSync(path.join(root, chosen), 'utf8') };
    } catch (error) {
      throw new ActionFailure(`reading the template ${chosen}: ${describeError(error)}`);
    }
  }

  /** The Kubernetes and Terraform change since `base`, when the branch has any. */
  private async infraSummary(
    root: string,
    base: string,
  ): Promise<{ headline: string; markdown: string } | undefined> {
    const changed = (await listChangedFiles(root, base)).map((f) => f.path);
    const kubernetes = await manifestChangesFromGit({ folder: root, base });
    const hasKubernetes = kubernetes.changes.length > 0 || kubernetes.problems.length > 0;
    const markdown = infraChangeSummary({
      ...(hasKubernetes ? { kubernetesMarkdown: formatManifestChangesMarkdown(kubernetes) } : {}),
      changedPaths: changed,
    });
    if (markdown === undefined) {
      return undefined;
    }
    const terraform = changed.some((p) => /\.tf(vars)?(\.json)?$/.test(p));
    const headline = [
      hasKubernetes ? kubernetes.summary.headline : '',
      terraform ? 'Terraform files' : '',
    ]
      .filter((h) => h !== '')
      .join('; ');
    return { headline, markdown };
  }

  private async askReviewers(): Promise<string[] | undefined> {
    const typed = await vscode.window.showInputBox({
      title: 'Create Pull Request: reviewers',
      prompt: 'Reviewers to request (GitHub logins, separated by commas; empty for none)',
      placeHolder: 'bob, carol',
    });
    return typed === undefined ? undefined : parseLogins(typed);
  }

  private async askLabels(state: Ready): Promise<string[] | undefined> {
    const { owner, repo } = state.queryRepository;
    const labels = await state.octokit.rest.issues.listLabelsForRepo({
      owner,
      repo,
      per_page: 100,
    });
    if (labels.data.length === 0) {
      return [];
    }
    const picked = await vscode.window.showQuickPick(
      labels.data.map((l) => ({
        label: l.name,
        ...(l.description ? { description: l.description } : {}),
      })),
      {
        title: 'Create Pull Request: labels',
        placeHolder: 'Labels (none is fine)',
        canPickMany: true,
      },
    );
    return picked?.map((p) => p.label);
  }
}

/** A folder's files and sub-folders (nothing when it does not exist). */
function listFolder(dir: string): { files: string[]; folders: string[] } {
  try {
    const entries = readdirSync(dir, { withFileTypes: true });
    return {
      files: entries.filter((e) => e.isFile()).map((e) => e.name),
      folders: entries.filter((e) => e.isDirectory()).map((e) => e.name),
    };
  } catch {
    return { files: [], folders: [] };
  }
}

function pick<T extends vscode.QuickPickItem>(
  items: readonly T[],
  placeHolder: string,
): Promise<T | undefined> {
  return Promise.resolve(vscode.window.showQuickPick(items, { placeHolder }));
}

/** An input box; `required` is the complaint about an empty answer (none: empty is fine). */
function askText(title: string, prompt: string, required?: string): Promise<string | undefined> {
  return Promise.resolve(
    vscode.window.showInputBox({
      title,
      prompt,
      validateInput: (v) => (required !== undefined && v.trim() === '' ? required : undefined),
    }),
  );
}

function withProgress<T>(title: string, task: () => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task),
  );
}
