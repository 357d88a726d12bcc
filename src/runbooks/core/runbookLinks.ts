import type { RunbookUrlMapping } from '../../validation/core/schemaOverrides';
import { runbookCandidates } from '../../workspace/core/crossFileChecks';
import type { FileFacts, PrometheusRule, Runbook } from '../../workspace/core/fileFacts';
import type { TextRange } from '../../workspace/core/yamlNodes';

/** What the links between alerts and runbooks are computed from: one folder's index. */
export interface RunbookFacts {
  /** The facts of every YAML file, by workspace-relative path (`/`-separated). */
  readonly files: ReadonlyMap<string, FileFacts>;
  /** Whether a workspace-relative path is a file of the folder (any extension). */
  readonly exists: (relativePath: string) => boolean;
  /** URL prefixes mapped to folders (`.infra-workbench.yaml` and the settings). */
  readonly runbookUrls: readonly RunbookUrlMapping[];
}

/** Where an alert's `runbook_url` leads. */
export type RunbookLink =
  | { readonly kind: 'found'; readonly path: string }
  | {
      readonly kind: 'missing';
      /** The path the link names (the first one tried). */
      readonly tried: string;
      /** Where "Create runbook for this alert" writes a YAML runbook; absent for Markdown or folder links. */
      readonly createPath?: string;
    };

/**
 * Resolves a `runbook_url` to a file of the folder: a path from the repository root, or a URL
 * under a mapped prefix, with `.yaml`/`.yml`/`.md` tried after a path that names no extension.
 * Undefined for links that do not point into the repository (another site, Go templating).
 */
export function resolveRunbookLink(
  url: string,
  runbookUrls: readonly RunbookUrlMapping[],
  exists: (relativePath: string) => boolean,
): RunbookLink | undefined {
  const candidates = runbookCandidates(url, runbookUrls);
  if (candidates === undefined) {
    return undefined;
  }
  const found = candidates.paths.find(exists);
  if (found !== undefined) {
    return { kind: 'found', path: found };
  }
  const tried = candidates.paths[0] ?? url;
  const yaml = candidates.paths.find((p) => /\.ya?ml$/i.test(p));
  return { kind: 'missing', tried, ...(yaml === undefined ? {} : { createPath: yaml }) };
}

/** An alerting rule and the file that defines it. */
export interface AlertRef {
  readonly path: string;
  readonly rule: PrometheusRule;
}

/** A runbook and the file that holds it. */
export interface RunbookRef {
  readonly path: string;
  readonly runbook: Runbook;
}

/** The alerting rules of the folder by name (one name may be defined in several files). */
export function alertsByName(files: ReadonlyMap<string, FileFacts>): Map<string, AlertRef[]> {
  const byName = new Map<string, AlertRef[]>();
  for (const [path, facts] of files) {
    for (const rule of facts.rules) {
      if (rule.type !== 'alert') {
        continue;
      }
      const refs = byName.get(rule.name) ?? [];
      refs.push({ path, rule });
      byName.set(rule.name, refs);
    }
  }
  return byName;
}

/** The runbooks of the folder, in path order. */
export function allRunbooks(files: ReadonlyMap<string, FileFacts>): RunbookRef[] {
  return [...files]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, facts]) => facts.runbooks.map((runbook) => ({ path, runbook })));
}

/**
 * The runbooks of an alert: those listing its name in `spec.alerts`, and the runbook its
 * `runbook_url` leads to (as a path: it may be a Markdown page), without repeats.
 */
export function runbooksOfAlert(
  alert: AlertRef,
  facts: RunbookFacts,
  /** The folder's runbooks, when the caller asks for many alerts (see {@link allRunbooks}). */
  runbooks: readonly RunbookRef[] = allRunbooks(facts.files),
): { readonly listing: readonly RunbookRef[]; readonly linked?: string } {
  const listing = runbooks.filter(({ runbook }) =>
    runbook.alerts.some((a) => a.value === alert.rule.name),
  );
  const url = alert.rule.runbookUrl;
  const link =
    url === undefined ? undefined : resolveRunbookLink(url.value, facts.runbookUrls, facts.exists);
  if (link?.kind !== 'found') {
    return { listing };
  }
  return { listing: listing.filter((r) => r.path !== link.path), linked: link.path };
}

/** A name in a runbook's `spec.alerts` and whether a rule of the folder defines it. */
export interface RunbookAlert {
  readonly name: string;
  readonly range: TextRange;
  readonly rules: readonly AlertRef[];
}

