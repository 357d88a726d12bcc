// The Kubernetes diff bench (`npm run bench -- diff`, not in the default set): the real
// manifests of ../shared/corpus/kubernetes in a temporary git repository, compared the way
// `infra-workbench diff` compares them, in two scenarios:
//   added  every file new (untracked) against an empty commit
//   moved  the committed folder moved to another path without staging: no change expected
// Median of --runs runs each, in this process (warm after the first run's module loading), with
// the git steps timed apart; plus reading 200 files at the base through one `git cat-file
// --batch` process against one `git show` per file.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { listChangedFiles, resolveRevision } from '../../src/git/core/gitRepository';
import { readFilesAtRevision } from '../../src/git/core/readFilesAtRevision';
import {
  formatManifestChangesMarkdown,
  formatManifestChangesText,
} from '../../src/plan/core/manifestChangesFormat';
import {
  manifestChangesFromGit,
  type ManifestChangesReport,
} from '../../src/plan/core/manifestChangesFromGit';
import { kubernetesCorpus, median } from './benchInputs';
import { count, markdownTable, ms } from './table';

/** One scenario's measures (medians over the runs). */
export interface DiffScenarioResult {
  readonly scenario: 'added' | 'moved';
  readonly files: number;
  readonly resources: number;
  readonly headline: string;
  readonly moved: number;
  readonly problems: number;
  /** `git diff --raw` + untracked files (+ move pairing). */
  readonly listMs: number;
  /** Reading every base version through one cat-file process. */
  readonly readBaseMs: number;
  /** The whole comparison as the CLI runs it (git, parsing, diffing). */
  readonly totalMs: number;
  /** Text and Markdown summaries. */
  readonly formatMs: number;
  readonly runsMs: readonly number[];
}

/** What the bench measured. */
export interface DiffBenchResult {
  readonly scenarios: readonly DiffScenarioResult[];
  readonly batch: { readonly files: number; readonly batchMs: number; readonly perFileMs: number };
}

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};

/** Runs both scenarios `runs` times each; removes its repository afterwards. */
export async function runManifestDiffBench(
  runs: number,
  log: (message: string) => void,
): Promise<DiffBenchResult> {
  if (runs < 1) {
    throw new Error('diff: --runs must be at least 1');
  }
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'iw-diff-bench-')));
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  try {
    git('init', '-q', '-b', 'main');
    git('commit', '-q', '--allow-empty', '-m', 'empty');
    cpSync(kubernetesCorpus(), path.join(root, 'k8s'), { recursive: true });
    log(`diff: corpus copied to ${root}; ${runs} runs per scenario`);
    const added = await scenario('added', root, runs);
    git('add', '-A');
    git('commit', '-q', '-m', 'corpus');
    const files = git('ls-tree', '-r', '--name-only', 'HEAD', 'k8s')
      .split('\n')
      .filter((f) => /\.ya?ml$/.test(f))
      .slice(0, 200);
    const head = git('rev-parse', 'HEAD').trim();
    const batchRuns: number[] = [];
    const perFileRuns: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await readFilesAtRevision(root, head, files);
      batchRuns.push(performance.now() - t);
      t = performance.now();
      for (const f of files) {
        git('show', `${head}:${f}`);
      }
      perFileRuns.push(performance.now() - t);
    }
    renameSync(path.join(root, 'k8s'), path.join(root, 'moved'));
    const moved = await scenario('moved', root, runs);
    return {
      scenarios: [added, moved],
      batch: { files: files.length, batchMs: median(batchRuns), perFileMs: median(perFileRuns) },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function scenario(
  name: 'added' | 'moved',
  root: string,
  runs: number,
): Promise<DiffScenarioResult> {
  const totals: number[] = [];
  const lists: number[] = [];
  const reads: number[] = [];
  const formats: number[] = [];
  let last: ManifestChangesReport | undefined;
  const commit = (await resolveRevision(root, 'HEAD')).commit;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    last = await manifestChangesFromGit({ folder: root, base: 'HEAD' });
    totals.push(performance.now() - t);
    t = performance.now();
    formatManifestChangesText(last);
    formatManifestChangesMarkdown(last);
    formats.push(performance.now() - t);
    t = performance.now();
    const changed = await listChangedFiles(root, commit);
    lists.push(performance.now() - t);
    const basePaths = changed.filter((f) => f.status !== 'added').map((f) => f.oldPath ?? f.path);
    t = performance.now();
    await readFilesAtRevision(root, commit, basePaths);
    reads.push(performance.now() - t);
  }
  if (last === undefined) {
    throw new Error('diff: no run');
  }
  const counts = last.summary.counts;
  return {
    scenario: name,
    files: last.files.length,
    resources: counts.add + counts.change + counts.remove + counts.unchanged,
    headline: last.summary.headline,
    moved: counts.moved,
    problems: last.problems.length,
    listMs: median(lists),
    readBaseMs: median(reads),
    totalMs: median(totals),
    formatMs: median(formats),
    runsMs: totals,
  };
}

/** The bench's section of the report. */
export function formatManifestDiffBench(result: DiffBenchResult, runs: number): string {
  const rows = result.scenarios.map((s) => [
    s.scenario,
    count(s.files),
    count(s.resources),
    `${s.headline}${s.moved > 0 ? `; ${count(s.moved)} moved` : ''}`,
    ms(s.listMs),
    ms(s.readBaseMs),
    ms(s.runsMs[0] ?? Number.NaN),
    ms(s.totalMs),
    ms(s.formatMs),
  ]);
  return (
    `Kubernetes diff: \`infra-workbench diff --base HEAD\` steps on ../shared/corpus/kubernetes in a temporary git repository (added: every file untracked against an empty commit; moved: the committed folder moved unstaged), median of ${runs} in-process runs (after the first, documents are served from the parse cache of the YAML model, as in the editor)\n\n` +
    markdownTable(
      [
        'scenario',
        'files',
        'resources',
        'result',
        'list changed files',
        'read base (cat-file --batch)',
        'total, first run',
        'total, median',
        'text + Markdown',
      ],
      rows,
    ) +
    `\n\nReading ${count(result.batch.files)} files at a commit: one \`git cat-file --batch\` ${ms(result.batch.batchMs)}, one \`git show\` per file ${ms(result.batch.perFileMs)}`
  );
}
