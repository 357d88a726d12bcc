import * as assert from 'node:assert/strict';
import type { CheckReport, FileProblem } from '../../../src/cli/checkReport';
import { formatJson } from '../../../src/cli/formatJson';
import { formatText, shouldColour } from '../../../src/cli/formatText';

function problem(overrides: Partial<FileProblem>): FileProblem {
  return {
    file: 'k8s/app.yaml',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 12,
    severity: 'error',
    code: 'unknown-property',
    source: 'kubernetes',
    message: "Unknown property 'replica'.",
    docUrl: 'https://kubernetes.io/docs/reference/kubernetes-api/',
    ...overrides,
  };
}

const report: CheckReport = {
  problems: [
    problem({}),
    problem({
      file: 'ci/build.yml',
      line: 10,
      column: 1,
      endLine: 11,
      endColumn: 1,
      severity: 'warning',
      code: 'deprecated-version',
      source: 'github-actions',
      message: 'Old.',
    }),
    problem({
      line: 1,
      column: 1,
      endColumn: 1,
      severity: 'info',
      source: 'yaml',
      code: 'binary-file',
      message: 'Binary.',
    }),
  ],
  summary: { files: 4, documents: 7, errors: 1, warnings: 1, seconds: 0.25 },
  unreadable: [{ file: 'x.yaml', reason: 'EACCES' }],
};

describe('check output formats', () => {
  describe('text', () => {
    it('prints file:line:col: severity: message [source/code], then the summary', () => {
      assert.equal(
        formatText(report, { colour: false }),
        "k8s/app.yaml:3:5: error: Unknown property 'replica'. [kubernetes/unknown-property]\n" +
          'ci/build.yml:10:1: warning: Old. [github-actions/deprecated-version]\n' +
          'k8s/app.yaml:1:1: info: Binary. [yaml/binary-file]\n' +
          '4 file(s) checked: 1 error(s), 1 warning(s)\n',
      );
    });

    it('colours locations, severities, codes and the summary when asked', () => {
      const lines = formatText(report, { colour: true }).split('\n');
      assert.equal(
        lines[0],
        "\x1b[1mk8s/app.yaml:3:5:\x1b[0m \x1b[31merror:\x1b[0m Unknown property 'replica'. \x1b[2m[kubernetes/unknown-property]\x1b[0m",
      );
      assert.ok((lines[1] ?? '').includes('\x1b[33mwarning:\x1b[0m'));
      assert.ok((lines[2] ?? '').includes('\x1b[36minfo:\x1b[0m'));
      assert.equal(lines[3], '\x1b[31m4 file(s) checked: 1 error(s), 1 warning(s)\x1b[0m');
      const clean: CheckReport = {
        ...report,
        problems: [],
        summary: { ...report.summary, errors: 0, warnings: 0 },
      };
      assert.equal(
        formatText(clean, { colour: true }),
        '\x1b[32m4 file(s) checked: 0 error(s), 0 warning(s)\x1b[0m\n',
      );
    });

    it('escapes control characters from the files, keeping one line per problem', () => {
      const text = formatText(
        {
          ...report,
          problems: [
            problem({ file: 'a\x1b[2Jb.yaml', message: "Unknown property 'x\ny\x1b]0;t\x07'." }),
          ],
        },
        { colour: false },
      );
      assert.equal(
        text.split('\n')[0],
        "a\\u001b[2Jb.yaml:3:5: error: Unknown property 'x\\ny\\u001b]0;t\\u0007'. [kubernetes/unknown-property]",
      );
      assert.ok(!text.includes('\x1b'));
    });

    it('colours on a terminal, unless NO_COLOR or TERM=dumb; FORCE_COLOR decides when set', () => {
      assert.equal(shouldColour(true, {}), true);
      assert.equal(shouldColour(false, {}), false);
      assert.equal(shouldColour(true, { NO_COLOR: '1' }), false);
      assert.equal(shouldColour(true, { NO_COLOR: '' }), true, 'an empty NO_COLOR is unset');
      assert.equal(shouldColour(true, { TERM: 'dumb' }), false);
      assert.equal(shouldColour(false, { FORCE_COLOR: '1' }), true);
      assert.equal(shouldColour(false, { FORCE_COLOR: '' }), true);
      assert.equal(shouldColour(true, { FORCE_COLOR: '0' }), false);
      assert.equal(shouldColour(true, { FORCE_COLOR: 'false' }), false);
      assert.equal(shouldColour(false, { FORCE_COLOR: '1', NO_COLOR: '1' }), true);
    });
  });

  describe('JSON', () => {
    it('writes exactly problems and summary, with the documented keys in order', () => {
      const parsed = JSON.parse(formatJson(report)) as {
        problems: Record<string, unknown>[];
        summary: Record<string, unknown>;
      };
      assert.deepEqual(Object.keys(parsed), ['problems', 'summary']);
      for (const p of parsed.problems) {
        assert.deepEqual(Object.keys(p), [
          'file',
          'line',
          'column',
          'endLine',
          'endColumn',
          'severity',
          'code',
          'message',
          'source',
        ]);
      }
      assert.deepEqual(parsed.problems[1], {
        file: 'ci/build.yml',
        line: 10,
        column: 1,
        endLine: 11,
        endColumn: 1,
        severity: 'warning',
        code: 'deprecated-version',
        message: 'Old.',
        source: 'github-actions',
      });
      assert.deepEqual(
        parsed.problems.map((p) => p.severity),
        ['error', 'warning', 'info'],
      );
      assert.deepEqual(parsed.summary, {
        files: 4,
        documents: 7,
        errors: 1,
        warnings: 1,
        seconds: 0.25,
      });
    });
  });
});
