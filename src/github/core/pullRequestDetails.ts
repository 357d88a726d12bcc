/**
 * What expanding a pull request shows, as plain data: its changed files (REST
 * `GET /repos/{owner}/{repo}/pulls/{n}/files`, checked as read), and the Markdown document of a
 * check run's summary (where Atlantis, tfcmt and Terraform Cloud put the plan result).
 */
import type { CheckItem } from './checks';
import type { ChangedPath } from './infraAreas';
import { PayloadError } from './treeModel';

const statuses = new Set(['added', 'removed', 'modified', 'renamed', 'copied', 'changed']);

/**
 * The files of a pull request's files payload. GitHub's `copied` and `changed` (mode only) are
 * read as added and modified. A missing or mistyped field is a PayloadError naming its path.
 */
export function mapPullRequestFiles(payload: unknown): ChangedPath[] {
  if (!Array.isArray(payload)) {
    throw new PayloadError('files', 'expected an array');
  }
  return payload.map((raw: unknown, i): ChangedPath => {
    const at = `files[${String(i)}]`;
    if (typeof raw !== 'object' || raw === null) {
      throw new PayloadError(at, 'expected an object');
    }
    const { filename, status, previous_filename: previous } = raw as Record<string, unknown>;
    if (typeof filename !== 'string' || filename === '') {
      throw new PayloadError(`${at}.filename`, 'expected a file name');
    }
    if (typeof status !== 'string' || !statuses.has(status)) {
      throw new PayloadError(`${at}.status`, `unknown status ${JSON.stringify(status)}`);
    }
    const mapped: ChangedPath['status'] =
      status === 'copied' ? 'added' : status === 'changed' ? 'modified' : (status as never);
    return {
      path: filename,
      status: mapped,
      ...(typeof previous === 'string' && previous !== '' ? { previousPath: previous } : {}),
    };
  });
}

/** The path of a changed file at the base (undefined for an added file). */
export function basePathOf(file: ChangedPath): string | undefined {
  return file.status === 'added' ? undefined : (file.previousPath ?? file.path);
}

/** The path at the head (undefined for a removed file). */
export function headPathOf(file: ChangedPath): string | undefined {
  return file.status === 'removed' ? undefined : file.path;
}

/** One line for a check's tree item: the output title or state, then the plan counts read. */
export function checkDescription(check: CheckItem): string {
  const plan = check.plan;
  const counts =
    plan === undefined
      ? check.noChanges
        ? 'no changes'
        : undefined
      : `+${String(plan.add)} ~${String(plan.change)} -${String(plan.destroy)}`;
  // The title often is the plan line itself: do not repeat it.
  return counts === undefined || check.description.startsWith('Plan:')
    ? check.description
    : `${check.description} · ${counts}`;
}

/**
 * The Markdown document "Show check summary" opens: the check's name and state, a link to the
 * run, and its summary as the tool wrote it (Markdown already).
 */
export function checkSummaryMarkdown(
  check: CheckItem,
  pullRequest: { readonly number: number; readonly title: string },
): string {
  const lines = [
    `# ${check.label}`,
    '',
    `Pull request #${String(pullRequest.number)} ${pullRequest.title} · state: **${check.state}**`,
  ];
  if (check.description !== check.state) {
    lines.push('', `**${check.description}**`);
  }
  if (check.url !== undefined) {
    lines.push('', `[Open the run on GitHub](${check.url})`);
  }
  lines.push('', check.summary ?? '_This check run has no summary._', '');
  return lines.join('\n');
}
