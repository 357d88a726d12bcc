import type { CheckReport, FileProblem, ReportedSeverity } from './checkReport';

/** How {@link formatText} writes. */
export interface TextFormatOptions {
  /** Colour with ANSI escapes (see {@link shouldColour}). */
  readonly colour: boolean;
}

const ansi = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  green: '\x1b[32m',
  cyan: '\x1b[36m',
} as const;

const severityColour: Record<ReportedSeverity, string> = {
  error: ansi.red,
  warning: ansi.yellow,
  info: ansi.cyan,
};

/**
 * The text report: one line per problem, `file:line:column: severity: message [source/code]`,
 * then the summary line, `N file(s) checked: E error(s), W warning(s)`.
 */
export function formatText(report: CheckReport, options: TextFormatOptions): string {
  const paint = (style: string, text: string): string =>
    options.colour ? `${style}${text}${ansi.reset}` : text;
  const lines = report.problems.map((p: FileProblem) => {
    const where = paint(ansi.bold, `${printable(p.file)}:${p.line}:${p.column}:`);
    const severity = paint(severityColour[p.severity], `${p.severity}:`);
    const code = paint(ansi.dim, `[${p.source}/${p.code}]`);
    return `${where} ${severity} ${printable(p.message)} ${code}\n`;
  });
  const { files, errors, warnings } = report.summary;
  const summary = `${files} file(s) checked: ${errors} error(s), ${warnings} warning(s)`;
  const summaryStyle = errors > 0 ? ansi.red : warnings > 0 ? ansi.yellow : ansi.green;
  return `${lines.join('')}${paint(summaryStyle, summary)}\n`;
}

/**
 * Whether to colour text written to a stream: on a terminal, unless NO_COLOR is set (and not
 * empty) or TERM is dumb; FORCE_COLOR forces it on (or off, when it is 0 or false).
 */
export function shouldColour(
  isTty: boolean,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    return force !== '0' && force.toLowerCase() !== 'false';
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
    return false;
  }
  return isTty && env.TERM !== 'dumb';
}

/**
 * Text from the checked files (keys, values, file names) is quoted in messages: its control
 * characters are shown escaped, so a file cannot move the cursor or recolour the terminal, and
 * every problem stays on one line.
 */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}
