import * as assert from 'node:assert/strict';
import { checkGoTemplate } from '../../../../src/validation/core/prometheus/goTemplate';

/** The error of a template as [covered text, message], or undefined. */
function error(text: string): [string, string] | undefined {
  const issue = checkGoTemplate(text);
  return issue === undefined ? undefined : [text.slice(issue.from, issue.to), issue.message];
}

describe('checkGoTemplate', () => {
  it('accepts templates Go and Prometheus accept', () => {
    for (const t of [
      'plain text',
      '{{ $labels.instance }} of {{ $labels.job }} ({{ $value | humanizePercentage }})',
      '{{ $.labels.service }}',
      '{{- if gt $value 0.5 -}}high{{- else if gt $value 0.1 }}mid{{ else }}low{{ end -}}',
      '{{ range $i, $s := query "up" }}{{ $s.Labels.job }}{{ break }}{{ end }}',
      '{{ with $x := 1 }}{{ $x }}{{ end }}',
      '{{/* a comment */}}{{- /* trimmed */ -}}',
      '{{ printf "%s: %.1f" (index $labels "job") $value }}',
      '{{ define "x" }}{{ . }}{{ end }}{{ template "x" $value }}',
      "{{ 'a' }} {{ `raw` }} {{ -1.5e3 }} {{ nil | print }}",
    ]) {
      assert.equal(error(t), undefined, t);
    }
  });

  it('reports the first error as Go does, on the offending text', () => {
    assert.deepEqual(error('{{ $label.foo }}'), [
      '$label',
      'undefined variable "$label". Did you mean $labels?',
    ]);
    assert.deepEqual(error('{{ humanise $value }}'), [
      'humanise',
      'function "humanise" not defined. Did you mean humanize?',
    ]);
    assert.equal(error('x {{ $value')?.[1], 'unclosed action: close it with }}.');
    assert.deepEqual(error('{{ end }}'), [
      '{{ end }}',
      'unexpected {{end}}: nothing is open here.',
    ]);
    assert.match(error('{{ if true }}x')?.[1] ?? '', /unexpected EOF: \{\{if\}\} is not closed/);
    assert.match(error('{{ else }}')?.[1] ?? '', /unexpected \{\{else\}\}/);
    assert.match(
      error('{{ if 1 }}{{ else }}{{ else }}{{ end }}')?.[1] ?? '',
      /already has an \{\{else\}\}/,
    );
    assert.match(error('{{ break }}')?.[1] ?? '', /outside \{\{range\}\}/);
    assert.match(error('{{ }}')?.[1] ?? '', /missing value for command/);
    assert.match(error('{{ if }}{{ end }}')?.[1] ?? '', /missing value for if/);
    assert.match(error('{{ $value | }}')?.[1] ?? '', /missing value for command/);
    assert.match(error('{{ "abc }}')?.[1] ?? '', /unterminated quoted string/);
    assert.match(error('{{ (1 }}')?.[1] ?? '', /unclosed left paren/);
    assert.match(error('{{ 1) }}')?.[1] ?? '', /unexpected right paren/);
    assert.match(error('{{/* x */ 1 }}')?.[1] ?? '', /comment ends before closing delimiter/);
    assert.match(error('{{ # }}')?.[1] ?? '', /unrecognized character/);
  });

  it('scopes variables to their control structure', () => {
    assert.deepEqual(error('{{ if $x := 1 }}{{ $x }}{{ end }}{{ $x }}')?.[0], '$x');
    assert.equal(error('{{ $x := 1 }}{{ $x = 2 }}{{ $x }}'), undefined);
    assert.equal(error('{{ define "t" }}{{ $labels }}{{ end }}')?.[0], '$labels');
  });
});
