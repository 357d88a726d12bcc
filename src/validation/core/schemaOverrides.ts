import picomatch from 'picomatch';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { documentFormats, type DocumentFormat } from '../../common/classify';
import type { Problem } from '../../common/problem';

/**
 * What an override says a document is: one of our formats, a JSON schema (a path or URL), or
 * nothing to validate.
 */
export type SchemaTarget =
  | { readonly kind: 'format'; readonly format: DocumentFormat }
  | { readonly kind: 'schema'; readonly ref: string }
  | { readonly kind: 'none' };

/** One glob → target mapping, from the `infraWorkbench.schemas` setting or `.infra-workbench.yaml`. */
export interface SchemaMapping {
  /** Matched against the path relative to the workspace folder, `/`-separated. */
  readonly glob: string;
  readonly target: SchemaTarget;
  /** Where the mapping was declared, for messages (`settings`, `.infra-workbench.yaml:4`). */
  readonly origin: string;
}

/** The name of the committed repo-level configuration file a team shares its mappings in. */
export const repoConfigFile = '.infra-workbench.yaml';

/** Words that turn validation off for the matched files or documents. */
const noneWords = new Set(['none', 'off', 'ignore']);

/**
 * Reads a mapping's target: a format name (`kubernetes`, `compose`, …), `none`, or anything else
 * as a schema reference (a path relative to the workspace folder, an absolute path, or a URL).
 */
export function parseTarget(value: string): SchemaTarget {
  const trimmed = value.trim();
  if (noneWords.has(trimmed.toLowerCase())) {
    return { kind: 'none' };
  }
  const format = documentFormats.find((f) => f === trimmed) ?? knownSchemaFormat(trimmed);
  return format === undefined ? { kind: 'schema', ref: trimmed } : { kind: 'format', format };
}

/**
 * Well-known schema files (SchemaStore's, the Compose spec's, the Kubernetes JSON schema
 * collections) that a bundled format covers: a modeline naming one works offline, checked by our
 * format with its messages and checks beyond the schema.
 */
const knownSchemas: readonly [RegExp, DocumentFormat][] = [
  [/(^|[/:])github-workflow\.json$/, 'github-workflow'],
  [/(^|[/:])github-action\.json$/, 'github-action'],
  [/(^|[/:])prometheus\.rules\.json$/, 'prometheus-rules'],
  [/(^|[/:])(compose-spec|docker-compose)\.json$/, 'compose'],
  [/(^|[/:])ansible-(playbook|tasks)\.json$/, 'ansible-playbook'],
  [/(^|[/:])prometheus-alertmanager\.json$/, 'alertmanager'],
  [/(^|[/:])kustomization\.json$/, 'kustomization'],
  [/json\.schemastore\.org\/chart\.json$/, 'helm-chart'],
  [
    /kubernetes-json-schema\/|(^|[/:])all\.json$|-(apps|batch|networking|rbac|policy|autoscaling)-v\d\w*\.json$/,
    'kubernetes',
  ],
];

function knownSchemaFormat(ref: string): DocumentFormat | undefined {
  const path = ref.split('#', 1)[0] ?? ref;
  const found = knownSchemas.find(([pattern]) => pattern.test(path));
  if (found?.[1] === 'ansible-playbook' && path.endsWith('ansible-tasks.json')) {
    return 'ansible-tasks';
  }
  return found?.[1];
}

/** How a target is written in settings and shown to users. */
export function formatTarget(target: SchemaTarget): string {
  switch (target.kind) {
    case 'format':
      return target.format;
    case 'schema':
      return target.ref;
    case 'none':
      return 'none';
  }
}

/** Compiled globs of a mapping list; the last matching mapping wins, as in VS Code settings. */
export class SchemaMappings {
  private readonly matchers: {
    readonly mapping: SchemaMapping;
    readonly test: (p: string) => boolean;
  }[];

  constructor(readonly mappings: readonly SchemaMapping[]) {
    this.matchers = mappings.map((mapping) => ({
      mapping,
      test: picomatch(mapping.glob, { dot: true, matchBase: !mapping.glob.includes('/') }),
    }));
  }

  /** The mapping that applies to a file, if any. */
  match(relativePath: string): SchemaMapping | undefined {
    const path = relativePath.replace(/\\/g, '/');
    for (let i = this.matchers.length - 1; i >= 0; i--) {
      const matcher = this.matchers[i];
      if (matcher?.test(path) === true) {
        return matcher.mapping;
      }
    }
    return undefined;
  }
}

