import * as vscode from 'vscode';
import { decodeText } from '../common/decodeText';
import { describeError } from '../common/describeError';
import { readFilesAtRevision } from '../git/core/readFilesAtRevision';

/**
 * The scheme of read-only documents holding a file as it was at a commit (jump to source for a
 * removed Kubernetes resource). VS Code's `git:` scheme needs the git extension and its own
 * repository model; this one reads through `git cat-file` directly and works offline.
 */
export const baseScheme = 'infra-workbench-base';

/** Where a base document comes from. */
interface BaseLocation {
  readonly root: string;
  readonly commit: string;
  /** Relative to the root, `/`-separated. */
  readonly file: string;
}

/**
 * The URI of `file` at `commit`: the path keeps the file name (so the editor picks the language
 * from its extension), the query says which repository and commit.
 */
export function baseDocumentUri(location: BaseLocation): vscode.Uri {
  return vscode.Uri.from({
    scheme: baseScheme,
    path: `/${location.file}`,
    query: JSON.stringify({ root: location.root, commit: location.commit }),
  });
}

/**
 * An empty read-only document named like `file`: the missing side of a diff (a file added or
 * removed between two commits).
 */
export function emptyDocumentUri(file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: baseScheme, path: `/${file}`, query: 'empty' });
}

function parseBaseUri(uri: vscode.Uri): BaseLocation | undefined {
  try {
    const q = JSON.parse(uri.query) as unknown;
    if (typeof q !== 'object' || q === null) {
      return undefined;
    }
    const { root, commit } = q as Record<string, unknown>;
    if (typeof root !== 'string' || typeof commit !== 'string') {
      return undefined;
    }
    return { root, commit, file: uri.path.replace(/^\//, '') };
  } catch {
    return undefined;
  }
}

/** Serves {@link baseScheme} documents (read-only: a content provider's documents cannot be saved). */
export function registerBaseContentProvider(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(baseScheme, {
    provideTextDocumentContent: async (uri) => {
      if (uri.query === 'empty') {
        return '';
      }
      const location = parseBaseUri(uri);
      if (location === undefined) {
        return `This link does not name a file at a commit: ${uri.toString()}`;
      }
      try {
        const files = await readFilesAtRevision(location.root, location.commit, [location.file]);
        const bytes = files.get(location.file);
        if (bytes === undefined) {
          return `${location.file} is not a file at ${location.commit.slice(0, 12)}.`;
        }
        const decoded = decodeText(bytes);
        return decoded.problem === undefined || decoded.text !== ''
          ? decoded.text
          : decoded.problem.message;
      } catch (error) {
        return `${location.file} at ${location.commit.slice(0, 12)} cannot be read: ${describeError(error)}`;
      }
    },
  });
}
