import type { AttributeChange } from './attributeDiff';
import { actionSymbol, describeAction, renderOutputAfter, renderValue } from './describeChange';
import type { PlanReport, ReportedResource } from './planReport';

/** How many dependents and attributes a summary names before saying "and N more". */
export const summaryLimits = { dependents: 10, attributes: 30, lines: 40 } as const;

/** The plan summary for a terminal: the counts, destroys and replacements first, then the rest. */
export function formatPlanText(report: PlanReport): string {
  const out: string[] = [];
  if (report.errored) {
    out.push('Planning failed: this plan is incomplete and cannot be applied.');
  }
  if (!report.summary.headline.startsWith('Planning failed')) {
    out.push(...(report.errored ? [''] : []), report.summary.headline);
  }
  if (report.summary.details !== '') {
    out.push(`(${report.summary.details})`);
  }
  const dangerous = report.resources.filter((r) => r.dangerous);
  const rest = report.resources.filter((r) => !r.dangerous);
  if (dangerous.length > 0) {
    out.push('', `Destroyed or replaced (${dangerous.length}):`);
    for (const resource of dangerous) {
      out.push(...resourceLines(resource));
    }
  }
  if (rest.length > 0) {
    out.push(
      '',
      dangerous.length > 0 ? `Other changes (${rest.length}):` : `Changes (${rest.length}):`,
    );
    for (const resource of rest) {
      out.push(...resourceLines(resource));
    }
  }
  if (report.outputs.length > 0) {
    out.push('', 'Changes to outputs:');
    for (const o of report.outputs) {
      const after = renderOutputAfter(o);
      out.push(
        `  ${o.action === 'delete' ? '-' : o.action === 'create' ? '+' : '~'} ${o.name} = ${after}`,
      );
    }
  }
  if (report.drift.length > 0) {
    out.push('', `Changed outside Terraform (${report.drift.length}):`);
    for (const d of report.drift) {
      out.push(`  ${d.address} (${d.action})`);
    }
  }
  if (report.deferred.length > 0) {
    out.push('', `Deferred to a later plan (${report.deferred.length}):`);
    for (const d of report.deferred) {
      out.push(`  ${d.address} (${d.action}, ${d.reason})`);
    }
  }
  const failing = report.checks.filter((c) => c.status !== 'pass');
  if (failing.length > 0) {
    out.push('', 'Checks not passing:');
    for (const c of failing) {
      out.push(`  ${c.address}: ${c.status}`);
      for (const p of c.problems) {
        out.push(`    ${p}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

function resourceLines(resource: ReportedResource): string[] {
  const lines = [
    `${actionSymbol(resource).padStart(3)} ${resource.address}  ${describeAction(resource)}`,
  ];
  const shown = resource.attributes.slice(0, summaryLimits.attributes);
  for (const attribute of shown) {
    lines.push(...attributeLines(attribute, '      '));
  }
  if (resource.attributes.length > shown.length) {
    lines.push(`      … ${resource.attributes.length - shown.length} more attributes`);
  }
  if (resource.dependents !== undefined && resource.dependents.length > 0) {
    lines.push(
      `      blast radius: ${resource.dependents.length} dependent resource${resource.dependents.length === 1 ? '' : 's'}: ${listSome(resource.dependents, summaryLimits.dependents)}`,
    );
  }
  return lines;
}

/** One attribute, Terraform-like: `~ tags.env: "dev" -> "prod"  # forces replacement`. */
export function attributeLines(attribute: AttributeChange, indent: string): string[] {
  const symbol = attribute.change === 'added' ? '+' : attribute.change === 'removed' ? '-' : '~';
  const forces = attribute.forcesReplacement ? '  # forces replacement' : '';
  if (attribute.lines !== undefined) {
    const body = attribute.lines
      .slice(0, summaryLimits.lines)
      .map((l) => `${indent}    ${l.op} ${l.text}`);
    if (attribute.lines.length > body.length) {
      body.push(`${indent}    … ${attribute.lines.length - body.length} more lines`);
    }
    return [`${indent}${symbol} ${attribute.pathText}:${forces}`, ...body];
  }
  const value =
    attribute.change === 'added'
      ? renderValue(attribute.after)
      : attribute.change === 'removed'
        ? `${renderValue(attribute.before)} -> null`
        : `${renderValue(attribute.before)} -> ${renderValue(attribute.after)}`;
  return [`${indent}${symbol} ${attribute.pathText}: ${value}${forces}`];
}

/** `a, b, c and 4 more`. */
export function listSome(items: readonly string[], limit: number): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown} and ${items.length - limit} more` : shown;
}
