import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExitCode, runCli } from '../../../src/cli/runCli';

const demoRepo = path.resolve(__dirname, '..', '..', 'fixtures', 'demo-repo');
const crdRepo = path.resolve(__dirname, '..', '..', 'fixtures', 'crd-repo');

async function cli(
  args: string[],
  cwd = demoRepo,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, '9.9.9', {
    out: (t) => (out += t),
    err: (t) => (err += t),
    cwd,
    schemasDir: path.resolve(__dirname, '..', '..', '..', 'schemas'),
  });
  return { code, out, err };
}

describe('infra-workbench CLI', () => {
  it('prints help and version', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, ExitCode.ok);
    assert.match(help.out, /Usage: infra-workbench <command>/);
    assert.match(help.out, /check \[paths\.\.\.\]/);
    assert.deepEqual(await cli(['--version']), { code: 0, out: '9.9.9\n', err: '' });
  });

  it('exits 2 with a message on usage errors', async () => {
    for (const [args, message] of [
      [[], /missing command/],
      [['lint'], /unknown command 'lint'/],
      [['check', '--format', 'xml'], /--format must be text or json/],
      [['check', '--no-such-flag'], /Unknown option/],
      [['check', 'no/such/dir'], /no\/such\/dir: no such file or directory/],
    ] as const) {
      const result = await cli([...args]);
      assert.equal(result.code, ExitCode.usage, args.join(' '));
      assert.match(result.err, message);
      assert.equal(result.out, '');
    }
  });

  it('checks a folder and reports problems as file:line:column', async () => {
    const result = await cli(['check']);
    assert.equal(result.code, ExitCode.problems);
    const lines = result.out.split('\n');
    assert.deepEqual(
      lines.filter((l) => /^broken\/(deployment-typos|syntax-error)/.test(l)),
      [
        `broken/deployment-typos.yaml:8:13: error: 'replicas' must be an integer, not the string "two". [kubernetes/wrong-type]`,
        "broken/deployment-typos.yaml:20:11: error: Unknown property 'imagePullPolcy' in Container. Did you mean 'imagePullPolicy'? [kubernetes/unknown-property]",
        'broken/syntax-error.yaml:5:1: error: All mapping items must start at the same column [yaml/syntax]',
      ],
    );
    // config/ is validated against the schema .infra-workbench.yaml maps it to; legacy/ is not checked.
    assert.match(result.out, /^config\/shop\.yaml:3:7: error: 'port' must be an integer/m);
    assert.match(result.out, /^config\/modelines\.yaml:7:11: error: "loud" is not allowed here/m);
    assert.doesNotMatch(result.out, /legacy\//);
    // Custom resources are checked against the CRD among the files checked.
    assert.match(
      result.out,
      /^broken\/backup-schedule\.yaml:10:3: error: Unknown property 'retentionDay'/m,
    );
    // Every format's deliberately broken file is reported, by its source.
    for (const source of ['github-actions', 'prometheus', 'compose', 'runbook']) {
      assert.match(
        result.out,
        new RegExp(`^broken/[\\w-]+\\.yaml:\\d+:\\d+: error: .* \\[${source}/`, 'm'),
      );
    }
    assert.match(result.out, /\d+ file\(s\) checked: 21 error\(s\), 0 warning\(s\)\n$/);
  });

  it('reads schema mappings from --config, and refuses a broken one with its location', async () => {
    const none = await cli([
      'check',
      '--config',
      '../overrides/all-none.yaml',
      'broken/deployment-typos.yaml',
    ]);
    assert.equal(none.code, ExitCode.ok, none.out + none.err);
    const broken = await cli(['check', '--config', '../overrides/broken-config.yaml']);
    assert.equal(broken.code, ExitCode.usage);
    assert.match(broken.err, /broken-config\.yaml:2:3: Map 'deploy\/\*\*' to a format/);
    const version = await cli(['check', '--kubernetes-version', '1.12']);
    assert.equal(version.code, ExitCode.usage);
    assert.match(version.err, /--kubernetes-version must be one of 1\.34/);
  });

  it('exits 0 when the checked files are clean', async () => {
    const result = await cli(['check', 'k8s', 'runbooks', '.github']);
    assert.equal(result.code, ExitCode.ok, result.out);
    assert.match(result.out, /^1[0-9] file\(s\) checked: 0 error\(s\)/);
  });

  it('writes JSON with 1-based ranges', async () => {
    const result = await cli(['check', '--format', 'json', 'broken/syntax-error.yaml']);
    assert.equal(result.code, ExitCode.problems);
    const report = JSON.parse(result.out) as {
      files: { path: string; problems: { line: number; column: number; code: string }[] }[];
      summary: { files: number; errors: number };
    };
    assert.deepEqual(report.summary, { files: 1, errors: 1, warnings: 0 });
    const [file] = report.files;
    assert.ok(file);
    assert.equal(file.path, 'broken/syntax-error.yaml');
    assert.deepEqual(
      file.problems.map((p) => [p.line, p.column, p.code]),
      [[5, 1, 'syntax']],
    );
  });

  it('checks custom resources against the CRDs among the files given', async () => {
    const result = await cli(['check', '.'], crdRepo);
    assert.equal(result.code, ExitCode.problems);
    assert.equal(
      result.out,
      "deploy/widget.yaml:9:3: error: Unknown property 'colour' in Widget.spec. Did you mean 'color'? [kubernetes/unknown-property]\n" +
        '3 file(s) checked: 1 error(s), 0 warning(s)\n',
    );
    // Without the CRD in view, the Widget is left alone (a kind nothing describes).
    const alone = await cli(['check', 'deploy'], crdRepo);
    assert.equal(alone.code, ExitCode.ok);
    assert.equal(alone.out, '2 file(s) checked: 0 error(s), 0 warning(s)\n');
  });

  describe('on files that are not YAML text', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'iw-cli-'));
      writeFileSync(
        path.join(dir, 'image.yaml'),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff]),
      );
      writeFileSync(
        path.join(dir, 'latin1.yaml'),
        Buffer.concat([
          Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  city: Z'),
          Buffer.from([0xfc]),
          Buffer.from('rich\n'),
        ]),
      );
      writeFileSync(path.join(dir, 'empty.yaml'), '');
      writeFileSync(path.join(dir, 'comments.yml'), '# nothing here yet\n');
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('skips binary files with a reason and reports invalid UTF-8 at the first bad byte', async () => {
      const result = await cli(['check', '.'], dir);
      assert.equal(result.code, ExitCode.problems);
      assert.equal(
        result.out,
        'image.yaml:1:1: info: Binary file (it holds NUL bytes), not validated. [yaml/binary-file]\n' +
          'latin1.yaml:4:10: error: Not valid UTF-8: byte 0xfc at byte offset 46 cannot be decoded; not validated. Re-save the file as UTF-8. [yaml/invalid-utf8]\n' +
          '4 file(s) checked: 1 error(s), 0 warning(s)\n',
      );
    });
  });
});
