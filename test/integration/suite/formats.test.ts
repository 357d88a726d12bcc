import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../src/host/ids';
import {
  closeAllEditors,
  codeOf,
  diagnosticsOf,
  diagnosticsWhen,
  nextDiagnostics,
  ours,
  workspaceFile,
} from './helpers';

/** `[source, code, line (1-based), the text under the range]` of each diagnostic of a file. */
async function reported(
  relative: string,
): Promise<[string | undefined, string | undefined, number, string][]> {
  const uri = workspaceFile(relative);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return (await diagnosticsOf(uri))
    .sort((a, b) => a.range.start.compareTo(b.range.start))
    .map((d) => [d.source, codeOf(d), d.range.start.line + 1, document.getText(d.range)]);
}

describe('Every format in the editor', () => {
  afterEach(closeAllEditors);

  it('reports GitHub Actions workflow problems on the key or value they concern', async () => {
    assert.deepEqual(await reported('broken/release-workflow.yaml'), [
      ['github-actions', 'unknown-property', 5, 'branchs'],
      ['github-actions', 'invalid-cron', 7, '25'],
      ['github-actions', 'unknown-context', 15, 'secret'],
      ['github-actions', 'unknown-job', 17, 'biuld'],
    ]);
  });

  it('reports Prometheus rule problems, PromQL included', async () => {
    const problems = await reported('broken/alert-rules.yaml');
    assert.deepEqual(
      problems.map(([source, code, line]) => [source, code, line]),
      [
        ['prometheus', 'promql-syntax', 6],
        ['prometheus', 'invalid-duration', 7],
        ['prometheus', 'unknown-property', 10],
      ],
    );
    assert.equal(problems[1]?.[3], '5 m');
    assert.equal(problems[2]?.[3], 'annotation');
  });

  it('reports Compose references to undefined services and networks', async () => {
    assert.deepEqual(await reported('broken/compose.yaml'), [
      ['compose', 'unknown-service', 5, 'cache'],
      ['compose', 'undefined-network', 6, 'frontend'],
    ]);
  });

  it('reports runbook problems against the runbook schema', async () => {
    assert.deepEqual(await reported('broken/runbook.yaml'), [
      ['runbook', 'invalid-name', 4, 'Checkout_Slow'],
      ['runbook', 'invalid-value', 7, 'urgent'],
      ['runbook', 'duplicate-step-id', 14, 'pods'],
      ['runbook', 'invalid-duration', 18, '15 minutes'],
    ]);
  });

  it('links a diagnostic code to the format documentation', async () => {
    const uri = workspaceFile('broken/compose.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const [first] = await diagnosticsOf(uri);
    const code = first?.code;
    assert.ok(typeof code === 'object', JSON.stringify(code));
    assert.match(code.target.toString(), /^https:\/\/docs\.docker\.com\/reference\/compose-file/);
  });
});

describe('Alertmanager, Kustomize, Helm, Rundeck and Grafana files in the editor', () => {
  afterEach(closeAllEditors);

  /** `[source, code, line, covered text]` once the file has `count` diagnostics (cross-file ones come later). */
  async function reportedWhen(
    relative: string,
    count: number,
  ): Promise<[string | undefined, string | undefined, number, string][]> {
    const uri = workspaceFile(relative);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    return (await diagnosticsWhen(uri, (ds) => ds.length >= count))
      .sort((a, b) => a.range.start.compareTo(b.range.start))
      .map((d) => [d.source, codeOf(d), d.range.start.line + 1, document.getText(d.range)]);
  }

  it('reports Alertmanager receivers, matchers, durations and time intervals', async () => {
    assert.deepEqual(await reportedWhen('broken/alertmanager.yml', 4), [
      ['alertmanager', 'invalid-duration', 5, '30 s'],
      ['alertmanager', 'invalid-matcher', 7, "'severity: critical'"],
      ['alertmanager', 'unknown-receiver', 10, 'checkout-oncall'],
      ['alertmanager', 'unknown-time-interval', 11, 'weekend'],
    ]);
  });

  it('reports a kustomization against its schema and the repository', async () => {
    assert.deepEqual(await reportedWhen('broken/kustomize/kustomization.yaml', 3), [
      ['kustomize', 'unknown-property', 6, 'commonLabel'],
      ['kustomize', 'unknown-patch-target', 9, 'replicas-patch.yaml'],
      ['kustomize', 'missing-path', 10, 'memory-patch.yaml'],
    ]);
  });

  it("reports Chart.yaml, and values.yaml against the chart's values.schema.json; templates are left alone", async () => {
    assert.deepEqual(await reportedWhen('charts/shop/Chart.yaml', 2), [
      ['helm', 'wrong-type', 5, '1.4'],
      ['helm', 'invalid-version-constraint', 9, 'latest'],
    ]);
    assert.deepEqual(await reportedWhen('charts/shop/values.yaml', 1), [
      ['helm', 'wrong-type', 1, 'two'],
    ]);
    await vscode.commands.executeCommand(Commands.validateWorkspace);
    const template = workspaceFile('charts/shop/templates/deployment.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(template));
    assert.deepEqual(ours(template), []);
  });

  it('reports Grafana provisioning problems, in the file and across files', async () => {
    assert.deepEqual(await reportedWhen('broken/grafana/datasources.yaml', 2), [
      ['grafana', 'unknown-property', 7, 'acess'],
      ['grafana', 'multiple-default-datasources', 14, 'true'],
    ]);
    assert.deepEqual(await reportedWhen('broken/grafana/dashboards.yaml', 1), [
      ['grafana', 'missing-dashboard-path', 8, './dashboards/shop'],
    ]);
    // A dashboard JSON file a provider loads, never opened: checked by the workspace index.
    const dashboard = workspaceFile('broken/grafana/dashboards/payments/payments.json');
    const found = (await diagnosticsWhen(dashboard, (ds) => ds.length >= 2)).sort((a, b) =>
      a.range.start.compareTo(b.range.start),
    );
    const document = await vscode.workspace.openTextDocument(dashboard);
    assert.deepEqual(
      found.map((d) => [d.source, codeOf(d), d.range.start.line + 1, document.getText(d.range)]),
      [
        ['grafana', 'missing-dashboard-uid', 2, '"Payments"'],
        ['grafana', 'duplicate-panel-id', 15, '1'],
      ],
    );
  });

  it('reports a Rundeck option reference naming no option, on the reference', async () => {
    assert.deepEqual(await reportedWhen('rundeck/restart-checkout.yaml', 1), [
      ['rundeck', 'unknown-option', 23, '${option.drain-secs}'],
    ]);
  });
});

describe('Custom resources in the editor', () => {
  afterEach(closeAllEditors);

  it('validates a custom resource against the CRD found in the workspace', async () => {
    const uri = workspaceFile('broken/backup-schedule.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    // The CRD scan runs in the background: wait until its problems are reported.
    const diagnostics = await diagnosticsWhen(uri, (ds) => ds.length === 2);
    assert.deepEqual(
      diagnostics.map((d) => [codeOf(d), document.getText(d.range)]),
      [
        ['unknown-property', 'retentionDay'],
        ['invalid-value', 'azure'],
      ],
    );
    assert.match(diagnostics[0]?.message ?? '', /Did you mean 'retentionDays'\?/);
  });

  it('replaces a value the CRD does not allow through its quick fix', async () => {
    const uri = workspaceFile('broken/backup-schedule.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const invalid = (await diagnosticsWhen(uri, (ds) => ds.length === 2)).find(
      (d) => codeOf(d) === 'invalid-value',
    );
    assert.ok(invalid);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      invalid.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const change = actions.find((a) => a.title.includes('gcs'));
    assert.ok(change?.edit, JSON.stringify(actions.map((a) => a.title)));
    const fixed = nextDiagnostics(uri, (ds) => ds.length === 1);
    assert.ok(await vscode.workspace.applyEdit(change.edit));
    assert.equal(document.lineAt(10).text, '  target: gcs');
    await fixed;
  });
});
