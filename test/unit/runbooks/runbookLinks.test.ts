import * as assert from 'node:assert/strict';
import {
  alertHoverMarkdown,
  alertsByName,
  resolveRunbookLink,
  runbookCatalog,
  runbooksOfAlert,
  type RunbookFacts,
} from '../../../src/runbooks/core/runbookLinks';
import type { RunbookUrlMapping } from '../../../src/validation/core/schemaOverrides';
import { factsOf, type Repo } from '../workspace/repo';

const rules = (...alerts: { name: string; url?: string; labels?: string }[]): string =>
  [
    'groups:',
    '  - name: shop.alerts',
    '    rules:',
    ...alerts.flatMap(({ name, url, labels }) => [
      `      - alert: ${name}`,
      '        expr: rate(http_requests_total{code=~"5.."}[5m]) > 0.05',
      '        for: 5m',
      `        labels: {${labels ?? 'severity: critical, service: checkout'}}`,
      '        annotations:',
      `          summary: ${name} fired`,
      ...(url === undefined ? [] : [`          runbook_url: "${url}"`]),
    ]),
    '',
  ].join('\n');

const runbook = (name: string, service: string, ...alerts: string[]): string =>
  [
    'apiVersion: runbooks/v1',
    'kind: Runbook',
    'metadata:',
    `  name: ${name}`,
    `  service: ${service}`,
    '  owners: [team-a]',
    '  severity: high',
    'spec:',
    '  summary: S',
    `  alerts: [${alerts.join(', ')}]`,
    '  steps: [{id: a, title: A}]',
    '',
  ].join('\n');

function factsFor(repo: Repo, runbookUrls: readonly RunbookUrlMapping[] = []): RunbookFacts {
  return {
    files: factsOf(repo),
    exists: (path) => Object.hasOwn(repo, path),
    runbookUrls,
  };
}

describe('Runbook links', () => {
  const exists =
    (...paths: string[]) =>
    (p: string) =>
      paths.includes(p);

  it('resolves relative paths from the repository root, trying extensions', () => {
    assert.deepEqual(
      resolveRunbookLink('runbooks/checkout-down', [], exists('runbooks/checkout-down.yaml')),
      { kind: 'found', path: 'runbooks/checkout-down.yaml' },
    );
    assert.deepEqual(
      resolveRunbookLink('./runbooks/a.yaml#step-2', [], exists('runbooks/a.yaml')),
      { kind: 'found', path: 'runbooks/a.yaml' },
    );
    assert.deepEqual(resolveRunbookLink('docs/a.md', [], exists('docs/a.md')), {
      kind: 'found',
      path: 'docs/a.md',
    });
  });

  it('resolves URLs under a mapped prefix, the longest prefix first, and the repository root', () => {
    const mappings = [
      { prefix: 'https://github.com/acme/infra/blob/main/', folder: '' },
      { prefix: 'https://github.com/acme/infra/blob/main/docs/', folder: 'handbook' },
    ];
    assert.deepEqual(
      resolveRunbookLink(
        'https://github.com/acme/infra/blob/main/runbooks/a.yaml',
        mappings,
        exists('runbooks/a.yaml'),
      ),
      { kind: 'found', path: 'runbooks/a.yaml' },
    );
    assert.deepEqual(
      resolveRunbookLink(
        'https://github.com/acme/infra/blob/main/docs/b',
        mappings,
        exists('handbook/b.md'),
      ),
      { kind: 'found', path: 'handbook/b.md' },
    );
  });

  it('says where a missing runbook would be created, only for YAML runbooks', () => {
    assert.deepEqual(resolveRunbookLink('runbooks/ledger-down.yaml', [], exists()), {
      kind: 'missing',
      tried: 'runbooks/ledger-down.yaml',
      createPath: 'runbooks/ledger-down.yaml',
    });
    assert.deepEqual(resolveRunbookLink('runbooks/ledger-down', [], exists()), {
      kind: 'missing',
      tried: 'runbooks/ledger-down',
      createPath: 'runbooks/ledger-down.yaml',
    });
    assert.deepEqual(resolveRunbookLink('runbooks/ledger/', [], exists()), {
      kind: 'missing',
      tried: 'runbooks/ledger/README.md',
    });
  });

  it('does not resolve links out of the repository or templated ones', () => {
    assert.equal(resolveRunbookLink('https://wiki.example.com/x', [], exists()), undefined);
    assert.equal(resolveRunbookLink('../elsewhere/x.yaml', [], exists()), undefined);
    assert.equal(resolveRunbookLink('runbooks/{{ $labels.alertname }}', [], exists()), undefined);
  });

  it('follows a renamed runbook: the old link goes missing and the alert has no runbook', () => {
    const before: Repo = {
      'rules.yaml': rules({ name: 'LedgerDown', url: 'runbooks/ledger-down.yaml' }),
      'runbooks/ledger-down.yaml': runbook('ledger-down', 'ledger'),
    };
    const after: Repo = {
      'rules.yaml': before['rules.yaml'] ?? '',
      'runbooks/ledger-unavailable.yaml': before['runbooks/ledger-down.yaml'] ?? '',
    };
    assert.deepEqual(runbookCatalog(factsFor(before)).alertsWithoutRunbook, []);
    assert.deepEqual(
      runbookCatalog(factsFor(after)).alertsWithoutRunbook.map((a) => a.rule.name),
      ['LedgerDown'],
    );
  });
});

