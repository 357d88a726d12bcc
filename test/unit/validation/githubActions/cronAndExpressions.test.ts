import * as assert from 'node:assert/strict';
import { checkCron } from '../../../../src/validation/core/githubActions/cron';
import {
  checkEmbeddedExpressions,
  checkExpression,
} from '../../../../src/validation/core/githubActions/expressions';

describe('cron', () => {
  it('accepts lists, ranges, steps and names', () => {
    for (const ok of [
      '* * * * *',
      '*/15 0-6,18-23 1,15 JAN-MAR,dec mon-fri',
      '0 0 1 */2 0',
      '5 4 * * SUN',
    ]) {
      assert.equal(checkCron(ok), undefined, ok);
    }
  });

  it('names the wrong field and covers it', () => {
    const cases: [string, string, string][] = [
      ['0 0 * * 7', 'day of week', '7'],
      ['60 * * * *', 'minute', '60'],
      ['0 0 0 * *', 'day of month', '0'],
      ['0 0 * FOO *', 'month', 'FOO'],
      ['0 0 * * 5-1', 'day of week', '5-1'],
      ['*/0 * * * *', 'minute', '*/0'],
    ];
    for (const [expr, field, covers] of cases) {
      const error = checkCron(expr);
      assert.ok(error !== undefined, expr);
      assert.match(error.message, new RegExp(`cron ${field} field`), expr);
      assert.equal(expr.slice(error.start, error.end), covers, expr);
    }
  });

  it('requires five fields', () => {
    assert.match(checkCron('0 0 * *')?.message ?? '', /has 4/);
    assert.match(checkCron('0 0 0 * * *')?.message ?? '', /has 6/);
  });
});

describe('expressions', () => {
  const covers = (text: string): [string, string][] =>
    checkEmbeddedExpressions(text).map((e) => [e.code, text.slice(e.start, e.end)]);

  it('accepts GitHub expression syntax', () => {
    for (const ok of [
      '${{ github.event.pull_request.head.sha || github.sha }}',
      "${{ contains(github.event.head_commit.message, '[skip ci]') }}",
      '${{ fromJSON(needs.setup.outputs.matrix)[0] }}',
      "${{ !cancelled() && (matrix.os == 'ubuntu' || env.X != '') }}",
      '${{ steps.*.outputs.result }}',
      "${{ format('{0}-{1}', runner.os, hashFiles('**/go.sum')) }}",
      "${{ 'it''s }} fine' }}",
      '${{ -1 < 0x10 }}',
    ]) {
      assert.deepEqual(covers(ok), [], ok);
    }
  });

  it('reports unknown contexts and functions with did-you-mean', () => {
    assert.deepEqual(covers('a ${{ secret.X }} b ${{ Github.ref }}'), [
      ['unknown-context', 'secret'],
      ['unknown-context', 'Github'],
    ]);
    const found = checkExpression("contain(github.ref, 'x')");
    assert.deepEqual(
      found.map((e) => e.code),
      ['unknown-function'],
    );
    assert.match(found.map((e) => e.message).join('|'), /Did you mean 'contains'\?/);
  });

  it('reports syntax errors at the token', () => {
    assert.deepEqual(covers('${{ github.ref = 1 }}'), [['expression-syntax', '=']]);
    assert.deepEqual(covers('${{ (github.ref }}'), [['expression-syntax', '}']]);
    assert.deepEqual(covers('${{ "x" }}'), [['expression-syntax', '"']]);
    assert.deepEqual(covers('${{ }}'), [['expression-syntax', ' ']]);
    assert.deepEqual(covers('x ${{ github.ref'), [['expression-syntax', '${{ github.ref']]);
    assert.deepEqual(covers("${{ 'open }}"), [['expression-syntax', "${{ 'open }}"]]);
  });
});
