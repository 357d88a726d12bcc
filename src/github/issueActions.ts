import path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../common/describeError';
import { problemSources } from '../common/problem';
import { openGit, run } from '../git/core/gitRepository';
import { currentBranch, startBranch } from '../git/core/gitWork';
import type { Logger } from '../host/logger';
import { readSettings } from '../host/settings';
import { diagnosticCode } from '../validation/toDiagnostic';
import { branchNameForIssue } from './core/branchName';
import { issueForProblem, type ProblemLocation, type ProblemReport } from './core/issueFromProblem';
import { redactSecrets } from './core/redact';
import type { ConnectionState, GitHubConnection } from './githubConnection';
import type { SearchNode } from './searchTree';

type Ready = Extract<ConnectionState, { kind: 'ready' }>;

/** An issue as the commands take it: a node of the Issues view, or plain fields (tests, palette). */
export interface IssueTarget {
  readonly number: number;
  readonly title: string;
}

/** What "Start work on issue" did (returned for tests and other commands). */
export interface StartedWork {
  readonly branch: string;
  readonly created: boolean;
  readonly assignee: string;
  /** `git-input`: the Source Control input box holds `Fixes #N`; `clipboard`: copied instead. */
  readonly commitMessage: 'git-input' | 'clipboard';
}

/** Options that replace the questions (tests pass them; the UI asks). */
export interface IssueOptions {
  readonly title?: string;
  readonly body?: string;
  readonly labels?: readonly string[];
}

/** The subset of the built-in Git extension's API used here (extensions/git/src/api/git.d.ts). */
interface GitExtensionApi {
  readonly repositories: readonly {
    readonly rootUri: vscode.Uri;
    readonly inputBox: { value: string };
  }[];
}

/**
 * The issue actions: start work (branch from the template off the default branch, assign,
 * `Fixes #N` in the commit message), comment, create (palette, and from a diagnostic's quick
 * fix). Failures are one error message with GitHub's or git's reason, the token redacted.
 */
export class IssueActions {
  constructor(
    private readonly connection: GitHubConnection,
    private readonly logger: Logger,
  ) {}

  /** "Start Work on Issue". */
  async startWork(target: SearchNode | IssueTarget | undefined): Promise<StartedWork | undefined> {
    const issue = issueOf(target);
    const state = await this.ready();
    if (!issue || !state) {
      return undefined;
    }
    try {
      const { data: user } = await state.octokit.rest.users.getAuthenticated();
      const branch = branchNameForIssue(
        { user: user.login, number: issue.number, title: issue.title },
        readSettings().githubBranchTemplate,
      );
      const started = await startBranch(
        state.repository.root,
        state.repository.remote.remoteName,
        branch,
      );
      const { owner, repo } = state.queryRepository;
      await state.octokit.rest.issues.addAssignees({
        owner,
        repo,
        issue_number: issue.number,
        assignees: [user.login],
      });
      const commitMessage = await this.prefillCommitMessage(
        state.repository.root,
        `Fixes #${String(issue.number)}`,
      );
      void vscode.window.showInformationMessage(
        `${started.created ? 'Created' : 'Switched to'} branch ${branch}${started.created ? ` from ${started.startPoint}` : ''}; #${String(issue.number)} is assigned to ${user.login}. ${
          commitMessage === 'git-input'
            ? `The commit message starts with "Fixes #${String(issue.number)}".`
            : `"Fixes #${String(issue.number)}" is on the clipboard for your commit message (the Git extension is not available).`
        }`,
      );
      return {
        branch,
        created: started.created,
        assignee: user.login,
        commitMessage,
      };
    } catch (error) {
      this.fail(`Start work on #${String(issue.number)}`, error, state);
      return undefined;
    }
  }

