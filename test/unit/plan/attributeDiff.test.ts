import * as assert from 'node:assert/strict';
import { diffAttributes, pathText } from '../../../src/plan/core/attributeDiff';
import { readPlanModel } from '../../../src/plan/core/buildPlanModel';
import { lineDiff } from '../../../src/plan/core/lineDiff';
import type { ResourceChange } from '../../../src/plan/core/planModel';
import { fixtureText } from './planFixtures';

const model = readPlanModel(fixtureText('terraform-actions.json'));

function change(address: string): ResourceChange {
  const found = model.resourceChanges.find((c) => c.address === address);
  assert.ok(found);
  return found;
}

describe('attribute diff', () => {
  it('lists changed attributes only, with the full list on request', () => {
    const policy = change('aws_iam_policy.read');
    assert.deepEqual(
      diffAttributes(policy).map((a) => `${a.change} ${a.pathText}`),
      [
        'updated api_token',
        'updated description',
        'updated policy',
        'updated tags.env',
        'added tags.owner',
      ],
    );
    assert.deepEqual(
      diffAttributes(policy, { all: true }).map((a) => a.pathText),
      ['api_token', 'description', 'id', 'policy', 'tags.env', 'tags.owner', 'tags.team'],
    );
  });

  it('diffs multi-line strings and JSON documents line by line', () => {
    const byPath = new Map(
      diffAttributes(change('aws_iam_policy.read')).map((a) => [a.pathText, a]),
    );
    assert.deepEqual(byPath.get('description')?.lines, [
      { op: ' ', text: 'line one' },
      { op: '-', text: 'line two' },
      { op: '+', text: 'line 2' },
      { op: ' ', text: 'line three' },
    ]);
    const policyLines = byPath.get('policy')?.lines ?? [];
    assert.deepEqual(
      policyLines.filter((l) => l.op !== ' '),
      [
        { op: '-', text: '        "s3:GetObject"' },
        { op: '+', text: '        "s3:GetObject",' },
        { op: '+', text: '        "s3:ListBucket"' },
      ],
    );
    assert.equal(byPath.get('tags.env')?.lines, undefined);
  });

  it('shows unknown and sensitive values as their own kinds', () => {
    const web = diffAttributes(change('aws_instance.web[0]'));
    const id = web.find((a) => a.pathText === 'id');
    assert.deepEqual(
      [id?.before, id?.after],
      [{ kind: 'known', value: 'i-1' }, { kind: 'unknown' }],
    );
    const userData = web.find((a) => a.pathText === 'user_data');
    assert.deepEqual(
      [userData?.change, userData?.before, userData?.after],
      ['updated', { kind: 'sensitive' }, { kind: 'sensitive' }],
    );
  });

  it('hides an unchanged sensitive value among the unchanged', () => {
    const same: ResourceChange = {
      ...change('aws_iam_policy.read'),
      sensitiveChanges: [],
    };
    assert.ok(!diffAttributes(same).some((a) => a.pathText === 'api_token'));
  });

  it('flags the attributes that force replacement', () => {
    const vpc = diffAttributes(change('aws_vpc.main'));
    assert.deepEqual(
      vpc.map((a) => [a.pathText, a.forcesReplacement]),
      [
        ['cidr_block', true],
        ['id', false],
      ],
    );
  });

  it('aligns lists by content and walks nested blocks', () => {
    const sg = diffAttributes(change('aws_security_group.web'));
    assert.deepEqual(
      sg.map((a) => `${a.change} ${a.pathText}`),
      ['added ingress[0].cidr_blocks[1]', 'added ports[0]'],
    );
  });

  it('writes paths as Terraform does', () => {
    assert.equal(pathText(['tags', 'app.kubernetes.io/name']), 'tags["app.kubernetes.io/name"]');
    assert.equal(pathText(['ingress', 0, 'cidr_blocks', 1]), 'ingress[0].cidr_blocks[1]');
  });

  it('falls back to removed-then-added lines when the texts are too large to align', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n');
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n');
    const lines = lineDiff(before, after);
    assert.equal(lines.length, 6000);
    assert.equal(lines[0]?.op, '-');
    assert.equal(lines[5999]?.op, '+');
  });
});
