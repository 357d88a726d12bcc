import path from 'node:path';
import { GitError } from '../git/core/gitRepository';
import {
  formatManifestChangesMarkdown,
  formatManifestChangesText,
} from '../plan/core/manifestChangesFormat';
import { manifestChangesFromGit } from '../plan/core/manifestChangesFromGit';
import type { CliIo } from './runCli';

/** The output formats of `diff`. */
export type DiffFormat = 'text' | 'markdown' | 'json';

/** What `diff` was asked for. */
export interface DiffArgs {
  readonly target?: string | undefined;
  readonly base?: string | undefined;
  readonly format: DiffFormat;
}

const diffFormats: readonly string[] = ['text', 'markdown', 'json'] satisfies DiffFormat[];

/**
 * Checks the arguments of `diff` as parsed by the CLI: at most one path, no option of `check`,
 * a known format, a non-empty base. Returns them, or the problem for the usage error.
 */
export function readDiffArgs(
  paths: readonly string[],
  values: {
    readonly format: string;
    readonly base?: string | undefined;
    readonly severity: string;
    readonly config?: string | undefined;
    readonly offline: boolean;
  },
): DiffArgs | { readonly problem: string } {
  if (paths.length > 1) {
    return { problem: 'diff takes at most one path: a folder or file in a git repository' };
  }
  if (values.severity !== 'info' || values.config !== undefined || values.offline) {
    return { problem: '--severity, --config and --offline: for check only, not diff' };
  }
  if (!diffFormats.includes(values.format)) {
    return {
      problem: `--format of diff must be text, markdown or json, not '${values.format}'`,
    };
  }
  if (values.base?.trim() === '') {
    return { problem: '--base needs a revision: a branch, tag or commit' };
  }
  return { target: paths[0], base: values.base, format: values.format as DiffFormat };
}

/**
 * `diff [--base <ref>] [path]`: the Kubernetes resources added, changed and removed between a
 * git revision (default: the merge base with the default branch) and the working tree, under
 * `path` (default: the current folder). Resolves to 0, or 2 on a git error (not a repository,
 * no commits, no default branch, unknown revision) with the reason on stderr. Manifests that do
 * not parse are listed in the output, not an error.
 */
export async function runDiff({ target, base, format }: DiffArgs, io: CliIo): Promise<number> {
  const folder = path.resolve(io.cwd, target ?? '.');
  let report;
  try {
    report = await manifestChangesFromGit({ folder, ...(base === undefined ? {} : { base }) });
  } catch (error) {
    if (error instanceof GitError) {
      io.err(`infra-workbench: diff: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  switch (format) {
    case 'text':
      io.out(formatManifestChangesText(report));
      break;
    case 'markdown':
      io.out(formatManifestChangesMarkdown(report));
      break;
    case 'json':
      io.out(`${JSON.stringify(report, null, 2)}\n`);
      break;
  }
  return 0;
}
