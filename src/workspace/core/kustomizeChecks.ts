import type { FileFacts } from './fileFacts';
import type { Report } from './kubernetesChecks';
import type { KustomizePath, Kustomization } from './kubernetesFacts';
import { closeNames } from './nearNames';
import { folderOf, normalizePath } from './paths';

/** Codes of the kustomization checks across files, stable across releases. */
export const KustomizeCrossFileCodes = {
  missingKustomizePath: 'missing-path',
  missingKustomization: 'missing-kustomization',
  unknownPatchTarget: 'unknown-patch-target',
  fileOutsideRoot: 'file-outside-kustomization',
} as const;

/** The file names kustomize looks for in a folder, in its order. */
const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The docs of the kustomization fields. */
const docUrl = 'https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/';

/**
 * What `kustomize build` refuses or silently does not do: paths in `resources`, `bases`,
 * `components`, `crds` and the patch fields that name nothing in the repository (remote
 * resources, URLs and paths out of the repository are not judged), folders without a
 * kustomization, and patches whose target (the patch file's kind and name, or `target:`) is
 * none of the objects the kustomization builds (judged only when every resource is known).
 */
export function kustomizeCrossFileProblems(
  files: ReadonlyMap<string, FileFacts>,
  fileExists: (relativePath: string) => boolean,
  report: Report,
): void {
  const kustomizations = [...files.values()].filter(
    (f): f is FileFacts & { kustomization: Kustomization } => f.kustomization !== undefined,
  );
  if (kustomizations.length === 0) {
    return;
  }
  const folders = new Set<string>();
  for (const path of files.keys()) {
    for (let folder = folderOf(path); folder !== ''; folder = folderOf(folder)) {
      if (folders.has(folder)) {
        break;
      }
      folders.add(folder);
    }
  }
  const context: Context = { files, fileExists, folders };
  for (const file of kustomizations) {
    for (const entry of file.kustomization.paths) {
      const problem = pathProblem(file.relativePath, entry, context);
      if (problem !== undefined) {
        report(file.relativePath, problem);
      }
    }
    patchTargetProblems(file.relativePath, file.kustomization, context, report);
  }
}

interface Context {
  readonly files: ReadonlyMap<string, FileFacts>;
  readonly fileExists: (relativePath: string) => boolean;
  /** Every folder holding a YAML file, at any depth. */
  readonly folders: ReadonlySet<string>;
}

