import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { lineColumn, lineStarts } from '../../../src/common/lines';
import {
  forgetParse,
  maxNestingDepth,
  nestingBeyond,
  parseOnce,
  parseYaml,
  splitDocuments,
} from '../../../src/common/yamlModel';

describe('parseYaml', () => {
  it('parses every document of a multi-document stream', () => {
    const model = parseYaml('kind: A\n---\nkind: B\n---\nkind: C\n');
    assert.equal(model.documents.length, 3);
    assert.deepEqual(model.syntaxProblems, []);
  });

  it('locates a syntax error by offsets on its line', () => {
    const text = 'a: 1\nb: [1, 2\nc: 3\n';
    const model = parseYaml(text);
    assert.ok(model.syntaxProblems.length > 0);
    const first = model.syntaxProblems[0];
    assert.ok(first);
    assert.equal(first.code, 'syntax');
    assert.equal(first.severity, 'error');
    assert.ok(first.end > first.start);
    assert.ok(!first.message.includes('\n'), 'one-line message without a code frame');
    assert.ok(lineColumn(lineStarts(text), first.start).line >= 2);
  });

  it('reports a duplicate key on the whole second key, with what to do', () => {
    const text = 'metadata:\n  labels: {}\n  labels: {}\n';
    const [problem, ...rest] = parseYaml(text).syntaxProblems;
    assert.ok(problem);
    assert.deepEqual(rest, []);
    assert.equal(problem.code, 'duplicate-key');
    assert.equal(text.slice(problem.start, problem.end), 'labels');
    assert.equal(problem.start, text.lastIndexOf('labels'));
    assert.match(problem.message, /Remove or rename/);
  });

  it('returns the same model for the same text (parsed once)', () => {
    const text = `x: ${Math.random()}\n`;
    assert.equal(parseYaml(text), parseYaml(text));
    assert.notEqual(parseYaml(text), parseYaml(`${text}y: 1\n`));
  });

  it('keeps the models of the 3 texts used last, found by their content', () => {
    const texts = [1, 2, 3, 4].map((i) => `x${i}: ${Math.random()}\n`);
    const [t1 = '', t2 = '', t3 = '', t4 = ''] = texts;
    const first = parseYaml(t1);
    // An equal text that is another string finds the same model.
    assert.equal(parseYaml(t1.split('').join('')), first);
    const second = parseYaml(t2);
    parseYaml(t3);
    assert.equal(parseYaml(t1), first); // used again: now the most recent
    parseYaml(t4);
    assert.equal(parseYaml(t1), first);
    assert.notEqual(parseYaml(t2), second); // the least recently used one was dropped
  });

  it('parses an alias bomb without expanding it', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 30; i++) {
      const prev = `*a${i - 1}`;
      lines.push(`a${i}: &a${i} [${Array(10).fill(prev).join(', ')}]`);
    }
    // 10^30 nodes if expanded: an expansion would hang here until mocha's timeout fails the test.
    const model = parseYaml(lines.join('\n'));
    assert.equal(model.documents.length, 1);
    assert.deepEqual(model.syntaxProblems, []);
  });

  it('splits a stream at document markers only, keeping directives with their document', () => {
    const text = '# head\n---\na: |\n  text --- not a marker\n---  # comment\nb: 1\n';
    assert.deepEqual(splitDocuments(text), [
      { offset: 0, text: '# head\n' },
      { offset: 7, text: '---\na: |\n  text --- not a marker\n' },
      { offset: 40, text: '---  # comment\nb: 1\n' },
    ]);
    assert.deepEqual(
      parseYaml(text).documents.map((d) => d.doc.toJS() as unknown),
      [{ a: 'text --- not a marker\n' }, { b: 1 }],
    );
    assert.deepEqual(splitDocuments('%YAML 1.2\n---\na: 1\n'), [
      { offset: 0, text: '%YAML 1.2\n---\na: 1\n' },
    ]);
  });

  it('forgets the parse of a text read once, every document of it', () => {
    const text = `a: ${Math.random()}\n---\nb: 2\n`;
    const first = parseYaml(text);
    forgetParse(text);
    const again = parseYaml(text);
    assert.notEqual(again, first);
    assert.notEqual(again.documents[0]?.doc, first.documents[0]?.doc);
    assert.notEqual(again.documents[1]?.doc, first.documents[1]?.doc);
    assert.deepEqual(
      again.documents.map((d) => d.doc.toJS() as unknown),
      first.documents.map((d) => d.doc.toJS() as unknown),
    );
  });

  it('parses a text read once without caching its documents one by one', () => {
    const tail = `---\nb: ${Math.random()}\n`;
    const text = `a: 1\n${tail}`;
    const model = parseOnce(() => {
      const first = parseYaml(text);
      assert.equal(parseYaml(text), first); // the whole text's model is still shared
      return first;
    });
    // Another text with the same document parses it again: it was cached on its own nowhere.
    const other = parseYaml(`x: 0\n${tail}`);
    assert.notEqual(other.documents[1]?.doc, model.documents[1]?.doc);
    assert.deepEqual(other.documents[1]?.doc.toJS(), model.documents[1]?.doc.toJS());
    // Outside parseOnce, the same document is reused.
    assert.equal(parseYaml(`y: 0\n${tail}`).documents[1]?.doc, other.documents[1]?.doc);
  });

  it('re-parses only the document an edit touched', () => {
    const docs = ['kind: A\nx: 1\n', 'kind: B\ny: 2\n', 'kind: C\nz: 3\n'];
    const before = parseYaml(docs.join('---\n'));
    const after = parseYaml([docs[0], 'kind: B\ny: 20\n', docs[2]].join('---\n'));
    assert.equal(after.documents[0]?.doc, before.documents[0]?.doc);
    assert.notEqual(after.documents[1]?.doc, before.documents[1]?.doc);
    // The third document moved by one character but kept its text: same parse, new offset.
    assert.equal(after.documents[2]?.doc, before.documents[2]?.doc);
    assert.equal((after.documents[2]?.offset ?? 0) - (before.documents[2]?.offset ?? 0), 1);
  });

  it('reports problems of later documents at offsets in the whole text', () => {
    const text = 'a: 1\n---\nb: 2\nb: 3\n';
    const [problem] = parseYaml(text).syntaxProblems;
    assert.ok(problem);
    assert.equal(problem.code, 'duplicate-key');
    assert.equal(problem.start, text.lastIndexOf('b'));
  });

  it('handles empty and comment-only input', () => {
    assert.deepEqual(parseYaml('').syntaxProblems, []);
    assert.deepEqual(parseYaml('# only a comment\n').syntaxProblems, []);
    assert.deepEqual(parseYaml('\n\n   \n').syntaxProblems, []);
    assert.deepEqual(parseYaml('# a\r\n---\r\n# b\r\n---\r\n').syntaxProblems, []);
  });

  it('accepts the tags of CloudFormation, GitLab CI and Ansible silently, with their values', () => {
    const text = [
      'Bucket: !Ref MyBucket',
      'Name: !Sub "${AWS::StackName}-x"',
      'Arn: !GetAtt [Role, Arn]',
      'Joined: !Join [",", [a, b]]',
      'Cond: !If [IsProd, !Ref A, !Ref B]',
      'script: !reference [.setup, script]',
      'password: !vault |',
      '  $ANSIBLE_VAULT;1.1;AES256',
      '  6162',
      'raw: !unsafe "{{ not a template }}"',
      'map: !Transform {Name: AWS::Include}',
      '',
    ].join('\n');
    const model = parseYaml(text);
    assert.deepEqual(model.syntaxProblems, []);
    assert.deepEqual(model.documents[0]?.doc.toJS(), {
      Bucket: 'MyBucket',
      Name: '${AWS::StackName}-x',
      Arn: ['Role', 'Arn'],
      Joined: [',', ['a', 'b']],
      Cond: ['IsProd', 'A', 'B'],
      script: ['.setup', 'script'],
      password: '$ANSIBLE_VAULT;1.1;AES256\n6162\n',
      raw: '{{ not a template }}',
      map: { Name: 'AWS::Include' },
    });
  });

  it('warns (only) about other tags, on the tag', () => {
    const text = 'a: !Reff x\nb: !!binary aGk=\n';
    const problems = parseYaml(text).syntaxProblems;
    assert.deepEqual(
      problems.map((p) => [p.severity, text.slice(p.start, p.end), p.message]),
      [
        [
          'warning',
          '!Reff',
          'Unknown tag !Reff: its value is read as plain YAML. Check the spelling if a tool expects it.',
        ],
      ],
    );
  });

  it('says tabs are not allowed for indentation, at the tab', () => {
    const text = 'a:\n  b: 1\n\tc: 2\n';
    const problems = parseYaml(text).syntaxProblems;
    const tab = problems.find((p) => p.message.startsWith('Tabs'));
    assert.equal(tab?.message, 'Tabs are not allowed for indentation in YAML; use spaces.');
    assert.equal(tab.start, text.indexOf('\t'));
  });

  it('reports a document nested too deeply once, without a stack overflow', () => {
    for (const text of [
      `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      `a: ${'['.repeat(10_000)}`,
      `${'- '.repeat(10_000)}x\n`,
      `${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`,
    ]) {
      const started = performance.now();
      const problems = parseYaml(text).syntaxProblems;
      assert.deepEqual(
        problems.map((p) => p.code),
        ['too-deep'],
        text.slice(0, 20),
      );
      assert.match(problems[0]?.message ?? '', /nested too deeply/);
      assert.ok(performance.now() - started < 2000);
    }
  });

  it('locates the too-deep problem where the nesting crosses the limit', () => {
    const text = `${'- '.repeat(10_000)}x\n`;
    const [problem] = parseYaml(text).syntaxProblems;
    // The line's own indentation is one level, each '- ' another.
    assert.equal(problem?.start, 2 * (maxNestingDepth - 1));
    // A top-level flow collection is one block level deep already.
    assert.equal(nestingBeyond('['.repeat(maxNestingDepth - 1), maxNestingDepth), undefined);
    assert.equal(nestingBeyond('['.repeat(maxNestingDepth), maxNestingDepth), maxNestingDepth - 1);
    assert.equal(nestingBeyond(`a: "${'['.repeat(1000)}"\n# ${'{'.repeat(1000)}\n`, 10), undefined);
  });

  it('locates problems of CRLF texts on the right characters', () => {
    const text = 'a: 1\r\nb: [1\r\n---\r\nc: 1\r\nc: 2\r\n';
    const problems = parseYaml(text).syntaxProblems;
    const duplicate = problems.find((p) => p.code === 'duplicate-key');
    assert.equal(duplicate && text.slice(duplicate.start, duplicate.end), 'c');
    assert.equal(duplicate?.start, text.lastIndexOf('c: 2'));
    assert.ok(problems.some((p) => p.code === 'syntax' && p.start <= text.indexOf('---')));
  });

  it('keeps no old version of a large file alive through its caches while it is edited', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const doc = (i: number): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: ${'x'.repeat(400)}\n`;
    let text = Array.from({ length: 2000 }, (_, i) => doc(i)).join('---\n'); // about 1 MB
    parseYaml(text);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 30; i++) {
      // One keystroke-sized edit in a different document each time.
      text = text.replace(`name: c${i * 60}\n`, `name: c${i * 60}x\n`);
      assert.equal(parseYaml(text).documents.length, 2000);
    }
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    // Keeping each version alive would grow the heap by about 30 MB.
    assert.ok(grownMb < 15, `the heap grew by ${grownMb.toFixed(1)} MB over 30 edits`);
  });
});