/** A runbook as the Runbooks view shows it. */
export interface RunbookEntry {
  readonly path: string;
  readonly name: string;
  /** Where to open the runbook: its `metadata.name`, else the document's start (undefined). */
  readonly range?: TextRange;
  readonly severity?: string;
  readonly alerts: readonly RunbookAlert[];
  /**
   * True when every alert it names is defined by a rule of the folder. Unknowable (and true)
   * when the folder holds no rules at all: they live elsewhere.
   */
  readonly alertsExist: boolean;
}

/** The Runbooks view's content. */
export interface RunbookCatalog {
  /** Runbooks grouped by `metadata.service`, services sorted; `''` for runbooks without one. */
  readonly services: readonly {
    readonly service: string;
    readonly runbooks: readonly RunbookEntry[];
  }[];
  /** Alerting rules no runbook answers: none lists them and their `runbook_url` leads nowhere in the folder. */
  readonly alertsWithoutRunbook: readonly AlertRef[];
  /** False when the folder holds no Prometheus rules (alerts are then not judged). */
  readonly holdsRules: boolean;
}

/** Groups the folder's runbooks by service and finds the alerts that have none. */
export function runbookCatalog(facts: RunbookFacts): RunbookCatalog {
  const alerts = alertsByName(facts.files);
  const holdsRules = [...facts.files.values()].some((f) => f.holdsRules);
  const byService = new Map<string, RunbookEntry[]>();
  const answered = new Set<string>();
  for (const { path, runbook } of allRunbooks(facts.files)) {
    const named = runbook.alerts.map((a) => ({
      name: a.value,
      range: a.range,
      rules: alerts.get(a.value) ?? [],
    }));
    named.forEach((a) => answered.add(a.name));
    const entry: RunbookEntry = {
      path,
      name: runbook.name?.value ?? fileName(path),
      ...(runbook.name === undefined ? {} : { range: runbook.name.range }),
      ...(runbook.severity === undefined ? {} : { severity: runbook.severity }),
      alerts: named,
      alertsExist: !holdsRules || named.every((a) => a.rules.length > 0 || a.name.includes('{{')),
    };
    const service = runbook.service?.trim() ?? '';
    byService.set(service, [...(byService.get(service) ?? []), entry]);
  }
  const alertsWithoutRunbook = [...alerts.values()]
    .flat()
    .filter((ref) => {
      if (answered.has(ref.rule.name)) {
        return false;
      }
      const url = ref.rule.runbookUrl;
      const link =
        url === undefined
          ? undefined
          : resolveRunbookLink(url.value, facts.runbookUrls, facts.exists);
      // A link out of the repository (a wiki page) is a runbook we cannot see: not listed as missing.
      return url === undefined || link?.kind === 'missing';
    })
    .sort((a, b) => a.rule.name.localeCompare(b.rule.name) || a.path.localeCompare(b.path));
  const services = [...byService]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([service, runbooks]) => ({
      service,
      runbooks: runbooks.sort((a, b) => a.name.localeCompare(b.name)),
    }));
  return { services, alertsWithoutRunbook, holdsRules };
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, '');
}

/**
 * What hover shows for an alert named in a runbook: the rule's file, `expr`, `for` and labels,
 * as Markdown (code in fences; label values escaped).
 */
export function alertHoverMarkdown(refs: readonly AlertRef[], name: string): string {
  if (refs.length === 0) {
    return `No alerting rule in the repository is named \`${name}\`.`;
  }
  return refs
    .map(({ path, rule }) => {
      const lines = [
        `**${escapeMarkdown(rule.name)}** (alert in \`${path}\`${rule.group === undefined ? '' : `, group \`${rule.group}\``})`,
      ];
      if (rule.expr !== undefined) {
        lines.push('', fence('promql', rule.expr.trim()));
      }
      if (rule.for !== undefined) {
        lines.push('', `for: \`${rule.for}\``);
      }
      const labels = Object.entries(rule.labels);
      if (labels.length > 0) {
        lines.push('', `labels: ${labels.map(([k, v]) => `\`${k}=${v}\``).join(' ')}`);
      }
      if (rule.summary !== undefined) {
        lines.push('', escapeMarkdown(rule.summary));
      }
      return lines.join('\n');
    })
    .join('\n\n---\n\n');
}

function fence(language: string, code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${code}\n${ticks}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
