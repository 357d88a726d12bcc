import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildPlanModel } from '../../../src/plan/core/buildPlanModel';
import { formatPlanMarkdown } from '../../../src/plan/core/formatPlanMarkdown';
import { formatPlanText } from '../../../src/plan/core/formatPlanText';
import { buildPlanReport } from '../../../src/plan/core/planReport';
import { PlanReadError, readPlanJson } from '../../../src/plan/core/readPlanJson';
import { corpusDir, listFiles } from '../corpus';
import { sensitiveStrings } from './corpusSecrets';

const plansDir = path.join(corpusDir(), 'terraform-plans');

/**
 * The corpus files that are not plans, and the error each must give. Everything else ending in
 * .json is `terraform show -json <planfile>` output (Terraform 0.12 to 1.x, OpenTofu) and must
 * parse.
 */
const notPlans: readonly { match: RegExp; error: RegExp; what: string }[] = [
  { match: /\.tfstate$/, error: /raw Terraform state file/, what: 'raw state files' },
  {
    match: /^cycloidio__inframap\//,
    error: /raw Terraform state file/,
    what: "InfraMap's inputs: raw states (v2 to v4)",
  },
  {
    match: /show-json-state\/[^/]+\/output\.json$/,
    error: /JSON of a state/,
    what: '`terraform show -json` of a state',
  },
  {
    match: /^hashicorp__terraform-json\/testdata\/[^/]+\/(state|show)\.json$/,
    error: /JSON of a state/,
    what: "terraform-json's state goldens",
  },
  {
    match: /^terraform-compliance__cli\/tests\/functional\/test_child_modules\/plan\.out\.json$/,
    error: /JSON of a state/,
    what: 'named plan.out.json but holds `show -json` of a state (format_version 0.1, values)',
  },
  {
    match: /cloud\/testdata\/(apply-json-with-error|plan-json-error)\/plan-redacted\.json$/,
    error: /empty object/,
    what: 'HCP Terraform errored runs: `{}`',
  },
  {
    match: /cloud\/testdata\/(?!plan-import-config-gen)[^/]+\/plan-redacted\.json$/,
    error: /HCP Terraform redacted plan/,
    what: 'HCP Terraform redacted plans (another format)',
  },
  {
    match: /^(28mm__blast-radius|pcasteran__terraform-graph-beautifier)\//,
    error: /top-level keys: nodes, edges/,
    what: 'dependency graphs',
  },
  {
    match: /^hieven__terraform-visual\//,
    error: /trimmed plan/,
    what: 'a plan trimmed to resource_changes',
  },
  {
    match: /^hashicorp__terraform-json\/invalid\//,
    error: /^not valid JSON: unexpected text after the JSON value at line \d+, column \d+$/,
    what: 'malformed JSON',
  },
  {
    match: /plan_with_terraform_wrapper\.json$/,
    error: /^not valid JSON: .* at line 1, column 2$/,
    what: "a plan behind setup-terraform's wrapper echo",
  },
];

function expectedError(file: string): RegExp | undefined {
  return notPlans.find((n) => n.match.test(file))?.error;
}

type Raw = Record<string, unknown>;

/** Terraform's counts, from the raw action lists (written here independently of the model). */
function rawCounts(plan: Raw): { add: number; change: number; destroy: number; forget: number } {
  const counts = { add: 0, change: 0, destroy: 0, forget: 0 };
  for (const rc of (plan.resource_changes ?? []) as Raw[]) {
    const actions = ((rc.change as Raw).actions as string[]).join('+');
    const isData = rc.mode === 'data';
    if (actions.includes('create')) {
      counts.add++;
    }
    if (actions === 'update') {
      counts.change++;
    }
    if (actions.includes('delete') && !isData) {
      counts.destroy++;
    }
    if (actions.includes('forget')) {
      counts.forget++;
    }
  }
  return counts;
}

describe('plan model on the corpus of real plans', () => {
  const files = listFiles(plansDir).filter((f) => /\.(json|tfstate)$/.test(f));

  for (const file of files) {
    const error = expectedError(file);
    const text = readFileSync(path.join(plansDir, file), 'utf8');
    if (error !== undefined) {
      it(`refuses ${file} (${notPlans.find((n) => n.match.test(file))?.what ?? ''})`, () => {
        assert.throws(
          () => readPlanJson(text),
          (e: unknown) => e instanceof PlanReadError && error.test(e.message),
        );
      });
      continue;
    }
    it(`reads ${file}`, () => {
      const raw = readPlanJson(text);
      const model = buildPlanModel(raw);
      const rawChanges = (raw.resource_changes ?? []) as Raw[];
      assert.equal(model.resourceChanges.length, rawChanges.length);
      const { add, change, destroy, forget } = model.summary.counts;
      assert.deepEqual({ add, change, destroy, forget }, rawCounts(raw));
      rawChanges.forEach((rc, i) => {
        const modelChange = model.resourceChanges[i];
        const actions = (rc.change as Raw).actions as string[];
        assert.deepEqual(modelChange?.action.actions, actions);
        assert.equal(modelChange.actionReason, rc.action_reason);
        const replacing =
          actions.length === 2 && actions.includes('create') && !actions.includes('update');
        assert.equal(modelChange.action.kind === 'replace', replacing, rc.address as string);
        assert.deepEqual(modelChange.replacePaths, (rc.change as Raw).replace_paths ?? []);
      });
      // Terraform shows no-ops that move or import, and never a data source's delete.
      const onlyNoOps = rawChanges.every((rc) => {
        const actions = ((rc.change as Raw).actions as string[]).join();
        return (
          (actions === 'delete' && rc.mode === 'data') ||
          (actions === 'no-op' &&
            rc.previous_address === undefined &&
            (rc.change as Raw).importing === undefined)
        );
      });
      const outputsChange = Object.values((raw.output_changes ?? {}) as Record<string, Raw>).some(
        (o) => (o.actions as string[]).join() !== 'no-op',
      );
      const deferredOrActions =
        ((raw.deferred_changes ?? []) as unknown[]).length > 0 ||
        ((raw.action_invocations ?? []) as unknown[]).length > 0;
      assert.equal(
        model.summary.noChanges,
        onlyNoOps && !outputsChange && raw.errored !== true && !deferredOrActions,
      );

      const report = buildPlanReport(model);
      const rendered = [
        formatPlanText(report),
        formatPlanMarkdown(report),
        JSON.stringify(report),
        JSON.stringify(model),
      ].join('\n');
      const { secrets, visible } = sensitiveStrings(raw);
      for (const secret of secrets) {
        // A secret that is also a visible string (or part of one) cannot be told apart.
        if (secret.length < 3 || [...visible].some((v) => v.includes(secret))) {
          continue;
        }
        assert.ok(!rendered.includes(secret), `sensitive value ${JSON.stringify(secret)} shown`);
      }
    });
  }

  it('has enough plans, some with sensitive values, for the checks above to mean something', () => {
    const plans = files.filter((f) => expectedError(f) === undefined);
    assert.ok(plans.length > 150, `only ${plans.length} plans`);
    const withSecrets = plans.filter((f) => {
      const raw = JSON.parse(readFileSync(path.join(plansDir, f), 'utf8')) as Raw;
      const { secrets, visible } = sensitiveStrings(raw);
      return [...secrets].some((s) => s.length >= 3 && ![...visible].some((v) => v.includes(s)));
    });
    assert.ok(withSecrets.length >= 5, `only ${withSecrets.join(', ')}`);
  });
});
