import type { Problem } from '../../common/problem';
import type { RunbookUrlMapping } from '../../validation/core/schemaOverrides';
import { closeNames } from './nearNames';
import type { FileFacts } from './fileFacts';
import {
  KubernetesCrossFileCodes,
  kubernetesCrossFileProblems,
  type Report,
} from './kubernetesChecks';
import { AlertRoutingCodes, alertRoutingProblems } from './alertRoutingChecks';
import { GrafanaCrossFileCodes, grafanaCrossFileProblems } from './grafanaChecks';
import { KustomizeCrossFileCodes, kustomizeCrossFileProblems } from './kustomizeChecks';
import { normalizePath } from './paths';
import type { Located } from './yamlNodes';

/** Codes of the cross-file checks, stable across releases (the source says which format). */
export const CrossFileCodes = {
  ...KubernetesCrossFileCodes,
  ...KustomizeCrossFileCodes,
  ...GrafanaCrossFileCodes,
  ...AlertRoutingCodes,
  missingReusableWorkflow: 'missing-reusable-workflow',
  missingLocalAction: 'missing-local-action',
  missingRunbook: 'missing-runbook',
  unknownAlert: 'unknown-alert',
} as const;

/** How the cross-file checks behave. */
export interface CrossFileOptions {
  /** Report references to ConfigMaps, Secrets and PVCs defined nowhere in the repository (default true; users turn it off when such resources are created outside git). */
  readonly missingReferences: boolean;
  /** Runbook URLs under a prefix map to a repository folder: `https://runbooks.example.com/` -> `runbooks/` (`readRepoConfig` reads them from `.infra-workbench.yaml`). */
  readonly runbookUrls: readonly RunbookUrlMapping[];
  /** Warn about alerting rules no route of the repository's Alertmanager configuration matches (default false). */
  readonly unroutedAlerts: boolean;
}

/** The options when the user has said nothing. */
export const defaultCrossFileOptions: CrossFileOptions = {
  missingReferences: true,
  runbookUrls: [],
  unroutedAlerts: false,
};

/** What the checks need from the repository besides the files' facts. */
export interface CrossFileContext {
  /** True when a workspace-relative file exists (any file, not only YAML). */
  readonly fileExists: (relativePath: string) => boolean;
  /** Every file below a workspace-relative folder (any depth, any extension); absent: checks that list folders are skipped. */
  readonly filesBelow?: (folder: string) => readonly string[];
  readonly options: CrossFileOptions;
}

/**
 * The problems that only show across files: Services selecting no pods, references to
 * ConfigMaps, Secrets, PVCs, Services, Roles and ServiceAccounts defined nowhere, local
 * workflows and actions that do not exist, runbook links to missing files and runbooks naming
 * alerts no rule defines. Pure: the same facts give the same problems, by file (offsets into
 * each file's whole text), each file's sorted by position; files without problems are not in
 * the map. Runs over the whole repository each time: tens of milliseconds for a thousand files.
 */
export function crossFileProblems(
  files: ReadonlyMap<string, FileFacts>,
  context: CrossFileContext,
): Map<string, Problem[]> {
  const problems = new Map<string, Problem[]>();
  const report: Report = (path, problem) => {
    const list = problems.get(path);
    if (list === undefined) {
      problems.set(path, [problem]);
    } else {
      list.push(problem);
    }
  };
  kubernetesCrossFileProblems(files, context.options, report);
  kustomizeCrossFileProblems(files, context.fileExists, report);
  grafanaCrossFileProblems(files, context, report);
  gitHubActionsProblems(files, context, report);
  runbookUrlProblems(files, context, report);
  runbookAlertProblems(files, report);
  if (context.options.unroutedAlerts) {
    alertRoutingProblems(files, report);
  }
  for (const list of problems.values()) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  return problems;
}

