import type { Problem } from '../../common/problem';
import { SchemaCodes } from './schemaProblems';

/** A text replacement in the validated text, by offsets. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A fix for one problem, as an editor offers it. */
export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix the editor applies on "auto fix" (the best suggestion). */
  readonly preferred: boolean;
}

/** The fixes of a problem: rename an unknown key to each suggestion, the closest first. */
export function quickFixesFor(problem: Problem): QuickFix[] {
  if (problem.code !== SchemaCodes.unknownProperty) {
    return [];
  }
  return (problem.suggestions ?? []).map((name, index) => ({
    title: `Rename to '${name}'`,
    edits: [{ start: problem.start, end: problem.end, newText: name }],
    preferred: index === 0,
  }));
}
