import { BlastRadiusIndex } from '../../plan/core/blastRadius';
import { buildPlanModel } from '../../plan/core/buildPlanModel';
import { stripInstanceKeys } from '../../plan/core/planAddress';
import type { ActionKind, PlanModel } from '../../plan/core/planModel';
import { isObject, readPlanJson } from '../../plan/core/readPlanJson';
import { GraphBuilder, dependentsOf, type Graph, type NodeAction } from './graphModel';

// The Terraform diagram of a plan: one node per resource of the configuration (by
// configuration address: every instance of a `count`/`for_each` resource is one node), coloured
// by the most drastic action planned for its instances; edges from the plan model's dependency
// map (references through expressions, module inputs and outputs, `depends_on`, module calls'
// own dependencies), one node per module call and per provider configuration.

/** A Terraform diagram and the blast-radius question it answers. */
export interface TerraformDiagram {
  readonly graph: Graph;
  /**
   * The resources (node ids) depending on the resource `id`, directly or through others: what
   * destroying or replacing it can break. Empty for an unknown id.
   */
  blastRadius(id: string): string[];
}

/** Which action wins when a resource's instances differ: the one a reviewer must see. */
const actionWeight: Readonly<Record<ActionKind, number>> = {
  replace: 7,
  delete: 6,
  create: 5,
  update: 4,
  forget: 3,
  read: 2,
  unknown: 1,
  'no-op': 0,
};

/** Reads the text of `terraform show -json <planfile>` and builds its diagram (throws PlanReadError). */
export function terraformDiagramFromPlanText(text: string): TerraformDiagram {
  const raw = readPlanJson(text);
  return terraformDiagram(buildPlanModel(raw), raw.configuration);
}

/**
 * The diagram of a plan model. `configuration` (the raw plan's) adds module-call and provider
 * nodes and tells `depends_on` edges from references; without it only resources are drawn.
 */
export function terraformDiagram(model: PlanModel, configuration?: unknown): TerraformDiagram {
  const builder = new GraphBuilder();
  const actions = new Map<string, NodeAction>();
  for (const change of model.resourceChanges) {
    const before = actions.get(change.configAddress);
    const kind = change.action.kind;
    if (before === undefined || actionWeight[kind] > actionWeight[before]) {
      actions.set(change.configAddress, kind);
    }
  }
  const config = readConfiguration(configuration);
  const resourceNode = (address: string): string => {
    const module = moduleOf(address);
    const action = actions.get(address);
    return builder.node({
      id: address,
      kind: address.slice(module === undefined ? 0 : module.length + 1).startsWith('data.')
        ? 'data'
        : 'resource',
      name: module === undefined ? address : address.slice(module.length + 1),
      ...(module === undefined ? {} : { namespace: module, groupKind: 'module' }),
      ...(action === undefined ? {} : { action }),
    });
  };
  for (const address of Object.keys(model.dependencies)) {
    resourceNode(address);
  }
  for (const address of actions.keys()) {
    resourceNode(address);
  }
  for (const [address, targets] of Object.entries(model.dependencies)) {
    const explicit = config.dependsOn.get(address);
    for (const target of targets) {
      builder.edge(
        address,
        resourceNode(target),
        explicit !== undefined && dependsOnNames(explicit, target) ? 'depends-on' : 'references',
      );
    }
  }
  for (const module of config.modules) {
    const parent = moduleOf(module.address);
    builder.node({
      id: module.address,
      kind: 'module',
      name: module.address.slice(parent === undefined ? 0 : parent.length + 1),
      ...(parent === undefined ? {} : { namespace: parent, groupKind: 'module' }),
      ...(module.source === undefined ? {} : { details: { source: module.source } }),
      ...(module.source !== undefined && !module.source.startsWith('.') ? { external: true } : {}),
    });
    if (parent !== undefined) {
      builder.edge(parent, module.address, 'calls');
    }
  }
  for (const [key, provider] of config.providers) {
    builder.node({
      id: `provider.${key}`,
      kind: 'provider',
      name: provider.name,
      label: `provider ${provider.name}`,
      ...(provider.module === undefined ? {} : { namespace: provider.module, groupKind: 'module' }),
      ...(provider.fullName === undefined ? {} : { details: { source: provider.fullName } }),
    });
  }
  for (const [address, key] of config.providerOf) {
    builder.edge(address, `provider.${key}`, 'uses-provider');
  }
  const graph = builder.build();
  const index = new BlastRadiusIndex(model.dependencies, model.resourceChanges);
  const instanceOf = new Map<string, string>();
  for (const change of model.resourceChanges) {
    if (!instanceOf.has(change.configAddress)) {
      instanceOf.set(change.configAddress, change.address);
    }
  }
  const resourceEdges: Graph = {
    nodes: graph.nodes,
    edges: graph.edges.filter((e) => e.kind === 'references' || e.kind === 'depends-on'),
    problems: [],
  };
  return {
    graph,
    blastRadius(id: string): string[] {
      const instance = instanceOf.get(id);
      return instance === undefined
        ? dependentsOf(resourceEdges, id)
        : [...index.of(instance).dependentConfigAddresses];
    },
  };
}

