import * as assert from 'node:assert/strict';
import { durationError } from '../../../../src/validation/core/prometheus/duration';

describe('durationError', () => {
  it('accepts Prometheus durations', () => {
    for (const d of ['0', '5m', '1h30m', '1y2w3d4h5m6s7ms', '500ms', '0s']) {
      assert.equal(durationError(d), undefined, d);
    }
  });

  it('says how to fix what model.ParseDuration rejects', () => {
    assert.equal(
      durationError('5 m'),
      "'5 m' is not a duration: use a number and a unit with no space, e.g. 5m.",
    );
    assert.equal(
      durationError('5'),
      "'5' is not a duration: add a unit (ms, s, m, h, d, w or y), e.g. 5s or 5m.",
    );
    assert.match(durationError('1.5h') ?? '', /whole numbers/);
    assert.match(durationError('30s1m') ?? '', /e\.g\. 1m30s\.$/);
    assert.match(durationError('5min') ?? '', /'min' is not a unit/);
    assert.match(durationError('1m1m') ?? '', /each unit may appear once/);
    assert.match(durationError('') ?? '', /empty/);
    assert.match(durationError('-5m') ?? '', /is not a duration/);
  });
});