describe('Runbook catalog', () => {
  const repo: Repo = {
    'monitoring/checkout.rules.yaml': rules(
      { name: 'CheckoutDown', url: 'runbooks/checkout-down.yaml' },
      { name: 'CheckoutSlow' },
      { name: 'CheckoutWiki', url: 'https://wiki.example.com/checkout' },
      { name: 'CheckoutGone', url: 'runbooks/gone.yaml' },
    ),
    'runbooks/checkout-down.yaml': runbook('checkout-down', 'checkout'),
    'runbooks/checkout-slow.yaml': runbook('checkout-slow', 'checkout', 'CheckoutSlow', 'Typo'),
    'runbooks/ledger.yaml': runbook('ledger', 'ledger', 'CheckoutDown'),
  };

  it('groups runbooks by service and says whether every alert they name exists', () => {
    const catalog = runbookCatalog(factsFor(repo));
    assert.deepEqual(
      catalog.services.map((s) => [
        s.service,
        s.runbooks.map((r) => [r.name, r.severity, r.alertsExist, r.alerts.map((a) => a.name)]),
      ]),
      [
        [
          'checkout',
          [
            ['checkout-down', 'high', true, []],
            ['checkout-slow', 'high', false, ['CheckoutSlow', 'Typo']],
          ],
        ],
        ['ledger', [['ledger', 'high', true, ['CheckoutDown']]]],
      ],
    );
    assert.equal(catalog.holdsRules, true);
  });

  it('lists alerts no runbook answers, but not those linked outside the repository', () => {
    const catalog = runbookCatalog(factsFor(repo));
    assert.deepEqual(
      catalog.alertsWithoutRunbook.map((a) => a.rule.name),
      ['CheckoutGone'],
    );
  });

  it('does not judge runbook alerts when the repository holds no rules', () => {
    const catalog = runbookCatalog(
      factsFor({ 'runbooks/a.yaml': runbook('a', 'svc', 'SomewhereElse') }),
    );
    assert.equal(catalog.holdsRules, false);
    assert.equal(catalog.services[0]?.runbooks[0]?.alertsExist, true);
  });

  it('finds the runbooks of an alert: listed ones and the linked file, once each', () => {
    const facts = factsFor(repo);
    const down = alertsByName(facts.files).get('CheckoutDown')?.[0];
    assert.ok(down);
    const found = runbooksOfAlert(down, facts);
    assert.equal(found.linked, 'runbooks/checkout-down.yaml');
    assert.deepEqual(
      found.listing.map((r) => r.path),
      ['runbooks/ledger.yaml'],
    );
  });

  it('hovers an alert with its rule: file, expr, for and labels', () => {
    const facts = factsFor(repo);
    const text = alertHoverMarkdown(alertsByName(facts.files).get('CheckoutSlow') ?? [], 'x');
    assert.match(text, /\*\*CheckoutSlow\*\* \(alert in `monitoring\/checkout.rules.yaml`/);
    assert.match(text, /```promql\nrate\(http_requests_total\{code=~"5.."\}\[5m\]\) > 0.05\n```/);
    assert.match(text, /for: `5m`/);
    assert.match(text, /`severity=critical` `service=checkout`/);
    assert.match(
      alertHoverMarkdown([], 'Typo'),
      /No alerting rule in the repository is named `Typo`/,
    );
  });
});
