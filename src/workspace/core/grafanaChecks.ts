import type { Problem } from '../../common/problem';
import type { CrossFileContext } from './crossFileChecks';
import type { FileFacts, GrafanaDatasource, GrafanaProvider } from './fileFacts';
import type { Report } from './kubernetesChecks';
import { folderOf, normalizePath } from './paths';

/** Codes of the Grafana provisioning checks across files, stable across releases. */
export const GrafanaCrossFileCodes = {
  duplicateDatasourceAcrossFiles: 'duplicate-datasource',
  multipleDefaultsAcrossFiles: 'multiple-default-datasources',
  missingDashboardPath: 'missing-dashboard-path',
  dashboardNotJson: 'dashboard-not-json',
  notADashboard: 'not-a-dashboard',
  duplicateDashboardUid: 'duplicate-dashboard-uid',
} as const;

const docUrl = 'https://grafana.com/docs/grafana/latest/administration/provisioning/';

/**
 * What Grafana refuses or silently gets wrong across the provisioning files of a repository:
 * a data source name or uid provisioned by two files for the same organisation (one overwrites
 * the other), more than one default data source per organisation, and dashboard providers whose
 * relative `options.path` is in no folder of the repository. In a provider's folder, Grafana
 * loads every `.json` file (subfolders included) as a dashboard: a file that is not JSON or not a
 * dashboard, and two dashboards with the same uid among the folders of one provisioning folder
 * (one Grafana), are reported. (Absolute paths are where the files are mounted in the Grafana
 * container; they are not judged. Duplicates within one file are the file's own problems.)
 */
export function grafanaCrossFileProblems(
  files: ReadonlyMap<string, FileFacts>,
  { fileExists, filesBelow }: Pick<CrossFileContext, 'fileExists' | 'filesBelow'>,
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
  // Dashboard uids per Grafana (the folder of its provisioning files): uid -> first file.
  const uidsByGrafana = new Map<string, Map<string, string>>();
  for (const file of all) {
    for (const provider of file.grafana.flatMap((g) => g.providers)) {
      const path = provider.path;
      if (path === undefined || path.value.startsWith('/') || /\$|\{\{/.test(path.value)) {
        continue;
      }
      const fromFile = normalizePath(`${folderOf(file.relativePath)}/${path.value}`);
      const fromRoot = normalizePath(path.value);
      const folder = [fromFile, fromRoot].find(
        (p) => p !== undefined && (folders.has(p) || fileExists(p)),
      );
      if (folder !== undefined && filesBelow !== undefined) {
        const grafana = folderOf(file.relativePath);
        let uids = uidsByGrafana.get(grafana);
        if (uids === undefined) {
          uids = new Map();
          uidsByGrafana.set(grafana, uids);
        }
        dashboardFolderProblems(files, filesBelow(folder), { file, provider, uids }, report);
      }
      if (folder === undefined) {
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

/**
 * The `.json` files of one provider's folder: each must be JSON and a dashboard, and a uid may
 * be used once per Grafana.
 */
function dashboardFolderProblems(
  files: ReadonlyMap<string, FileFacts>,
  below: readonly string[],
  owner: { file: FileFacts; provider: GrafanaProvider; uids: Map<string, string> },
  report: Report,
): void {
  const { file, provider, uids } = owner;
  const loadedBy = `provider${provider.name === undefined ? '' : ` '${provider.name}'`} in ${file.relativePath}`;
  const notDashboards: string[] = [];
  for (const path of below) {
    if (!/\.json$/i.test(path)) {
      continue;
    }
    const facts = files.get(path);
    if (facts?.jsonSyntaxError !== undefined) {
      const error = facts.jsonSyntaxError;
      report(path, {
        code: GrafanaCrossFileCodes.dashboardNotJson,
        severity: 'error',
        source: 'grafana',
        message: `${error.message} Grafana's ${loadedBy} loads this file as a dashboard and skips it. Fix the JSON (or export the dashboard again).`,
        start: error.start,
        end: error.end,
        docUrl,
      });
      continue;
    }
    const dashboards = facts?.grafanaDashboards ?? [];
    if (dashboards.length === 0) {
      notDashboards.push(path);
      continue;
    }
    for (const dashboard of dashboards) {
      const uid = dashboard.uid;
      if (uid === undefined) {
        continue;
      }
      const first = uids.get(uid.value);
      if (first === undefined) {
        uids.set(uid.value, path);
      } else if (first !== path) {
        report(path, {
          code: GrafanaCrossFileCodes.duplicateDashboardUid,
          severity: 'error',
          source: 'grafana',
          message: `${first} is a dashboard with the same uid '${uid.value}', provisioned by the same Grafana: Grafana logs "the same UID is used more than once" and keeps only one of them. Give each dashboard its own uid.`,
          start: uid.range[0],
          end: uid.range[1],
          docUrl,
        });
      }
    }
  }
  const path = provider.path;
  if (notDashboards.length > 0 && path !== undefined) {
    const shown = notDashboards.slice(0, 3).join(', ');
    const more = notDashboards.length > 3 ? ` and ${notDashboards.length - 3} more` : '';
    report(file.relativePath, {
      code: GrafanaCrossFileCodes.notADashboard,
      severity: 'warning',
      source: 'grafana',
      message: `Grafana loads every .json file below '${path.value}' as a dashboard, and ${shown}${more} ${notDashboards.length === 1 ? 'is not one' : 'are not'} (no 'panels' list with a 'title'): Grafana logs an error for each. Move ${notDashboards.length === 1 ? 'it' : 'them'} out of the dashboards folder.`,
      start: path.range[0],
      end: path.range[1],
      docUrl,
    });
  }
}