/** True when `depends_on` names the resource `target`, or a module it is in (`depends_on = [module.net]`). */
function dependsOnNames(dependsOn: ReadonlySet<string>, target: string): boolean {
  if (dependsOn.has(target)) {
    return true;
  }
  for (const entry of dependsOn) {
    if (/(^|\.)module\.[^.]+$/.test(entry) && target.startsWith(`${entry}.`)) {
      return true;
    }
  }
  return false;
}

/** The module path of a configuration address (`module.a.module.b`), undefined at the root. */
function moduleOf(address: string): string | undefined {
  const parts = address.split('.');
  let end = 0;
  while (parts[end] === 'module' && parts[end + 1] !== undefined && end + 2 < parts.length) {
    end += 2;
  }
  return end === 0 ? undefined : parts.slice(0, end).join('.');
}

interface ConfigFacts {
  /** Resource address → the resources its own `depends_on` names (same module). */
  readonly dependsOn: Map<string, Set<string>>;
  readonly modules: { readonly address: string; readonly source?: string }[];
  readonly providers: Map<string, { name: string; fullName?: string; module?: string }>;
  /** Resource address → its provider configuration key. */
  readonly providerOf: Map<string, string>;
}

/** What the diagram reads of `configuration` beyond the dependency map. Never throws. */
function readConfiguration(configuration: unknown): ConfigFacts {
  const facts: ConfigFacts = {
    dependsOn: new Map(),
    modules: [],
    providers: new Map(),
    providerOf: new Map(),
  };
  if (!isObject(configuration)) {
    return facts;
  }
  if (isObject(configuration.provider_config)) {
    for (const [key, value] of Object.entries(configuration.provider_config)) {
      if (!isObject(value)) {
        continue;
      }
      facts.providers.set(key, {
        name: typeof value.name === 'string' ? value.name : key,
        ...(typeof value.full_name === 'string' ? { fullName: value.full_name } : {}),
        ...(typeof value.module_address === 'string' ? { module: value.module_address } : {}),
      });
    }
  }
  // An explicit stack of modules to visit: nesting depth is the file's, not ours to trust.
  const pending: { module: unknown; prefix: string }[] = [
    { module: configuration.root_module, prefix: '' },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { module, prefix } = next;
    if (!isObject(module)) {
      continue;
    }
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(resource) || typeof resource.address !== 'string') {
        continue;
      }
      const address = prefix + resource.address;
      if (Array.isArray(resource.depends_on)) {
        const targets = new Set<string>();
        for (const entry of resource.depends_on) {
          if (typeof entry === 'string') {
            targets.add(prefix + stripInstanceKeys(entry));
          }
        }
        facts.dependsOn.set(address, targets);
      }
      if (typeof resource.provider_config_key === 'string') {
        const key = resource.provider_config_key;
        facts.providerOf.set(address, key);
        if (!facts.providers.has(key)) {
          facts.providers.set(key, { name: key.slice(key.indexOf(':') + 1) });
        }
      }
    }
    if (isObject(module.module_calls)) {
      for (const [name, call] of Object.entries(module.module_calls)) {
        if (!isObject(call)) {
          continue;
        }
        const address = `${prefix}module.${name}`;
        facts.modules.push({
          address,
          ...(typeof call.source === 'string' ? { source: call.source } : {}),
        });
        pending.push({ module: call.module, prefix: `${address}.` });
      }
    }
  }
  return facts;
}
