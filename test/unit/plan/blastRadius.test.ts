import * as assert from 'node:assert/strict';
import { BlastRadiusIndex } from '../../../src/plan/core/blastRadius';
import { buildDependencies } from '../../../src/plan/core/buildDependencies';
import { readPlanModel } from '../../../src/plan/core/buildPlanModel';
import { fixtureText } from './planFixtures';

describe('dependency graph and blast radius', () => {
  const model = readPlanModel(fixtureText('modules-graph.json'));
  const index = new BlastRadiusIndex(model.dependencies, model.resourceChanges);

  it('follows module inputs, outputs, nested modules and depends_on on a module', () => {
    assert.deepEqual(model.dependencies['module.net.module.sg.aws_security_group.this'], [
      'aws_vpc.main',
    ]);
    assert.deepEqual(model.dependencies['aws_instance.app'], ['module.net.aws_subnet.private']);
    assert.deepEqual(model.dependencies['aws_lb.front'], [
      'module.net.aws_subnet.private',
      'module.net.module.sg.aws_security_group.this',
    ]);
    // A reference through a local is not in the configuration JSON.
    assert.deepEqual(model.dependencies['aws_instance.unrelated'], []);
  });

  it('maps the dependents of a replaced resource to every instance in the plan', () => {
    assert.deepEqual(index.of('aws_vpc.main').dependentAddresses, [
      'aws_instance.app',
      'aws_lb.front',
      'module.net.aws_subnet.private[0]',
      'module.net.aws_subnet.private[1]',
      'module.net.module.sg.aws_security_group.this',
    ]);
    assert.deepEqual(index.of('module.net.aws_subnet.private[1]').dependentAddresses, [
      'aws_instance.app',
      'aws_lb.front',
    ]);
    assert.deepEqual(index.of('aws_instance.unrelated').dependentAddresses, []);
    assert.deepEqual(index.of('no.such').dependentAddresses, []);
  });

  it('ends on cycles', () => {
    assert.deepEqual(index.of('null_resource.a').dependentAddresses, ['null_resource.b']);
    assert.deepEqual(index.of('null_resource.b').dependentAddresses, ['null_resource.a']);
    // A cycle through module inputs and outputs.
    const cyclic = buildDependencies({
      root_module: {
        resources: [
          { address: 'x.a', expressions: { v: { references: ['module.m.out', 'module.m'] } } },
        ],
        module_calls: {
          m: {
            expressions: { input: { references: ['module.m.out'] } },
            module: {
              outputs: { out: { expression: { references: ['var.input', 'x.b'] } } },
              resources: [{ address: 'x.b', expressions: { v: { references: ['var.input'] } } }],
            },
          },
        },
      },
    });
    assert.deepEqual(cyclic, { 'x.a': ['module.m.x.b'], 'module.m.x.b': [] });
  });

  it('reads references in count, for_each and nested blocks', () => {
    const deps = buildDependencies({
      root_module: {
        resources: [
          { address: 'a.one', expressions: {} },
          { address: 'a.two', expressions: {}, for_each_expression: { references: ['a.one'] } },
          {
            address: 'a.three',
            expressions: { block: [{ inner: { references: ['data.d.x.id', 'data.d.x'] } }] },
            count_expression: { references: ['a.two'] },
          },
          { address: 'data.d.x', expressions: {} },
        ],
      },
    });
    assert.deepEqual(deps, {
      'a.one': [],
      'a.two': ['a.one'],
      'a.three': ['a.two', 'data.d.x'],
      'data.d.x': [],
    });
  });
});
