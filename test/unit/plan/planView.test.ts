import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildPlanModel, readPlanModel } from '../../../src/plan/core/buildPlanModel';
import { PlanPreviewData } from '../../../src/plan/core/planView';
import { PlanReadError, readPlanJson, type RawPlan } from '../../../src/plan/core/readPlanJson';
import { corpusDir, listFiles } from '../corpus';
import { distinctSecrets } from './corpusSecrets';
import { actionsFixtureSecrets, fixtureText } from './planFixtures';

const plansDir = path.join(corpusDir(), 'terraform-plans');

/** Everything the panel would receive for a plan: the view and every resource's details, both ways. */
function everythingSent(data: PlanPreviewData): string {
  const parts = [JSON.stringify(data.view)];
  const ids = [...data.view.resources, ...data.view.relevantDrift, ...data.view.otherDrift].map(
    (r) => r.id,
  );
  for (const id of ids) {
    parts.push(JSON.stringify(data.details(id, false)), JSON.stringify(data.details(id, true)));
  }
  return parts.join('\n');
}

describe('plan preview view model on the corpus', () => {
  const files = listFiles(plansDir).filter((f) => f.endsWith('.json'));
  let checked = 0;
  let withSecrets = 0;

  for (const file of files) {
    const text = readFileSync(path.join(plansDir, file), 'utf8');
    let raw: RawPlan;
    try {
      raw = readPlanJson(text);
    } catch (error) {
      // Which files are refused, and why, is the model's test (corpusPlans.test.ts).
      if (error instanceof PlanReadError) {
        continue;
      }
      throw error;
    }
    it(`shows ${file} with its counts, destroys first, and no sensitive value`, () => {
      const model = buildPlanModel(raw);
      const data = new PlanPreviewData(model, path.basename(file));
      const view = data.view;
      assert.deepEqual(view.counts, model.summary.counts);
      assert.equal(view.headline, model.summary.headline);
      // Every change Terraform shows is listed once; drift is split, never lost.
      const rawChanges = (raw.resource_changes ?? []) as { change: { actions: string[] } }[];
      const noOps = model.resourceChanges.length - view.resources.length;
      assert.ok(noOps >= 0 && noOps <= rawChanges.length);
      assert.equal(
        new Set(view.resources.map((r) => r.id)).size,
        view.resources.length,
        'ids are unique',
      );
      assert.equal(
        view.relevantDrift.length + view.otherDrift.length,
        ((raw.resource_drift ?? []) as unknown[]).length,
      );
      const firstSafe = view.resources.findIndex((r) => !r.dangerous);
      if (firstSafe >= 0) {
        assert.ok(
          view.resources.slice(firstSafe).every((r) => !r.dangerous),
          'destroys and replacements come first',
        );
      }
      assert.equal(
        view.resources.filter((r) => r.dangerous).length,
        model.resourceChanges.filter(
          (c) => c.action.kind === 'replace' || (c.action.kind === 'delete' && c.mode !== 'data'),
        ).length,
      );
      assert.equal(view.noChanges, model.summary.noChanges);
      if (view.noChanges) {
        assert.equal(view.headline, 'No changes. Your infrastructure matches the configuration.');
      }
      const sent = everythingSent(data);
      const secrets = distinctSecrets(raw);
      if (secrets.length > 0) {
        withSecrets++;
      }
      for (const secret of secrets) {
        assert.ok(!sent.includes(secret), `sensitive value ${JSON.stringify(secret)} sent`);
      }
      checked++;
    });
  }

  it('checked enough plans, some with secrets, for the checks to mean something', () => {
    assert.ok(checked > 150, `only ${checked} plans`);
    assert.ok(withSecrets >= 5, `only ${withSecrets} plans with secrets`);
  });
});