/** Local reusable workflows (`jobs.<id>.uses: ./...`) and local actions (`steps[].uses: ./...`) that are not in the repository. */
function gitHubActionsProblems(
  files: ReadonlyMap<string, FileFacts>,
  { fileExists }: CrossFileContext,
  report: Report,
): void {
  const workflowFiles = [...files.keys()].filter((p) => p.startsWith('.github/workflows/'));
  const actionFolders = [...files.keys()]
    .filter((p) => /(^|\/)action\.ya?ml$/.test(p))
    .map((p) => p.slice(0, Math.max(0, p.lastIndexOf('/'))));
  for (const [path, facts] of files) {
    const stepUses = [
      ...facts.workflows.flatMap((w) => w.jobs.flatMap((j) => j.stepUses)),
      ...facts.actions.flatMap((a) => a.stepUses),
    ];
    for (const workflow of facts.workflows) {
      for (const job of workflow.jobs) {
        const target = localPath(job.uses);
        if (job.uses === undefined || target === undefined || fileExists(target)) {
          continue;
        }
        const { suggestions, hint } = suggest(target, workflowFiles, (p) => `./${p}`);
        report(path, {
          code: CrossFileCodes.missingReusableWorkflow,
          severity: 'error',
          source: 'github-actions',
          message: `The reusable workflow ${target} is not in the repository.${hint} Fix the path (reusable workflows live in .github/workflows/) or add the workflow.`,
          start: job.uses.range[0],
          end: job.uses.range[1],
          ...(suggestions === undefined ? {} : { suggestions }),
          docUrl:
            'https://docs.github.com/en/actions/using-workflows/reusing-workflows#calling-a-reusable-workflow',
        });
      }
    }
    for (const uses of stepUses) {
      const folder = localPath(uses);
      if (folder === undefined) {
        continue;
      }
      const prefix = folder === '' ? '' : `${folder}/`;
      if (fileExists(`${prefix}action.yml`) || fileExists(`${prefix}action.yaml`)) {
        continue;
      }
      const { suggestions, hint } = suggest(folder, actionFolders, (p) => `./${p}`);
      report(path, {
        code: CrossFileCodes.missingLocalAction,
        severity: 'error',
        source: 'github-actions',
        message: `There is no action in ${folder === '' ? 'the repository root' : folder}/: a local action is a folder with an action.yml or action.yaml.${hint} Fix the path or add the action (and check out the repository in an earlier step).`,
        start: uses.range[0],
        end: uses.range[1],
        ...(suggestions === undefined ? {} : { suggestions }),
        docUrl:
          'https://docs.github.com/en/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions',
      });
    }
  }
}

/** The workspace path a local `uses: ./x` names, or undefined for other `uses` and expressions. */
function localPath(uses: Located | undefined): string | undefined {
  const value = uses?.value.trim();
  if (value === undefined || !value.startsWith('./') || value.includes('${{')) {
    return undefined;
  }
  return normalizePath(value);
}

/**
 * Paths among `candidates` whose last segment is close to the last segment of `word` (long
 * shared folders would make any two paths look alike), spelled as the user writes them.
 */
