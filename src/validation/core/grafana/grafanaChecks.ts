import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Problem } from '../../../common/problem';
import type { DocumentInput } from '../formatChecker';
import { nodeRange } from '../yamlPath';

/** Codes of the Grafana provisioning checks beyond the schema, stable across releases. */
export const GrafanaCodes = {
  duplicateDatasource: 'duplicate-datasource',
  duplicateUid: 'duplicate-uid',
  multipleDefaults: 'multiple-default-datasources',
  duplicateProvider: 'duplicate-provider',
  invalidUid: 'invalid-uid',
} as const;

/**
 * What Grafana refuses on start beyond the schema, within one file: two data sources of an
 * organisation with the same name or uid, more than one default data source per organisation,
 * uids that are not uids, and two dashboard providers with the same name. (Across files, the
 * workspace checks the same and the provider paths.)
 */
export function grafanaChecks({ doc, lineOf }: DocumentInput): Problem[] {
  const root = doc.contents;
  if (!isMap(root)) {
    return [];
  }
  const problems: Problem[] = [];
  const datasources = root.get('datasources', true);
  if (isSeq(datasources)) {
    const names = new Map<string, Node>();
    const uids = new Map<string, Node>();
    const defaults = new Map<number, Node>();
    for (const item of datasources.items) {
      if (!isMap(item)) {
        continue;
      }
      const org = orgOf(item.get('orgId', true));
      const name = item.get('name', true);
      if (isScalar(name) && typeof name.value === 'string') {
        problems.push(
          ...duplicate(names, `${org}:${name.value}`, name, lineOf, (where) =>
            problem(
              name,
              GrafanaCodes.duplicateDatasource,
              `A data source named '${String(name.value)}' is already provisioned for organisation ${org}${where}: Grafana keeps one. Rename one of them.`,
            ),
          ),
        );
      }
      const uid = item.get('uid', true);
      if (isScalar(uid) && typeof uid.value === 'string') {
        if (!/^[a-zA-Z0-9_-]{1,40}$/.test(uid.value)) {
          problems.push(
            problem(
              uid,
              GrafanaCodes.invalidUid,
              `'${uid.value}' is not a Grafana uid: use at most 40 letters, digits, '-' and '_'.`,
            ),
          );
        }
        problems.push(
          ...duplicate(uids, `${org}:${uid.value}`, uid, lineOf, (where) =>
            problem(
              uid,
              GrafanaCodes.duplicateUid,
              `The uid '${String(uid.value)}' is already used by another data source${where}: uids must be unique. Change one of them.`,
            ),
          ),
        );
      }
      const isDefault = item.get('isDefault', true);
      if (isScalar(isDefault) && isDefault.value === true) {
        const first = defaults.get(org);
        if (first === undefined) {
          defaults.set(org, isDefault);
        } else {
          const start = nodeRange(first)?.[0];
          problems.push(
            problem(
              isDefault,
              GrafanaCodes.multipleDefaults,
              `Another data source of organisation ${org} is already the default${start === undefined || lineOf === undefined ? '' : ` (line ${lineOf(start)})`}: Grafana refuses the file ("only one datasource per organization can be marked as default"). Keep one 'isDefault: true'.`,
            ),
          );
        }
      }
    }
  }
  const providers = root.get('providers', true);
  if (isSeq(providers)) {
    const names = new Map<string, Node>();
    for (const item of providers.items) {
      const name = isMap(item) ? item.get('name', true) : undefined;
      if (isScalar(name) && typeof name.value === 'string') {
        problems.push(
          ...duplicate(names, name.value, name, lineOf, (where) =>
            problem(
              name,
              GrafanaCodes.duplicateProvider,
              `A dashboard provider named '${String(name.value)}' is already defined${where}: provider names must be unique. Rename one of them.`,
            ),
          ),
        );
      }
    }
  }
  return problems;
}

/** The organisation of an entry: `orgId`, 1 when absent. */
function orgOf(node: unknown): number {
  return isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'string')
    ? Number(node.value) || 1
    : 1;
}

function duplicate(
  seen: Map<string, Node>,
  key: string,
  node: Node,
  lineOf: ((offset: number) => number) | undefined,
  report: (where: string) => Problem,
): Problem[] {
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, node);
    return [];
  }
  const start = nodeRange(first)?.[0];
  return [report(start === undefined || lineOf === undefined ? '' : ` (line ${lineOf(start)})`)];
}

function problem(node: unknown, code: string, message: string): Problem {
  const [start, end] = nodeRange(node) ?? [0, 0];
  return { code, severity: 'error', source: 'grafana', message, start, end };
}