/** Turns `{ glob: target }` (settings or config file) into mappings, keeping their order. */
export function mappingsFromRecord(record: unknown, origin: string): SchemaMapping[] {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return [];
  }
  return Object.entries(record as Record<string, unknown>)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([glob, target]) => ({ glob, target: parseTarget(target), origin }));
}

/**
 * Runbook links under a URL prefix that are pages of a repository folder: a link
 * `prefix + rest` is the file `folder + rest` (the cross-file checks look for it).
 */
export interface RunbookUrlMapping {
  /** An absolute URL: `https://runbooks.example.com/`. */
  readonly prefix: string;
  /** Workspace-relative: `runbooks/`. */
  readonly folder: string;
}

/** What `.infra-workbench.yaml` says. */
export interface RepoConfig {
  readonly mappings: SchemaMapping[];
  readonly runbookUrls: RunbookUrlMapping[];
  readonly problems: Problem[];
}

/** The top-level keys of `.infra-workbench.yaml`. */
const repoConfigKeys = ['schemas', 'runbooks'];

/**
 * Reads `.infra-workbench.yaml`:
 *
 * ```yaml
 * schemas:
 *   "deploy/**\/*.yaml": kubernetes
 *   "ops/alerts/*.yml": prometheus-rules
 *   "legacy/**": none
 *   "config/app.yaml": ./schemas/app.schema.json
 * runbooks:            # or a list of such mappings
 *   urlPrefix: https://runbooks.example.com/
 *   folder: runbooks/
 * ```
 *
 * Problems (not YAML, `schemas` not a mapping, a target that is not a string, a runbook
 * mapping without an absolute URL prefix or with a folder outside the repository) are located
 * in the config file so the editor can show them there.
 */
export function readRepoConfig(text: string): RepoConfig {
  const problems: Problem[] = [];
  const mappings: SchemaMapping[] = [];
  const runbookUrls: RunbookUrlMapping[] = [];
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  const problem = (message: string, start: number, end: number): void => {
    // A block mapping's range runs on to the next line: end the problem with its text.
    const trimmed = start + text.slice(start, end).trimEnd().length;
    problems.push({
      code: 'config',
      severity: 'error',
      source: 'yaml',
      message,
      start,
      end: Math.max(trimmed, start + 1),
    });
  };
  for (const error of doc.errors) {
    problem(`${repoConfigFile}: ${error.message.split('\n')[0] ?? ''}`, error.pos[0], error.pos[1]);
  }
  if (doc.errors.length > 0 || doc.contents === null) {
    return { mappings, runbookUrls, problems };
  }
  if (!isMap(doc.contents)) {
    const [start, end] = doc.contents.range;
    problem(`${repoConfigFile} must be a mapping with 'schemas' or 'runbooks' keys.`, start, end);
    return { mappings, runbookUrls, problems };
  }
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!repoConfigKeys.includes(key)) {
      const range = isScalar(pair.key) ? pair.key.range : undefined;
      problem(
        `Unknown key '${key}' in ${repoConfigFile}; it holds ${repoConfigKeys.map((k) => `'${k}'`).join(' and ')}.`,
        range?.[0] ?? 0,
        range?.[1] ?? 1,
      );
      continue;
    }
    if (key === 'runbooks') {
      const keyRange = (isScalar(pair.key) ? pair.key.range : undefined) ?? [0, 1];
      runbookUrls.push(...readRunbookMappings(pair.value, keyRange, problem));
      continue;
    }
    if (!isMap(pair.value)) {
      const range = isScalar(pair.key) ? pair.key.range : undefined;
      problem(
        `'schemas' must map globs to a format (${documentFormats.join(', ')}), 'none', or a schema path or URL.`,
        range?.[0] ?? 0,
        range?.[1] ?? 1,
      );
      continue;
    }
    for (const entry of pair.value.items) {
      const glob = isScalar(entry.key) ? String(entry.key.value) : undefined;
      const value = isScalar(entry.value) ? entry.value.value : undefined;
      const range = (isScalar(entry.value) ? entry.value.range : undefined) ??
        (isScalar(entry.key) ? entry.key.range : undefined) ?? [0, 1];
      if (glob === undefined || typeof value !== 'string' || value.trim() === '') {
        problem(
          `Map '${glob ?? '?'}' to a format (${documentFormats.join(', ')}), 'none', or a schema path or URL.`,
          range[0],
          range[1],
        );
        continue;
      }
      mappings.push({
        glob,
        target: parseTarget(value),
        origin: `${repoConfigFile}:${lineOf(range[0])}`,
      });
    }
  }
  return { mappings, runbookUrls, problems };
}

