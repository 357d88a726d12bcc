import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Problem } from '../../../common/problem';
import type { DocumentInput } from '../formatChecker';
import { closestNames } from '../suggest';
import { keyText, nodeRange } from '../yamlPath';

/** Codes of the Compose checks beyond the schema, stable across releases. */
export const ComposeCodes = {
  unknownService: 'unknown-service',
  dependencyCycle: 'depends-on-cycle',
  undefinedNetwork: 'undefined-network',
  undefinedVolume: 'undefined-volume',
  undefinedSecret: 'undefined-secret',
  undefinedConfig: 'undefined-config',
  noImage: 'missing-image',
} as const;

/** A name written in the document and where it is. */
interface NameRef {
  readonly name: string;
  readonly range: readonly [number, number];
}

function refOf(name: string, node: Node): NameRef[] {
  const range = nodeRange(node);
  return range === undefined ? [] : [{ name, range }];
}

/** The top-level sections service entries refer to, with the code and words of each. */
const resourceSections = [
  { section: 'networks', code: ComposeCodes.undefinedNetwork, what: 'network' },
  { section: 'volumes', code: ComposeCodes.undefinedVolume, what: 'volume' },
  { section: 'secrets', code: ComposeCodes.undefinedSecret, what: 'secret' },
  { section: 'configs', code: ComposeCodes.undefinedConfig, what: 'config' },
] as const;

/**
 * What `docker compose config` rejects beyond the schema: `depends_on` and `extends` naming
 * services that do not exist, `depends_on` cycles, and services using networks, named volumes,
 * secrets or configs the file does not declare at the top level.
 *
 * A file merged with others cannot be judged alone: override files (`compose.override.yaml`,
 * `docker-compose.prod.yml`) and files with a top-level `include` may refer to names defined
 * elsewhere, so unknown-name checks are skipped there (cycles among the names the file does
 * define are still reported). Names holding `${…}` interpolation are left alone.
 */
export function composeChecks({ relativePath, doc }: DocumentInput): Problem[] {
  const root = doc.contents;
  if (!isMap(root)) {
    return [];
  }
  const servicesNode = root.get('services', true);
  if (!isMap(servicesNode)) {
    return [];
  }
  const standalone = !isOverlayFile(relativePath) && !root.has('include');
  const services = servicePairs(servicesNode);
  const serviceNames = services.map((s) => s.name);
  const problems: Problem[] = [];

  const edges = new Map<string, NameRef[]>();
  for (const { name, service, pair } of services) {
    if (standalone && !buildable(service)) {
      const [start, end] = nodeRange(pair.key) ?? [0, 0];
      problems.push({
        code: ComposeCodes.noImage,
        severity: 'error',
        source: 'compose',
        message: `Service '${name}' has neither an 'image' nor a 'build' section, so Compose has nothing to run. Add 'image: <name>' or 'build: <context directory>'.`,
        start,
        end,
      });
    }
    const deps = dependsOn(service);
    edges.set(name, deps);
    for (const dep of deps) {
      if (standalone && !serviceNames.includes(dep.name) && !isInterpolated(dep.name)) {
        problems.push(unknownService(dep, serviceNames, `'${name}' depends on`));
      }
    }
    const ext = extendsRef(service);
    if (ext !== undefined && standalone && !serviceNames.includes(ext.name)) {
      if (!isInterpolated(ext.name)) {
        problems.push(unknownService(ext, serviceNames, `'${name}' extends`));
      }
    }
  }
  problems.push(...cycleProblems(edges));

  if (standalone) {
    for (const { section, code, what } of resourceSections) {
      const declared = topLevelNames(root, section);
      for (const { service } of services) {
        for (const ref of resourceRefs(service, section)) {
          if (declared.includes(ref.name) || isInterpolated(ref.name)) {
            continue;
          }
          if (section === 'networks' && ref.name === 'default') {
            continue; // every project has a default network
          }
          problems.push(undefinedResource(ref, declared, code, what, section));
        }
      }
    }
  }
  return problems;
}

/**
 * Compose's consistency check: a service needs an image to pull or a build to make one (a
 * `provider` service is run by a plugin instead; `extends` may bring either). A service that
 * is not a mapping is the schema's to report.
 */
function buildable(service: unknown): boolean {
  return (
    !isMap(service) ||
    service.has('image') ||
    service.has('build') ||
    service.has('provider') ||
    service.has('extends')
  );
}

/**
 * `compose.override.yaml`, `docker-compose.prod.yml`, `compose-override.yaml`: merged over a
 * base file (`docker compose -f compose.yaml -f compose.prod.yaml`).
 */
export function isOverlayFile(relativePath: string): boolean {
  const base = relativePath.slice(relativePath.lastIndexOf('/') + 1).toLowerCase();
  return base.includes('override') || /^(docker-)?compose\.[\w-]+(\.[\w-]+)*\.ya?ml$/.test(base);
}

function isInterpolated(name: string): boolean {
  return name.includes('$');
}

function servicePairs(services: YAMLMap): { name: string; service: unknown; pair: Pair }[] {
  return services.items.flatMap((pair) => {
    const name = keyText(pair);
    return name === undefined ? [] : [{ name, service: pair.value, pair }];
  });
}

/** Names in a list of scalars (`[a, b]`) or the keys of a mapping (`{a: {...}}`). */
function namesOf(node: unknown): NameRef[] {
  if (isSeq(node)) {
    return node.items.flatMap((item) =>
      isScalar(item) && typeof item.value === 'string' ? refOf(item.value, item) : [],
    );
  }
  if (isMap(node)) {
    return node.items.flatMap((pair) => {
      const name = keyText(pair);
      return name !== undefined && isScalar(pair.key) ? refOf(name, pair.key) : [];
    });
  }
  return [];
}

