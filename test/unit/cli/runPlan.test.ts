import * as assert from 'node:assert/strict';
import path from 'node:path';
import { ExitCode } from '../../../src/cli/runCli';
import { captureCli, type CliRun } from './captureCli';

const fixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'plan');

const cli = (args: string[]): Promise<CliRun> => captureCli(args, fixtures);

describe('infra-workbench plan', () => {
  it('is in the help', async () => {
    const help = await cli(['--help']);
    assert.match(help.out, /plan <plan\.json>/);
    assert.match(help.out, /--format <text\|markdown\|json>/);
  });

  it('prints the text summary by default', async () => {
    const { code, out, err } = await cli(['plan', 'terraform-actions.json']);
    assert.equal(code, ExitCode.ok);
    assert.equal(err, '');
    assert.match(out, /^Plan: 1 to import, 4 to add, 2 to change, 4 to destroy, 2 to forget\.\n/);
    assert.ok(!out.includes('Sup3rS3cretDbPass'));
  });

  it('prints Markdown and the masked JSON summary', async () => {
    const markdown = await cli(['plan', 'terraform-actions.json', '--format', 'markdown']);
    assert.equal(markdown.code, ExitCode.ok);
    assert.match(markdown.out, /^\*\*Plan: /);
    const json = await cli(['plan', '--format=json', 'terraform-actions.json']);
    assert.equal(json.code, ExitCode.ok);
    const report = JSON.parse(json.out) as {
      summary: { counts: { destroy: number } };
      resources: { address: string; dangerous: boolean; dependents?: string[] }[];
      outputs: { name: string; before: string }[];
    };
    assert.equal(report.summary.counts.destroy, 4);
    assert.deepEqual(report.resources[0], {
      ...report.resources[0],
      address: 'aws_vpc.main',
      dangerous: true,
      dependents: ['aws_security_group.web'],
    });
    assert.equal(report.outputs.find((o) => o.name === 'db_password')?.before, '(sensitive value)');
    assert.ok(!json.out.includes('old-output-secret-xyz'));
  });

  it('exits 2 with the reason when the file is not a plan', async () => {
    for (const [file, message] of [
      [
        'truncated.json',
        /^infra-workbench: truncated\.json: not valid JSON: unexpected end of input \(truncated\?\) at line 1, column \d+\n$/,
      ],
      ['state.json', /^infra-workbench: state\.json: not a plan: this is the JSON of a state/],
      ['format-version-2.json', /unsupported plan format_version 2\.0/],
      ['missing.json', /^infra-workbench: missing\.json: cannot read: .*ENOENT/],
    ] as const) {
      const result = await cli(['plan', file]);
      assert.equal(result.code, ExitCode.usage, file);
      assert.equal(result.out, '');
      assert.match(result.err, message);
    }
  });

  it('exits 2 on usage errors', async () => {
    for (const [args, message] of [
      [['plan'], /plan takes one file/],
      [['plan', 'a.json', 'b.json'], /plan takes one file/],
      [
        ['plan', 'a.json', '--offline', '--severity', 'error'],
        /--severity, --offline: for check only, not plan/,
      ],
      [
        ['plan', 'terraform-actions.json', '--format', 'sarif'],
        /--format of plan must be text, markdown or json, not 'sarif'/,
      ],
    ] as const) {
      const result = await cli([...args]);
      assert.equal(result.code, ExitCode.usage);
      assert.match(result.err, message);
    }
  });
});
