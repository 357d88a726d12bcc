import * as assert from 'node:assert/strict';
import { buildPlanModel, readAction, readPlanModel } from '../../../src/plan/core/buildPlanModel';
import { sensitiveMarker, type ResourceChange } from '../../../src/plan/core/planModel';
import { readPlanJson } from '../../../src/plan/core/readPlanJson';
import { actionsFixtureSecrets, fixtureText } from './planFixtures';

function byAddress(changes: readonly ResourceChange[], address: string): ResourceChange {
  const found = changes.find((c) => c.address === address);
  assert.ok(found, `no change at ${address}`);
  return found;
}

describe('plan model', () => {
  it('reads both replace orders and both forget-replace orders', () => {
    assert.deepEqual(readAction(['delete', 'create']), {
      kind: 'replace',
      replaceOrder: 'destroy-before-create',
      replacedObject: 'destroyed',
      actions: ['delete', 'create'],
    });
    assert.equal(readAction(['create', 'delete']).replaceOrder, 'create-before-destroy');
    // Terraform: create then forget; OpenTofu: forget then create.
    assert.deepEqual(readAction(['create', 'forget']), {
      kind: 'replace',
      replaceOrder: 'create-before-destroy',
      replacedObject: 'forgotten',
      actions: ['create', 'forget'],
    });
    assert.deepEqual(readAction(['forget', 'create']), {
      kind: 'replace',
      replaceOrder: 'destroy-before-create',
      replacedObject: 'forgotten',
      actions: ['forget', 'create'],
    });
    assert.deepEqual(readAction(['teleport']), { kind: 'unknown', actions: ['teleport'] });
  });

  it('reads every kind of resource change of a Terraform plan', () => {
    const model = readPlanModel(fixtureText('terraform-actions.json'));
    const changes = model.resourceChanges;
    assert.equal(model.formatVersion, '1.2');
    assert.equal(model.terraformVersion, '1.9.5');
    const vpc = byAddress(changes, 'aws_vpc.main');
    assert.equal(vpc.action.kind, 'replace');
    assert.equal(vpc.action.replaceOrder, 'destroy-before-create');
    assert.deepEqual(vpc.replacePaths, [['cidr_block']]);
    assert.equal(vpc.actionReason, 'replace_because_cannot_update');
    const web0 = byAddress(changes, 'aws_instance.web[0]');
    assert.equal(web0.action.replaceOrder, 'create-before-destroy');
    assert.equal(web0.index, 0);
    assert.equal(web0.configAddress, 'aws_instance.web');
    const deposed = byAddress(changes, 'aws_instance.web[1]');
    assert.equal(deposed.deposed, 'a1b2c3d4');
    assert.equal(deposed.action.kind, 'delete');
    assert.equal(byAddress(changes, 'aws_s3_bucket.logs').action.replacedObject, 'forgotten');
    assert.equal(byAddress(changes, 'aws_s3_bucket.archive').action.kind, 'forget');
    assert.deepEqual(byAddress(changes, 'aws_instance.imported').importing, { id: 'i-imp' });
    assert.equal(
      byAddress(changes, 'aws_instance.moved_here').previousAddress,
      'aws_instance.old_name',
    );
    assert.equal(byAddress(changes, 'data.aws_ami.ubuntu').action.kind, 'read');
    assert.equal(byAddress(changes, 'data.aws_ami.ubuntu').configAddress, 'data.aws_ami.ubuntu');
    const future = byAddress(changes, 'aws_thing.future');
    assert.equal(future.action.kind, 'unknown');
    assert.deepEqual(future.action.actions, ['teleport']);
    assert.equal(future.actionReason, 'teleport_because_cosmic_rays');
  });

  it('counts as Terraform does, plus replace, import, move, forget and read', () => {
    const { summary } = readPlanModel(fixtureText('terraform-actions.json'));
    assert.equal(
      summary.headline,
      'Plan: 1 to import, 4 to add, 2 to change, 4 to destroy, 2 to forget.',
    );
    assert.deepEqual(
      { ...summary.counts },
      {
        add: 4,
        change: 2,
        destroy: 4,
        replace: 3,
        import: 1,
        move: 1,
        forget: 2,
        read: 1,
        noOp: 3,
        unknown: 1,
        outputs: 2,
        drift: 0,
        deferred: 0,
      },
    );
    assert.equal(summary.noChanges, false);
    assert.match(summary.details, /3 to replace, 1 moved, 1 to read/);
  });

  it('says "No changes" when every change is a no-op', () => {
    const { summary } = readPlanModel(fixtureText('no-changes.json'));
    assert.equal(summary.noChanges, true);
    assert.equal(summary.headline, 'No changes. Your infrastructure matches the configuration.');
  });

  it('words the headline as Terraform does for errors, deferrals, actions and data sources', () => {
    const headline = (plan: Record<string, unknown>): string =>
      readPlanModel(JSON.stringify({ format_version: '1.2', ...plan })).summary.headline;
    const dataDelete = {
      address: 'data.x.y',
      mode: 'data',
      type: 'x',
      name: 'y',
      change: { actions: ['delete'], before: {}, after: null },
    };
    assert.equal(
      headline({ resource_changes: [dataDelete] }),
      'No changes. Your infrastructure matches the configuration.',
    );
    assert.equal(
      headline({ resource_changes: [dataDelete], errored: true }),
      'Planning failed. An error occurred while generating this plan.',
    );
    assert.equal(
      headline({
        resource_changes: [],
        deferred_changes: [{ reason: 'provider_config_unknown', resource_change: dataDelete }],
      }),
      'No current changes. This plan requires another plan to be applied first.',
    );
    assert.equal(
      headline({ planned_values: {}, action_invocations: [{ address: 'action.a.b' }] }),
      'Plan: 0 to add, 0 to change, 0 to destroy. Actions: 1 to invoke.',
    );
  });

  it('reads OpenTofu reasons, forget-then-create, module instances, deferred changes and checks', () => {
    const model = readPlanModel(fixtureText('opentofu-actions.json'));
    const app = byAddress(model.resourceChanges, 'module.app["eu.west"].aws_instance.this[0]');
    assert.equal(app.configAddress, 'module.app.aws_instance.this');
    assert.equal(app.moduleAddress, 'module.app["eu.west"]');
    assert.equal(app.action.replaceOrder, 'destroy-before-create');
    assert.equal(app.action.replacedObject, 'forgotten');
    assert.equal(
      byAddress(model.resourceChanges, 'aws_instance.optional[0]').actionReason,
      'delete_because_enabled_false',
    );
    assert.equal(
      byAddress(model.resourceChanges, 'aws_instance.kept').actionReason,
      'forgot_because_lifecycle_destroy_in_config',
    );
    assert.equal(model.deferredChanges.length, 1);
    const [deferred] = model.deferredChanges;
    assert.ok(deferred);
    assert.equal(deferred.reason, 'instance_count_unknown');
    assert.equal(deferred.change.indexUnknown, true);
    assert.deepEqual(model.checks, [
      {
        address: 'check.health',
        kind: 'check',
        status: 'fail',
        instances: [
          { address: 'check.health', status: 'fail', problems: ['health endpoint returned 503'] },
        ],
      },
    ]);
    assert.equal(model.summary.headline, 'Plan: 1 to add, 0 to change, 1 to destroy, 2 to forget.');
  });

  it('reads the condition_results of Terraform 1.2 and 1.3 as checks', () => {
    const model = readPlanModel(
      JSON.stringify({
        format_version: '1.1',
        planned_values: {},
        condition_results: [
          {
            address: 'output.id',
            condition_type: 'OutputPrecondition',
            result: true,
            unknown: false,
          },
          {
            address: 'x.bar',
            condition_type: 'ResourcePostcondition',
            result: false,
            unknown: true,
          },
          {
            address: 'x.foo',
            condition_type: 'ResourcePrecondition',
            result: false,
            unknown: false,
          },
        ],
      }),
    );
    assert.deepEqual(
      model.checks.map((c) => `${c.address} ${c.kind} ${c.status}`),
      [
        'output.id OutputPrecondition pass',
        'x.bar ResourcePostcondition unknown',
        'x.foo ResourcePrecondition fail',
      ],
    );
  });

  it('masks sensitive values and keeps whether they change', () => {
    const model = readPlanModel(fixtureText('terraform-actions.json'));
    const text = JSON.stringify(model);
    for (const secret of actionsFixtureSecrets) {
      assert.ok(!text.includes(secret), `${secret} leaked into the model`);
    }
    const policy = byAddress(model.resourceChanges, 'aws_iam_policy.read');
    assert.equal((policy.after as Record<string, unknown>).api_token, sensitiveMarker);
    assert.deepEqual(policy.sensitiveChanges, [['api_token']]);
    const output = model.outputChanges.find((o) => o.name === 'db_password');
    assert.deepEqual(
      { sensitive: output?.sensitive, before: output?.before, after: output?.after },
      { sensitive: true, before: sensitiveMarker, after: sensitiveMarker },
    );
  });

  it('shares values with nothing sensitive instead of copying them', () => {
    const raw = readPlanJson(fixtureText('terraform-actions.json'));
    const model = buildPlanModel(raw);
    const rawChanges = raw.resource_changes as { change: { before: unknown; after: unknown } }[];
    const index = model.resourceChanges.findIndex((c) => c.address === 'aws_security_group.web');
    assert.equal(model.resourceChanges[index]?.before, rawChanges[index]?.change.before);
    const policy = model.resourceChanges.findIndex((c) => c.address === 'aws_iam_policy.read');
    const rawPolicy = rawChanges[policy]?.change.after as Record<string, unknown>;
    const masked = model.resourceChanges[policy]?.after as Record<string, unknown>;
    assert.notEqual(masked, rawPolicy);
    // The copy is shallow: untouched parts are the same objects.
    assert.equal(masked.tags, rawPolicy.tags);
    assert.equal(rawPolicy.api_token, 'tok-after-123456');
  });

  it('hides a value whose mask does not fit its shape', () => {
    const model = buildPlanModel(
      readPlanJson(
        JSON.stringify({
          format_version: '1.0',
          resource_changes: [
            {
              address: 'x.y',
              mode: 'managed',
              type: 'x',
              name: 'y',
              change: {
                actions: ['create'],
                before: null,
                after: { list: 'not-a-list-secret' },
                after_sensitive: { list: [true] },
              },
            },
          ],
        }),
      ),
    );
    assert.deepEqual(model.resourceChanges[0]?.after, { list: sensitiveMarker });
  });
});
