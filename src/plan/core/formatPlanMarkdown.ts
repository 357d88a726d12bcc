import type { AttributeChange } from './attributeDiff';
import { actionSymbol, describeAction, renderOutputAfter, renderValue } from './describeChange';
import { listSome, summaryLimits } from './formatPlanText';
import type { PlanReport, ReportedResource } from './planReport';

/**
 * The plan summary as Markdown for a pull request description: the counts line, then destroys
 * and replacements listed first and marked, then every other change collapsed in `<details>`.
 * Built from the masked report: no sensitive value can appear.
 */
export function formatPlanMarkdown(report: PlanReport): string {
  const out: string[] = [];
  if (report.errored) {
    out.push(
      '> [!CAUTION]',
      '> Planning failed: this plan is incomplete and cannot be applied.',
      '',
    );
  }
  if (!report.summary.headline.startsWith('Planning failed')) {
    out.push(`**${escapeText(report.summary.headline)}**`);
  }
  if (report.summary.details !== '') {
    out.push('', escapeText(report.summary.details));
  }
  const dangerous = report.resources.filter((r) => r.dangerous);
  const rest = report.resources.filter((r) => !r.dangerous);
  if (dangerous.length > 0) {
    out.push('', `### :warning: Destroyed or replaced (${dangerous.length})`, '');
    for (const resource of dangerous) {
      out.push(...resourceItem(resource, true));
    }
  }
  if (rest.length > 0) {
    out.push(
      '',
      '<details>',
      `<summary>${dangerous.length > 0 ? 'Other changes' : 'Changes'} (${rest.length})</summary>`,
      '',
    );
    for (const resource of rest) {
      out.push(...resourceItem(resource, false));
    }
    out.push('', '</details>');
  }
  if (report.outputs.length > 0) {
    out.push('', '<details>', `<summary>Outputs (${report.outputs.length})</summary>`, '');
    for (const o of report.outputs) {
      const after = renderOutputAfter(o);
      out.push(`- \`${o.name}\` ${o.action}: ${code(after)}`);
    }
    out.push('', '</details>');
  }
  if (report.drift.length > 0) {
    out.push(
      '',
      '<details>',
      `<summary>Changed outside Terraform (${report.drift.length})</summary>`,
      '',
    );
    for (const d of report.drift) {
      out.push(`- ${code(d.address)} ${d.action}`);
    }
    out.push('', '</details>');
  }
  if (report.deferred.length > 0) {
    out.push('', `Deferred to a later plan (${report.deferred.length}):`, '');
    for (const d of report.deferred) {
      out.push(`- ${code(d.address)} ${d.action} (${escapeText(d.reason)})`);
    }
  }
  const failing = report.checks.filter((c) => c.status !== 'pass');
  if (failing.length > 0) {
    out.push('', 'Checks not passing:', '');
    for (const c of failing) {
      out.push(`- ${code(c.address)}: ${c.status}`);
      for (const p of c.problems) {
        out.push(`  - ${escapeText(p)}`);
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function resourceItem(resource: ReportedResource, dangerous: boolean): string[] {
  const symbol = actionSymbol(resource).trim();
  const head = dangerous
    ? `- **${symbol} ${code(resource.address)}** ${escapeText(describeAction(resource))}`
    : `- ${symbol === '' ? '' : `${symbol} `}${code(resource.address)} ${escapeText(describeAction(resource))}`;
  const lines = [head];
  if (resource.forcesReplacement.length > 0) {
    lines.push(`  - forces replacement: ${resource.forcesReplacement.map(code).join(', ')}`);
  }
  const shown = resource.attributes.slice(0, summaryLimits.attributes);
  for (const attribute of shown) {
    lines.push(...attributeItem(attribute));
  }
  if (resource.attributes.length > shown.length) {
    lines.push(`  - … ${resource.attributes.length - shown.length} more attributes`);
  }
  if (resource.dependents !== undefined && resource.dependents.length > 0) {
    lines.push(
      `  - blast radius: ${resource.dependents.length} dependent resource${resource.dependents.length === 1 ? '' : 's'}: ${listSome(resource.dependents.map(code), summaryLimits.dependents)}`,
    );
  }
  return lines;
}

function attributeItem(attribute: AttributeChange): string[] {
  const forces = attribute.forcesReplacement ? ' (forces replacement)' : '';
  if (attribute.lines !== undefined) {
    const body = attribute.lines.slice(0, summaryLimits.lines).map((l) => `    ${l.op} ${l.text}`);
    if (attribute.lines.length > body.length) {
      body.push(`    … ${attribute.lines.length - body.length} more lines`);
    }
    return [`  - ${code(attribute.pathText)}${forces}:`, '', '    ```diff', ...body, '    ```', ''];
  }
  const value =
    attribute.change === 'added'
      ? `${code(renderValue(attribute.after))} (added)`
      : attribute.change === 'removed'
        ? `${code(renderValue(attribute.before))} (removed)`
        : `${code(renderValue(attribute.before))} → ${code(renderValue(attribute.after))}`;
  return [`  - ${code(attribute.pathText)}: ${value}${forces}`];
}

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Plain text with Markdown and HTML specials escaped. */
export function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}
