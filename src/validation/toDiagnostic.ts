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
  // The code links to the format's documentation where it has one.
  diagnostic.code =
    problem.docUrl === undefined
      ? problem.code
      : { value: problem.code, target: vscode.Uri.parse(problem.docUrl) };
  return diagnostic;
}

/** The code of a diagnostic, whether it carries a link or not. */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) {
    return undefined;
  }
  return typeof code === 'object' ? String(code.value) : String(code);
}
