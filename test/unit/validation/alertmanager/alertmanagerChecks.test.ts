import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { parseMatchers } from '../../../../src/validation/core/alertmanager/matchers';
import { defaultKubernetesVersion } from '../../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../../src/validation/core/yamlValidator';
import { corpusDir } from '../../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');
const fixtures = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'formats');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

/** source/code, the text under the range, message; for every problem of an Alertmanager file. */
function check(
  text: string,
  file = 'alertmanager.yml',
): { code: string; covers: string; message: string }[] {
  return validator.validate(file, text).problems.map((p) => ({
    code: `${p.source}/${p.code}`,
    covers: text.slice(p.start, p.end),
    message: p.message,
  }));
}

const valid = readFileSync(path.join(fixtures, 'alertmanager.yml'), 'utf8');

describe('Alertmanager configuration', () => {
  it('is recognised by its file name and by route + receivers', () => {
    assert.deepEqual(validator.formatsOf('alertmanager.yml', valid), ['alertmanager']);
    assert.deepEqual(validator.formatsOf('ops/alerting.yaml', valid), ['alertmanager']);
    assert.deepEqual(validator.formatsOf('ops/other.yaml', 'route: {}\n'), [undefined]);
  });

  it('accepts a configuration using the documented sections', () => {
    assert.deepEqual(check(valid), []);
  });

  it('reports a route receiver no receiver defines, on the value, with the closest name', () => {
    const text = valid.replace('receiver: pager', 'receiver: pagr');
    const problems = check(text);
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [['alertmanager/unknown-receiver', 'pagr']],
    );
    assert.match(
      problems[0]?.message ?? '',
      /No receiver is named 'pagr'\. Did you mean 'pager'\?/,
    );
  });

  it('reports matchers that do not parse, with what to write', () => {
    const problems = check(
      valid
        .replace(`'severity="critical"'`, `'severity: critical'`)
        .replace(`'team=~"db|infra"'`, `'team=~"db|(infra"'`)
        .replace('alertname = Watchdog', 'alertname Watchdog'),
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [
        ['alertmanager/invalid-matcher', `'severity: critical'`],
        ['alertmanager/invalid-matcher', `'team=~"db|(infra"'`],
        ['alertmanager/invalid-matcher', 'alertname Watchdog'],
      ],
    );
    assert.match(problems[0]?.message ?? '', /use '=' rather than ':', e\.g\. severity="critical"/);
    assert.match(
      problems[1]?.message ?? '',
      /regular expression 'db\|\(infra' .* does not compile/,
    );
    assert.match(problems[2]?.message ?? '', /an operator \(=, !=, =~ or !~\)/);
  });

  it('reports durations that are not durations, and zero intervals', () => {
    const problems = check(
      valid
        .replace('group_wait: 30s', 'group_wait: 30 s')
        .replace('repeat_interval: 4h', 'repeat_interval: 0s'),
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [
        ['alertmanager/invalid-duration', '30 s'],
        ['alertmanager/invalid-duration', '0s'],
      ],
    );
    assert.match(problems[0]?.message ?? '', /no space, e\.g\. 30s/);
  });

  it('reports time intervals a route names that are not defined', () => {
    const problems = check(valid.replace('[weekends]', '[weekend]'));
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [['alertmanager/unknown-time-interval', 'weekend']],
    );
    assert.match(problems[0]?.message ?? '', /Did you mean 'weekends'\?/);
  });

  it('reports a root route without a receiver, duplicate receivers and schema problems', () => {
    const text =
      'route:\n  group_by: [alertname]\nreceivers:\n  - name: a\n  - name: a\n    slack_configs:\n      - chanel: "#x"\n';
    assert.deepEqual(
      check(text).map((p) => [p.code, p.covers]),
      [
        ['alertmanager/missing-root-receiver', 'route'],
        ['alertmanager/duplicate-receiver', 'a'],
        ['alertmanager/unknown-property', 'chanel'],
      ],
    );
  });

  it('parses the matcher forms Alertmanager accepts', () => {
    for (const text of [
      'a="b"',
      'a = b',
      '{a="b", c!~"d|e"}',
      '"service.name"="x"',
      'severity =~ warning|info',
      'a="b",',
      'a=~"(?i)foo.*"',
    ]) {
      assert.ok('matchers' in parseMatchers(text), text);
    }
    for (const text of ['a', '{a="b"', 'a="b', '1a="b"', 'a=~"("', ',a="b"']) {
      assert.ok('error' in parseMatchers(text), text);
    }
  });

  it("validates the corpus' kube-prometheus Alertmanager configuration clean", () => {
    // The configuration is embedded in a Secret, as kube-prometheus ships it.
    const secret = parseDocument(
      readFileSync(
        path.join(
          corpusDir(),
          'kubernetes/prometheus-operator__kube-prometheus/manifests/alertmanager-secret.yaml',
        ),
        'utf8',
      ),
    );
    const config = secret.getIn(['stringData', 'alertmanager.yaml']);
    assert.equal(typeof config, 'string');
    const text = String(config);
    assert.deepEqual(validator.formatsOf('alertmanager.yaml', text), ['alertmanager']);
    assert.deepEqual(check(text), []);
    // and it is checked: a broken receiver name in it is found
    assert.deepEqual(
      check(text.replace('"receiver": "Critical"', '"receiver": "Critcal"')).map((p) => p.code),
      ['alertmanager/unknown-receiver'],
    );
  });
});
