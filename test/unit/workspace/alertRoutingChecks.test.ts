import * as assert from 'node:assert/strict';
import { check, factsOf } from './repo';

const alertmanager = `route:
  receiver: default
  group_by: [alertname]
  routes:
    - receiver: pager
      matchers: ['severity="critical"']
    - receiver: storefront
      match: { team: storefront }
    - receiver: db
      match_re: { service: "ledger|payments" }
    - receiver: by-namespace
      matchers: ['namespace=~"shop-.*"']
receivers:
  - name: default
  - name: pager
  - name: storefront
  - name: db
  - name: by-namespace
`;

const rules = (...alerts: { name: string; labels: string }[]): string =>
  [
    'groups:',
    '  - name: shop.alerts',
    '    rules:',
    ...alerts.flatMap(({ name, labels }) => [
      `      - alert: ${name}`,
      '        expr: up == 0',
      `        labels: {${labels}}`,
    ]),
    '',
  ].join('\n');

describe('Alert routing across files', () => {
  it('reads the routing tree: matchers, match and match_re, continue', () => {
    const facts = factsOf({ 'alertmanager.yml': alertmanager }).get('alertmanager.yml');
    const route = facts?.alertmanager[0]?.route;
    assert.ok(route !== undefined);
    assert.equal(route.receiver, 'default');
    assert.deepEqual(
      route.routes.map((r) => [r.receiver, r.matchers]),
      [
        ['pager', [{ name: 'severity', op: '=', value: 'critical' }]],
        ['storefront', [{ name: 'team', op: '=', value: 'storefront' }]],
        ['db', [{ name: 'service', op: '=~', value: 'ledger|payments' }]],
        ['by-namespace', [{ name: 'namespace', op: '=~', value: 'shop-.*' }]],
      ],
    );
  });

  it('warns, when asked, about an alert no route can match, on the alert name', () => {
    const repo = {
      'alertmanager.yml': alertmanager.replace(
        '      matchers: [\'namespace=~"shop-.*"\']',
        '      matchers: [\'severity="info"\', \'namespace=~"shop-.*"\']',
      ),
      'rules.yaml': rules(
        { name: 'Critical', labels: 'severity: critical' },
        { name: 'Storefront', labels: 'severity: low, team: storefront' },
        { name: 'Ledger', labels: 'severity: low, service: ledger' },
        { name: 'Lost', labels: 'severity: warning, team: data, service: etl' },
      ),
    };
    assert.deepEqual(check(repo), [], 'off by default');
    const seen = check(repo, { unroutedAlerts: true });
    assert.deepEqual(
      seen.map((p) => [p.code, p.path, p.text, p.problem.severity]),
      [['unrouted-alert', 'rules.yaml', 'Lost', 'warning']],
    );
    assert.match(
      seen[0]?.problem.message ?? '',
      /No route of alertmanager\.yml matches alert 'Lost' \(labels severity="warning", team="data", service="etl"\): it reaches only the root route's default receiver 'default'/,
    );
  });

  it('takes labels it cannot know (from the series, templated) as able to match', () => {
    const repo = {
      'alertmanager.yml': alertmanager,
      'rules.yaml': rules(
        // namespace comes from the series: the by-namespace route may take it.
        { name: 'FromSeries', labels: 'severity: low' },
        { name: 'Templated', labels: 'severity: "{{ $labels.severity }}", namespace: prod' },
      ),
    };
    assert.deepEqual(check(repo, { unroutedAlerts: true }), []);
  });

  it('matches alertname, negative and anchored regular expression matchers as Alertmanager does', () => {
    const config = `route:
  receiver: default
  routes:
    - receiver: a
      matchers: ['alertname=~"Disk.*"']
    - receiver: b
      matchers: ['team!="ops"', 'env="prod"']
    - receiver: c
      match_re: { team: "ops" }
receivers: [{name: default}, {name: a}, {name: b}, {name: c}]
`;
    const repo = {
      'am/alertmanager.yaml': config,
      'rules.yaml': rules(
        { name: 'DiskFull', labels: 'team: x, env: dev' },
        { name: 'NotDisk', labels: 'team: ops-2, env: dev' },
        { name: 'ProdOther', labels: 'team: web, env: prod' },
      ),
    };
    assert.deepEqual(
      check(repo, { unroutedAlerts: true }).map((p) => p.text),
      ['NotDisk'],
      '"ops" does not match "ops-2": the expression is anchored',
    );
  });

  it('judges nothing without an Alertmanager configuration, or when the root has no child routes', () => {
    const lost = rules({ name: 'Lost', labels: 'severity: warning' });
    assert.deepEqual(check({ 'rules.yaml': lost }, { unroutedAlerts: true }), []);
    const flat = 'route:\n  receiver: default\nreceivers: [{name: default}]\n';
    assert.deepEqual(
      check({ 'alertmanager.yml': flat, 'rules.yaml': lost }, { unroutedAlerts: true }),
      [],
    );
  });
});
