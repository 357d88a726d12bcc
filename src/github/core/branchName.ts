/**
 * Branch names for "Start work on issue": a template such as `{user}/{number}-{title-slug}`
 * filled in, the title reduced to an ASCII slug, and the result checked against git's ref-name
 * rules (git-check-ref-format(1)) so `git branch` never rejects what we propose.
 */

/** The default of the branch name template setting. */
export const defaultBranchTemplate = '{user}/{number}-{title-slug}';

/** A template or a result git would not accept; the message says why. */
export class BranchNameError extends Error {
  override readonly name = 'BranchNameError';
}

/**
 * Lowercase ASCII words joined by `-`: accents are removed (é -> e), everything else that is not
 * a letter or digit separates words; at most `maxLength` characters, cut at a word boundary when
 * one is near, never ending with `-`. Empty when the text has no ASCII letter or digit.
 */
export function slugify(text: string, maxLength = 40): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .toLowerCase();
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) {
    return slug;
  }
  const cut = slug.slice(0, maxLength);
  const lastDash = cut.lastIndexOf('-');
  // Cut at the last word boundary unless that loses more than half the room.
  const trimmed = lastDash >= maxLength / 2 ? cut.slice(0, lastDash) : cut;
  return trimmed.replace(/-+$/, '');
}

/**
 * The problems git-check-ref-format(1) finds in a branch name (`refs/heads/<name>`), empty when
 * there are none: no `..`, `@{`, `\`, control characters, space, `~^:?*[`; no component starting
 * with `.` or ending with `.lock`; no leading, trailing or doubled `/`; no trailing `.`; not `@`;
 * and (git branch) no leading `-`.
 */
export function refNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name === '') {
    return ['is empty'];
  }
  if (name === '@') {
    problems.push('is "@"');
  }
  if (name.startsWith('-')) {
    problems.push('starts with "-"');
  }
  if (name.includes('..')) {
    problems.push('contains ".."');
  }
  if (name.includes('@{')) {
    problems.push('contains "@{"');
  }
  // eslint-disable-next-line no-control-regex
  const bad = /[\x00-\x20\x7f~^:?*[\\]/.exec(name);
  if (bad) {
    problems.push(`contains ${JSON.stringify(bad[0])}`);
  }
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) {
    problems.push('has an empty path component (leading, trailing or doubled "/")');
  }
  if (name.endsWith('.')) {
    problems.push('ends with "."');
  }
  for (const component of name.split('/')) {
    if (component.startsWith('.')) {
      problems.push(`component "${component}" starts with "."`);
    }
    if (component.endsWith('.lock')) {
      problems.push(`component "${component}" ends with ".lock"`);
    }
  }
  return problems;
}

/** What a branch name template is filled with. */
export interface BranchNameInput {
  /** The GitHub login of the user starting the work. */
  readonly user: string;
  readonly number: number;
  readonly title: string;
}

const placeholders = new Set(['user', 'number', 'title-slug']);

/**
 * The branch for an issue: `template` with `{user}`, `{number}` and `{title-slug}` replaced (the
 * slug at most `maxSlugLength` characters, `issue` when the title has no ASCII word). An unknown
 * placeholder or a result git rejects is a BranchNameError naming the template.
 */
export function branchNameForIssue(
  input: BranchNameInput,
  template: string = defaultBranchTemplate,
  maxSlugLength = 40,
): string {
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)]
    .map((m) => m[1] ?? '')
    .filter((name) => !placeholders.has(name));
  if (unknown.length > 0) {
    throw new BranchNameError(
      `branch name template "${template}": unknown placeholder {${unknown[0] ?? ''}} (use {user}, {number}, {title-slug})`,
    );
  }
  const slug = slugify(input.title, maxSlugLength) || 'issue';
  const name = template
    .replace(/\{user\}/g, input.user)
    .replace(/\{number\}/g, String(input.number))
    .replace(/\{title-slug\}/g, slug);
  const problems = refNameProblems(name);
  if (problems.length > 0) {
    throw new BranchNameError(
      `branch name "${name}" from template "${template}" is not a valid git branch name: ${problems.join('; ')}`,
    );
  }
  return name;
}
