import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { Problem } from '../../../../src/common/problem';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

/** The problems of a rule file, with the text each one covers. */
function check(text: string): (Problem & { covers: string })[] {
  return validator
    .validate('rules/alerts.yaml', text)
    .problems.map((p) => ({ ...p, covers: text.slice(p.start, p.end) }));
}

/** The only problem of a text (fails when there are none or several). */
function only(text: string): Problem & { covers: string } {
  const problems = check(text);
  assert.equal(problems.length, 1, JSON.stringify(problems, null, 1));
  const [problem] = problems;
  assert.ok(problem !== undefined);
  return problem;
}

/** One alerting rule with `lines` added (each indented under the rule). */
const alert = (...lines: string[]): string =>
  ['groups:', '  - name: g', '    rules:', '      - alert: A', ...lines.map((l) => `        ${l}`)]
    .join('\n')
    .concat('\n');
const record = (...lines: string[]): string =>
  ['groups:', '  - name: g', '    rules:', '      - record: r', ...lines.map((l) => `        ${l}`)]
    .join('\n')
    .concat('\n');

describe('Prometheus rules checker', () => {
  it('accepts a valid file, with expr as a number and aliases and merge keys', () => {
    assert.deepEqual(
      check(`groups:
  - name: g
    interval: 1m
    query_offset: 30s
    limit: 10
    labels: {team: sre}
    rules:
      - &base
        alert: Down
        expr: up == 0
        for: 5m
        keep_firing_for: 1h30m
        labels: {severity: 1}
        annotations:
          summary: "{{ $labels.instance }} is down ({{ $value | humanize }})"
      - <<: *base
        alert: Down2
      - record: job:up:sum
        expr: 1
        for: 0s
`),
      [],
    );
  });

  describe('fields', () => {
    it('reports an unknown rule field on its key with the closest name', () => {
      const p = only(alert('expr: up == 0', 'annotation:', '  summary: x'));
      assert.equal(p.code, 'unknown-property');
      assert.equal(p.covers, 'annotation');
      assert.equal(p.message, "Unknown field 'annotation' in rule. Did you mean 'annotations'?");
    });

    it('reports an unknown group field and lists what is allowed', () => {
      const p = only('groups:\n  - name: g\n    namespace: x\n    rules: []\n');
      assert.equal(p.covers, 'namespace');
      assert.match(p.message, /^Unknown field 'namespace' in group\. Allowed here: name, interval/);
    });
  });

  describe('PromQL', () => {
    it('reports a syntax error at its position in a plain scalar', () => {
      const p = only(alert('expr: sum(rate(x[5m])) by'));
      assert.equal(p.code, 'promql-syntax');
      assert.equal(p.covers, 'y');
      assert.match(p.message, /^PromQL: unexpected end of input/);
    });

    it('names the unexpected token', () => {
      const p = only(alert('expr: rate(x[5m]) by (job)'));
      assert.equal(p.covers, 'by');
      assert.equal(p.message, 'PromQL: unexpected identifier "by".');
    });

    it('locates errors inside double-quoted scalars with escapes', () => {
      const p = only(alert(String.raw`expr: "up{job=\"a\"} > bool foo(x)"`));
      assert.equal(p.covers, 'foo');
      assert.match(p.message, /^PromQL: unknown function "foo"/);
    });

    it('locates errors inside single-quoted scalars', () => {
      const p = only(alert(`expr: 'up{job=''a''} ** 2'`));
      assert.equal(p.covers, '*');
      assert.equal(p.message, 'PromQL: unexpected operator "*".');
    });

    it('locates errors inside literal block scalars', () => {
      const p = only(alert('expr: |', '  sum by (job) (', '    rate(x[5m])', '  ) / rat(y[5m])'));
      assert.equal(p.covers, 'rat');
      assert.equal(p.message, 'PromQL: unknown function "rat". Did you mean rate?');
    });

    it('locates errors inside folded block scalars and multi-line plain scalars', () => {
      assert.equal(
        only(alert('expr: >', '  sum(x)', '  + holt_winters(y[5m], 0.1, 0.1)')).covers,
        'holt_winters',
      );
      assert.equal(
        only(alert('expr: sum(x)', '  + holt_winters(y[5m], 0.1, 0.1)')).covers,
        'holt_winters',
      );
    });

    it('reports type errors the way Prometheus does, with a fix', () => {
      const p = only(record('expr: rate(hi)'));
      assert.equal(p.code, 'promql-type');
      assert.equal(p.covers, 'hi');
      assert.equal(
        p.message,
        'PromQL: expected type range vector in call to function "rate", got instant vector: add a range, e.g. hi[5m].',
      );
    });

    it('warns about experimental functions, naming the feature flag', () => {
      const p = only(record('expr: sort_by_label(up, "instance")'));
      assert.equal(p.severity, 'warning');
      assert.equal(p.code, 'promql-experimental');
      assert.equal(p.covers, 'sort_by_label');
      assert.match(p.message, /--enable-feature=promql-experimental-functions/);
    });
  });

  describe('durations', () => {
    it('says how to write a duration with a space', () => {
      const p = only(alert('expr: up == 0', 'for: 5 m'));
      assert.equal(p.code, 'invalid-duration');
      assert.equal(p.covers, '5 m');
      assert.equal(
        p.message,
        "'5 m' is not a duration: use a number and a unit with no space, e.g. 5m.",
      );
    });

    it('asks for a unit, whole numbers and units in order', () => {
      assert.match(only(alert('expr: up == 0', 'keep_firing_for: 5')).message, /add a unit/);
      assert.match(only(alert('expr: up == 0', 'for: 1.5h')).message, /1h30m/);
      const order = only('groups:\n  - name: g\n    interval: 30s1m\n    rules: []\n');
      assert.equal(order.covers, '30s1m');
      assert.match(order.message, /largest to smallest, e\.g\. 1m30s/);
      assert.match(
        only('groups:\n  - name: g\n    query_offset: 5min\n').message,
        /'min' is not a unit/,
      );
    });
  });

  describe('rules', () => {
    it('reports a rule with both record and alert on the second of them', () => {
      const p = only(alert('record: r', 'expr: up'));
      assert.equal(p.code, 'record-and-alert');
      assert.equal(p.covers, 'record');
    });

    it('reports a rule with neither record nor alert', () => {
      const p = only('groups:\n  - name: g\n    rules:\n      - expr: up\n');
      assert.equal(p.code, 'missing-record-or-alert');
      assert.equal(p.covers, 'expr');
    });

    it('reports a missing or empty expr', () => {
      assert.equal(only(alert('for: 5m')).covers, 'alert');
      const empty = only(alert('expr: ""'));
      assert.equal(empty.code, 'missing-expr');
      assert.equal(empty.covers, 'expr');
    });

    it('reports for, keep_firing_for and annotations in recording rules (a zero for is allowed)', () => {
      const p = only(record('expr: up', 'for: 1m'));
      assert.equal(p.code, 'recording-rule-field');
      assert.equal(p.covers, 'for');
      assert.equal(only(record('expr: up', 'keep_firing_for: 1m')).covers, 'keep_firing_for');
      assert.equal(only(record('expr: up', 'annotations: {a: b}')).covers, 'annotations');
      assert.deepEqual(check(record('expr: up', 'for: 0s')), []);
    });

    it('reports braces in recording rule names and warns about non-legacy names', () => {
      const p = only(
        'groups:\n  - name: g\n    rules:\n      - record: up{job="a"}\n        expr: up\n',
      );
      assert.equal(p.code, 'invalid-record-name');
      assert.equal(p.covers, 'up{job="a"}');
      const legacy = only(
        'groups:\n  - name: g\n    rules:\n      - record: a-b\n        expr: up\n',
      );
      assert.equal(legacy.severity, 'warning');
      assert.equal(legacy.code, 'legacy-name');
    });

    it('reports __name__ as a label and warns about UTF-8 label names', () => {
      const p = only(record('expr: up', 'labels: {__name__: x}'));
      assert.equal(p.code, 'invalid-label-name');
      assert.equal(p.covers, '__name__');
      const utf8 = only(alert('expr: up', 'annotations: {ins-tance: x}'));
      assert.equal(utf8.code, 'legacy-name');
      assert.equal(utf8.severity, 'warning');
      assert.equal(utf8.covers, 'ins-tance');
      assert.match(utf8.message, /e\.g\. ins_tance/);
    });
  });

  describe('groups', () => {
    it('reports a repeated group name on the repeat', () => {
      const text = 'groups:\n  - name: yolo\n  - name: yolo\n';
      const p = only(text);
      assert.equal(p.code, 'duplicate-group');
      assert.equal(p.start, text.lastIndexOf('yolo'));
      assert.equal(
        p.message,
        "Group name 'yolo' is repeated in this file (first on line 2): give each group a unique name.",
      );
    });

    it('reports an empty group name', () => {
      assert.equal(only('groups:\n  - name: ""\n').code, 'empty-group-name');
    });
  });

  describe('templates', () => {
    it('reports an undefined variable on the variable', () => {
      const p = only(
        alert('expr: up', 'annotations:', '  summary: "Instance {{ $label.foo }} down"'),
      );
      assert.equal(p.code, 'template-syntax');
      assert.equal(p.covers, '$label');
      assert.equal(
        p.message,
        `Template error in annotation 'summary': undefined variable "$label". Did you mean $labels?`,
      );
    });

    it('reports unknown functions, unclosed actions and unbalanced control structures', () => {
      assert.equal(
        only(alert('expr: up', 'annotations: {a: "{{ $value | humanise }}"}')).covers,
        'humanise',
      );
      assert.match(only(alert('expr: up', 'labels: {a: "{{ $value "}')).message, /unclosed action/);
      assert.equal(only(alert('expr: up', 'annotations: {a: "x {{ end }}"}')).covers, '{{ end }}');
      assert.match(
        only(alert('expr: up', 'annotations:', '  a: |', '    {{ if gt $value 1.0 }}', '    high'))
          .message,
        /\{\{if\}\} is not closed/,
      );
    });

    it('accepts the templates Prometheus accepts, and leaves recording rules alone', () => {
      assert.deepEqual(
        check(
          alert(
            'expr: up',
            'annotations:',
            '  a: "{{ with $x := query \\"up\\" }}{{ range $i, $s := $x }}{{ $s.Labels.job }}{{ end }}{{ else }}none{{ end }}"',
            `  b: '{{- /* note */ -}} {{ printf "%.2f" $value }} {{ $externalLabels.cluster }}'`,
          ),
        ),
        [],
      );
      assert.deepEqual(check(record('expr: up', 'labels: {a: "{{ $nope }}"}')), []);
    });
  });
});