function suggest(
  word: string,
  candidates: readonly string[],
  spell: (candidate: string) => string,
): { suggestions?: string[]; hint: string } {
  const byName = new Map<string, string[]>();
  for (const candidate of candidates) {
    const name = lastSegment(candidate);
    byName.set(name, [...(byName.get(name) ?? []), candidate]);
  }
  const close = closeNames(lastSegment(word), byName.keys())
    .flatMap((name) => byName.get(name) ?? [])
    .slice(0, 3)
    .map(spell);
  return close.length === 0
    ? { hint: '' }
    : { suggestions: close, hint: ` Did you mean ${close.join(' or ')}?` };
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Extensions tried after a runbook path that names none. */
const runbookExtensions = ['', '.yaml', '.yml', '.md'];

/**
 * The files a runbook link may name: a relative path (from the repository root), or a URL
 * under a configured prefix mapped to its folder; with `.yaml`, `.yml` or `.md` appended, and
 * `README.md` or `index.md` for a folder. Undefined when the link is not checked: an absolute
 * URL under no prefix, Go templating, a path out of the repository.
 */
export function runbookCandidates(
  url: string,
  mappings: readonly RunbookUrlMapping[],
): { readonly paths: readonly string[]; readonly mapping?: RunbookUrlMapping } | undefined {
  const link = url.trim();
  if (link === '' || link.includes('{{') || link.startsWith('//')) {
    return undefined;
  }
  let path: string;
  let mapping: RunbookUrlMapping | undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
    mapping = mappings
      .filter((m) => m.prefix !== '' && link.startsWith(m.prefix))
      .sort((a, b) => b.prefix.length - a.prefix.length)[0];
    if (mapping === undefined) {
      return undefined;
    }
    path = `${mapping.folder}/${link.slice(mapping.prefix.length)}`;
  } else {
    path = link;
  }
  path = path.replace(/[?#].*$/s, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // a stray '%': read the path as written
  }
  const folderLink = path.endsWith('/');
  const normalized = normalizePath(path);
  if (normalized === undefined || normalized === '') {
    return undefined;
  }
  const paths = folderLink
    ? [`${normalized}/README.md`, `${normalized}/index.md`]
    : runbookExtensions.map((ext) => normalized + ext);
  return { paths, ...(mapping === undefined ? {} : { mapping }) };
}

/** Alerting rules whose `runbook_url` names a repository file that does not exist. */
function runbookUrlProblems(
  files: ReadonlyMap<string, FileFacts>,
  { fileExists, options }: CrossFileContext,
  report: Report,
): void {
  const runbookFiles = [...files.values()]
    .filter((f) => f.runbooks.length > 0)
    .map((f) => f.relativePath);
  for (const [path, facts] of files) {
    for (const rule of facts.rules) {
      const url = rule.runbookUrl;
      const candidates =
        url === undefined ? undefined : runbookCandidates(url.value, options.runbookUrls);
      if (url === undefined || candidates === undefined || candidates.paths.some(fileExists)) {
        continue;
      }
      const tried = candidates.paths[0] ?? url.value;
      const mapped =
        candidates.mapping === undefined
          ? ''
          : ` (${candidates.mapping.prefix} is mapped to ${candidates.mapping.folder})`;
      const relative = candidates.mapping === undefined;
      const { suggestions, hint } = relative
        ? suggest(tried, runbookFiles, (p) => p)
        : { suggestions: undefined, hint: '' };
      report(path, {
        code: CrossFileCodes.missingRunbook,
        severity: 'warning',
        source: 'prometheus',
        message: `The runbook of alert '${rule.name}' is not in the repository: no ${tried}${
          candidates.paths.length > 1
            ? ` (nor with ${candidates.paths
                .slice(1)
                .map((p) => p.slice(tried.length) || p)
                .join(', ')})`
            : ''
        }${mapped}.${hint} Fix the link or write the runbook.`,
        start: url.range[0],
        end: url.range[1],
        ...(suggestions === undefined ? {} : { suggestions }),
      });
    }
  }
}

/**
 * Runbooks listing alerts that no rule of the repository defines. Only judged when the
 * repository holds rules at all: without any, the rules live elsewhere (another repository,
 * a Helm chart's values) and every alert would look unknown.
 */
function runbookAlertProblems(files: ReadonlyMap<string, FileFacts>, report: Report): void {
  const all = [...files.values()];
  if (!all.some((f) => f.holdsRules)) {
    return;
  }
  const alerts = new Set(
    all.flatMap((f) => f.rules.filter((r) => r.type === 'alert').map((r) => r.name)),
  );
  for (const [path, file] of files) {
    for (const runbook of file.runbooks) {
      for (const alert of runbook.alerts) {
        if (alerts.has(alert.value) || alert.value.includes('{{')) {
          continue;
        }
        const close = closeNames(alert.value, [...alerts]);
        report(path, {
          code: CrossFileCodes.unknownAlert,
          severity: 'warning',
          source: 'runbook',
          message: `No alerting rule in the repository is named '${alert.value}'.${close.length === 0 ? '' : ` Did you mean '${close.join("', '")}'?`} Fix the name, or remove it if the alert was deleted.`,
          start: alert.range[0],
          end: alert.range[1],
          ...(close.length === 0 ? {} : { suggestions: close }),
        });
      }
    }
  }
}