const runbookMappingHelp =
  "map runbook links to a folder with 'urlPrefix: https://runbooks.example.com/' and 'folder: runbooks/'";

/** The `runbooks` key: one mapping or a list of them. */
function readRunbookMappings(
  node: unknown,
  keyRange: readonly [number, number, number?],
  problem: (message: string, start: number, end: number) => void,
): RunbookUrlMapping[] {
  const entries: unknown[] = isSeq(node) ? node.items : [node];
  const found: RunbookUrlMapping[] = [];
  for (const entry of entries) {
    const range = (entry as { range?: [number, number, number] } | null)?.range ?? keyRange;
    if (!isMap(entry)) {
      problem(
        `'runbooks' must ${runbookMappingHelp} (or a list of such mappings).`,
        range[0],
        range[1],
      );
      continue;
    }
    let prefix: string | undefined;
    let folder: string | undefined;
    let valid = true;
    for (const item of entry.items) {
      const name = isScalar(item.key) ? String(item.key.value) : '';
      const itemRange = (isScalar(item.value) ? item.value.range : undefined) ??
        (isScalar(item.key) ? item.key.range : undefined) ?? [range[0], range[1]];
      const value =
        isScalar(item.value) && typeof item.value.value === 'string'
          ? item.value.value.trim()
          : undefined;
      if (name === 'urlPrefix') {
        if (value === undefined || !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value)) {
          problem(
            `'urlPrefix' must be an absolute URL, such as 'https://runbooks.example.com/'.`,
            itemRange[0],
            itemRange[1],
          );
          valid = false;
        } else {
          prefix = value;
        }
      } else if (name === 'folder') {
        if (
          value === undefined ||
          value === '' ||
          /^[/\\]|^[a-z]:|(^|[/\\])\.\.([/\\]|$)/i.test(value)
        ) {
          problem(
            `'folder' must be a folder of the repository, relative to its root, such as 'runbooks/'.`,
            itemRange[0],
            itemRange[1],
          );
          valid = false;
        } else {
          folder = value;
        }
      } else {
        const keyAt = (isScalar(item.key) ? item.key.range : undefined) ?? [range[0], range[1]];
        problem(
          `Unknown key '${name}' in a runbook mapping; it holds 'urlPrefix' and 'folder'.`,
          keyAt[0],
          keyAt[1],
        );
      }
    }
    if (valid && (prefix === undefined || folder === undefined)) {
      problem(
        `A runbook mapping needs both 'urlPrefix' and 'folder': ${runbookMappingHelp}.`,
        range[0],
        range[1],
      );
      continue;
    }
    if (prefix !== undefined && folder !== undefined) {
      found.push({ prefix, folder });
    }
  }
  return found;
}

/** A `# yaml-language-server: $schema=...` line and what it says. */
export interface Modeline {
  readonly target: SchemaTarget;
  /** The comment's range in the file. */
  readonly start: number;
  readonly end: number;
}

const modelinePattern = /^[ \t]*#[ \t]*yaml-language-server[ \t]*:[ \t]*\$schema=(\S+)/gm;

/**
 * The modelines of a text, in order. yaml-language-server reads one at the top of the file for
 * its first document; ours applies to every document that follows it until the next modeline.
 */
export function findModelines(text: string): Modeline[] {
  const found: Modeline[] = [];
  if (!text.includes('yaml-language-server')) {
    return found;
  }
  for (const match of text.matchAll(modelinePattern)) {
    const value = match[1] ?? '';
    found.push({
      target: parseTarget(value),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return found;
}

/** The modeline in force at `offset` (the last one before it), if any. */
export function modelineAt(modelines: readonly Modeline[], offset: number): Modeline | undefined {
  let current: Modeline | undefined;
  for (const modeline of modelines) {
    if (modeline.start > offset) {
      break;
    }
    current = modeline;
  }
  return current;
}
