import * as assert from 'node:assert/strict';
import path from 'node:path';
import { ExitCode } from '../../../src/cli/runCli';
import { captureCli, type CliRun } from './captureCli';
import { TempRepo } from '../git/tempRepo';

const cli = (cwd: string, args: string[]): Promise<CliRun> => captureCli(args, cwd);

const configMap = (name: string, value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {key: "${value}"}\n`;

describe('infra-workbench diff', () => {
  const repos: TempRepo[] = [];
  let r: TempRepo;
  before(() => {
    r = new TempRepo();
    repos.push(r);
    r.write('k8s/a.yaml', `${configMap('a', '1')}---\n${configMap('gone', '1')}`);
    r.commit('base');
    r.git('checkout', '-q', '-b', 'feature');
    r.write('k8s/a.yaml', configMap('a', '2'));
    r.write('k8s/b.yaml', configMap('b', '1'));
  });
  after(() => {
    for (const repo of repos) {
      repo.remove();
    }
  });

  it('is in the help', async () => {
    const help = await cli(r.root, ['--help']);
    assert.match(help.out, /diff \[path\]/);
    assert.match(help.out, /--base <ref>/);
  });

  it('prints the text summary against the merge base by default', async () => {
    const { code, out, err } = await cli(r.root, ['diff']);
    assert.equal(err, '');
    assert.equal(code, ExitCode.ok);
    assert.match(
      out,
      /^Kubernetes: 1 to add, 1 to change, 1 to remove\n\(base: merge base of HEAD and main \([0-9a-f]{12}\); 2 changed manifest files\)\n/,
    );
    assert.match(out, /~ ConfigMap a {2}k8s\/a\.yaml:1\n {6}~ data\.key: "1" -> "2"\n/);
  });

  it('prints Markdown and JSON, with --base and a path', async () => {
    const markdown = await cli(path.join(r.root, 'k8s'), [
      'diff',
      '--format',
      'markdown',
      '--base',
      'main',
      '.',
    ]);
    assert.equal(markdown.code, ExitCode.ok);
    assert.match(
      markdown.out,
      /^\*\*Kubernetes: 1 to add, 1 to change, 1 to remove\*\*\n\nbase: main \(/,
    );
    const json = await cli(r.root, ['diff', '--format=json', '--base=HEAD', 'k8s']);
    assert.equal(json.code, ExitCode.ok);
    const report = JSON.parse(json.out) as {
      scope: string;
      summary: { counts: { add: number; change: number; remove: number } };
      changes: { action: string; head?: { file: string; line: number } }[];
    };
    assert.equal(report.scope, 'k8s');
    assert.deepEqual(report.summary.counts, {
      add: 1,
      change: 1,
      remove: 1,
      moved: 0,
      unchanged: 0,
    });
    assert.deepEqual(report.changes.find((c) => c.action === 'add')?.head, {
      file: 'k8s/b.yaml',
      line: 1,
    });
  });

  it('exits 2 with a clear message on git errors', async () => {
    const unknown = await cli(r.root, ['diff', '--base', 'nope']);
    assert.equal(unknown.code, ExitCode.usage);
    assert.equal(unknown.out, '');
    assert.equal(
      unknown.err,
      "infra-workbench: diff: unknown revision 'nope': not a branch, tag or commit of this repository\n",
    );
    const outside = new TempRepo({ init: false });
    repos.push(outside);
    const notRepo = await cli(outside.root, ['diff']);
    assert.equal(notRepo.code, ExitCode.usage);
    assert.match(notRepo.err, /^infra-workbench: diff: .* is not in a git repository\n$/);
    const empty = new TempRepo();
    repos.push(empty);
    const noCommits = await cli(empty.root, ['diff']);
    assert.equal(noCommits.code, ExitCode.usage);
    assert.match(noCommits.err, /no commits yet/);
  });

  it('exits 2 on usage errors', async () => {
    for (const [args, message] of [
      [
        ['diff', '--format', 'sarif'],
        /--format of diff must be text, markdown or json, not 'sarif'/,
      ],
      [['diff', 'a', 'b'], /diff takes at most one path/],
      [['diff', '--base', ''], /--base needs a revision/],
      [['diff', '--severity', 'error'], /for check only, not diff/],
      [['check', '--base', 'main'], /--base: for diff only, not check/],
    ] as const) {
      const { code, out, err } = await cli(r.root, [...args]);
      assert.equal(code, ExitCode.usage, args.join(' '));
      assert.equal(out, '');
      assert.match(err, message);
    }
  });
});
