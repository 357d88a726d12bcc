import { compareCodeUnits } from '../../common/compareText';
/** Edit distance (insertions, deletions, substitutions; a transposition counts once). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    const row = d[i];
    if (row === undefined) {
      continue;
    }
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The allowed names closest to a misspelt one, best first: within a third of the word's length
 * (case-insensitive), at most `limit`. Empty when nothing is close.
 */
export function closestNames(word: string, allowed: readonly string[], limit = 3): string[] {
  const lower = word.toLowerCase();
  const threshold = Math.max(1, Math.floor(word.length / 3));
  return allowed
    .map((name) => ({ name, distance: editDistance(lower, name.toLowerCase()) }))
    .filter((c) => c.distance <= threshold)
    .sort((a, b) => a.distance - b.distance || compareCodeUnits(a.name, b.name))
    .slice(0, limit)
    .map((c) => c.name);
}
