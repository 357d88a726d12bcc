import * as vscode from 'vscode';
import type { Problem, Severity } from '../common/problem';

const severities: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Converts a core {@link Problem} (offsets) into a diagnostic on the document it was found in. */
export function toDiagnostic(document: vscode.TextDocument, problem: Problem): vscode.Diagnostic {
  const range = new vscode.Range(
    document.positionAt(problem.start),
    document.positionAt(problem.end),
  );
  const diagnostic = new vscode.Diagnostic(range, problem.message, severities[problem.severity]);
  diagnostic.source = problem.source;
  diagnostic.code = problem.code;
  return diagnostic;
}