  /** "Comment on Issue…": asks for the text unless `options.body` gives it. */
  async comment(
    target: SearchNode | IssueTarget | undefined,
    options: IssueOptions = {},
  ): Promise<string | undefined> {
    const issue = issueOf(target);
    const state = await this.ready();
    if (!issue || !state) {
      return undefined;
    }
    const body =
      options.body ??
      (await vscode.window.showInputBox({
        title: `Comment on #${String(issue.number)} ${issue.title}`,
        prompt: 'Markdown; the comment is posted as you',
        validateInput: (v) => (v.trim() === '' ? 'Write something first' : undefined),
      }));
    if (body === undefined || body.trim() === '') {
      return undefined;
    }
    try {
      const { owner, repo } = state.queryRepository;
      const { data } = await state.octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: issue.number,
        body,
      });
      void vscode.window.showInformationMessage(`Commented on #${String(issue.number)}.`);
      return data.html_url;
    } catch (error) {
      this.fail(`Comment on #${String(issue.number)}`, error, state);
      return undefined;
    }
  }

  /** "Create GitHub Issue…": title, body and labels (asked unless `options` give them). */
  async create(options: IssueOptions = {}): Promise<{ number: number; url: string } | undefined> {
    const state = await this.ready();
    if (!state) {
      return undefined;
    }
    const { owner, repo } = state.queryRepository;
    const title =
      options.title ??
      (await vscode.window.showInputBox({
        title: `New issue in ${owner}/${repo}`,
        prompt: 'Title',
        validateInput: (v) => (v.trim() === '' ? 'An issue needs a title' : undefined),
      }));
    if (title === undefined || title.trim() === '') {
      return undefined;
    }
    const body =
      options.body ??
      (await vscode.window.showInputBox({
        title: `New issue: ${title}`,
        prompt: 'Description (Markdown; may be empty)',
      }));
    if (body === undefined) {
      return undefined;
    }
    try {
      const labels = options.labels ?? (await this.pickLabels(state));
      if (labels === undefined) {
        return undefined;
      }
      const { data } = await state.octokit.rest.issues.create({
        owner,
        repo,
        title,
        body,
        ...(labels.length > 0 ? { labels: [...labels] } : {}),
      });
      const open = 'Open in Browser';
      void vscode.window
        .showInformationMessage(`Created issue #${String(data.number)} ${data.title}.`, open)
        .then((answer) =>
          answer === open ? vscode.env.openExternal(vscode.Uri.parse(data.html_url)) : undefined,
        );
      return { number: data.number, url: data.html_url };
    } catch (error) {
      this.fail('Create issue', error, state);
      return undefined;
    }
  }

  /**
   * "Open an issue for this problem": the issue names the diagnostic's file, line, check, code
   * and message, quotes the line and links to it (at HEAD's commit when the file is committed
   * unchanged, else on the current branch). `options` can replace the title and labels.
   */
  async createForProblem(
    uri: unknown,
    diagnostic: unknown,
    options: IssueOptions = {},
  ): Promise<{ number: number; url: string } | undefined> {
    if (!(uri instanceof vscode.Uri) || !(diagnostic instanceof vscode.Diagnostic)) {
      return undefined;
    }
    const state = await this.ready();
    if (!state) {
      return undefined;
    }
    const root = state.repository.root;
    const file = path.relative(root, uri.fsPath).split(path.sep).join('/');
    if (file.startsWith('..') || path.isAbsolute(file)) {
      void vscode.window.showErrorMessage(
        `${uri.fsPath} is not in the repository ${root}: an issue would not know where it is.`,
      );
      return undefined;
    }
    const document = vscode.workspace.textDocuments.find(
      (d) => d.uri.toString() === uri.toString(),
    );
    const line = diagnostic.range.start.line;
    const code = diagnosticCode(diagnostic);
    const report: ProblemReport = {
      file,
      line: line + 1,
      column: diagnostic.range.start.character + 1,
      source: diagnostic.source ?? 'infra-workbench',
      ...(code !== undefined ? { code } : {}),
      severity: severityOf(diagnostic.severity),
      message: diagnostic.message,
      ...(document !== undefined && line < document.lineCount
        ? { excerpt: document.lineAt(line).text.trim() }
        : {}),
    };
    const location = await this.locate(state, file, document?.isDirty ?? false);
    const draft = issueForProblem(report, location);
    return this.create({
      title: options.title ?? draft.title,
      body: options.body ?? draft.body,
      labels: options.labels ?? [],
    });
  }

  /** Where the file's line is on GitHub: HEAD's commit when the file has no local changes. */
  private async locate(
    state: Ready,
    file: string,
    dirty: boolean,
  ): Promise<ProblemLocation | undefined> {
    const { remote } = state.repository;
    const webUrl = `${remote.server.webUrl.replace(/\/+$/, '')}/${remote.owner}/${remote.repo}`;
    const root = state.repository.root;
    try {
      const git = openGit(root);
      const changed = (await run(git, ['status', '--porcelain', '--', file])).trim() !== '';
      if (!dirty && !changed) {
        const commit = (await run(git, ['rev-parse', 'HEAD'])).trim();
        return { webUrl, revision: commit, permanent: true };
      }
      const branch = await currentBranch(root);
      return branch === undefined ? undefined : { webUrl, revision: branch, permanent: false };
    } catch (error) {
      this.logger.warn(`GitHub: no link for ${file}: ${describeError(error)}`);
      return undefined;
    }
  }

  private async pickLabels(state: Ready): Promise<readonly string[] | undefined> {
    const { owner, repo } = state.queryRepository;
    const labels = await state.octokit.paginate(state.octokit.rest.issues.listLabelsForRepo, {
      owner,
      repo,
      per_page: 100,
    });
    if (labels.length === 0) {
      return [];
    }
    const picked = await vscode.window.showQuickPick(
      labels.map((l) => ({ label: l.name, description: l.description ?? '' })),
      { canPickMany: true, title: 'Labels (none is fine)' },
    );
    return picked?.map((p) => p.label);
  }

  /**
   * Puts `Fixes #N` into the Source Control input box through the built-in Git extension's API
   * (kept when already there); when that extension is disabled, copies it to the clipboard.
   */
  private async prefillCommitMessage(
    root: string,
    line: string,
  ): Promise<StartedWork['commitMessage']> {
    try {
      const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitExtensionApi }>(
        'vscode.git',
      );
      const api = extension ? (await extension.activate()).getAPI(1) : undefined;
      const repository = api?.repositories.find(
        (r) => path.resolve(r.rootUri.fsPath) === path.resolve(root),
      );
      if (repository) {
        const value = repository.inputBox.value;
        if (!value.includes(line)) {
          repository.inputBox.value = value.trim() === '' ? `\n\n${line}` : `${value}\n\n${line}`;
        }
        return 'git-input';
      }
    } catch (error) {
      this.logger.warn(`GitHub: the Git extension's API is not available: ${describeError(error)}`);
    }
    await vscode.env.clipboard.writeText(line);
    return 'clipboard';
  }

  private async ready(): Promise<Ready | undefined> {
    const state = await this.connection.ensure();
    if (state.kind === 'ready') {
      return state;
    }
    void vscode.window.showWarningMessage(
      state.kind === 'signedOut'
        ? 'Sign in to GitHub first (the Pull Requests view has the button).'
        : `No GitHub repository: ${state.kind === 'noRepository' ? state.message : 'still connecting'}.`,
    );
    return undefined;
  }

  private fail(what: string, error: unknown, state: Ready): void {
    const text = redactSecrets(describeError(error), [state.token]);
    this.logger.warn(`GitHub: ${what} failed: ${text}`);
    void vscode.window.showErrorMessage(`${what} failed: ${text}`);
  }
}

function issueOf(target: SearchNode | IssueTarget | undefined): IssueTarget | undefined {
  if (target === undefined) {
    return undefined;
  }
  if ('type' in target) {
    return target.type === 'item' && target.item.kind === 'issue' ? target.item : undefined;
  }
  return target;
}

function severityOf(severity: vscode.DiagnosticSeverity): ProblemReport['severity'] {
  switch (severity) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'info';
    case vscode.DiagnosticSeverity.Hint:
      return 'hint';
  }
}

/**
 * The quick fix "Open an issue for this problem" on Infra Workbench's own diagnostics (their
 * source is one of the validation's problem sources).
 */
export class OpenIssueCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly command: string) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    return context.diagnostics
      .filter((d) => (problemSources as readonly (string | undefined)[]).includes(d.source))
      .map((diagnostic) => {
        const action = new vscode.CodeAction(
          'Open an issue for this problem',
          vscode.CodeActionKind.QuickFix,
        );
        action.diagnostics = [diagnostic];
        action.command = {
          title: 'Open an issue for this problem',
          command: this.command,
          arguments: [document.uri, diagnostic],
        };
        return action;
      });
  }
}
