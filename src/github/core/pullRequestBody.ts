/**
 * Title and Markdown body of a new pull request: the repository's PR template (when there is
 * one), the branch's commits, the issues it closes and, when the branch changes infrastructure,
 * the plan or Kubernetes change summary.
 */

/** A commit of the branch, oldest first. */
export interface CommitSummary {
  readonly sha: string;
  readonly subject: string;
  readonly body?: string;
}

export interface PullRequestBodyInput {
  /** Text of the repository's pull request template (.github/pull_request_template.md). */
  readonly template?: string;
  /** The branch's commits that the base does not have, oldest first. */
  readonly commits: readonly CommitSummary[];
  /** Issue numbers the PR closes (`Fixes #N`). */
  readonly closes?: readonly number[];
  /** Markdown summary of the infrastructure change (plan preview or Kubernetes change). */
  readonly infraSummary?: string;
}

/** GitHub rejects a body over 65,536 characters. */
export const maxBodyLength = 65536;

/** Escapes what Markdown or HTML would interpret in a one-line commit subject. */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/[\\*_[\]<>|]/g, (c) => `\\${c}`);
}

/** The title: the single commit's subject, else the branch name made readable. */
export function pullRequestTitle(commits: readonly CommitSummary[], branchName: string): string {
  const [only] = commits;
  if (commits.length === 1 && only !== undefined && only.subject.trim() !== '') {
    return only.subject.trim();
  }
  const last = branchName.split('/').pop() ?? branchName;
  const words = last.replace(/^\d+-/, '').replace(/[-_]+/g, ' ').trim();
  return words === '' ? branchName : words.charAt(0).toUpperCase() + words.slice(1);
}

const truncationNote = '\n\n_(summary truncated: the full change is in the plan preview)_';

/**
 * The body: the template (kept as written), or the single commit's body when there is no
 * template; the commit list when there are several commits or a template; `Fixes #N` lines; an
 * "Infrastructure change" section. The infrastructure summary is cut (with a note) so the body
 * stays under GitHub's limit; the rest is never cut.
 */
export function buildPullRequestBody(input: PullRequestBodyInput): string {
  const sections: string[] = [];
  const template = input.template?.replace(/\r\n/g, '\n').trim();
  const [only] = input.commits;
  if (template !== undefined && template !== '') {
    sections.push(template);
  } else if (input.commits.length === 1 && only?.body !== undefined && only.body.trim() !== '') {
    sections.push(only.body.trim());
  }
  if (input.commits.length > 1 || (template !== undefined && input.commits.length > 0)) {
    const lines = input.commits.map(
      (c) => `- ${escapeMarkdownInline(c.subject.trim())} (${c.sha.slice(0, 7)})`,
    );
    sections.push(`### Commits\n\n${lines.join('\n')}`);
  }
  const closes = [...new Set(input.closes ?? [])];
  if (closes.length > 0) {
    sections.push(closes.map((n) => `Fixes #${n}`).join('\n'));
  }
  const head = sections.join('\n\n');
  const summary = input.infraSummary?.trim();
  if (summary === undefined || summary === '') {
    return `${head}\n`;
  }
  const heading = `${head === '' ? '' : `${head}\n\n`}## Infrastructure change\n\n`;
  const room = maxBodyLength - heading.length - 1;
  let text = summary;
  if (summary.length > room) {
    // Cut at a line end, leave room for closing a code fence left open and for the note.
    text = summary.slice(0, Math.max(0, room - truncationNote.length - 4)).replace(/\n[^\n]*$/, '');
    if ((text.match(/^ {0,3}```/gm) ?? []).length % 2 === 1) {
      text += '\n```';
    }
    text += truncationNote;
  }
  return `${heading}${text}\n`;
}
