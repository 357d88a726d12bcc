import * as assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, Result } from 'sarif';
import type { CheckReport, FileProblem } from '../../../src/cli/checkReport';
import {
  buildSarifLog,
  formatSarif,
  informationUri,
  lineHashKey,
} from '../../../src/cli/formatSarif';
import { ExitCode, runCli } from '../../../src/cli/runCli';
import { schemaErrors, validateWithMultitool } from './sarifMultitool';

const demoRepo = path.resolve(__dirname, '..', '..', 'fixtures', 'demo-repo');

function problem(overrides: Partial<FileProblem>): FileProblem {
  return {
    file: 'k8s/app.yaml',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 9,
    severity: 'error',
    code: 'unknown-property',
    source: 'kubernetes',
    message: "Unknown property 'replica'.",
    ...overrides,
  };
}

function report(problems: FileProblem[], unreadable: CheckReport['unreadable'] = []): CheckReport {
  return {
    problems,
    summary: { files: 2, documents: 3, errors: 0, warnings: 0, seconds: 0.5 },
    unreadable,
  };
}

const options = { toolVersion: '1.2.3', srcRoot: 'file:///repo/' };

function firstRun(log: Log): NonNullable<Log['runs'][number]> {
  const run = log.runs[0];
  assert.ok(run);
  return run;
}

