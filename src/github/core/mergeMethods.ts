/**
 * The merge methods a pull request can be merged with: those the repository allows
 * (`allow_merge_commit`, `allow_squash_merge`, `allow_rebase_merge`), all three when GitHub does
 * not say (the fields are only sent to accounts with push access).
 */

export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** The repository fields that say which methods are allowed. */
export interface MergeSettings {
  readonly allow_merge_commit?: boolean;
  readonly allow_squash_merge?: boolean;
  readonly allow_rebase_merge?: boolean;
}

/** Labels of the merge methods, as GitHub's merge button names them. */
export const mergeMethodLabels: Readonly<Record<MergeMethod, string>> = {
  merge: 'Create a merge commit',
  squash: 'Squash and merge',
  rebase: 'Rebase and merge',
};

/** The allowed methods, in GitHub's order; all three when the repository says nothing. */
export function allowedMergeMethods(settings: MergeSettings | undefined): MergeMethod[] {
  const flags: [MergeMethod, boolean | undefined][] = [
    ['merge', settings?.allow_merge_commit],
    ['squash', settings?.allow_squash_merge],
    ['rebase', settings?.allow_rebase_merge],
  ];
  if (flags.every(([, allowed]) => allowed === undefined)) {
    return flags.map(([method]) => method);
  }
  return flags.filter(([, allowed]) => allowed !== false).map(([method]) => method);
}

/** Logins from what a user typed: separated by commas or spaces, `@` dropped, duplicates once. */
export function parseLogins(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((login) => login.trim().replace(/^@/, ''))
        .filter((login) => login !== ''),
    ),
  ];
}