describe('plan preview view model', () => {
  const data = new PlanPreviewData(readPlanModel(fixtureText('terraform-actions.json')), 'x');
  const byAddress = (address: string) => {
    const found = data.view.resources.find((r) => r.address === address);
    assert.ok(found, address);
    return found;
  };

  it('marks replacements with their reason and the attributes forcing them', () => {
    const vpc = byAddress('aws_vpc.main');
    assert.equal(vpc.action, 'replace');
    assert.equal(vpc.symbol, '-/+');
    assert.ok(vpc.dangerous);
    assert.deepEqual(vpc.forcesReplacement, ['cidr_block']);
    assert.match(vpc.description, /destroy before create.*cannot be updated in place/);
    const details = data.details(vpc.id, false) ?? [];
    const cidr = details.find((a) => a.path === 'cidr_block');
    assert.equal(cidr?.forcesReplacement, true);
    assert.equal(cidr.before.text, '"10.0.0.0/16"');
    assert.ok(
      details.some((a) => a.after.kind === 'unknown' && a.after.text === '(known after apply)'),
    );
  });

  it('gives destroyed and replaced resources their blast radius', () => {
    assert.deepEqual(byAddress('aws_vpc.main').dependents, ['aws_security_group.web']);
    assert.equal(byAddress('aws_security_group.web').dependents, undefined);
  });

  it('renders sensitive values as such, in changed and in all attributes', () => {
    const sent = everythingSent(data);
    for (const secret of actionsFixtureSecrets) {
      assert.ok(!sent.includes(secret), secret);
    }
    const web = byAddress('aws_instance.web[0]');
    const userData = data.details(web.id, false)?.find((a) => a.path === 'user_data');
    assert.equal(userData?.after.kind, 'sensitive');
    assert.equal(userData.after.text, '(sensitive value)');
  });

  it('shows unchanged attributes only when asked', () => {
    const vpc = byAddress('aws_vpc.main');
    const changed = data.details(vpc.id, false) ?? [];
    const all = data.details(vpc.id, true) ?? [];
    assert.ok(changed.every((a) => a.change !== 'unchanged'));
    assert.ok(all.length > changed.length);
    assert.ok(all.some((a) => a.change === 'unchanged'));
    assert.equal(data.details(10_000, false), undefined);
    assert.equal(data.details(-1, false), undefined);
  });

  it('says "No changes." for a no-op plan', () => {
    const view = new PlanPreviewData(readPlanModel(fixtureText('no-changes.json')), 'x').view;
    assert.ok(view.noChanges);
    assert.equal(view.resources.length, 0);
    assert.equal(view.headline, 'No changes. Your infrastructure matches the configuration.');
  });
});

describe('drift by relevance', () => {
  const drifted = (address: string, before: object, after: object) => ({
    address,
    mode: 'managed',
    type: address.split('.')[0],
    name: address.split('.')[1],
    change: { actions: ['update'], before, after, after_unknown: {} },
  });
  const plan = (relevant?: object[]) => ({
    format_version: '1.2',
    resource_changes: [],
    resource_drift: [
      drifted('aws_instance.read', { tags: { a: '1' }, ami: 'x' }, { tags: { a: '2' }, ami: 'x' }),
      drifted('aws_instance.noise', { tags: { a: '1' }, ami: 'x' }, { tags: { a: '1' }, ami: 'y' }),
      drifted('aws_instance.unread', { ami: 'x' }, { ami: 'y' }),
    ],
    ...(relevant === undefined ? {} : { relevant_attributes: relevant }),
  });

  it('separates drift the configuration reads from read-back noise', () => {
    const view = new PlanPreviewData(
      readPlanModel(
        JSON.stringify(
          plan([
            { resource: 'aws_instance.read', attribute: ['tags', 'a'] },
            { resource: 'aws_instance.noise', attribute: ['tags'] },
          ]),
        ),
      ),
      'x',
    ).view;
    assert.deepEqual(
      view.relevantDrift.map((d) => d.address),
      ['aws_instance.read'],
    );
    assert.deepEqual(
      view.otherDrift.map((d) => d.address),
      ['aws_instance.noise', 'aws_instance.unread'],
    );
  });

  it('counts every drift as relevant when the plan does not say', () => {
    const view = new PlanPreviewData(readPlanModel(JSON.stringify(plan())), 'x').view;
    assert.equal(view.relevantDrift.length, 3);
    assert.equal(view.otherDrift.length, 0);
  });
});
