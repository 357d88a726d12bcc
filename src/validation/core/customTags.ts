import type { DocumentFormat } from '../../common/classify';
import type { Problem } from '../../common/problem';

/**
 * YAML tags a format's own loader understands. The `yaml` package warns that it cannot resolve
 * them ("Unresolved tag"), which is right for plain YAML and noise in these formats: Ansible
 * reads `!vault` (encrypted values) and `!unsafe` (text kept from templating); Compose reads
 * `!reset` and `!override` in override files.
 */
export const formatTags: Readonly<Partial<Record<DocumentFormat, readonly string[]>>> = {
  compose: ['!reset', '!override'],
  'ansible-playbook': ['!vault', '!unsafe'],
  'ansible-tasks': ['!vault', '!unsafe'],
};

/**
 * True for the parser's warning about a tag the document's format understands. The warning is
 * told by its range, which covers exactly the tag, so this does not depend on message wording.
 */
export function isFormatTagWarning(
  problem: Problem,
  text: string,
  format: DocumentFormat | undefined,
): boolean {
  const tags = format === undefined ? undefined : formatTags[format];
  return (
    tags !== undefined &&
    problem.source === 'yaml' &&
    problem.severity === 'warning' &&
    tags.includes(text.slice(problem.start, problem.end))
  );
}
