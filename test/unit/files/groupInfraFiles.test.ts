import * as assert from 'node:assert/strict';
import { groupInfraFiles } from '../../../src/files/core/groupInfraFiles';

describe('groupInfraFiles', () => {
  it('groups by kind in a fixed order, files sorted by path, empty kinds left out', () => {
    const groups = groupInfraFiles([
      { relativePath: 'runbooks/b.yaml', kind: 'runbook' },
      { relativePath: 'k8s/z.yaml', kind: 'kubernetes' },
      { relativePath: 'runbooks/a.yaml', kind: 'runbook' },
      { relativePath: 'k8s/a.yaml', kind: 'kubernetes' },
    ]);
    assert.deepEqual(
      groups.map((g) => [g.kind, g.label, g.files.map((f) => f.relativePath)]),
      [
        ['kubernetes', 'Kubernetes manifests', ['k8s/a.yaml', 'k8s/z.yaml']],
        ['runbook', 'Runbooks', ['runbooks/a.yaml', 'runbooks/b.yaml']],
      ],
    );
  });

  it('returns nothing for nothing', () => {
    assert.deepEqual(groupInfraFiles([]), []);
  });
});
