import { classifyDocument } from '../../../src/common/classify';
import type { Problem } from '../../../src/common/problem';
import { parseYaml } from '../../../src/common/yamlModel';
import {
  crossFileProblems,
  defaultCrossFileOptions,
  type CrossFileOptions,
} from '../../../src/workspace/core/crossFileChecks';
import { extractFileFacts, type FileFacts } from '../../../src/workspace/core/fileFacts';

/** A small repository written inline: relative path → text. */
export type Repo = Readonly<Record<string, string>>;

/** The facts of every YAML file of a repository, with formats as the classifier gives them. */
export function factsOf(repo: Repo): Map<string, FileFacts> {
  const facts = new Map<string, FileFacts>();
  for (const [path, text] of Object.entries(repo)) {
    if (!/\.ya?ml$/.test(path)) {
      continue;
    }
    const model = parseYaml(text);
    const formats = model.documents.map((d) => classifyDocument(path, d.doc));
    facts.set(path, extractFileFacts(path, model, formats));
  }
  return facts;
}

/** One problem as a test reads it: its code, file and the exact text its range covers. */
export interface SeenProblem {
  readonly code: string;
  readonly path: string;
  readonly text: string;
  readonly problem: Problem;
}

/** Runs the cross-file checks over a repository (every file of it exists), problems by file and position. */
export function check(repo: Repo, options: Partial<CrossFileOptions> = {}): SeenProblem[] {
  const result = crossFileProblems(factsOf(repo), {
    fileExists: (path) => Object.hasOwn(repo, path),
    options: { ...defaultCrossFileOptions, ...options },
  });
  const seen: SeenProblem[] = [];
  for (const [path, problems] of result) {
    for (const problem of problems) {
      const text = repo[path] ?? '';
      seen.push({
        code: problem.code,
        path,
        text: text.slice(problem.start, problem.end),
        problem,
      });
    }
  }
  return seen.sort((a, b) => a.path.localeCompare(b.path) || a.problem.start - b.problem.start);
}

/** `[code, path, covered text]` of each problem, for deepEqual. */
export function summary(problems: readonly SeenProblem[]): [string, string, string][] {
  return problems.map((p) => [p.code, p.path, p.text]);
}

/** Lines joined with newlines and a final newline. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
