/**
 * Where a repository keeps its pull request template, as GitHub looks for it: a file named
 * `pull_request_template` (any case, `.md`, `.txt` or no extension) in `.github/`, the root or
 * `docs/`, and several templates in a `PULL_REQUEST_TEMPLATE/` folder in any of them.
 */

/** The folders GitHub reads templates from, in the order a single template is chosen. */
export const templateFolders: readonly string[] = ['.github', '', 'docs'];

const templateFile = /^pull_request_template(\.md|\.markdown|\.txt)?$/i;
const templateFolder = /^pull_request_template$/i;
const templateInFolder = /\.(md|markdown|txt)$/i;

function join(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/**
 * The repository's pull request templates, relative to its root with `/`: single-file templates
 * first (in GitHub's folder order; the first one is the default), then the files of
 * `PULL_REQUEST_TEMPLATE/` folders sorted by name. `list(folder)` returns the entry names of a
 * folder relative to the root ("" for the root), split into files and folders; missing folders
 * list nothing.
 */
export function findPullRequestTemplates(
  list: (folder: string) => {
    readonly files: readonly string[];
    readonly folders: readonly string[];
  },
): string[] {
  const singles: string[] = [];
  const multiple: string[] = [];
  for (const folder of templateFolders) {
    const entries = list(folder);
    singles.push(
      ...entries.files
        .filter((name) => templateFile.test(name))
        .sort()
        .map((name) => join(folder, name)),
    );
    for (const sub of entries.folders.filter((name) => templateFolder.test(name)).sort()) {
      const inner = join(folder, sub);
      multiple.push(
        ...list(inner)
          .files.filter((name) => templateInFolder.test(name))
          .sort()
          .map((name) => join(inner, name)),
      );
    }
  }
  return [...singles, ...multiple];
}
