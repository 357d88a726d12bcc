import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ExitCode, type CliIo } from '../../../src/cli/runCli';
import { captureCli, type CliRun } from './captureCli';

/** The text without its ANSI colour escapes (ESC [ n m). */
function stripAnsi(text: string): string {
  return text
    .split('\x1b')
    .map((part, index) => (index === 0 ? part : part.replace(/^\[\d+m/, '')))
    .join('');
}

const demoRepo = path.resolve(__dirname, '..', '..', 'fixtures', 'demo-repo');
const crdRepo = path.resolve(__dirname, '..', '..', 'fixtures', 'crd-repo');

const cli = (args: string[], cwd = demoRepo, io: Partial<CliIo> = {}): Promise<CliRun> =>
  captureCli(args, cwd, io);

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
      [['check', '--format', 'xml'], /--format must be text, json or sarif, not 'xml'/],
      [['check', '--severity', 'hint'], /--severity must be error, warning or info, not 'hint'/],
      [['check', '--k8s-version', '1.12'], /--k8s-version must be one of 1\.34, not '1\.12'/],
      [['check', '--kubernetes-version', '1.12'], /--k8s-version must be one of 1\.34/],
      [
        ['check', '--k8s-version', '1.34', '--kubernetes-version', '1.33'],
        /--k8s-version 1\.34 and --kubernetes-version 1\.33 disagree/,
      ],
      [['check', '--format'], /argument missing/],
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
    // And those of Alertmanager, Kustomize, Helm (Chart.yaml and values against the chart's schema) and Rundeck.
    for (const [file, source] of [
      ['broken/alertmanager.yml', 'alertmanager'],
      ['broken/kustomize/kustomization.yaml', 'kustomize'],
      ['charts/shop/Chart.yaml', 'helm'],
      ['charts/shop/values.yaml', 'helm'],
      ['rundeck/restart-checkout.yaml', 'rundeck'],
      ['broken/grafana/datasources.yaml', 'grafana'],
    ] as const) {
      assert.match(
        result.out,
        new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+:\\d+: error: .* \\[${source}/`, 'm'),
      );
    }
    // Helm templates are Go templates, not YAML yet: never reported.
    assert.doesNotMatch(result.out, /^charts\/shop\/templates\//m);
    // 21 errors and 3 warnings of the earlier formats, plus 4 Alertmanager, 2 Kustomize, 3 Helm,
    // 1 Rundeck and 2 Grafana errors, and 1 Kustomize and 1 Grafana warning.
    assert.match(result.out, /\d+ file\(s\) checked: 33 error\(s\), 7 warning\(s\)\n$/);
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
  });

  it('exits 0 when the checked files are clean', async () => {
    const result = await cli(['check', 'k8s', 'runbooks', '.github']);
    assert.equal(result.code, ExitCode.ok, result.out);
    assert.match(result.out, /^1[0-9] file\(s\) checked: 0 error\(s\)/);
  });

  it('applies the cross-file options: --no-missing-references, --unrouted-alerts', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'iw-cli-cross-'));
    try {
      writeFileSync(
        path.join(root, 'alertmanager.yml'),
        'route:\n  receiver: default\n  routes:\n    - receiver: pager\n      matchers: [\'severity="critical"\']\nreceivers: [{name: default}, {name: pager}]\n',
      );
      writeFileSync(
        path.join(root, 'rules.yaml'),
        'groups:\n  - name: g\n    rules:\n      - alert: Lost\n        expr: up == 0\n        labels: {severity: low}\n',
      );
      writeFileSync(
        path.join(root, 'pod.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      envFrom: [{configMapRef: {name: nowhere}}]\n',
      );
      const codes = async (...flags: string[]): Promise<string[]> => {
        const { out } = await cli(['check', '--format', 'json', ...flags], root);
        return (JSON.parse(out) as { problems: { code: string }[] }).problems.map((p) => p.code);
      };
      assert.deepEqual(await codes(), ['missing-configmap']);
      assert.deepEqual(await codes('--no-missing-references'), []);
      assert.deepEqual(await codes('--unrouted-alerts').then((c) => c.sort()), [
        'missing-configmap',
        'unrouted-alert',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('writes JSON: problems with their file and 1-based ranges, and a summary', async () => {
    const result = await cli([
      'check',
      '--format',
      'json',
      'broken/syntax-error.yaml',
      'k8s/checkout/rbac.yaml',
    ]);
    assert.equal(result.code, ExitCode.problems);
    const report = JSON.parse(result.out) as {
      problems: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(report), ['problems', 'summary']);
    assert.deepEqual(report.problems, [
      {
        file: 'broken/syntax-error.yaml',
        line: 5,
        column: 1,
        endLine: 5,
        endColumn: 2,
        severity: 'error',
        code: 'syntax',
        message: 'All mapping items must start at the same column',
        source: 'yaml',
      },
    ]);
    const { seconds, ...counts } = report.summary;
    // rbac.yaml holds three documents; the broken file one.
    assert.deepEqual(counts, { files: 2, documents: 4, errors: 1, warnings: 0 });
    assert.equal(typeof seconds, 'number');
    assert.ok((seconds as number) >= 0 && (seconds as number) < 60);
  });

  it('takes the Kubernetes version as --k8s-version or --kubernetes-version', async () => {
    for (const flag of ['--k8s-version', '--kubernetes-version']) {
      const result = await cli(['check', flag, '1.34', 'broken/deployment-typos.yaml']);
      assert.equal(result.code, ExitCode.problems, flag);
      assert.match(result.out, /\[kubernetes\/wrong-type\]/);
    }
  });

  it('checks custom resources against the CRDs of the repository', async () => {
    // Checking only deploy/, the CRD elsewhere in the repository still describes the Widget.
    for (const [path, files] of [
      ['.', 3],
      ['deploy', 2],
    ] as const) {
      const result = await cli(['check', path], crdRepo);
      assert.equal(result.code, ExitCode.problems, path);
      assert.equal(
        result.out,
        "deploy/widget.yaml:9:3: error: Unknown property 'colour' in Widget.spec. Did you mean 'color'? [kubernetes/unknown-property]\n" +
          `${files} file(s) checked: 1 error(s), 0 warning(s)\n`,
      );
    }
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
  describe('with errors, warnings and info', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'iw-cli-severity-'));
      writeFileSync(path.join(dir, 'binary.yaml'), Buffer.from([0x41, 0, 0x42]));
      // Valid UTF-8 holding U+FFFD: a warning.
      writeFileSync(
        path.join(dir, 'mangled.yaml'),
        'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: \uFFFD\n',
      );
      writeFileSync(path.join(dir, 'broken.yaml'), 'a: [1\n');
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('reports problems at or above --severity, counted in the summary', async () => {
      const codes = (out: string): string[] =>
        [...out.matchAll(/ (error|warning|info): .*\[(\S+)\]$/gm)].map((m) => `${m[1]} ${m[2]}`);
      const all = await cli(['check'], dir);
      assert.deepEqual(codes(all.out), [
        'info yaml/binary-file',
        'error yaml/syntax',
        'warning yaml/invalid-utf8',
      ]);
      assert.match(all.out, /3 file\(s\) checked: 1 error\(s\), 1 warning\(s\)\n$/);
      assert.deepEqual(all, await cli(['check', '--severity', 'info'], dir));
      const warnings = await cli(['check', '--severity', 'warning'], dir);
      assert.deepEqual(codes(warnings.out), ['error yaml/syntax', 'warning yaml/invalid-utf8']);
      const errors = await cli(['check', '--severity', 'error', '--format', 'json'], dir);
      assert.equal(errors.code, ExitCode.problems);
      const report = JSON.parse(errors.out) as {
        problems: { code: string }[];
        summary: { errors: number; warnings: number };
      };
      assert.deepEqual(
        report.problems.map((p) => p.code),
        ['syntax'],
      );
      assert.equal(report.summary.warnings, 0);
    });

    it('exits 0 on warnings alone, whatever the threshold', async () => {
      for (const severity of ['error', 'warning', 'info']) {
        const result = await cli(['check', '--severity', severity, 'mangled.yaml'], dir);
        assert.equal(result.code, ExitCode.ok, severity);
      }
      const warned = await cli(['check', 'mangled.yaml'], dir);
      assert.match(warned.out, /: warning: U\+FFFD/);
    });

    it('colours text on a terminal unless NO_COLOR, and when FORCE_COLOR', async () => {
      const coloured = await cli(['check', 'broken.yaml'], dir, { isTty: true, env: {} });
      assert.equal(
        coloured.out,
        '\x1b[1mbroken.yaml:2:1:\x1b[0m \x1b[31merror:\x1b[0m Flow sequence in block collection must be sufficiently indented and end with a ] \x1b[2m[yaml/syntax]\x1b[0m\n' +
          '\x1b[31m1 file(s) checked: 1 error(s), 0 warning(s)\x1b[0m\n',
      );
      const plain = await cli(['check', 'broken.yaml'], dir, {
        isTty: true,
        env: { NO_COLOR: '1' },
      });
      assert.ok(!plain.out.includes('\x1b'));
      assert.equal(plain.out, stripAnsi(coloured.out));
      const piped = await cli(['check', 'broken.yaml'], dir, { isTty: false, env: {} });
      assert.equal(piped.out, plain.out);
      const forced = await cli(['check', 'broken.yaml'], dir, {
        isTty: false,
        env: { FORCE_COLOR: '1', NO_COLOR: '1' },
      });
      assert.equal(forced.out, coloured.out);
      // JSON is never coloured.
      const json = await cli(['check', '--format', 'json', 'broken.yaml'], dir, {
        env: { FORCE_COLOR: '1' },
      });
      assert.ok(!json.out.includes('\x1b'));
    });

    it('shows a progress line on a terminal stderr, throttled and cleared before the results', async () => {
      let clock = 0;
      const now = (): number => (clock += 40);
      const tty = await cli(['check'], dir, { errIsTty: true, now });
      const writes = tty.err.split('\r\x1b[2K');
      assert.equal(writes[0], '', 'every write starts by clearing the line');
      assert.ok(writes.length > 2, tty.err);
      for (const line of writes.slice(1, -1)) {
        assert.match(line, /^infra-workbench: checking \d\/3 files…$/);
      }
      assert.ok(tty.err.endsWith('\r\x1b[2K'), 'the line is cleared at the end');
      // At most one write per 100 ms: the clock advances 40 ms per reading.
      assert.ok(writes.length - 1 < 10, `${writes.length - 1} writes`);
      assert.equal(tty.out, (await cli(['check'], dir)).out);
      const piped = await cli(['check'], dir, { errIsTty: false, now });
      assert.equal(piped.err, '');
    });
  });

  describe('on unreadable inputs', () => {
    let dir = '';
    before(function () {
      if (process.platform === 'win32') {
        this.skip(); // no FIFOs
      }
      dir = mkdtempSync(path.join(tmpdir(), 'iw-cli-unreadable-'));
      mkdirSync(path.join(dir, 'k8s'));
      writeFileSync(path.join(dir, 'k8s', 'broken.yaml'), 'a: [1\n');
      // A FIFO would block a read forever (and root can read any mode-000 file).
      execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('exits 2 after checking and reporting the readable files', async () => {
      const result = await cli(['check', 'pipe.yaml', 'k8s'], dir);
      assert.equal(result.code, ExitCode.usage);
      assert.equal(result.err, 'infra-workbench: pipe.yaml: cannot read: not a regular file\n');
      assert.equal(
        result.out,
        'k8s/broken.yaml:2:1: error: Flow sequence in block collection must be sufficiently indented and end with a ] [yaml/syntax]\n' +
          '1 file(s) checked: 1 error(s), 0 warning(s)\n',
      );
      const sarif = await cli(['check', '--format', 'sarif', 'pipe.yaml', 'k8s'], dir);
      assert.equal(sarif.code, ExitCode.usage);
      assert.match(sarif.out, /"executionSuccessful": false/);
    });
  });
});
