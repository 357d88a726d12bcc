import * as vscode from 'vscode';
import {
  bundledKubernetesVersions,
  defaultKubernetesVersion,
} from '../validation/core/kubernetesSchemas';
import { documentFormats, type DocumentFormat } from '../common/classify';
import { mappingsFromRecord, type SchemaMapping } from '../validation/core/schemaOverrides';
import { defaultMaxFileSize } from '../validation/core/yamlValidator';
import { Settings, settingsSection } from './ids';
import { defaultBranchTemplate } from '../github/core/branchName';

/** Every setting the extension reads, typed, as plain data that core code can take as options. */
export interface InfraSettings {
  readonly validationEnable: boolean;
  readonly filesExclude: readonly string[];
  readonly kubernetesVersion: string;
  /** `infraWorkbench.schemas`: glob → format, `none`, or schema path/URL. */
  readonly schemaMappings: readonly SchemaMapping[];
  /** Formats turned off in `infraWorkbench.validation.formats`. */
  readonly disabledFormats: ReadonlySet<DocumentFormat>;
  /** Files above this many characters are not validated (one warning says so). */
  readonly maxFileSize: number;
  /** Validate every file of the workspace (not only open ones) and run the cross-file checks. */
  readonly workspaceValidation: boolean;
  /** Report references to ConfigMaps, Secrets and PVCs defined nowhere in the repository. */
  readonly missingReferences: boolean;
  /** Warn about alerting rules no route of the repository's Alertmanager configuration matches. */
  readonly unroutedAlerts: boolean;
  /** `runbooks.urlPrefixes`: web URLs of the repository's root; runbook links under them are repository files. */
  readonly runbookUrlPrefixes: readonly string[];
  /** `plan.terraformPath`: the terraform or tofu binary (a path or a name on PATH); undefined: look on PATH. */
  readonly terraformPath: string | undefined;
  /** `github.remotes`: remote names tried in order for the GitHub repository. */
  readonly githubRemotes: readonly string[];
  /** `github.enterpriseUrl`: the GitHub Enterprise Server base URL, when set. */
  readonly githubEnterpriseUrl: string | undefined;
  /** `github.queries`: user-defined categories of the Pull Requests and Issues views. */
  readonly githubQueries: readonly GitHubQuerySetting[];
  /** `github.issueGrouping`: how the Issues view groups a category's issues. */
  readonly githubIssueGrouping: 'none' | 'label' | 'milestone';
  /** `github.branchTemplate`: the branch "Start work on issue" creates. */
  readonly githubBranchTemplate: string;
  /** `github.refreshInterval`: seconds between refreshes of the visible views; 0: off. */
  readonly githubRefreshInterval: number;
}

/** One entry of `github.queries`: a label, GitHub search text, and the view it belongs to. */
export interface GitHubQuerySetting {
  readonly label: string;
  readonly query: string;
  readonly view: 'pullRequests' | 'issues';
}

/** Reads the settings, falling back to the package.json defaults on values of the wrong type. */
export function readSettings(scope?: vscode.ConfigurationScope): InfraSettings {
  const config = vscode.workspace.getConfiguration(settingsSection, scope);
  const enable = config.get<unknown>(Settings.validationEnable);
  const exclude = config.get<unknown>(Settings.filesExclude);
  const kubernetesVersion = config.get<unknown>(Settings.kubernetesVersion);
  const formats = config.get<unknown>(Settings.validationFormats);
  const switches = (formats !== null && typeof formats === 'object' ? formats : {}) as Record<
    string,
    unknown
  >;
  return {
    validationEnable: typeof enable === 'boolean' ? enable : true,
    filesExclude: Array.isArray(exclude)
      ? exclude.filter((e): e is string => typeof e === 'string')
      : [],
    kubernetesVersion:
      typeof kubernetesVersion === 'string' &&
      (bundledKubernetesVersions as readonly string[]).includes(kubernetesVersion)
        ? kubernetesVersion
        : defaultKubernetesVersion,
    schemaMappings: mappingsFromRecord(config.get<unknown>(Settings.schemas), 'settings'),
    disabledFormats: new Set(documentFormats.filter((f) => switches[f] === false)),
    maxFileSize: megabytes(config.get<unknown>(Settings.maxFileSize)) ?? defaultMaxFileSize,
    workspaceValidation: config.get<unknown>(Settings.validationWorkspace) !== false,
    missingReferences: config.get<unknown>(Settings.missingReferences) !== false,
    unroutedAlerts: config.get<unknown>(Settings.unroutedAlerts) === true,
    runbookUrlPrefixes: urlPrefixes(config.get<unknown>(Settings.runbookUrlPrefixes)),
    terraformPath: nonEmpty(config.get<unknown>(Settings.terraformPath)),
    githubRemotes: stringList(config.get<unknown>(Settings.githubRemotes)),
    githubEnterpriseUrl: nonEmpty(config.get<unknown>(Settings.githubEnterpriseUrl)),
    githubQueries: githubQueries(config.get<unknown>(Settings.githubQueries)),
    githubIssueGrouping: issueGrouping(config.get<unknown>(Settings.githubIssueGrouping)),
    githubBranchTemplate:
      nonEmpty(config.get<unknown>(Settings.githubBranchTemplate)) ?? defaultBranchTemplate,
    githubRefreshInterval: refreshInterval(config.get<unknown>(Settings.githubRefreshInterval)),
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value
        .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
        .map((v) => v.trim())
    : [];
}

/** The well-formed entries of `github.queries` (the views report unusable search texts). */
function githubQueries(value: unknown): GitHubQuerySetting[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.flatMap((entry: unknown) => {
    if (entry === null || typeof entry !== 'object') {
      return [];
    }
    const { label, query, view } = entry as Record<string, unknown>;
    return typeof label === 'string' && typeof query === 'string'
      ? [
          {
            label,
            query,
            view: view === 'issues' ? ('issues' as const) : ('pullRequests' as const),
          },
        ]
      : [];
  });
}

/** Seconds between refreshes: 0 (off), else at least 30 (GitHub's rate limits); default 300. */
function refreshInterval(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    return 300;
  }
  return value === 0 ? 0 : Math.max(30, Math.round(value));
}

function issueGrouping(value: unknown): InfraSettings['githubIssueGrouping'] {
  return value === 'label' || value === 'milestone' ? value : 'none';
}

/** The absolute URLs of a list setting; other entries are ignored. */
function urlPrefixes(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter(
        (v): v is string => typeof v === 'string' && /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v.trim()),
      )
    : [];
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A size setting in megabytes as characters, when it is a positive number. */
function megabytes(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 ? Math.round(value * 1024 * 1024) : undefined;
}

/** Calls `listener` when any Infra Workbench setting changes. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(settingsSection)) {
      listener();
    }
  });
}
