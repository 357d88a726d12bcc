import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../common/describeError';
import { BuiltinCommands, Settings, settingsSection } from '../host/ids';
import { readSettings } from '../host/settings';
import { findExecutable } from './core/findExecutable';
import type { PlanPreviews } from './planPreviewPanel';

/** What a finished process gave back. */
interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly cancelled: boolean;
}

/**
 * "Create and Preview Plan": in a folder with `.tf` files, runs `terraform plan -out=<tmp>` then
 * `terraform show -json <tmp>` (or tofu), with a cancellable progress notification, and opens the
 * preview. Only in trusted workspaces. The plan's output goes to the output channel; the JSON
 * (which holds sensitive values in clear text) never does.
 */
export async function createAndPreviewPlan(
  previews: PlanPreviews,
  channel: vscode.OutputChannel,
  target?: unknown,
): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    const manage = 'Manage Workspace Trust';
    const answer = await vscode.window.showWarningMessage(
      'Creating a plan runs terraform or tofu, which runs the providers of this folder: trust the workspace first.',
      manage,
    );
    if (answer === manage) {
      await vscode.commands.executeCommand(BuiltinCommands.manageTrust);
    }
    return;
  }
  const folder = await chooseFolder(target);
  if (folder === undefined) {
    return;
  }
  const binary = await findBinary();
  if (binary === undefined) {
    const open = 'Open Settings';
    const configured = readSettings().terraformPath;
    const answer = await vscode.window.showErrorMessage(
      configured === undefined
        ? 'Neither terraform nor tofu was found on PATH. Install one, or set infraWorkbench.plan.terraformPath.'
        : `infraWorkbench.plan.terraformPath is "${configured}", which was not found.`,
      open,
    );
    if (answer === open) {
      await vscode.commands.executeCommand(
        BuiltinCommands.openSettings,
        `${settingsSection}.${Settings.terraformPath}`,
      );
    }
    return;
  }
  const name = path.basename(binary).replace(/\.exe$/i, '');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'infra-workbench-plan-'));
  const planFile = path.join(tmp, 'plan.tfplan');
  try {
    const json = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Creating a plan in ${vscode.workspace.asRelativePath(folder)}`,
        cancellable: true,
      },
      async (progress, token) => {
        progress.report({ message: `${name} plan` });
        const plan = await run(binary, ['plan', '-input=false', '-no-color', `-out=${planFile}`], {
          cwd: folder.fsPath,
          channel,
          token,
          echoStdout: true,
        });
        if (!(await reportFailure(plan, `${name} plan`, channel))) {
          return undefined;
        }
        progress.report({ message: `${name} show -json` });
        // stdout is the plan JSON with clear-text sensitive values: it stays out of the channel.
        const show = await run(binary, ['show', '-json', planFile], {
          cwd: folder.fsPath,
          channel,
          token,
          echoStdout: false,
        });
        return (await reportFailure(show, `${name} show -json`, channel)) ? show.stdout : undefined;
      },
    );
    if (json !== undefined) {
      previews.show({
        kind: 'text',
        text: json,
        title: `${path.basename(folder.fsPath)} (${name} plan)`,
        folder,
      });
    }
  } catch (error) {
    channel.appendLine(`${name}: ${describeError(error)}`);
    channel.show(true);
    void vscode.window.showErrorMessage(`Could not run ${binary}: ${describeError(error)}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** True when the process succeeded; otherwise says so (cancelled: quietly). */
async function reportFailure(
  result: ProcessResult,
  what: string,
  channel: vscode.OutputChannel,
): Promise<boolean> {
  if (result.cancelled) {
    channel.appendLine(`${what}: cancelled`);
    return false;
  }
  if (result.code === 0) {
    return true;
  }
  channel.show(true);
  const show = 'Show Output';
  const answer = await vscode.window.showErrorMessage(
    `${what} failed (exit code ${String(result.code)}). Its output is in the "Infra Workbench: Plan" channel.`,
    show,
  );
  if (answer === show) {
    channel.show();
  }
  return false;
}

/** The terraform or tofu binary: the setting (a path or a name on PATH), else PATH. */
async function findBinary(): Promise<string | undefined> {
  const configured = readSettings().terraformPath;
  const isExecutable = async (file: string): Promise<boolean> => {
    try {
      await access(file, constants.X_OK);
      return (await stat(file)).isFile();
    } catch {
      return false;
    }
  };
  if (configured !== undefined) {
    if (path.isAbsolute(configured) || configured.includes('/') || configured.includes('\\')) {
      return (await isExecutable(configured)) ? configured : undefined;
    }
    return findExecutable([configured], process.env, isExecutable);
  }
  return findExecutable(['terraform', 'tofu'], process.env, isExecutable);
}

/** The folder to plan in: the explorer's folder or file, the active .tf file's, or a pick. */
async function chooseFolder(target: unknown): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) {
    const isDir = ((await vscode.workspace.fs.stat(target)).type & vscode.FileType.Directory) !== 0;
    return isDir ? target : vscode.Uri.joinPath(target, '..');
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.path.endsWith('.tf') === true && active.scheme === 'file') {
    return vscode.Uri.joinPath(active, '..');
  }
  const files = await vscode.workspace.findFiles(
    '**/*.tf',
    '{**/node_modules/**,**/.terraform/**}',
    5000,
  );
  const folders = new Map<string, vscode.Uri>();
  for (const file of files) {
    const dir = vscode.Uri.joinPath(file, '..');
    folders.set(dir.toString(), dir);
  }
  const list = [...folders.values()].sort((a, b) => a.path.localeCompare(b.path));
  if (list.length === 0) {
    void vscode.window.showInformationMessage(
      'No .tf files in this workspace: open a folder with Terraform or OpenTofu configuration.',
    );
    return undefined;
  }
  if (list.length === 1) {
    return list[0];
  }
  const picked = await vscode.window.showQuickPick(
    list.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'The folder to plan in (a root module)' },
  );
  return picked?.uri;
}

/** Runs a process; stderr (and stdout when echoed) go to the channel as they come. */
function run(
  command: string,
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly channel: vscode.OutputChannel;
    readonly token: vscode.CancellationToken;
    readonly echoStdout: boolean;
  },
): Promise<ProcessResult> {
  const { channel } = options;
  channel.appendLine(`$ ${command} ${args.join(' ')}   (in ${options.cwd})`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    let cancelled = false;
    const cancel = options.token.onCancellationRequested(() => {
      cancelled = true;
      // Terraform stops gracefully on an interrupt (and releases the state lock).
      child.kill('SIGINT');
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (options.echoStdout) {
        channel.append(chunk.toString());
      } else {
        stdout.push(chunk);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      channel.append(chunk.toString());
    });
    child.once('error', (error) => {
      cancel.dispose();
      reject(error);
    });
    child.once('close', (code) => {
      cancel.dispose();
      channel.appendLine(`(exit code ${String(code)})`);
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), cancelled });
    });
  });
}
