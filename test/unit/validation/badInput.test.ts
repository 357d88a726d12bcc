import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { Problem } from '../../../src/common/problem';
import { maxNestingDepth } from '../../../src/common/yamlModel';
import { defaultKubernetesVersion } from '../../../src/validation/core/kubernetesSchemas';
import { defaultMaxFileSize, YamlValidator } from '../../../src/validation/core/yamlValidator';

const schemasDir = path.resolve(__dirname, '..', '..', '..', 'schemas');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

function check(text: string, file = 'k8s/x.yaml', v = validator): (Problem & { covers: string })[] {
  return v.validate(file, text).problems.map((p) => ({ ...p, covers: text.slice(p.start, p.end) }));
}

function timed<T>(run: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = run();
  return { result, ms: performance.now() - started };
}

const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';

describe('bad input', () => {
  it('finds nothing in empty files, blank files and files of only comments', () => {
    for (const text of [
      '',
      '\n\n',
      '   ',
      '# just a comment\n',
      '# a\n---\n# b\n...\n',
      '\uFEFF# bom\n',
    ]) {
      assert.deepEqual(check(text), [], JSON.stringify(text));
    }
  });

  it('does not validate a file above the size limit: one warning at the start, quickly', () => {
    const small = new YamlValidator({
      schemasDir,
      kubernetesVersion: defaultKubernetesVersion,
      maxFileSize: 1024 * 1024,
    });
    const text = `${configMap}data:\n${'  k: "unterminated\n'.repeat(100_000)}`; // 2 MB, invalid
    const { result, ms } = timed(() => check(text, 'big.yaml', small));
    assert.deepEqual(
      result.map((p) => [p.code, p.severity, p.start, p.message]),
      [
        [
          'file-too-large',
          'warning',
          0,
          'File is 1.8 MB, above the 1 MB limit; not validated (raise infraWorkbench.validation.maxFileSize).',
        ],
      ],
    );
    assert.ok(ms < 50, `${ms} ms`);
    assert.equal(defaultMaxFileSize, 5 * 1024 * 1024);
    // At the limit exactly, the file is validated.
    const atLimit = `${configMap}data:\n  a: "${'x'.repeat(1024 * 1024 - configMap.length - 14)}"\n`;
    assert.equal(atLimit.length, 1024 * 1024);
    assert.deepEqual(check(atLimit, 'big.yaml', small), []);
  });

  it('handles a 50 MB file quickly with the default limit', () => {
    const line = '  key: value value value value value value value value value value\n';
    const text = `${configMap}data:\n${line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))}`;
    const { result, ms } = timed(() => check(text));
    assert.deepEqual(
      result.map((p) => p.code),
      ['file-too-large'],
    );
    assert.match(result[0]?.message ?? '', /^File is 50(\.\d)? MB, above the 5 MB limit/);
    assert.ok(ms < 100, `${ms} ms`);
  });

  it('does not validate text with NUL characters (a binary file)', () => {
    const problems = check(`${configMap}\0\0\x01\x02garbage: [\n`);
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity]),
      [['binary-file', 'info']],
    );
  });

  it('warns where the editor decoded invalid UTF-8 as U+FFFD', () => {
    const text = `${configMap}data:\n  city: "Z\uFFFDrich"\n`;
    const problems = check(text);
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, p.covers]),
      [['invalid-utf8', 'warning', '\uFFFD']],
    );
  });

  it('reports a deeply nested document once, without a stack overflow, in bounded time', () => {
    for (const text of [
      `${configMap}data:\n  a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      `${configMap}data:\n  a:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 4)}- `).join('\n')}x\n`,
      `- ${'- '.repeat(10_000)}x\n`,
    ]) {
      const { result, ms } = timed(() => check(text));
      assert.deepEqual(
        result.map((p) => p.code),
        ['too-deep'],
      );
      assert.ok(ms < 1000, `${ms} ms`);
    }
  });

  it('validates documents nested just below the limit', () => {
    const depth = maxNestingDepth - 10;
    const flow = `${configMap}data:\n  a: "x"\nimmutable: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const problems = check(flow);
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers.slice(0, 3)]),
      [['wrong-type', '[[[']],
    );
    const block = `${configMap}immutable:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(2 * i + 2)}k${i}:`).join('\n')} 1\n`;
    assert.deepEqual(
      check(block).map((p) => p.code),
      ['wrong-type'],
    );
  });

  it('puts ranges of CRLF texts on the right characters', () => {
    const lf = `${configMap}data:\n  a: "1"\nspec:\n  x: 1\nimmutable: yes please\n`;
    const crlf = lf.replace(/\n/g, '\r\n');
    const problems = check(crlf);
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [
        ['unknown-property', 'spec'],
        ['wrong-type', 'yes please'],
      ],
    );
    const stream = `${configMap}---\n${configMap}data: {a: [}\n`.replace(/\n/g, '\r\n');
    const syntax = check(stream).find((p) => p.code === 'syntax');
    assert.ok(syntax);
    assert.ok(syntax.start > stream.indexOf('---') && syntax.start >= stream.indexOf('data:'));
  });

  it('reports a billion-laughs file once, quickly, whatever the file is', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const previous = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array<string>(9).fill(`*${previous}`).join(',')}]`);
    }
    const bomb = `${lines.join('\n')}\n`;
    for (const [file, text] of [
      ['laughs.yaml', bomb],
      ['k8s/laughs.yaml', `${configMap}data:\n${bomb.replace(/^/gm, '  ').trimEnd()}\n`],
    ] as const) {
      const { result, ms } = timed(() => check(text, file));
      assert.deepEqual(
        result.map((p) => [p.code, p.severity]),
        [['alias-limit', 'error']],
        file,
      );
      assert.match(result[0]?.message ?? '', /expands more than \d+ aliases/);
      assert.ok(ms < 500, `${file}: ${ms} ms`);
    }
    // Anchors and aliases within bounds are fine.
    assert.deepEqual(check('base: &b {x: 1}\nother: *b\n', 'values.yaml'), []);
  });

  it('accepts CloudFormation, GitLab and Ansible tags without problems', () => {
    const template = [
      'Resources:',
      '  Bucket:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !Sub "${AWS::StackName}-logs"',
      '      Tags: [{Key: arn, Value: !GetAtt Role.Arn}, {Key: ref, Value: !Ref Env}]',
      '',
    ].join('\n');
    assert.deepEqual(check(template, 'cfn/template.yaml'), []);
    const gitlab = 'test:\n  script:\n    - !reference [.setup, script]\n    - make test\n';
    assert.deepEqual(check(gitlab, '.gitlab-ci.yml'), []);
    const ansible =
      '- hosts: all\n  vars:\n    secret: !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      3132\n    raw: !unsafe "{{ x }}"\n  tasks: []\n';
    assert.deepEqual(check(ansible, 'playbooks/site.yml'), []);
    const unknown = check('a: !Whatever 1\n', 'x.yaml');
    assert.deepEqual(
      unknown.map((p) => [p.severity, p.covers]),
      [['warning', '!Whatever']],
    );
  });

  it('says tabs are not allowed for indentation, at the tab', () => {
    const text = `${configMap}data:\n\ta: "1"\n`;
    const problems = check(text);
    const tab = problems.find((p) => p.covers === '\t');
    assert.equal(tab?.message, 'Tabs are not allowed for indentation in YAML; use spaces.');
  });
});
