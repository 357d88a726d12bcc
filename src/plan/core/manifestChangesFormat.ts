import { code, escapeText } from './formatPlanMarkdown';
import { summaryLimits } from './formatPlanText';
import type { ManifestResourceChange } from './manifestChanges';
import type { ManifestChangesReport } from './manifestChangesFromGit';
import type { FieldChange, ManifestValue } from './manifestFieldDiff';
import type { SourceLocation } from './manifestResources';

/** How a Secret's value is shown: never the value, only that it changed. */
export const sensitiveText = '(sensitive)';

/** How many moved resources a summary names before "and N more". */
const movedLimit = 50;

/** A value on one line, cut with `…` past `maxLength`. */
export function renderManifestValue(value: ManifestValue | undefined, maxLength = 120): string {
  const text = value === undefined ? 'null' : JSON.stringify(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

function where(at: SourceLocation | undefined): string {
  return at === undefined ? '' : `${at.file}:${at.line}`;
}

/** `k8s/web.yaml:3`, or `k8s/old.yaml:3 -> k8s/new.yaml:1` when the resource also moved. */
function locationOf(change: ManifestResourceChange): string {
  if (change.base !== undefined && change.head !== undefined) {
    return change.base.file === change.head.file
      ? where(change.head)
      : `${where(change.base)} -> ${where(change.head)}`;
  }
  return where(change.head ?? change.base);
}

const symbols = { add: '+', change: '~', remove: '-' } as const;

function baseLine(report: ManifestChangesReport): string {
  const short = report.base.commit.slice(0, 12);
  const base =
    report.base.description === report.base.ref && report.base.ref !== short
      ? `${report.base.ref} (${short})`
      : `${report.base.description} (${short})`;
  const parts = [
    `base: ${base}`,
    `${report.files.length} changed manifest file${report.files.length === 1 ? '' : 's'}`,
  ];
  if (report.scope !== '') {
    parts.push(`under ${report.scope}`);
  }
  if (report.summary.counts.moved > 0) {
    parts.push(`${report.summary.counts.moved} moved without changes`);
  }
  return parts.join('; ');
}

/** The changes for a terminal: the headline, removes first, then changes and adds with their fields. */
export function formatManifestChangesText(report: ManifestChangesReport): string {
  const out = [report.summary.headline, `(${baseLine(report)})`];
  const groups: [ManifestResourceChange['action'], string][] = [
    ['remove', 'To remove'],
    ['change', 'To change'],
    ['add', 'To add'],
  ];
  for (const [action, label] of groups) {
    const changes = report.changes.filter((c) => c.action === action);
    if (changes.length === 0) {
      continue;
    }
    out.push('', `${label} (${changes.length}):`);
    for (const change of changes) {
      out.push(`  ${symbols[action]} ${change.title}  ${locationOf(change)}`);
      out.push(...fieldsText(change.fields, '      '));
      if (change.note !== undefined) {
        out.push(`      note: ${change.note}`);
      }
    }
  }
  if (report.moved.length > 0) {
    out.push('', `Moved without changes (${report.moved.length}):`);
    for (const m of report.moved.slice(0, movedLimit)) {
      out.push(`    ${m.title}  ${where(m.base)} -> ${where(m.head)}`);
    }
    if (report.moved.length > movedLimit) {
      out.push(`    … ${report.moved.length - movedLimit} more`);
    }
  }
  out.push(...problemsText(report));
  return `${out.join('\n')}\n`;
}

function fieldsText(fields: readonly FieldChange[], indent: string): string[] {
  const out: string[] = [];
  for (const field of fields.slice(0, summaryLimits.attributes)) {
    out.push(...fieldLines(field, indent));
  }
  if (fields.length > summaryLimits.attributes) {
    out.push(`${indent}… ${fields.length - summaryLimits.attributes} more fields`);
  }
  return out;
}

/** One field: `~ spec.replicas: 2 -> 3`, `+ metadata.labels.tier: "web"`, `~ data.token: (sensitive)`. */
export function fieldLines(field: FieldChange, indent: string): string[] {
  const symbol = field.change === 'added' ? '+' : field.change === 'removed' ? '-' : '~';
  if (field.sensitive === true) {
    return [`${indent}${symbol} ${field.path}: ${sensitiveText} ${changedWord(field)}`];
  }
  if (field.lines !== undefined) {
    const body = field.lines
      .slice(0, summaryLimits.lines)
      .map((l) => `${indent}    ${l.op} ${l.text}`);
    if (field.lines.length > body.length) {
      body.push(`${indent}    … ${field.lines.length - body.length} more lines`);
    }
    return [`${indent}${symbol} ${field.path}:`, ...body];
  }
  return [`${indent}${symbol} ${field.path}: ${valueText(field, ' -> ')}`];
}

function changedWord(field: FieldChange): string {
  return field.change === 'changed' ? 'changed' : field.change;
}

function valueText(field: FieldChange, arrow: string): string {
  switch (field.change) {
    case 'added':
      return renderManifestValue(field.after);
    case 'removed':
      return `${renderManifestValue(field.before)}${arrow}null`;
    case 'changed':
      return `${renderManifestValue(field.before)}${arrow}${renderManifestValue(field.after)}`;
  }
}

function problemsText(report: ManifestChangesReport): string[] {
  const out: string[] = [];
  if (report.problems.length > 0) {
    out.push('', `Could not be parsed (${report.problems.length}):`);
    for (const p of report.problems) {
      out.push(`  ${p.file}:${p.line}:${p.column} (${p.side}): ${p.message}`);
    }
  }
  if (report.notes.length > 0) {
    out.push('', `Not compared (${report.notes.length}):`);
    for (const n of report.notes) {
      out.push(`  ${n.file} (${n.side}): ${n.message}`);
    }
  }
  return out;
}

/**
 * The changes as Markdown for a pull request description: the headline, removed resources
 * listed first and marked, every other change collapsed in `<details>`. Secret values never
 * appear (the report holds none).
 */
export function formatManifestChangesMarkdown(report: ManifestChangesReport): string {
  const out = [`**${escapeText(report.summary.headline)}**`, '', escapeText(baseLine(report))];
  const removed = report.changes.filter((c) => c.action === 'remove');
  const rest = report.changes.filter((c) => c.action !== 'remove');
  if (removed.length > 0) {
    out.push('', `### :warning: Removed (${removed.length})`, '');
    for (const change of removed) {
      out.push(...changeItem(change, true));
    }
  }
  if (rest.length > 0) {
    out.push(
      '',
      '<details>',
      `<summary>${removed.length > 0 ? 'Other changes' : 'Changes'} (${rest.length})</summary>`,
      '',
    );
    for (const change of rest) {
      out.push(...changeItem(change, false));
    }
    out.push('', '</details>');
  }
  if (report.moved.length > 0) {
    out.push(
      '',
      '<details>',
      `<summary>Moved without changes (${report.moved.length})</summary>`,
      '',
    );
    for (const m of report.moved.slice(0, movedLimit)) {
      out.push(`- ${code(m.title)}: ${code(where(m.base))} → ${code(where(m.head))}`);
    }
    if (report.moved.length > movedLimit) {
      out.push(`- … ${report.moved.length - movedLimit} more`);
    }
    out.push('', '</details>');
  }
  if (report.problems.length > 0) {
    out.push('', `Could not be parsed (${report.problems.length}):`, '');
    for (const p of report.problems) {
      out.push(
        `- ${code(`${p.file}:${p.line}:${p.column}`)} (${p.side}): ${escapeText(p.message)}`,
      );
    }
  }
  if (report.notes.length > 0) {
    out.push('', `Not compared (${report.notes.length}):`, '');
    for (const n of report.notes) {
      out.push(`- ${code(n.file)} (${n.side}): ${escapeText(n.message)}`);
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function changeItem(change: ManifestResourceChange, marked: boolean): string[] {
  // Escaped: "- + text" would start a nested list.
  const symbol = `\\${symbols[change.action]}`;
  const title = code(change.title);
  const head = marked ? `- **${symbol} ${title}**` : `- ${symbol} ${title}`;
  const lines = [`${head} (${code(locationOf(change))})`];
  for (const field of change.fields.slice(0, summaryLimits.attributes)) {
    lines.push(...fieldItem(field));
  }
  if (change.fields.length > summaryLimits.attributes) {
    lines.push(`  - … ${change.fields.length - summaryLimits.attributes} more fields`);
  }
  if (change.note !== undefined) {
    lines.push(`  - note: ${escapeText(change.note)}`);
  }
  return lines;
}

function fieldItem(field: FieldChange): string[] {
  if (field.sensitive === true) {
    return [`  - ${code(field.path)}: ${sensitiveText} ${changedWord(field)}`];
  }
  if (field.lines !== undefined) {
    const body = field.lines.slice(0, summaryLimits.lines).map((l) => `    ${l.op} ${l.text}`);
    if (field.lines.length > body.length) {
      body.push(`    … ${field.lines.length - body.length} more lines`);
    }
    return [`  - ${code(field.path)}:`, '', '    ```diff', ...body, '    ```', ''];
  }
  const value =
    field.change === 'added'
      ? `${code(renderManifestValue(field.after))} (added)`
      : field.change === 'removed'
        ? `${code(renderManifestValue(field.before))} (removed)`
        : `${code(renderManifestValue(field.before))} → ${code(renderManifestValue(field.after))}`;
  return [`  - ${code(field.path)}: ${value}`];
}
