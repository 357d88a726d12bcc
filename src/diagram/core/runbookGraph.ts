import { alertsByName, allRunbooks, resolveRunbookLink } from '../../runbooks/core/runbookLinks';
import type { RunbookUrlMapping } from '../../validation/core/schemaOverrides';
import { GraphBuilder, type Graph } from './graphModel';
import type { FactsSource } from './kubernetesGraph';

// The runbook diagram: services → their runbooks (`metadata.service`) → the alerts each answers
// (`spec.alerts`, and alerts whose `runbook_url` leads to it) → the rule files defining them.
// An alert a runbook names and no rule file defines is `missing` (when the repository holds
// rules at all: otherwise they live elsewhere and it is `external`).

export interface RunbookGraphOptions {
  /** Whether a workspace-relative path is a file of the repository (any extension). */
  readonly exists: (relativePath: string) => boolean;
  readonly runbookUrls?: readonly RunbookUrlMapping[];
}

export function runbookGraph(source: FactsSource, options: RunbookGraphOptions): Graph {
  const builder = new GraphBuilder();
  const alerts = alertsByName(source.files);
  const holdsRules = [...source.files.values()].some((f) => f.holdsRules);
  const runbookIdOf = new Map<string, string>();
  const alertNode = (name: string): string => {
    const refs = alerts.get(name) ?? [];
    const first = refs[0];
    const line = first === undefined ? undefined : source.lineOf?.(first.path, first.rule.range[0]);
    const id = builder.node({
      id: `alert:${name}`,
      kind: 'alert',
      name,
      ...(first === undefined ? {} : { file: first.path }),
      ...(line === undefined ? {} : { line }),
      ...(first === undefined ? (holdsRules ? { missing: true } : { external: true }) : {}),
    });
    for (const ref of refs) {
      builder.node({ id: `rules:${ref.path}`, kind: 'rules', name: ref.path, file: ref.path });
      builder.edge(id, `rules:${ref.path}`, 'defined-in');
    }
    return id;
  };
  for (const { path, runbook } of allRunbooks(source.files)) {
    const name = runbook.name?.value ?? path;
    const line =
      runbook.name === undefined ? undefined : source.lineOf?.(path, runbook.name.range[0]);
    const service = runbook.service?.trim();
    const id = builder.node({
      id: `runbook:${path}#${runbook.documentIndex}`,
      kind: 'runbook',
      name,
      ...(service === undefined || service === ''
        ? {}
        : { namespace: service, groupKind: 'service' }),
      file: path,
      ...(line === undefined ? {} : { line }),
      ...(runbook.severity === undefined ? {} : { details: { severity: runbook.severity } }),
    });
    if (!runbookIdOf.has(path)) {
      runbookIdOf.set(path, id);
    }
    if (service !== undefined && service !== '') {
      builder.node({
        id: `service:${service}`,
        kind: 'service',
        name: service,
        namespace: service,
        groupKind: 'service',
      });
      builder.edge(`service:${service}`, id, 'references');
    }
    for (const alert of runbook.alerts) {
      builder.edge(id, alertNode(alert.value), 'answers');
    }
  }
  // Alerts whose runbook_url leads to a file of the repository: that runbook answers them too.
  for (const [name, refs] of alerts) {
    for (const ref of refs) {
      const url = ref.rule.runbookUrl;
      if (url === undefined) {
        continue;
      }
      const link = resolveRunbookLink(url.value, options.runbookUrls ?? [], options.exists);
      if (link?.kind !== 'found') {
        continue;
      }
      const runbook =
        runbookIdOf.get(link.path) ??
        builder.node({
          id: `runbook:${link.path}`,
          kind: 'runbook',
          name: link.path,
          file: link.path,
        });
      builder.edge(runbook, alertNode(name), 'answers');
    }
  }
  return builder.build();
}
