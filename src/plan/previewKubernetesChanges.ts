import * as vscode from 'vscode';
import { describeError } from '../common/describeError';
import {
  findDefaultBranch,
  findRepositoryRoot,
  GitError,
  hasCommits,
  listRevisions,
  type RevisionChoice,
} from '../git/core/gitRepository';
import { BuiltinCommands } from '../host/ids';
import type { Logger } from '../host/logger';
import type { PlanPreviewPanel, PlanPreviews } from './planPreviewPanel';

/** The base a quick pick item stands for: a revision, or the default (the merge base). */
interface BaseItem extends vscode.QuickPickItem {
  readonly base?: string;
}

/**
 * "Preview Kubernetes Changes…": asks for the base (the merge base with the default branch
 * first, then branches, tags and recent commits) and opens the preview of the manifests under
 * `target` (a folder from the explorer; the workspace folder otherwise). A string `base` skips
 * the question (tests and other commands pass one); a string `head` compares the base with that
 * revision instead of the working tree (a pull request's head). What cannot be compared at all (no folder,
 * not a repository, no commits) is said in a notification; the rest in the panel. Only in
 * trusted workspaces: a repository's own config can make git run programs (core.fsmonitor).
 */
export async function previewKubernetesChanges(
  previews: PlanPreviews,
  logger: Logger,
  target?: unknown,
  base?: unknown,
  head?: unknown,
): Promise<PlanPreviewPanel | undefined> {
  if (!vscode.workspace.isTrusted) {
    const manage = 'Manage Workspace Trust';
    const answer = await vscode.window.showWarningMessage(
      "Previewing Kubernetes changes runs git, which a repository's own configuration can make run programs: trust the workspace first.",
      manage,
    );
    if (answer === manage) {
      await vscode.commands.executeCommand(BuiltinCommands.manageTrust);
    }
    return undefined;
  }
  const folder = target instanceof vscode.Uri ? target : await pickWorkspaceFolder();
  if (folder === undefined) {
    return undefined;
  }
  if (folder.scheme !== 'file') {
    void vscode.window.showErrorMessage(
      `Kubernetes changes are read with git from folders on disk; ${folder.toString()} is not one.`,
    );
    return undefined;
  }
  if (typeof base === 'string') {
    return previews.show({
      kind: 'kubernetes',
      folder,
      ...(base === '' ? {} : { base }),
      ...(typeof head === 'string' && head !== '' ? { head } : {}),
    });
  }
  let choice: BaseItem | undefined;
  try {
    choice = await pickBase(folder.fsPath);
  } catch (error) {
    if (!(error instanceof GitError)) {
      logger.error('Preview Kubernetes Changes: reading the repository failed', error);
    }
    void vscode.window.showErrorMessage(
      `Cannot preview Kubernetes changes: ${error instanceof GitError ? error.message : describeError(error)}.`,
    );
    return undefined;
  }
  if (choice === undefined) {
    return undefined;
  }
  return previews.show({
    kind: 'kubernetes',
    folder,
    ...(choice.base === undefined ? {} : { base: choice.base }),
  });
}

async function pickWorkspaceFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage(
      'Open a folder of a git repository to preview its Kubernetes changes.',
    );
    return undefined;
  }
  if (folders.length === 1) {
    return folders[0]?.uri;
  }
  const picked = await vscode.window.showWorkspaceFolderPick({
    placeHolder: 'The workspace folder whose Kubernetes changes to preview',
  });
  return picked?.uri;
}

/** Asks for the base; GitErrors for a folder outside a repository or one with no commits. */
async function pickBase(folder: string): Promise<BaseItem | undefined> {
  const root = await findRepositoryRoot(folder);
  if (!(await hasCommits(root))) {
    throw new GitError(
      'no-commits',
      `the repository at ${root} has no commits yet, so there is no base to compare with: commit first`,
    );
  }
  const [defaultBranch, revisions] = await Promise.all([
    findDefaultBranch(root),
    listRevisions(root),
  ]);
  const items: BaseItem[] = [];
  if (defaultBranch !== undefined) {
    items.push({
      label: `$(git-merge) Merge base with ${defaultBranch}`,
      description: 'default',
      detail: 'What a pull request from HEAD into the default branch would change',
    });
  }
  const sections: [RevisionChoice['kind'][], string][] = [
    [['branch', 'remote-branch'], 'Branches'],
    [['tag'], 'Tags'],
    [['commit'], 'Recent commits'],
  ];
  for (const [kinds, label] of sections) {
    const members = revisions.filter((r) => kinds.includes(r.kind));
    if (members.length > 0) {
      items.push({ label, kind: vscode.QuickPickItemKind.Separator });
      items.push(...members.map(revisionItem));
    }
  }
  return showBasePick(
    items,
    defaultBranch === undefined
      ? 'No default branch (no origin/HEAD, main or master): choose a base, or type a revision'
      : `Base revision (default: the merge base with ${defaultBranch}), or type one (HEAD~3)`,
  );
}

/** The quick pick of bases; what is typed can be used as a revision too (`HEAD~3`, a commit id). */
function showBasePick(
  items: readonly BaseItem[],
  placeholder: string,
): Promise<BaseItem | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<BaseItem>();
    pick.title = 'Preview Kubernetes Changes: compare the working tree with…';
    pick.placeholder = placeholder;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.items = items;
    let accepted = false;
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      pick.items =
        typed === '' || items.some((i) => i.base === typed)
          ? items
          : [
              {
                label: `$(edit) ${typed}`,
                description: 'compare with this revision',
                base: typed,
                alwaysShow: true,
              },
              ...items,
            ];
    });
    pick.onDidAccept(() => {
      accepted = true;
      resolve(pick.selectedItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => {
      if (!accepted) {
        resolve(undefined);
      }
      pick.dispose();
    });
    pick.show();
  });
}

function revisionItem(r: RevisionChoice): BaseItem {
  const icon =
    r.kind === 'tag' ? '$(tag)' : r.kind === 'commit' ? '$(git-commit)' : '$(git-branch)';
  const date = r.date.slice(0, 10);
  return {
    label: `${icon} ${r.kind === 'commit' ? r.commit.slice(0, 12) : r.ref}`,
    description: r.kind === 'commit' ? date : `${r.commit.slice(0, 12)} · ${date}`,
    detail: r.subject,
    base: r.ref,
  };
}
