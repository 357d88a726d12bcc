import { infraKindLabels, type InfraKind } from '../../common/classify';

/** One classified file of the workspace. */
export interface InfraFile {
  /** `/`-separated path relative to its workspace folder. */
  readonly relativePath: string;
  readonly kind: InfraKind;
}

/** The files of one kind, as the overview shows them. */
export interface InfraFileGroup {
  readonly kind: InfraKind;
  readonly label: string;
  readonly files: readonly InfraFile[];
}

/**
 * Groups classified files by kind, in the fixed order of {@link infraKindLabels}, files sorted by
 * path; kinds with no files are left out.
 */
export function groupInfraFiles(files: readonly InfraFile[]): InfraFileGroup[] {
  const byKind = new Map<InfraKind, InfraFile[]>();
  for (const file of files) {
    const list = byKind.get(file.kind) ?? [];
    list.push(file);
    byKind.set(file.kind, list);
  }
  const groups: InfraFileGroup[] = [];
  for (const kind of Object.keys(infraKindLabels) as InfraKind[]) {
    const list = byKind.get(kind);
    if (list !== undefined) {
      list.sort((a, b) =>
        a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0,
      );
      groups.push({ kind, label: infraKindLabels[kind], files: list });
    }
  }
  return groups;
}
