import * as assert from 'node:assert/strict';
import {
  buildReport,
  filterBySeverity,
  locateProblem,
  type FileProblem,
  type GatheredProblems,
} from '../../../src/cli/checkReport';
import { lineStarts } from '../../../src/common/lines';

function at(severity: FileProblem['severity'], code: string): FileProblem {
  return {
    file: 'a.yaml',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    severity,
    code,
    source: 'yaml',
    message: code,
  };
}

const gathered: GatheredProblems = {
  files: 3,
  documents: 5,
  problems: [at('info', 'i'), at('error', 'e'), at('warning', 'w'), at('error', 'e2')],
  unreadable: [{ file: 'b.yaml', reason: 'gone' }],
};

describe('check report', () => {
  it('keeps the problems at or above a severity, in order', () => {
    const codes = (threshold: 'error' | 'warning' | 'info'): string[] =>
      filterBySeverity(gathered.problems, threshold).map((p) => p.code);
    assert.deepEqual(codes('info'), ['i', 'e', 'w', 'e2']);
    assert.deepEqual(codes('warning'), ['e', 'w', 'e2']);
    assert.deepEqual(codes('error'), ['e', 'e2']);
  });

  it('summarises what is reported', () => {
    assert.deepEqual(buildReport(gathered, 'error', 1.5), {
      problems: [at('error', 'e'), at('error', 'e2')],
      summary: { files: 3, documents: 5, errors: 2, warnings: 0, seconds: 1.5 },
      unreadable: [{ file: 'b.yaml', reason: 'gone' }],
    });
    assert.deepEqual(buildReport(gathered, 'info', 0).summary, {
      files: 3,
      documents: 5,
      errors: 2,
      warnings: 1,
      seconds: 0,
    });
  });

  it('locates offsets as 1-based lines and UTF-16 columns, hints as info', () => {
    const text = 'a: 1\nb: "é😀x"\n';
    const x = text.indexOf('x');
    const located = locateProblem('dir/f.yaml', lineStarts(text), {
      code: 'c',
      severity: 'hint',
      source: 'kubernetes',
      message: 'm',
      start: x,
      end: text.length,
      docUrl: 'https://example.com/doc',
    });
    assert.deepEqual(located, {
      file: 'dir/f.yaml',
      line: 2,
      // b, :, space, ", é, and the emoji's two UTF-16 code units come before x.
      column: 8,
      endLine: 3,
      endColumn: 1,
      severity: 'info',
      code: 'c',
      source: 'kubernetes',
      message: 'm',
      docUrl: 'https://example.com/doc',
    });
  });
});
