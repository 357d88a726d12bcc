import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Problem } from '../../../common/problem';
import type { DocumentInput } from '../formatChecker';
import { nodeRange } from '../yamlPath';

/** Codes of the Grafana dashboard checks beyond the schema, stable across releases. */
export const GrafanaDashboardCodes = {
  missingUid: 'missing-dashboard-uid',
  duplicatePanelId: 'duplicate-panel-id',
  exportedForSharing: 'dashboard-exported-for-sharing',
  duplicateVariable: 'duplicate-variable',
} as const;

/**
 * What goes wrong with a provisioned dashboard file beyond its shape: no `uid` (Grafana makes up
 * a new one on every fresh database, so links and alert annotations pointing at the dashboard
 * break), two panels with the same `id` (links to a panel and panel edits hit the wrong one), two
 * template variables with the same name (only one is applied), and a dashboard "exported for
 * sharing externally": its `__inputs` (`${DS_PROMETHEUS}`) are filled in by the import dialog,
 * which file provisioning never shows, so its data source references stay unresolved.
 */
export function grafanaDashboardChecks({ doc, lineOf }: DocumentInput): Problem[] {
  const root = doc.contents;
  if (!isMap(root)) {
    return [];
  }
  const problems: Problem[] = [];
  if (!root.has('uid')) {
    const title = root.get('title', true);
    const at = isScalar(title) ? title : firstKey(root);
    problems.push(
      problem(
        at,
        GrafanaDashboardCodes.missingUid,
        'warning',
        "The dashboard has no 'uid': Grafana generates a new one whenever the database is recreated, so links, bookmarks and alert annotations pointing at this dashboard break. Add a 'uid' (at most 40 letters, digits, '-' and '_').",
      ),
    );
  }
  const inputs = root.items.find((p) => isScalar(p.key) && p.key.value === '__inputs');
  if (inputs !== undefined && isSeq(inputs.value) && inputs.value.items.length > 0) {
    problems.push(
      problem(
        inputs.key,
        GrafanaDashboardCodes.exportedForSharing,
        'warning',
        "This dashboard was exported 'for sharing externally': its '__inputs' (such as ${DS_PROMETHEUS}) are filled in by Grafana's import dialog, which file provisioning does not run, so its panels' data sources stay unresolved. Export it again without 'Export for sharing externally', or replace the ${...} data source references.",
      ),
    );
  }
  const seenIds = new Map<number, Node>();
  const panelIds = (panels: unknown): void => {
    if (!isSeq(panels)) {
      return;
    }
    for (const panel of panels.items) {
      if (!isMap(panel)) {
        continue;
      }
      const id = panel.get('id', true);
      if (isScalar(id) && typeof id.value === 'number') {
        const first = seenIds.get(id.value);
        if (first === undefined) {
          seenIds.set(id.value, id);
        } else {
          problems.push(
            problem(
              id,
              GrafanaDashboardCodes.duplicatePanelId,
              'warning',
              `Panel id ${id.value} is already used${where(first, lineOf)}: links to a panel (viewPanel=${id.value}) and edits reach only one of them. Give each panel its own id.`,
            ),
          );
        }
      }
      panelIds(panel.get('panels', true)); // a collapsed row's panels
    }
  };
  panelIds(root.get('panels', true));
  const templating = root.get('templating', true);
  const variables = isMap(templating) ? templating.get('list', true) : undefined;
  if (isSeq(variables)) {
    const seen = new Map<string, Node>();
    for (const variable of variables.items) {
      const name = isMap(variable) ? variable.get('name', true) : undefined;
      if (!isScalar(name) || typeof name.value !== 'string') {
        continue;
      }
      const first = seen.get(name.value);
      if (first === undefined) {
        seen.set(name.value, name);
      } else {
        problems.push(
          problem(
            name,
            GrafanaDashboardCodes.duplicateVariable,
            'warning',
            `A variable named '${name.value}' is already defined${where(first, lineOf)}: Grafana applies only one of them. Rename or remove one.`,
          ),
        );
      }
    }
  }
  return problems;
}

function firstKey(map: YAMLMap): unknown {
  return map.items[0]?.key ?? map;
}

function where(first: Node, lineOf: ((offset: number) => number) | undefined): string {
  const start = nodeRange(first)?.[0];
  return start === undefined || lineOf === undefined ? '' : ` (line ${lineOf(start)})`;
}

function problem(
  node: unknown,
  code: string,
  severity: Problem['severity'],
  message: string,
): Problem {
  const [start, end] = nodeRange(node) ?? [0, 0];
  return { code, severity, source: 'grafana', message, start, end };
}
