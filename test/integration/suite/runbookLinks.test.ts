import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { InfraWorkbenchApi } from '../../../src/extension';
import { Commands } from '../../../src/host/ids';
import type { RunbooksNode } from '../../../src/runbooks/runbooksView';
import { CrossFileCodes } from '../../../src/workspace/core/crossFileChecks';
import { closeAllEditors, codeOf, diagnosticsWhen, extensionId, workspaceFile } from './helpers';

const relative = (uri: vscode.Uri | undefined): string =>
  uri === undefined ? '' : vscode.workspace.asRelativePath(uri, false);

async function linksOf(path: string): Promise<vscode.DocumentLink[]> {
  const uri = workspaceFile(path);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  // The open document is validated at once; let the index settle before asking.
  await vscode.commands.executeCommand(Commands.validateWorkspace);
  return vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
}

describe('Alerts and runbooks, linked both ways', () => {
  let api: InfraWorkbenchApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<InfraWorkbenchApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    await vscode.commands.executeCommand(Commands.validateWorkspace);
  });

  after(closeAllEditors);

  it('links runbook_url to the runbook file, for paths and for mapped URLs', async () => {
    const links = await linksOf('monitoring/rules/checkout.rules.yaml');
    const targets = links.map((l) => relative(l.target)).filter((t) => t.startsWith('runbooks/'));
    assert.deepEqual(targets, [
      'runbooks/checkout-high-error-rate.yaml',
      // https://runbooks.example.com/checkout-pod-crashlooping, through .infra-workbench.yaml.
      'runbooks/checkout-pod-crashlooping.yaml',
    ]);
  });

  it('links each alert a runbook names to the line of its rule', async () => {
    const links = await linksOf('runbooks/checkout-high-error-rate.yaml');
    const rule = links.find((l) => relative(l.target) === 'monitoring/rules/checkout.rules.yaml');
    assert.ok(rule?.target, JSON.stringify(links.map((l) => l.target?.toString())));
    const rules = await vscode.workspace.openTextDocument(rule.target.with({ fragment: '' }));
    const line = Number(/^L(\d+)/.exec(rule.target.fragment)?.[1]) - 1;
    assert.match(rules.lineAt(line).text, /alert: CheckoutHighErrorRate/);
  });

  it("hovers an alert named in a runbook with its rule's expr, for and labels", async () => {
    const uri = workspaceFile('runbooks/checkout-high-error-rate.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const offset = document.getText().indexOf('CheckoutHighErrorRate');
    assert.ok(offset > 0);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      document.positionAt(offset + 2),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))
      .join('\n');
    assert.match(text, /checkout:http_requests:error_ratio_rate5m > 0\.05/);
    assert.match(text, /for: `5m`/);
    assert.match(text, /`severity=critical`/);
  });

  it('puts Open runbook over alerts with one and Create runbook over those without', async () => {
    const uri = workspaceFile('monitoring/rules/catalog.rules.yaml');
    await linksOf('monitoring/rules/catalog.rules.yaml');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      uri,
    );
    const document = await vscode.workspace.openTextDocument(uri);
    const titled = lenses
      .filter((l) => l.command?.command.startsWith('infraWorkbench.runbook.') === true)
      .map((l) => [l.command?.title, document.lineAt(l.range.start.line).text.trim()]);
    assert.deepEqual(titled, [
      ['Open runbook', '- alert: CatalogHighLatency'],
      ['Create runbook', '- alert: CatalogCacheHitRateLow'],
    ]);
  });

  it('creates the missing runbook of an alert from the quick fix, and the warning goes', async () => {
    const rules = workspaceFile('broken/cross-file/ledger.rules.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(rules));
    const [missing] = await diagnosticsWhen(rules, (ds) =>
      ds.some((d) => codeOf(d) === CrossFileCodes.missingRunbook),
    ).then((ds) => ds.filter((d) => codeOf(d) === CrossFileCodes.missingRunbook));
    assert.ok(missing);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      rules,
      missing.range,
    );
    const fix = actions.find((a) => a.title.startsWith('Create runbook for this alert'));
    assert.ok(fix?.command, actions.map((a) => a.title).join(', '));
    const gone = diagnosticsWhen(
      rules,
      (ds) => !ds.some((d) => codeOf(d) === CrossFileCodes.missingRunbook),
    );
    await vscode.commands.executeCommand(
      fix.command.command,
      ...((fix.command.arguments ?? []) as unknown[]),
    );
    const created = workspaceFile('runbooks/ledger-down.yaml');
    try {
      assert.equal(
        relative(vscode.window.activeTextEditor?.document.uri),
        'runbooks/ledger-down.yaml',
      );
      const runbook = parse(
        new TextDecoder().decode(await vscode.workspace.fs.readFile(created)),
      ) as {
        metadata: { name: string; service: string; severity: string };
        spec: { summary: string; alerts: string[] };
      };
      assert.deepEqual(runbook.metadata.name, 'ledger-down');
      assert.equal(runbook.metadata.severity, 'critical');
      assert.deepEqual(runbook.spec.alerts, ['LedgerDown']);
      assert.equal(runbook.spec.summary, 'The ledger is down.');
      await gone;
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(created);
    }
  });

  it('lists the runbooks by service and the alerts without one in the Runbooks view', async () => {
    await vscode.commands.executeCommand(Commands.validateWorkspace);
    const view = api.runbooksView as vscode.TreeDataProvider<RunbooksNode>;
    const label = async (node: RunbooksNode): Promise<string> => {
      const item = await view.getTreeItem(node);
      const text = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return item.description === undefined || item.description === false
        ? text
        : `${text} (${String(item.description)})`;
    };
    const top = (await view.getChildren()) ?? [];
    const tree: Record<string, string[]> = {};
    for (const node of top) {
      tree[await label(node)] = await Promise.all(
        ((await view.getChildren(node)) ?? []).map(label),
      );
    }
    assert.deepEqual(tree, {
      'catalog (1 runbook)': ['catalog-high-latency (medium)'],
      'checkout (3 runbooks)': [
        'Checkout_Slow (urgent)',
        'checkout-high-error-rate (critical)',
        'checkout-pod-crashlooping (high)',
      ],
      'Alerts without a runbook (2)': [
        'CatalogCacheHitRateLow (monitoring/rules/catalog.rules.yaml)',
        'LedgerDown (broken/cross-file/ledger.rules.yaml)',
      ],
    });
  });
});
