import * as assert from 'node:assert/strict';
import { readCliReport } from '../../bench/cliReport';

describe('readCliReport (bench)', () => {
  it('reads the per-file shape, counting errors from the summary', () => {
    const report = JSON.stringify({
      files: [{ path: 'a.yaml', problems: [{ severity: 'error' }, { severity: 'warning' }] }],
      summary: { files: 1, errors: 1, warnings: 1 },
    });
    assert.deepEqual(readCliReport(report), { files: 1, errors: 1 });
  });

  it('reads the flat shape with a document count', () => {
    const report = JSON.stringify({
      problems: [{ severity: 'error' }, { severity: 'error' }],
      summary: { files: 3, documents: 7, errors: 2, warnings: 0, seconds: 0.1 },
    });
    assert.deepEqual(readCliReport(report), { files: 3, documents: 7, errors: 2 });
  });

  it('counts errors from the problems when the summary has none', () => {
    const report = JSON.stringify({ problems: [{ severity: 'error' }, { severity: 'info' }] });
    assert.deepEqual(readCliReport(report), { errors: 1 });
  });
});
