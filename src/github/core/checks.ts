/**
 * A pull request's check runs as tree items, with the summary text where Atlantis, tfcmt and
 * Terraform Cloud put the plan result, and the plan counts read from it.
 */
import type { CiState } from './treeModel';

/** The fields of a REST check run (GET /repos/{owner}/{repo}/commits/{ref}/check-runs) read here. */
export interface CheckRunPayload {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly html_url: string | null;
  readonly details_url?: string | null;
  readonly output: {
    readonly title: string | null;
    readonly summary: string | null;
    readonly text?: string | null;
  };
}

/** `Plan: 1 to add, 2 to change, 0 to destroy.` as numbers. */
export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Terraform 1.5+ `N to import`. */
  readonly import?: number;
}

/** A check run as a tree item shows it. */
export interface CheckItem {
  readonly id: number;
  readonly label: string;
  /** The output title (`Plan: 0 to add, 1 to change, 0 to destroy`), else the state. */
  readonly description: string;
  readonly state: CiState | 'neutral' | 'skipped';
  /** The summary (Markdown) for the tooltip or a preview; undefined when the run has none. */
  readonly summary?: string;
  readonly url?: string;
  readonly plan?: PlanCounts;
  /** `No changes.` was reported: a plan with nothing to do. */
  readonly noChanges: boolean;
}

function stateOf(status: string, conclusion: string | null): CheckItem['state'] {
  if (status !== 'completed') {
    return 'pending';
  }
  switch (conclusion) {
    case 'success':
      return 'success';
    case 'neutral':
      return 'neutral';
    case 'skipped':
      return 'skipped';
    case 'failure':
    case 'timed_out':
    case 'cancelled':
    case 'action_required':
    case 'startup_failure':
    case 'stale':
      return 'failure';
    default:
      return 'none';
  }
}

/**
 * The plan counts in a text: Terraform's and OpenTofu's `Plan: N to add, N to change, N to
 * destroy` line (with an optional `N to import, ` first), as Atlantis, tfcmt and Terraform Cloud
 * quote it. Where several plans are quoted (Atlantis, one per project), their counts are summed.
 */
export function planCountsIn(text: string): PlanCounts | undefined {
  const pattern =
    /Plan:\s+(?:(\d+) to import,\s+)?(\d+) to add,\s+(\d+) to change,\s+(\d+) to destroy/g;
  let found = false;
  let imports = 0;
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const match of text.matchAll(pattern)) {
    found = true;
    imports += Number(match[1] ?? 0);
    add += Number(match[2]);
    change += Number(match[3]);
    destroy += Number(match[4]);
  }
  if (!found) {
    return undefined;
  }
  return { add, change, destroy, ...(imports > 0 ? { import: imports } : {}) };
}

/** Maps check runs to tree items: failures first, then pending, then the rest, each by name. */
export function mapCheckRuns(runs: readonly CheckRunPayload[]): CheckItem[] {
  const order: Readonly<Record<CheckItem['state'], number>> = {
    failure: 0,
    pending: 1,
    none: 2,
    success: 3,
    neutral: 4,
    skipped: 5,
  };
  return runs
    .map((run): CheckItem => {
      const state = stateOf(run.status, run.conclusion);
      const body = [run.output.summary, run.output.text]
        .filter((t): t is string => typeof t === 'string')
        .join('\n');
      // The title often repeats the summary's total: read it only when the body has no plan.
      const plan = planCountsIn(body) ?? planCountsIn(run.output.title ?? '');
      const text = `${run.output.title ?? ''}\n${body}`;
      const title = run.output.title?.trim();
      const summary = run.output.summary?.trim();
      const url = run.html_url ?? run.details_url ?? undefined;
      return {
        id: run.id,
        label: run.name,
        description: title !== undefined && title !== '' ? title : state,
        state,
        ...(summary !== undefined && summary !== '' ? { summary } : {}),
        ...(url !== undefined ? { url } : {}),
        ...(plan ? { plan } : {}),
        noChanges: /\bNo changes\.\s/.test(`${text} `),
      };
    })
    .sort((a, b) => order[a.state] - order[b.state] || a.label.localeCompare(b.label));
}
