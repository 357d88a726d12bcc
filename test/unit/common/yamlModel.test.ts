import * as assert from 'node:assert/strict';
import { parseYaml } from '../../../src/common/yamlModel';

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
    assert.ok(model.lineCounter.linePos(first.start).line >= 2);
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

  it('handles empty and comment-only input', () => {
    assert.deepEqual(parseYaml('').syntaxProblems, []);
    assert.deepEqual(parseYaml('# only a comment\n').syntaxProblems, []);
  });
});
