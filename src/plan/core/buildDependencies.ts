import type { DependencyMap } from './planModel';
import { stripInstanceKeys } from './planAddress';
import { isObject } from './readPlanJson';

// The configuration graph behind a blast radius. Nodes are named by configuration address with
// the module path in front (`module.a.module.b.`): resources (`aws_vpc.main`, `data.x.y`), module
// inputs (`var.x`), module outputs (`output.x`), a module call's own dependencies (`call`: its
// count, for_each and depends_on, which every resource inside inherits) and a whole module
// (`module.m`, for `depends_on = [module.m]`). Only resources are kept in the result: the others
// are followed through. Locals do not appear in `configuration`, so a reference through a local
// is lost; Terraform writes what the local refers to only in its own graph.

interface Graph {
  /** Node → the nodes it refers to directly. */
  readonly edges: Map<string, Set<string>>;
  readonly resources: Set<string>;
  /** Module path → the resources directly inside it (nested modules are reached by `module.m` nodes). */
  readonly moduleMembers: Map<string, Set<string>>;
}

/**
 * For each resource of the configuration, the resources it depends on directly (through
 * expressions' `references`, `depends_on`, `count`/`for_each`, module inputs and outputs and
 * module calls' own dependencies). Never loops: cycles in the configuration are cut.
 */
export function buildDependencies(configuration: unknown): DependencyMap {
  const graph: Graph = { edges: new Map(), resources: new Set(), moduleMembers: new Map() };
  if (isObject(configuration) && isObject(configuration.root_module)) {
    addModule(graph, configuration.root_module, '', undefined);
  }
  const result: Record<string, string[]> = {};
  for (const resource of graph.resources) {
    const found = new Set<string>();
    const seen = new Set<string>([resource]);
    const stack = [...(graph.edges.get(resource) ?? [])];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (seen.has(node)) {
        continue;
      }
      seen.add(node);
      if (graph.resources.has(node)) {
        found.add(node);
        continue;
      }
      for (const next of graph.edges.get(node) ?? []) {
        stack.push(next);
      }
    }
    found.delete(resource);
    result[resource] = [...found].sort();
  }
  return result;
}

function addEdge(graph: Graph, from: string, to: string): void {
  let set = graph.edges.get(from);
  if (set === undefined) {
    set = new Set();
    graph.edges.set(from, set);
  }
  set.add(to);
}

/**
 * Adds one module: `prefix` is its path with a trailing dot (`''` for the root), `call` the node
 * of the module call's own dependencies.
 */
function addModule(
  graph: Graph,
  module: Record<string, unknown>,
  prefix: string,
  call: string | undefined,
): void {
  const members = new Set<string>();
  graph.moduleMembers.set(prefix, members);
  if (Array.isArray(module.resources)) {
    for (const resource of module.resources) {
      if (!isObject(resource) || typeof resource.address !== 'string') {
        continue;
      }
      const node = prefix + resource.address;
      graph.resources.add(node);
      members.add(node);
      graph.edges.set(node, graph.edges.get(node) ?? new Set());
      for (const ref of referencesIn(resource.expressions)) {
        addReference(graph, node, prefix, ref);
      }
      for (const key of ['count_expression', 'for_each_expression'] as const) {
        for (const ref of referencesIn(resource[key])) {
          addReference(graph, node, prefix, ref);
        }
      }
      for (const ref of strings(resource.depends_on)) {
        addReference(graph, node, prefix, ref);
      }
      if (call !== undefined) {
        addEdge(graph, node, call);
      }
    }
  }
  if (isObject(module.outputs)) {
    for (const [name, output] of Object.entries(module.outputs)) {
      if (!isObject(output)) {
        continue;
      }
      const node = `${prefix}output.${name}`;
      for (const ref of referencesIn(output.expression)) {
        addReference(graph, node, prefix, ref);
      }
      for (const ref of strings(output.depends_on)) {
        addReference(graph, node, prefix, ref);
      }
    }
  }
  if (isObject(module.module_calls)) {
    for (const [name, moduleCall] of Object.entries(module.module_calls)) {
      if (!isObject(moduleCall)) {
        continue;
      }
      const childPrefix = `${prefix}module.${name}.`;
      const callNode = `${childPrefix}call`;
      graph.edges.set(callNode, graph.edges.get(callNode) ?? new Set());
      if (call !== undefined) {
        addEdge(graph, callNode, call);
      }
      for (const key of ['count_expression', 'for_each_expression'] as const) {
        for (const ref of referencesIn(moduleCall[key])) {
          addReference(graph, callNode, prefix, ref);
        }
      }
      for (const ref of strings(moduleCall.depends_on)) {
        addReference(graph, callNode, prefix, ref);
      }
      if (isObject(moduleCall.expressions)) {
        for (const [variable, expression] of Object.entries(moduleCall.expressions)) {
          for (const ref of referencesIn(expression)) {
            addReference(graph, `${childPrefix}var.${variable}`, prefix, ref);
          }
        }
      }
      // The whole module: everything inside, nested modules included.
      addEdge(graph, `${prefix}module.${name}`, `${childPrefix}*`);
      if (isObject(moduleCall.module)) {
        addModule(graph, moduleCall.module, childPrefix, callNode);
        for (const member of graph.moduleMembers.get(childPrefix) ?? []) {
          addEdge(graph, `${childPrefix}*`, member);
        }
        if (isObject(moduleCall.module.module_calls)) {
          for (const nested of Object.keys(moduleCall.module.module_calls)) {
            addEdge(graph, `${childPrefix}*`, `${childPrefix}module.${nested}`);
          }
        }
      }
    }
  }
}

/**
 * Adds the edge for one reference string of a module at `prefix`: `var.x`, `module.m.out`,
 * `module.m`, `data.t.n…`, `t.n…`; `local.*`, `count.*`, `each.*`, `path.*`, `self.*` and
 * `terraform.*` lead nowhere.
 */
function addReference(graph: Graph, from: string, prefix: string, reference: string): void {
  const parts = stripInstanceKeys(reference).split('.');
  const [first, second, third] = parts;
  if (first === undefined || second === undefined) {
    return;
  }
  switch (first) {
    case 'var':
      addEdge(graph, from, `${prefix}var.${second}`);
      return;
    case 'module':
      addEdge(
        graph,
        from,
        third === undefined
          ? `${prefix}module.${second}`
          : `${prefix}module.${second}.output.${third}`,
      );
      return;
    case 'data':
      if (third !== undefined) {
        addEdge(graph, from, `${prefix}data.${second}.${third}`);
      }
      return;
    case 'local':
    case 'count':
    case 'each':
    case 'path':
    case 'self':
    case 'terraform':
    case 'resource':
    case 'ephemeral':
      return;
    default:
      addEdge(graph, from, `${prefix}${first}.${second}`);
  }
}

/**
 * The reference strings of an expression or a block of expressions (nested blocks are objects
 * and arrays of expressions). When `module.m.out` is among them, the bare `module.m` Terraform
 * lists beside it is dropped: the reference is to the output, not the whole module.
 */
function referencesIn(expressions: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (!isObject(value)) {
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      if (key === 'references') {
        found.push(...strings(v));
      } else if (key !== 'constant_value') {
        walk(v);
      }
    }
  };
  walk(expressions);
  const moduleOutputs = new Set(
    found
      .map((r) => stripInstanceKeys(r).split('.'))
      .filter((p) => p[0] === 'module' && p.length > 2)
      .map((p) => `module.${p[1] ?? ''}`),
  );
  return found.filter((r) => !moduleOutputs.has(stripInstanceKeys(r)));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
