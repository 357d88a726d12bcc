import * as assert from 'node:assert/strict';
import { ProgressLine } from '../../../src/cli/progressLine';

describe('progress line', () => {
  it('waits an interval before the first line, then writes at most once an interval', () => {
    let time = 1000;
    const writes: string[] = [];
    const progress = new ProgressLine(
      (t) => writes.push(t),
      () => time,
      100,
    );
    progress.update('a');
    time += 99;
    progress.update('b');
    assert.deepEqual(writes, [], 'a run quicker than the interval shows nothing');
    time += 1;
    progress.update('c');
    time += 50;
    progress.update('d');
    time += 50;
    progress.update('e');
    assert.deepEqual(writes, ['\r\x1b[2Kc', '\r\x1b[2Ke']);
    progress.clear();
    progress.clear();
    assert.deepEqual(writes, ['\r\x1b[2Kc', '\r\x1b[2Ke', '\r\x1b[2K']);
  });

  it('clears nothing when nothing was shown', () => {
    const writes: string[] = [];
    const progress = new ProgressLine(
      (t) => writes.push(t),
      () => 0,
    );
    progress.update('quick');
    progress.clear();
    assert.deepEqual(writes, []);
  });
});
