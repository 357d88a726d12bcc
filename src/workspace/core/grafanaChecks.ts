import type { Problem } from '../../common/problem';
import type { FileFacts, GrafanaDatasource } from './fileFacts';
import type { Report } from './kubernetesChecks';
import { folderOf, normalizePath } from './paths';

/** Codes of the Grafana provisioning checks across files, stable across releases. */
export const GrafanaCrossFileCodes = {
  duplicateDatasourceAcrossFiles: 'duplicate-datasource',
  multipleDefaultsAcrossFiles: 'multiple-default-datasources',
  missingDashboardPath: 'missing-dashboard-path',
} as const;

const docUrl = 'https://grafana.com/docs/grafana/latest/administration/provisioning/';

/**
 * What Grafana refuses or silently gets wrong across the provisioning files of a repository:
 * a data source name or uid provisioned by two files for the same organisation (one overwrites
 * the other), more than one default data source per organisation, and dashboard providers whose
 * relative `options.path` is in no folder of the repository. (Absolute paths are where the files
 * are mounted in the Grafana container; they are not judged. Duplicates within one file are the
 * file's own problems.)
 */
export function grafanaCrossFileProblems(
  files: ReadonlyMap<string, FileFacts>,
  fileExists: (relativePath: string) => boolean,
  report: Report,
): void {
  const all = [...files.values()].filter((f) => f.grafana.length > 0);
  if (all.length === 0) {
    return;
  }
  all.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
  const firstName = new Map<string, string>();
  const firstUid = new Map<string, string>();
  const firstDefault = new Map<number, string>();
  for (const file of all) {
    const own = { names: new Set<string>(), uids: new Set<string>(), defaults: new Set<number>() };
    for (const datasource of file.grafana.flatMap((g) => g.datasources)) {
      checkFirst(file.relativePath, datasource, own, { firstName, firstUid, firstDefault }, report);
    }
  }
  const folders = new Set<string>();
  for (const path of files.keys()) {
    for (let folder = folderOf(path); folder !== ''; folder = folderOf(folder)) {
      folders.add(folder);
    }
  }
  for (const file of all) {
    for (const provider of file.grafana.flatMap((g) => g.providers)) {
      const path = provider.path;
      if (path === undefined || path.value.startsWith('/') || /\$|\{\{/.test(path.value)) {
        continue;
      }
      const fromFile = normalizePath(`${folderOf(file.relativePath)}/${path.value}`);
      const fromRoot = normalizePath(path.value);
      const exists = [fromFile, fromRoot].some(
        (p) => p !== undefined && (folders.has(p) || fileExists(p)),
      );
      if (!exists) {
        report(file.relativePath, {
          code: GrafanaCrossFileCodes.missingDashboardPath,
          severity: 'warning',
          source: 'grafana',
          message: `The dashboard folder '${path.value}' of provider${provider.name === undefined ? '' : ` '${provider.name}'`} is not in the repository (neither from this file's folder nor from the root), so Grafana would load no dashboards from it. Fix the path, or use the absolute path where the dashboards are mounted in the Grafana container.`,
          start: path.range[0],
          end: path.range[1],
          docUrl,
        });
      }
    }
  }
}

function checkFirst(
  file: string,
  datasource: GrafanaDatasource,
  own: { names: Set<string>; uids: Set<string>; defaults: Set<number> },
  first: {
    firstName: Map<string, string>;
    firstUid: Map<string, string>;
    firstDefault: Map<number, string>;
  },
  report: Report,
): void {
  const problem = (
    range: readonly [number, number],
    code: string,
    severity: Problem['severity'],
    message: string,
  ): void => {
    report(file, {
      code,
      severity,
      source: 'grafana',
      message,
      start: range[0],
      end: range[1],
      docUrl,
    });
  };
  const org = datasource.orgId;
  const nameKey = `${org}:${datasource.name.value}`;
  const byName = first.firstName.get(nameKey);
  if (byName !== undefined && byName !== file && !own.names.has(nameKey)) {
    problem(
      datasource.name.range,
      GrafanaCrossFileCodes.duplicateDatasourceAcrossFiles,
      'warning',
      `${byName} also provisions a data source named '${datasource.name.value}' for organisation ${org}: the file read last overwrites the other. Keep one definition.`,
    );
  }
  own.names.add(nameKey);
  if (byName === undefined) {
    first.firstName.set(nameKey, file);
  }
  if (datasource.uid !== undefined) {
    const uidKey = `${org}:${datasource.uid.value}`;
    const byUid = first.firstUid.get(uidKey);
    if (byUid !== undefined && byUid !== file && !own.uids.has(uidKey)) {
      problem(
        datasource.uid.range,
        GrafanaCrossFileCodes.duplicateDatasourceAcrossFiles,
        'warning',
        `${byUid} also provisions a data source with uid '${datasource.uid.value}': dashboards would point at whichever is read last. Give each data source its own uid.`,
      );
    }
    own.uids.add(uidKey);
    if (byUid === undefined) {
      first.firstUid.set(uidKey, file);
    }
  }
  if (datasource.isDefault !== undefined) {
    const byDefault = first.firstDefault.get(org);
    if (byDefault !== undefined && byDefault !== file && !own.defaults.has(org)) {
      problem(
        datasource.isDefault,
        GrafanaCrossFileCodes.multipleDefaultsAcrossFiles,
        'error',
        `${byDefault} already marks a default data source for organisation ${org}: Grafana refuses to start ("only one datasource per organization can be marked as default"). Keep one 'isDefault: true'.`,
      );
    }
    own.defaults.add(org);
    if (byDefault === undefined) {
      first.firstDefault.set(org, file);
    }
  }
}
