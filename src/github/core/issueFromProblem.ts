/**
 * The issue "Open an issue for this problem" files for one of our diagnostics: a title naming the
 * file and the problem, a body naming file, line, source, code and message, and a link to the
 * line at the commit the file was read at (a permalink when the file is committed unchanged).
 */

/** The problem as the editor reported it, in plain data. */
export interface ProblemReport {
  /** Path from the repository root, `/`-separated. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** `kubernetes`, `github-actions`, ... */
  readonly source: string;
  readonly code?: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  /** The source line, trimmed (quoted in the body); undefined when not available. */
  readonly excerpt?: string;
}

/** Where the problem's line can be seen on GitHub. */
export interface ProblemLocation {
  /** `https://github.com/acme/infra` (the repository's web URL). */
  readonly webUrl: string;
  /** A full commit id, or a branch name when the file has uncommitted changes. */
  readonly revision: string;
  /** True when `revision` is a commit holding the file as it is in the editor. */
  readonly permanent: boolean;
}

/** A new issue's fields. */
export interface IssueDraft {
  readonly title: string;
  readonly body: string;
}

const maxTitle = 120;

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}\n${text}\n${ticks}`;
}

/** Escapes what Markdown would read as formatting in one inline text. */
function inline(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The link to the problem's line: `webUrl/blob/<revision>/<file>#L<line>`. */
export function lineLink(location: ProblemLocation, report: ProblemReport): string {
  // Each segment encoded, slashes kept: GitHub reads `blob/feature/x/file` by its branches.
  const encode = (text: string): string => text.split('/').map(encodeURIComponent).join('/');
  return `${location.webUrl.replace(/\/+$/, '')}/blob/${encode(location.revision)}/${encode(report.file)}#L${String(report.line)}`;
}

/**
 * The issue for a problem. The title is `file:line: message` cut to 120 characters; the body
 * names the problem's file, line and column, source and code, severity and message, quotes the
 * line, and links to it (saying when the link follows a branch rather than a commit).
 */
export function issueForProblem(report: ProblemReport, location?: ProblemLocation): IssueDraft {
  const firstLine = report.message.split(/\r?\n/)[0]?.trim() ?? '';
  let title = `${report.file}:${String(report.line)}: ${firstLine}`;
  if (title.length > maxTitle) {
    title = `${title.slice(0, maxTitle - 1).trimEnd()}…`;
  }
  const code = report.code === undefined ? '' : ` \`${report.code.replace(/`/g, '')}\``;
  const lines = [
    `Infra Workbench reports a${report.severity === 'error' || report.severity === 'info' ? 'n' : ''} ${report.severity} in \`${report.file.replace(/`/g, '')}\`.`,
    '',
    `- **File:** \`${report.file.replace(/`/g, '')}\`, line ${String(report.line)}, column ${String(report.column)}`,
    `- **Check:** ${inline(report.source)}${code}`,
    `- **Message:** ${inline(report.message)}`,
  ];
  if (location !== undefined) {
    const link = lineLink(location, report);
    lines.push(
      location.permanent
        ? `- **Where:** ${link}`
        : `- **Where:** ${link} (branch \`${location.revision.replace(/`/g, '')}\`; the file had uncommitted changes, so the line may have moved)`,
    );
  }
  if (report.excerpt !== undefined && report.excerpt.trim() !== '') {
    lines.push('', fence(report.excerpt));
  }
  lines.push('', '_Opened from the Infra Workbench quick fix "Open an issue for this problem"._');
  return { title, body: lines.join('\n') };
}
