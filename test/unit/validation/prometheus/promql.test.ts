import * as assert from 'node:assert/strict';
import { checkPromql } from '../../../../src/validation/core/prometheus/promql';

/** Each issue as [code, covered text, message]. */
function issues(expr: string): [string, string, string][] {
  return checkPromql(expr).map((i) => [i.code, expr.slice(i.from, i.to), i.message]);
}

describe('checkPromql', () => {
  it('accepts what Prometheus accepts', () => {
    for (const expr of [
      '1',
      'up == 0',
      'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05',
      'histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))',
      'topk(5, x)',
      'count_values("v", x)',
      'absent(up{job="a"})',
      'x offset 5m',
      'time() - x offset 10m > 60',
      'x @ start()',
      'rate(x[5m:1m])',
      'vector(1) > bool 0',
      'up == on(job) group_left(instance) up',
      'label_join(x, "a", ",", "b", "c")',
      'round(x)',
      '{"utf.8 metric"}',
      'sum(x) # comment',
    ]) {
      assert.deepEqual(issues(expr), [], expr);
    }
  });

  it('reports syntax errors on the unexpected token', () => {
    assert.deepEqual(issues('up by'), [
      ['promql-syntax', 'by', 'PromQL: unexpected identifier "by".'],
    ]);
    assert.deepEqual(issues('x ** 2'), [
      ['promql-syntax', '*', 'PromQL: unexpected operator "*".'],
    ]);
    assert.equal(issues('test +')[0]?.[1], '+');
    assert.deepEqual(issues(''), [
      ['promql-syntax', '', 'PromQL: no expression found: write a query, e.g. up == 0.'],
    ]);
  });

  it('reports unknown and renamed functions', () => {
    assert.equal(
      issues('holt_winters(x[5m], 0.1, 0.1)')[0]?.[2],
      'PromQL: unknown function "holt_winters". It was renamed to double_exponential_smoothing in Prometheus 3.0.',
    );
  });

  it('checks types as Prometheus parser does', () => {
    const first = (expr: string): [string, string] => {
      const [issue] = issues(expr);
      assert.ok(issue !== undefined, expr);
      return [issue[1], issue[2]];
    };
    assert.match(
      first('1 > 2')[1],
      /comparisons between scalars must use BOOL modifier: write 1 > bool 2/,
    );
    assert.match(first('topk(x)')[1], /expected 2, got 1/);
    assert.deepEqual(first('count_values(5, x)'), [
      '5',
      'PromQL: expected type string in aggregation parameter, got scalar.',
    ]);
    assert.match(first('label_replace(x, "a")')[1], /expected 5 argument\(s\)/);
    assert.match(first('round(x, 1, 2)')[1], /at most 2/);
    assert.deepEqual(first('sum(x[5m])')[0], 'x[5m]');
    assert.match(first('x and 1')[1], /set operator "and" not allowed in binary scalar expression/);
    assert.match(first('x + bool y')[1], /bool modifier can only be used on comparison operators/);
    assert.match(first('{a=""}')[1], /at least one non-empty matcher/);
    assert.match(first('(x)[5m]')[1], /ranges are only allowed for vector selectors/);
    assert.match(
      first('x[5m:][1m:]')[1],
      /subquery is only allowed on instant vector, got range vector/,
    );
    assert.match(
      first('rate(x[5m]) + (x[5m])')[1],
      /only scalar and instant vector types, got range vector/,
    );
    assert.match(first('foo{__name__="bar"}')[1], /metric name must not be set twice/);
    assert.match(first('x and on(a) group_left y')[1], /no grouping allowed/);
  });

  it('warns about experimental syntax with the feature flag to enable', () => {
    assert.deepEqual(
      checkPromql('rate(up[1m] anchored) + fill(0) rate(up[1m * 2])').map((i) => [
        i.severity,
        i.message.replace(/.*--enable-feature=/, ''),
      ]),
      [
        ['warning', 'promql-extended-range-selectors.'],
        ['warning', 'promql-binop-fill-modifiers.'],
        ['warning', 'promql-duration-expr.'],
      ],
    );
  });
});
