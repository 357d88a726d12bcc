// One-line edits and the planted problem, the same for both engines.

/**
 * Lines an edit may touch: `name:` values of mappings (not list items), which no schema
 * constrains beyond being a string, so an edit changes no diagnostic.
 */
function editableLines(lines: readonly string[]): number[] {
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (/^\s+name: [a-z0-9][-a-z0-9.]*$/.test(line)) {
      out.push(i);
    }
  });
  return out;
}

/** Two kinds of one-line edit: one that changes a line, one that adds a line. */
export type EditKind = 'change' | 'add';

/**
 * The text after the `n`-th one-line edit, applied to `text` (the previous edit's result).
 * `change` appends `-e<n>` to a `name:` value; `add` inserts a comment line below it, which
 * moves every line after it (an engine that keys anything on line numbers pays for that).
 * The edits are spread over the file, first near the middle. Returns the new text and the
 * 0-based line edited.
 */
export function applyEdit(
  text: string,
  n: number,
  kind: EditKind = 'change',
): { text: string; line: number } {
  const lines = text.split('\n');
  const candidates = editableLines(lines);
  if (candidates.length === 0) {
    throw new Error('no editable line in the input');
  }
  // Positions 1/2, then golden-ratio steps over the candidates: a different document each time.
  const fraction = (n * 0.618034 + 0.5) % 1;
  const line =
    candidates[Math.min(candidates.length - 1, Math.floor(fraction * candidates.length))];
  if (line === undefined) {
    throw new Error(`no line for edit ${n}`);
  }
  const edited = lines[line] ?? '';
  if (kind === 'change') {
    lines[line] = `${edited}-e${n}`;
  } else {
    const indent = /^\s*/.exec(edited)?.[0] ?? '';
    lines.splice(line + 1, 0, `${indent}# edit ${n}`);
  }
  return { text: lines.join('\n'), line };
}

/**
 * The planted problem: the `replicas` key of the Deployment nearest the middle of the text
 * misspelt `replicaz`, which the strict schema forbids. Returns the text and the 1-based line.
 */
export function plantProblem(text: string): { text: string; line: number } {
  const lines = text.split('\n');
  let best: number | undefined;
  let kind = '';
  lines.forEach((line, i) => {
    if (line.startsWith('---')) {
      kind = '';
    } else if (line.startsWith('kind:')) {
      kind = line.slice(5).trim();
    }
    if (kind === 'Deployment' && /^ {2}replicas: \d+$/.test(line)) {
      if (
        best === undefined ||
        Math.abs(i - lines.length / 2) < Math.abs(best - lines.length / 2)
      ) {
        best = i;
      }
    }
  });
  if (best === undefined) {
    throw new Error('no Deployment with replicas in the input to plant a problem in');
  }
  lines[best] = (lines[best] ?? '').replace('replicas:', 'replicaz:');
  return { text: lines.join('\n'), line: best + 1 };
}
