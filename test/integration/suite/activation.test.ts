import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../src/host/ids';

const extensionId = 'infra-workbench.infra-workbench';

interface Manifest {
  contributes: { commands: { command: string }[] };
}

describe('Activation', () => {
  it('runs in the VS Code the launcher asked for', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    console.log(`VS Code ${vscode.version}`);
  });

  it('activates on the demo repository', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not installed in the test host`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    const runbooks = await vscode.workspace.findFiles('runbooks/*.yaml');
    assert.ok(runbooks.length > 0, 'the workspace is the demo repository');
  });

  it('registers every command that package.json contributes', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    const manifest = extension.packageJSON as Manifest;
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'contributed but not registered');
    assert.deepEqual(contributed, Object.values(Commands).sort());
  });

  it('shows its log without error', async () => {
    await vscode.commands.executeCommand(Commands.showLog);
  });
});
