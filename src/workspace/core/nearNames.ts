import { compareCodeUnits } from '../../common/compareText';
/** The most edits two names may differ by and still be taken for a typo of one another. */
function allowedEdits(word: string): number {
  return Math.max(1, Math.floor(word.length / 3));
}

/**
 * The edit distance of two strings (insertions, deletions, substitutions, a transposition
 * counting once: `editDistance` of validation/core/suggest.ts), or `max + 1` as soon as it
 * must exceed `max`. Three rolling rows and an early exit: the cross-file checks compare
 * thousands of label values and names.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) {
    return max + 1;
  }
  const cols = b.length + 1;
  if (rows[0].length < cols) {
    rows = [new Int32Array(cols * 2), new Int32Array(cols * 2), new Int32Array(cols * 2)];
  }
  let [before, previous, current] = rows;
  for (let j = 0; j < cols; j++) {
    previous[j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      current[j] = best;
      rowMin = Math.min(rowMin, best);
    }
    if (rowMin > max) {
      return max + 1;
    }
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[cols - 1] ?? 0, max + 1);
}

/** The rows {@link boundedDistance} reuses from call to call (grown when a name is longer). */
let rows: [Int32Array, Int32Array, Int32Array] = [
  new Int32Array(64),
  new Int32Array(64),
  new Int32Array(64),
];

/**
 * True when `b` is a likely typo of `a`: within a third of `a`'s length in edits
 * (case-insensitive), the threshold `closestNames` of validation/core/suggest.ts uses.
 */
export function isClose(a: string, b: string): boolean {
  const max = allowedEdits(a);
  return boundedDistance(a.toLowerCase(), b.toLowerCase(), max) <= max;
}

/**
 * The names closest to a misspelt one, best first, as `closestNames` of
 * validation/core/suggest.ts chooses them (within a third of the word's length,
 * case-insensitive, at most `limit`), fast enough to ask among thousands of names: an array
 * asked about again (the cross-file checks ask one list about every missing reference) is
 * lowercased and grouped by length once.
 */
export function closeNames(word: string, names: Iterable<string>, limit = 3): string[] {
  if (!Array.isArray(names)) {
    return findCloseNames(word, names, limit);
  }
  // The same missing name is often asked about many times (one reference per copy of a
  // workload): the answer for one array is kept.
  const list = names as readonly string[];
  let answers = closeAnswers.get(list);
  if (answers === undefined) {
    answers = new Map();
    closeAnswers.set(list, answers);
  }
  const key = `${limit}\u0000${word}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = findCloseNames(word, list, limit);
    answers.set(key, answer);
  }
  return [...answer];
}

/** Answers of {@link closeNames} per names array (the arrays the cross-file checks ask again). */
const closeAnswers = new WeakMap<readonly string[], Map<string, readonly string[]>>();

function findCloseNames(word: string, names: Iterable<string>, limit: number): string[] {
  const max = allowedEdits(word);
  const lower = word.toLowerCase();
  const found: { name: string; distance: number }[] = [];
  const grouped = Array.isArray(names) ? byLength(names as readonly string[]) : undefined;
  if (grouped === undefined) {
    for (const name of names) {
      const distance = boundedDistance(lower, name.toLowerCase(), max);
      if (distance <= max) {
        found.push({ name, distance });
      }
    }
  } else {
    // Names whose length differs by more than `max` are never close: only nearby lengths.
    // Each kind of character one name has and the other lacks costs at least one edit.
    const mask = characterMask(lower);
    for (let length = lower.length - max; length <= lower.length + max; length++) {
      for (const [name, lowerName, nameMask] of grouped.get(length) ?? []) {
        if (bitCount(mask & ~nameMask) > max || bitCount(nameMask & ~mask) > max) {
          continue;
        }
        const distance = boundedDistance(lower, lowerName, max);
        if (distance <= max) {
          found.push({ name, distance });
        }
      }
    }
  }
  return found
    .sort((a, b) => a.distance - b.distance || compareCodeUnits(a.name, b.name))
    .slice(0, limit)
    .map((c) => c.name);
}

/** A name, its lowercase form and that form's {@link characterMask}. */
type GroupedName = [name: string, lower: string, mask: number];

/** Names by the length of their lowercase form; cached per array. */
const groupedNames = new WeakMap<readonly string[], Map<number, GroupedName[]>>();

function byLength(names: readonly string[]): Map<number, GroupedName[]> {
  let grouped = groupedNames.get(names);
  if (grouped === undefined) {
    grouped = new Map();
    for (const name of names) {
      const lower = name.toLowerCase();
      const entry: GroupedName = [name, lower, characterMask(lower)];
      const group = grouped.get(lower.length);
      if (group === undefined) {
        grouped.set(lower.length, [entry]);
      } else {
        group.push(entry);
      }
    }
    groupedNames.set(names, grouped);
  }
  return grouped;
}

/**
 * The kinds of characters in a text as 32 bits (character codes modulo 32: several characters
 * may share a bit, which only weakens the bound drawn from it). A character kind present in one
 * text and absent from the other needs at least one insertion, deletion or substitution.
 */
function characterMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    mask |= 1 << (text.charCodeAt(i) & 31);
  }
  return mask;
}

function bitCount(bits: number): number {
  let n = bits - ((bits >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
