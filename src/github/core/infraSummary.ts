import { compareCodeUnits } from '../../common/compareText';

/**
 * The "Infrastructure change" section of a new pull request: the Kubernetes change summary (the
 * plan feature's Markdown) and the Terraform folders the branch changes.
 */

const terraformFile = /\.(tf|tfvars|tf\.json|tfvars\.json)$/i;

/** Whether a repository path is Terraform configuration. */
export function isTerraformPath(file: string): boolean {
  return terraformFile.test(file) || /(^|\/)\.terraform\.lock\.hcl$/.test(file);
}

/** The Terraform folders among changed paths, with how many files changed in each, sorted. */
export function terraformFolders(paths: readonly string[]): { folder: string; files: number }[] {
  const counts = new Map<string, number>();
  for (const file of paths.filter(isTerraformPath)) {
    const slash = file.lastIndexOf('/');
    const folder = slash < 0 ? '.' : file.slice(0, slash);
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([folder, files]) => ({ folder, files }));
}

/**
 * The section's Markdown: the Kubernetes summary when there is one, then a Terraform line
 * naming the changed folders (the plan itself comes from CI). Undefined when neither applies.
 */
export function infraChangeSummary(input: {
  readonly kubernetesMarkdown?: string;
  readonly changedPaths: readonly string[];
}): string | undefined {
  const parts: string[] = [];
  const kubernetes = input.kubernetesMarkdown?.trim();
  if (kubernetes !== undefined && kubernetes !== '') {
    parts.push(kubernetes);
  }
  const folders = terraformFolders(input.changedPaths);
  if (folders.length > 0) {
    const list = folders
      .map((f) => `\`${f.folder}\` (${f.files} file${f.files === 1 ? '' : 's'})`)
      .join(', ');
    parts.push(`**Terraform:** changes in ${list}`);
  }
  return parts.length === 0 ? undefined : parts.join('\n\n');
}
