import * as vscode from 'vscode';
import { lineColumn, lineStarts } from '../common/lines';
import type { TextRange } from '../workspace/core/yamlNodes';
import type { FolderFacts } from '../workspace/workspaceIndexes';

/** Where a range of an indexed file is, from the text the index holds for it. */
export function locationIn(
  folder: FolderFacts,
  relativePath: string,
  range: TextRange,
): vscode.Location | undefined {
  const text = folder.textOf(relativePath);
  if (text === undefined) {
    return undefined;
  }
  const starts = lineStarts(text);
  const position = (offset: number): vscode.Position => {
    const { line, column } = lineColumn(starts, Math.min(offset, text.length));
    return new vscode.Position(line - 1, column - 1);
  };
  return new vscode.Location(
    vscode.Uri.joinPath(folder.folder.uri, relativePath),
    new vscode.Range(position(range[0]), position(range[1])),
  );
}

/** Opens a file, selecting a range of offsets into its text when given (and still inside it). */
export async function openAt(uri: vscode.Uri, range?: TextRange): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const length = document.getText().length;
  const selection =
    range === undefined || range[1] > length
      ? undefined
      : new vscode.Range(document.positionAt(range[0]), document.positionAt(range[1]));
  await vscode.window.showTextDocument(document, selection === undefined ? {} : { selection });
}
