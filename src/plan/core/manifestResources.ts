import { isMap, isSeq, type Document } from 'yaml';
import { classifyDocument } from '../../common/classify';
import { describeError } from '../../common/describeError';
import { lineColumn, lineStarts } from '../../common/lines';
import { parseYaml } from '../../common/yamlModel';

/**
 * Who a Kubernetes object is, as the API server tells objects apart: the API group (not its
 * version: `apps/v1beta2` and `apps/v1` are the same Deployment), kind, namespace and name.
 * A namespace left out is "" (the namespace is chosen at apply time).
 */
export interface ResourceIdentity {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** Where a resource is written: file path (`/`-separated, from the repository root) and 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** One Kubernetes object read from a manifest, with its plain value. */
export interface ManifestResource {
  readonly identity: ResourceIdentity;
  /** {@link identityKey} of the identity. */
  readonly key: string;
  readonly apiVersion: string;
  readonly location: SourceLocation;
  /** The object as plain data (comments, formatting and key order gone). */
  readonly value: Readonly<Record<string, unknown>>;
}

/** A manifest (or one document of it) that could not be read. */
export interface ManifestProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** What one manifest file holds. */
export interface ManifestFileResources {
  readonly resources: ManifestResource[];
  readonly problems: ManifestProblem[];
  /** Set when the whole file was left out on purpose (a Helm template), saying why. */
  readonly skipped?: string;
}

/** Files read as possible manifests: YAML, and JSON (which YAML reads too). */
export function isManifestPath(file: string): boolean {
  return /\.(ya?ml|json)$/i.test(file);
}

/**
 * A Helm template: a file under a chart's `templates/` folder with `{{` in it. It is Go
 * template text, not YAML: comparing it needs `helm template`, not a parser.
 */
export function isHelmTemplate(file: string, text: string): boolean {
  return /(^|\/)templates\//.test(file.replace(/\\/g, '/')) && text.includes('{{');
}

/** The map key of an identity (a JSON array: no separator can be confused with a name). */
export function identityKey(identity: ResourceIdentity): string {
  return JSON.stringify([identity.group, identity.kind, identity.namespace, identity.name]);
}

/** An identity the way a reviewer reads it: `Deployment.apps shop/web`, `Namespace shop`. */
export function describeIdentity(identity: ResourceIdentity): string {
  const kind = identity.group === '' ? identity.kind : `${identity.kind}.${identity.group}`;
  const name = identity.name === '' ? '(no name)' : identity.name;
  return `${kind} ${identity.namespace === '' ? '' : `${identity.namespace}/`}${name}`;
}

/** Aliases are expanded when converting to plain data: bound them (an alias bomb stays small). */
const maxAliasCount = 10_000;

/**
 * The Kubernetes objects of one manifest file: each document the validation core classifies as
 * Kubernetes (see {@link classifyDocument}), and the items of a `kind: List`. Documents that do
 * not parse become problems with their line; the others are still read. Never throws.
 */
export function readManifestResources(file: string, text: string): ManifestFileResources {
  if (isHelmTemplate(file, text)) {
    return {
      resources: [],
      problems: [],
      skipped: 'Helm template (Go template text): not compared; render it with `helm template`',
    };
  }
  const model = parseYaml(text);
  const resources: ManifestResource[] = [];
  const problems: ManifestProblem[] = [];
  let starts: number[] | undefined;
  const at = (offset: number): { line: number; column: number } =>
    lineColumn((starts ??= lineStarts(text)), offset);
  for (const p of model.syntaxProblems) {
    if (p.severity === 'error') {
      problems.push({ file, ...at(p.start), message: p.message });
    }
  }
  for (const { doc, offset } of model.documents) {
    if (doc.errors.length > 0) {
      continue; // Reported above, with its position.
    }
    if (classifyDocument(file, doc) !== 'kubernetes') {
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch (error) {
      const start = doc.contents?.range[0] ?? 0;
      problems.push({
        file,
        ...at(offset + start),
        message: `cannot read this document: ${describeError(error)}`,
      });
      continue;
    }
    if (!isRecord(value)) {
      continue;
    }
    const line = at(offset + (doc.contents?.range[0] ?? 0)).line;
    const listItems = isList(value) ? listNodes(doc) : undefined;
    if (listItems !== undefined && Array.isArray(value.items)) {
      value.items.forEach((item, i) => {
        const node = listItems[i];
        const itemLine = node === undefined ? line : at(offset + node).line;
        const resource = toResource(item, file, itemLine);
        if (resource !== undefined) {
          resources.push(resource);
        }
      });
      continue;
    }
    const resource = toResource(value, file, line);
    if (resource !== undefined) {
      resources.push(resource);
    }
  }
  return { resources, problems };
}

/** `kind: List` or `kind: FooList` (what `kubectl get -o yaml` writes) holding `items`. */
function isList(value: Readonly<Record<string, unknown>>): boolean {
  return (
    typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)
  );
}

/** Start offsets (in the document's text) of the `items` of a List document. */
function listNodes(doc: Document.Parsed): (number | undefined)[] | undefined {
  const contents = doc.contents;
  if (!isMap(contents)) {
    return undefined;
  }
  const items = contents.get('items', true);
  if (!isSeq(items)) {
    return undefined;
  }
  return items.items.map((n) =>
    n !== null && typeof n === 'object' && 'range' in n && Array.isArray(n.range)
      ? (n.range[0] as number | undefined)
      : undefined,
  );
}

function toResource(value: unknown, file: string, line: number): ManifestResource | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || kind === '') {
    return undefined;
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const slash = apiVersion.indexOf('/');
  const identity: ResourceIdentity = {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    kind,
    namespace: scalarText(metadata.namespace),
    name:
      metadata.name === undefined && typeof metadata.generateName === 'string'
        ? `${metadata.generateName}*`
        : scalarText(metadata.name),
  };
  return { identity, key: identityKey(identity), apiVersion, location: { file, line }, value };
}

function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