/** What a kustomization entry names: a repository path, or undefined when it cannot be judged. */
export function kustomizeTarget(kustomizationFile: string, entry: string): string | undefined {
  const value = entry.trim();
  if (
    value === '' ||
    value.startsWith('/') ||
    /^[a-z][a-z0-9+.-]*:/i.test(value) || // https://, ssh://, git::, file:
    /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/i.test(value) ||
    /\?ref=|\/\/|\$\{|\{\{/.test(value)
  ) {
    return undefined;
  }
  const folder = folderOf(kustomizationFile);
  return normalizePath(folder === '' ? value : `${folder}/${value}`);
}

function kustomizationIn(folder: string, context: Context): string | undefined {
  return kustomizationNames
    .map((name) => (folder === '' ? name : `${folder}/${name}`))
    .find((p) => context.fileExists(p));
}

function pathProblem(
  kustomizationFile: string,
  { field, path }: KustomizePath,
  context: Context,
): Parameters<Report>[1] | undefined {
  const target = kustomizeTarget(kustomizationFile, path.value);
  if (target === undefined || target === '') {
    return undefined;
  }
  if (context.fileExists(target)) {
    // kustomize's default load restrictor: files (not folders) must be in or below the kustomization's folder.
    const root = folderOf(kustomizationFile);
    if (root === '' || target.startsWith(`${root}/`) || context.folders.has(target)) {
      return undefined;
    }
    return {
      code: KustomizeCrossFileCodes.fileOutsideRoot,
      severity: 'error',
      source: 'kustomize',
      message: `${target} is outside this kustomization's folder (${root}/): kustomize build refuses files that are not in or below it ("security; file ... is not in or below ..."). Move the file below ${root}/, or list the folder holding it through its own kustomization.`,
      start: path.range[0],
      end: path.range[1],
      docUrl,
    };
  }
  const folderField = field === 'resources' || field === 'bases' || field === 'components';
  if (folderField && context.folders.has(target)) {
    if (kustomizationIn(target, context) !== undefined) {
      return undefined;
    }
    return {
      code: KustomizeCrossFileCodes.missingKustomization,
      severity: 'error',
      source: 'kustomize',
      message: `The folder ${target} has no kustomization.yaml: kustomize reads a folder in '${field}' through its kustomization. Add one there (listing the folder's resources), or list the files themselves.`,
      start: path.range[0],
      end: path.range[1],
      docUrl,
    };
  }
  const folder = folderOf(target);
  const siblings = [...context.files.keys()].filter((p) => folderOf(p) === folder);
  const base = target.slice(folder === '' ? 0 : folder.length + 1);
  const close = closeNames(
    base,
    siblings.map((p) => p.slice(folder === '' ? 0 : folder.length + 1)),
  );
  const written = path.value.trim();
  const prefix = written.slice(0, written.length - (written.endsWith(base) ? base.length : 0));
  const suggestions = written.endsWith(base) ? close.map((c) => prefix + c) : [];
  return {
    code: KustomizeCrossFileCodes.missingKustomizePath,
    severity: 'error',
    source: 'kustomize',
    message: `'${written}' is not in the repository (no ${target}), so kustomize build fails.${suggestions.length === 0 ? '' : ` Did you mean '${suggestions.join("' or '")}'?`} Fix the path (relative to this kustomization's folder) or add the ${folderField ? 'file or folder' : 'file'}.`,
    start: path.range[0],
    end: path.range[1],
    ...(suggestions.length === 0 ? {} : { suggestions }),
    docUrl,
  };
}

/** An object a kustomization builds: its kind and name. */
interface Built {
  readonly kind: string;
  readonly name: string;
}

/**
 * The objects a kustomization builds, from its resources (files and nested kustomizations) and
 * generators; `complete` is false when some come from where the repository cannot tell (remote
 * bases, Helm charts, missing files).
 */
function builtBy(
  kustomizationFile: string,
  context: Context,
  seen: Set<string>,
): { objects: Built[]; complete: boolean } {
  const kustomization = context.files.get(kustomizationFile)?.kustomization;
  if (kustomization === undefined || seen.has(kustomizationFile) || seen.size > 50) {
    return { objects: [], complete: kustomization !== undefined };
  }
  seen.add(kustomizationFile);
  let complete = !kustomization.generatesMore;
  const objects: Built[] = kustomization.generated.map((g) => ({ kind: g.kind, name: g.name }));
  for (const { field, path } of kustomization.paths) {
    if (field !== 'resources' && field !== 'bases' && field !== 'components') {
      continue;
    }
    const target = kustomizeTarget(kustomizationFile, path.value);
    const facts = target === undefined ? undefined : context.files.get(target);
    if (facts !== undefined) {
      for (const resource of facts.kubernetes) {
        if (resource.name !== undefined) {
          objects.push({ kind: resource.kind, name: resource.name });
        }
      }
      continue;
    }
    const inner = target === undefined ? undefined : kustomizationIn(target, context);
    if (inner === undefined) {
      complete = false;
      continue;
    }
    const nested = builtBy(inner, context, seen);
    objects.push(...nested.objects);
    complete &&= nested.complete;
  }
  return { objects, complete };
}

function patchTargetProblems(
  kustomizationFile: string,
  kustomization: Kustomization,
  context: Context,
  report: Report,
): void {
  // A component's patches apply to what the kustomization including it builds.
  if (kustomization.patches.length === 0 || kustomization.component) {
    return;
  }
  const { objects, complete } = builtBy(kustomizationFile, context, new Set());
  if (!complete) {
    return;
  }
  const describe = (kind: string | undefined, name: string | undefined): string =>
    [kind, name === undefined ? undefined : `'${name}'`].filter((p) => p !== undefined).join(' ');
  const nearest = (kind: string | undefined, name: string): string => {
    const names = objects.filter((o) => kind === undefined || o.kind === kind).map((o) => o.name);
    const close = closeNames(name, names);
    return close.length === 0 ? '' : ` Did you mean '${close.join("' or '")}'?`;
  };
  for (const patch of kustomization.patches) {
    if (patch.target !== undefined) {
      const { kind, name, range } = patch.target;
      // Names and kinds in a target selector are regular expressions: plain ones only are judged.
      if ((name !== undefined && !isPlain(name)) || (kind !== undefined && !isPlain(kind))) {
        continue;
      }
      if (kind === undefined && name === undefined) {
        continue;
      }
      const matches = objects.some(
        (o) => (kind === undefined || o.kind === kind) && (name === undefined || o.name === name),
      );
      if (!matches) {
        report(kustomizationFile, {
          code: KustomizeCrossFileCodes.unknownPatchTarget,
          severity: 'warning',
          source: 'kustomize',
          message: `This patch targets ${describe(kind, name)}, which none of the kustomization's resources is, so it changes nothing.${name === undefined ? '' : nearest(kind, name)} Fix the target or add the resource to 'resources'.`,
          start: range[0],
          end: range[1],
          docUrl,
        });
      }
      continue;
    }
    const path = patch.path;
    const target = path === undefined ? undefined : kustomizeTarget(kustomizationFile, path.value);
    const patched = target === undefined ? undefined : context.files.get(target);
    if (path === undefined || patched === undefined) {
      continue;
    }
    for (const resource of patched.kubernetes) {
      if (resource.name === undefined) {
        continue;
      }
      if (objects.some((o) => o.kind === resource.kind && o.name === resource.name)) {
        continue;
      }
      report(kustomizationFile, {
        code: KustomizeCrossFileCodes.unknownPatchTarget,
        severity: 'warning',
        source: 'kustomize',
        message: `The patch ${path.value.trim()} changes ${describe(resource.kind, resource.name)}, which none of the kustomization's resources is: kustomize build fails, finding nothing to patch.${nearest(resource.kind, resource.name)} Fix the patch's kind and metadata.name, or add the resource to 'resources'.`,
        start: path.range[0],
        end: path.range[1],
        docUrl,
      });
    }
  }
}

function isPlain(text: string): boolean {
  return /^[\w.:-]+$/.test(text);
}