describe('SARIF output', () => {
  it('describes the tool, one rule per source/code, and each result pointing at its rule', () => {
    const log = buildSarifLog(
      report([
        problem({
          severity: 'warning',
          docUrl: 'https://kubernetes.io/docs/reference/kubernetes-api/',
        }),
        problem({ line: 7, endLine: 7, severity: 'error' }),
        problem({ source: 'yaml', code: 'syntax', severity: 'info', message: 'Odd.' }),
      ]),
      options,
    );
    assert.equal(log.version, '2.1.0');
    const run = firstRun(log);
    const { driver } = run.tool;
    assert.equal(driver.name, 'infra-workbench');
    assert.equal(driver.version, '1.2.3');
    assert.equal(driver.informationUri, informationUri);
    assert.deepEqual(
      driver.rules?.map((r) => [r.id, r.defaultConfiguration?.level, r.helpUri]),
      [
        // The most severe level reported for the rule; its documentation from any result.
        [
          'kubernetes/unknown-property',
          'error',
          'https://kubernetes.io/docs/reference/kubernetes-api/',
        ],
        ['yaml/syntax', 'note', undefined],
      ],
    );
    for (const rule of driver.rules ?? []) {
      assert.ok(rule.shortDescription?.text);
      assert.ok(rule.fullDescription?.text);
      assert.ok(rule.help?.text);
    }
    const results = run.results ?? [];
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.ruleIndex, r.level]),
      [
        ['kubernetes/unknown-property', 0, 'warning'],
        ['kubernetes/unknown-property', 0, 'error'],
        ['yaml/syntax', 1, 'note'],
      ],
    );
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///repo/' } });
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(run.invocations, [{ executionSuccessful: true }]);
  });

  it('locates results by relative URIs under %SRCROOT% and 1-based regions', () => {
    const log = buildSarifLog(
      report([problem({ file: 'my dir/ü.yaml', line: 2, column: 1, endLine: 4, endColumn: 3 })]),
      options,
    );
    const [result] = firstRun(log).results ?? [];
    assert.deepEqual(result?.locations, [
      {
        physicalLocation: {
          artifactLocation: { uri: 'my%20dir/%C3%BC.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 2, startColumn: 1, endLine: 4, endColumn: 3 },
        },
      },
    ]);
    assert.deepEqual(result.message, { text: "Unknown property 'replica'." });
  });

  it('fingerprints a result by its rule, file and line text, not its line number', () => {
    const lines: Record<number, string> = { 3: '  replica: 2', 9: '    replica: 2 ', 12: 'other' };
    const fingerprints = (problems: FileProblem[]): (string | undefined)[] =>
      (
        firstRun(
          buildSarifLog(report(problems), {
            ...options,
            lineText: (file, line) => (file === 'k8s/app.yaml' ? lines[line] : undefined),
          }),
        ).results ?? []
      ).map((r: Result) => r.partialFingerprints?.[lineHashKey]);
    const [moved, same, other, unknownFile] = fingerprints([
      problem({ line: 3 }),
      problem({ line: 9 }),
      problem({ line: 12 }),
      problem({ file: 'elsewhere.yaml' }),
    ]);
    const [alone] = fingerprints([problem({ line: 9 })]);
    assert.match(moved ?? '', /^[0-9a-f]{16}:1$/);
    // Identical lines (up to indentation) in one file: the same hash, told apart by occurrence.
    assert.equal(same, `${moved?.slice(0, 16)}:2`);
    assert.equal(alone, moved, 'the line moved from 3 to 9: the same fingerprint');
    assert.notEqual(other?.slice(0, 16), moved?.slice(0, 16));
    assert.equal(unknownFile, undefined);
  });

  it('reports unreadable files as tool execution notifications', () => {
    const log = buildSarifLog(
      report([], [{ file: 'k8s/locked.yaml', reason: 'EACCES: permission denied' }]),
      options,
    );
    assert.deepEqual(firstRun(log).invocations, [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'Cannot read k8s/locked.yaml: EACCES: permission denied' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'k8s/locked.yaml', uriBaseId: '%SRCROOT%' },
                },
              },
            ],
          },
        ],
      },
    ]);
  });

  describe("with Microsoft's SARIF Multitool", function () {
    // The multitool is a .NET program: a second or two to start on a shared machine.
    this.timeout(120_000);

    it('validates the demo repository check with no errors or warnings (SARIF and GitHub rules)', async () => {
      let out = '';
      const code = await runCli(['check', '--format', 'sarif'], '9.9.9', {
        out: (t) => (out += t),
        err: () => undefined,
        cwd: demoRepo,
        schemasDir: path.resolve(__dirname, '..', '..', '..', 'schemas'),
      });
      assert.equal(code, ExitCode.problems);
      const log = JSON.parse(out) as Log;
      const run = firstRun(log);
      assert.ok((run.results ?? []).length >= 20, 'the demo repository has broken files');
      assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, `${pathToFileURL(demoRepo).href}/`);
      assert.ok(
        run.results?.some(
          (r) =>
            r.ruleId === 'kubernetes/wrong-type' &&
            r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ===
              'broken/deployment-typos.yaml' &&
            r.locations[0].physicalLocation.region?.startLine === 8 &&
            r.locations[0].physicalLocation.region.startColumn === 13 &&
            r.partialFingerprints?.[lineHashKey] !== undefined,
        ),
      );
      assert.deepEqual(schemaErrors(log), []);
      const validation = await validateWithMultitool(out);
      assert.deepEqual(validation.findings, [], validation.console);
      assert.equal(validation.exitCode, 0, validation.console);
    });

    it('validates a log with notes, notifications and encoded URIs with no errors or warnings', async () => {
      const text = formatSarif(
        report(
          [
            problem({
              file: 'my dir/app.yaml',
              severity: 'info',
              code: 'binary-file',
              source: 'yaml',
            }),
            problem({ line: 1, column: 1, endLine: 1, endColumn: 1 }),
          ],
          [{ file: 'k8s/locked.yaml', reason: 'EACCES: permission denied' }],
        ),
        { ...options, lineText: () => 'kind: Deployment' },
      );
      assert.deepEqual(schemaErrors(JSON.parse(text)), []);
      const validation = await validateWithMultitool(text);
      assert.deepEqual(validation.findings, [], validation.console);
    });

    it('flags a log that breaks the format (the checks above can fail)', async () => {
      const log = buildSarifLog(report([problem({})]), options) as unknown as {
        runs: {
          results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[];
        }[];
      };
      const region = log.runs[0]?.results[0]?.locations[0]?.physicalLocation.region;
      assert.ok(region);
      region.startLine = 0;
      assert.deepEqual(schemaErrors(log), [
        '/runs/0/results/0/locations/0/physicalLocation/region/startLine must be >= 1',
      ]);
      const validation = await validateWithMultitool(JSON.stringify({ ...log, runs: 5 }));
      assert.deepEqual(
        validation.findings.map((f) => [f.ruleId, f.level]),
        [['JSON1001/WrongType', 'error']],
      );
    });
  });
});
