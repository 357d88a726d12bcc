import * as vscode from 'vscode';
import { completionsAt } from './core/completion';
import { documentSymbols, type OutlineKind, type OutlineSymbol } from './core/documentSymbols';
import { fixableCodes, quickFixesFor } from './core/quickFixes';
import { diagnosticCode, isOurDiagnostic } from './toDiagnostic';
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
    const ours = context.diagnostics.filter((d) => isOurDiagnostic(d, fixableCodes));
    if (ours.length === 0) {
      return [];
    }
    const relative = vscode.workspace.asRelativePath(document.uri, false);
    const text = document.getText();
    const validator = this.validator();
    const problems = validator.validate(relative, text).problems;
    const actions: vscode.CodeAction[] = [];
    // Several missing properties of one mapping each offer "Add all missing properties": once.
    const offered = new Set<string>();
    for (const diagnostic of ours) {
      const start = document.offsetAt(diagnostic.range.start);
      const problem = problems.find(
        (p) =>
          p.start === start &&
          p.code === diagnosticCode(diagnostic) &&
          p.message === diagnostic.message,
      );
      if (problem === undefined) {
        continue;
      }
      for (const fix of quickFixesFor(problem, {
        relativePath: relative,
        text,
        schemas: validator,
      })) {
        const key = `${fix.title}\n${JSON.stringify(fix.edits)}`;
        if (offered.has(key)) {
          continue;
        }
        offered.add(key);
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

/**
 * Completion from the document's schema: keys not yet in the mapping (required first) and
 * allowed values. Stays on when validation is turned off: it only reads.
 */
export class SchemaCompletions implements vscode.CompletionItemProvider {
  /** `key:` and `key: ` ask for values; a space after `- ` or indentation asks for keys. */
  static readonly triggerCharacters = [':', ' '];

  constructor(private readonly validator: () => YamlValidator) {}

  provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): vscode.CompletionItem[] {
    const proposals = completionsAt(
      this.validator(),
      vscode.workspace.asRelativePath(document.uri, false),
      document.getText(),
      document.offsetAt(position),
    );
    return proposals.map((p) => {
      const item = new vscode.CompletionItem(
        p.label,
        p.kind === 'property'
          ? vscode.CompletionItemKind.Property
          : vscode.CompletionItemKind.EnumMember,
      );
      item.insertText = new vscode.SnippetString(p.insertText);
      // The snippet's later lines carry their full indentation (a key after `- ` is indented
      // more than its line): inserting them as is keeps them right.
      item.keepWhitespace = true;
      item.range = new vscode.Range(document.positionAt(p.start), document.positionAt(p.end));
      item.sortText = p.sortText;
      if (p.detail !== undefined && p.detail !== '') {
        item.detail = p.detail;
      }
      if (p.documentation !== undefined) {
        item.documentation = new vscode.MarkdownString(p.documentation);
      }
      return item;
    });
  }
}

const symbolKinds: Readonly<Record<OutlineKind, vscode.SymbolKind>> = {
  document: vscode.SymbolKind.Module,
  resource: vscode.SymbolKind.Class,
  object: vscode.SymbolKind.Object,
  array: vscode.SymbolKind.Array,
  property: vscode.SymbolKind.Property,
  container: vscode.SymbolKind.Struct,
  job: vscode.SymbolKind.Function,
  step: vscode.SymbolKind.Method,
  service: vscode.SymbolKind.Class,
  group: vscode.SymbolKind.Namespace,
  rule: vscode.SymbolKind.Event,
  play: vscode.SymbolKind.Namespace,
  task: vscode.SymbolKind.Method,
};

/** The outline: one symbol per document, named by what it is, with what matters inside. */
export class InfraDocumentSymbols implements vscode.DocumentSymbolProvider {
  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const convert = (s: OutlineSymbol): vscode.DocumentSymbol => {
      const symbol = new vscode.DocumentSymbol(
        s.name,
        s.detail,
        symbolKinds[s.kind],
        new vscode.Range(document.positionAt(s.start), document.positionAt(s.end)),
        new vscode.Range(
          document.positionAt(s.selectionStart),
          document.positionAt(s.selectionEnd),
        ),
      );
      symbol.children = s.children.map(convert);
      return symbol;
    };
    return documentSymbols(
      vscode.workspace.asRelativePath(document.uri, false),
      document.getText(),
    ).map(convert);
  }
}