/**
 * The services a service depends on. A dependency with `required: false` may be absent (Compose
 * only warns), so it is not a reference that must resolve.
 */
function dependsOn(service: unknown): NameRef[] {
  if (!isMap(service)) {
    return [];
  }
  const node = service.get('depends_on', true);
  const refs = namesOf(node);
  if (!isMap(node)) {
    return refs;
  }
  return refs.filter((ref) => {
    const options = node.get(ref.name, true);
    const required = isMap(options) ? options.get('required', true) : undefined;
    return !(isScalar(required) && required.value === false);
  });
}

/** The service `extends` names within this file (`extends: web` or `extends: {service: web}`). */
function extendsRef(service: unknown): NameRef | undefined {
  if (!isMap(service)) {
    return undefined;
  }
  const ext = service.get('extends', true);
  if (isScalar(ext) && typeof ext.value === 'string') {
    return refOf(ext.value, ext)[0];
  }
  if (isMap(ext) && !ext.has('file')) {
    const name = ext.get('service', true);
    return isScalar(name) && typeof name.value === 'string'
      ? refOf(name.value, name)[0]
      : undefined;
  }
  return undefined;
}

function topLevelNames(root: YAMLMap, section: string): string[] {
  return namesOf(root.get(section, true)).map((r) => r.name);
}

/** The top-level entries a service uses from one section. */
function resourceRefs(service: unknown, section: string): NameRef[] {
  if (!isMap(service)) {
    return [];
  }
  const node = service.get(section, true);
  switch (section) {
    case 'networks':
      return namesOf(node);
    case 'volumes':
      return isSeq(node) ? node.items.flatMap(namedVolume) : [];
    default:
      // secrets and configs: `- name` or `- source: name`
      return isSeq(node)
        ? node.items.flatMap((item): NameRef[] => {
            if (isScalar(item) && typeof item.value === 'string') {
              return refOf(item.value, item);
            }
            const source = isMap(item) ? item.get('source', true) : undefined;
            return isScalar(source) && typeof source.value === 'string'
              ? refOf(source.value, source)
              : [];
          })
        : [];
  }
}

/**
 * The named volume a service volume entry mounts, if any: `name:/path[:mode]` in the short
 * syntax, `{type: volume, source: name}` in the long one. Bind mounts (paths), anonymous
 * volumes (a target alone) and tmpfs are not references.
 */
function namedVolume(item: unknown): NameRef[] {
  if (isScalar(item) && typeof item.value === 'string') {
    const text = item.value;
    const colon = text.indexOf(':');
    if (colon <= 0) {
      return [];
    }
    const source = text.slice(0, colon);
    if (/^[.~/\\$]/.test(source) || /^[a-zA-Z]$/.test(source) || source.includes('/')) {
      return []; // a path (or a Windows drive letter) is a bind mount
    }
    const range = nodeRange(item);
    if (range === undefined) {
      return [];
    }
    // Point at the name only, not at the whole `name:/path` scalar.
    const quote = item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE' ? 1 : 0;
    const start = range[0] + quote;
    return [{ name: source, range: [start, start + source.length] }];
  }
  if (isMap(item)) {
    const type = item.get('type');
    const source = item.get('source', true);
    if (
      (type === undefined || type === 'volume') &&
      isScalar(source) &&
      typeof source.value === 'string'
    ) {
      return refOf(source.value, source);
    }
  }
  return [];
}

function unknownService(ref: NameRef, services: readonly string[], what: string): Problem {
  const [start, end] = ref.range;
  const suggestions = closestNames(ref.name, services);
  const hint =
    suggestions.length > 0
      ? ` Did you mean '${suggestions[0] ?? ''}'?`
      : services.length > 0
        ? ` Services in this file: ${services.slice(0, 12).join(', ')}${services.length > 12 ? ', …' : ''}.`
        : '';
  return {
    code: ComposeCodes.unknownService,
    severity: 'error',
    source: 'compose',
    message: `${what} '${ref.name}', which is not a service of this file.${hint}`,
    start,
    end,
    suggestions,
  };
}

function undefinedResource(
  ref: NameRef,
  declared: readonly string[],
  code: string,
  what: string,
  section: string,
): Problem {
  const [start, end] = ref.range;
  const suggestions = closestNames(ref.name, declared);
  const hint =
    suggestions.length > 0
      ? ` Did you mean '${suggestions[0] ?? ''}'?`
      : ` Declare it under the top-level '${section}:' key${what === 'volume' ? ', or write a path (./data) for a bind mount' : ''}.`;
  return {
    code,
    severity: 'error',
    source: 'compose',
    message: `The ${what} '${ref.name}' is not declared in the top-level '${section}'.${hint}`,
    start,
    end,
    suggestions,
  };
}

/**
 * Every `depends_on` cycle, reported once on the edge that closes it (a service depending on
 * itself is the shortest cycle). Compose refuses to start any service of a cycle.
 */
function cycleProblems(edges: ReadonlyMap<string, readonly NameRef[]>): Problem[] {
  const problems: Problem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of edges.get(name) ?? []) {
      const seen = state.get(dep.name);
      if (seen === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(dep.name)), dep.name];
        const [start, end] = dep.range;
        problems.push({
          code: ComposeCodes.dependencyCycle,
          severity: 'error',
          source: 'compose',
          message:
            cycle.length === 2
              ? `Service '${name}' depends on itself. Remove '${dep.name}' from its depends_on.`
              : `depends_on cycle: ${cycle.join(' → ')}. Compose cannot start these services; remove one of the dependencies.`,
          start,
          end,
        });
      } else if (seen === undefined && edges.has(dep.name)) {
        visit(dep.name);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of edges.keys()) {
    if (!state.has(name)) {
      visit(name);
    }
  }
  return problems;
}
