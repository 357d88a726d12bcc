import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readPlanModel } from '../../../src/plan/core/buildPlanModel';
import { PlanPreviewData, type PlanView } from '../../../src/plan/core/planView';
import {
  buildRows,
  countsOf,
  matcher,
  parentOf,
  type Row,
  type RowOptions,
} from '../../../src/plan/webview/planRows';
import { PlanReadError } from '../../../src/plan/core/readPlanJson';
import { corpusDir, listFiles } from '../corpus';
import { fixtureText } from './planFixtures';

const actions = new PlanPreviewData(readPlanModel(fixtureText('terraform-actions.json')), 'x');
const modules = new PlanPreviewData(readPlanModel(fixtureText('modules-graph.json')), 'x');

function options(overrides: Partial<RowOptions> = {}): RowOptions {
  return {
    groupBy: 'module',
    filter: '',
    all: false,
    collapsed: new Set(),
    expanded: new Set(),
    details: () => undefined,
    ...overrides,
  };
}

const labels = (rows: readonly Row[], kind: Row['kind']): string[] =>
  rows.flatMap((r) =>
    r.kind !== kind
      ? []
      : r.kind === 'resource'
        ? [r.resource.address]
        : r.kind === 'section' || r.kind === 'group'
          ? [r.label]
          : r.kind === 'note'
            ? [r.text]
            : [],
  );

function idOf(view: PlanView, address: string): number {
  const found = view.resources.find((r) => r.address === address);
  assert.ok(found, address);
  return found.id;
}

describe('plan preview rows: the counts the panel reports', () => {
  it('equal the model counts for every corpus plan', () => {
    const dir = path.join(corpusDir(), 'terraform-plans');
    let plans = 0;
    for (const file of listFiles(dir).filter((f) => f.endsWith('.json'))) {
      let data: PlanPreviewData;
      try {
        data = new PlanPreviewData(readPlanModel(readFileSync(path.join(dir, file), 'utf8')), file);
      } catch (error) {
        if (error instanceof PlanReadError) {
          continue;
        }
        throw error;
      }
      const c = data.model.summary.counts;
      assert.deepEqual(
        countsOf(data.view),
        {
          resources: data.view.resources.length,
          add: c.add,
          change: c.change,
          destroy: c.destroy,
          replace: c.replace,
          import: c.import,
          move: c.move,
          drift: c.drift,
          outputs: c.outputs,
        },
        file,
      );
      plans++;
    }
    assert.ok(plans > 150);
  });

  it('count forgetting replacements as adds, not destroys', () => {
    const counts = countsOf(actions.view);
    const c = actions.model.summary.counts;
    assert.equal(c.forget > 0, true);
    assert.equal(counts.destroy, c.destroy);
    assert.equal(counts.import, 1);
    assert.equal(counts.move, 1);
  });
});

describe('plan preview rows: the tree', () => {
  it('groups by module, the groups with destroys first, and by action in a fixed order', () => {
    const byModule = buildRows(modules.view, options()).rows;
    assert.deepEqual(labels(byModule, 'group'), ['root module', 'module.net']);
    assert.deepEqual(labels(byModule, 'resource'), [
      'aws_vpc.main',
      'null_resource.a',
      'module.net.aws_subnet.private[0]',
      'module.net.aws_subnet.private[1]',
    ]);
    const byAction = buildRows(actions.view, options({ groupBy: 'action' })).rows;
    assert.deepEqual(labels(byAction, 'group'), [
      'Replace',
      'Destroy',
      'Create',
      'Update in place',
      'Read',
      'Forget (remove from state)',
      'Move or import only',
      'Unknown actions',
    ]);
    const byType = buildRows(actions.view, options({ groupBy: 'type' })).rows;
    assert.ok(labels(byType, 'group').includes('data.aws_ami'));
  });

  it('filters by address, action, type, module and danger', () => {
    const view = actions.view;
    const shown = (filter: string): string[] =>
      view.resources.filter(matcher(filter)).map((r) => r.address);
    assert.deepEqual(shown('WEB'), [
      'aws_instance.web[0]',
      'aws_instance.web[1]',
      'aws_security_group.web',
    ]);
    assert.deepEqual(shown('action:delete'), [
      'aws_vpc.main',
      'aws_instance.web[0]',
      'aws_instance.web[1]',
      'aws_db_instance.legacy',
    ]);
    assert.deepEqual(shown('action:import'), ['aws_instance.imported']);
    assert.deepEqual(shown('type:aws_instance action:destroy'), ['aws_instance.web[1]']);
    assert.deepEqual(
      shown('is:dangerous'),
      view.resources.filter((r) => r.dangerous).map((r) => r.address),
    );
    assert.deepEqual(shown('module:net'), []);
    const rows = buildRows(view, options({ filter: 'nothing-matches-this' })).rows;
    assert.deepEqual(labels(rows, 'note'), ['Nothing matches the filter.']);
  });

  it('opens a resource: reason, blast radius, then its attributes once they arrive', () => {
    const id = idOf(actions.view, 'aws_vpc.main');
    const waiting = buildRows(actions.view, options({ expanded: new Set([id]) }));
    assert.deepEqual(waiting.missing, [id]);
    assert.deepEqual(labels(waiting.rows, 'note').slice(0, 4), [
      'Forces replacement: cidr_block',
      'Blast radius: 1 dependent resource, directly or through others:',
      'aws_security_group.web',
      'Loading attributes…',
    ]);
    const attributes = actions.details(id, false) ?? [];
    const loaded = buildRows(
      actions.view,
      options({
        expanded: new Set([id]),
        details: (i, all) => (i === id && !all ? attributes : 'loading'),
      }),
    );
    assert.deepEqual(loaded.missing, []);
    const shown = loaded.rows.filter((r) => r.kind === 'attribute');
    assert.equal(shown.length, attributes.length);
    assert.ok(attributes.length > 0);
  });

  it('shows a JSON policy line by line under its attribute', () => {
    const id = idOf(actions.view, 'aws_iam_policy.read');
    const attributes = actions.details(id, false) ?? [];
    const rows = buildRows(
      actions.view,
      options({ expanded: new Set([id]), details: () => attributes }),
    ).rows;
    const lines = rows.filter((r) => r.kind === 'line');
    assert.ok(lines.some((l) => l.op === '+'));
    assert.ok(lines.some((l) => l.op === '-'));
  });

  it('hides what a closed section or group holds, and knows each row parent', () => {
    const closed = buildRows(actions.view, options({ collapsed: new Set(['changes']) })).rows;
    assert.equal(labels(closed, 'resource').length, 0);
    const rows = buildRows(modules.view, options()).rows;
    const subnet = rows.findIndex(
      (r) => r.kind === 'resource' && r.resource.address === 'module.net.aws_subnet.private[1]',
    );
    const parent = rows[parentOf(rows, subnet)];
    assert.equal(parent?.kind === 'group' ? parent.label : undefined, 'module.net');
    assert.equal(parentOf(rows, 0), 0);
  });

  it('lists outputs and says "No changes." for a no-op plan', () => {
    const rows = buildRows(actions.view, options()).rows;
    assert.ok(labels(rows, 'section').includes('Outputs'));
    const none = new PlanPreviewData(readPlanModel(fixtureText('no-changes.json')), 'x').view;
    assert.deepEqual(labels(buildRows(none, options()).rows, 'note'), [
      'No changes. Your infrastructure matches the configuration.',
    ]);
  });
});
