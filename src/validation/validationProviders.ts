import * as vscode from 'vscode';
import { problemSources } from '../common/problem';
import { quickFixesFor } from './core/quickFixes';
import { SchemaCodes } from './core/schemaProblems';
import { diagnosticCode } from './toDiagnostic';
import type { YamlValidator } from './core/yamlValidator';

/** The documents validation, quick fixes and hover apply to. */
export const yamlSelector: vscode.DocumentSelector = [
  { language: 'yaml' },
  { pattern: '**/*.{yaml,yml}' },
];

/**
 * Quick fixes for the extension's diagnostics. The problems are recomputed from the validator,
 * whose per-document cache makes that free, so diagnostics need not carry fix data.
 */
export class ValidationCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly validator: () => YamlValidator) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    // Only our own diagnostics: other extensions may use the same codes.
    const ours = context.diagnostics.filter(
      (d) =>
        diagnosticCode(d) === SchemaCodes.unknownProperty &&
        (problemSources as readonly (string | undefined)[]).includes(d.source),
    );
    if (ours.length === 0) {
      return [];
    }
    const relative = vscode.workspace.asRelativePath(document.uri, false);
    const problems = this.validator().validate(relative, document.getText()).problems;
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const start = document.offsetAt(diagnostic.range.start);
      const problem = problems.find(
        (p) => p.start === start && p.code === diagnosticCode(diagnostic),
      );
      if (problem === undefined) {
        continue;
      }
      for (const fix of quickFixesFor(problem)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) {
          action.edit.replace(
            document.uri,
            new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)),
            edit.newText,
          );
        }
        actions.push(action);
      }
    }
    return actions;
  }
}

/** Hover with what the schema says about the key or value under the pointer. */
export class SchemaHover implements vscode.HoverProvider {
  constructor(private readonly validator: () => YamlValidator) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const info = this.validator().describeAt(
      vscode.workspace.asRelativePath(document.uri, false),
      document.getText(),
      document.offsetAt(position),
    );
    if (info === undefined) {
      return undefined;
    }
    return new vscode.Hover(
      new vscode.MarkdownString(info.markdown),
      new vscode.Range(document.positionAt(info.start), document.positionAt(info.end)),
    );
  }
}
