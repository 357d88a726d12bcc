import * as vscode from 'vscode';
import { problemSources } from '../common/problem';
import { lineColumn, lineStarts } from '../common/lines';
import type { Problem, Severity } from '../common/problem';

const severities: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** What turns offsets into positions: an open document, or {@link textPositions} of a file's text. */
export interface PositionSource {
  positionAt(offset: number): vscode.Position;
}

/** Positions in a text that is not open in an editor (a file the workspace index read). */
export function textPositions(text: string): PositionSource {
  const starts = lineStarts(text);
  return {
    positionAt: (offset) => {
      const { line, column } = lineColumn(starts, Math.max(0, Math.min(offset, text.length)));
      return new vscode.Position(line - 1, column - 1);
    },
  };
}

/** Converts a core {@link Problem} (offsets) into a diagnostic on the text it was found in. */
export function toDiagnostic(document: PositionSource, problem: Problem): vscode.Diagnostic {
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

/** True for a diagnostic of ours with one of `codes`: other extensions may use the same codes. */
export function isOurDiagnostic(diagnostic: vscode.Diagnostic, codes: readonly string[]): boolean {
  return (
    codes.includes(diagnosticCode(diagnostic) ?? '') &&
    (problemSources as readonly (string | undefined)[]).includes(diagnostic.source)
  );
}
