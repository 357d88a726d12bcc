import { parseDot } from './dotParser';
import { GraphBuilder, type Graph } from './graphModel';

// The diagram of a `terraform graph` (or `tofu graph`) DOT file. Terraform names nodes
// `[root] aws_vpc.main (expand)`, `[root] provider["registry.terraform.io/hashicorp/aws"]`,
// `[root] module.net.var.cidr (expand)`; newer versions write plain addresses. Names are
// normalised to configuration addresses; the walk's bookkeeping nodes (`[root] root`,
// `meta.count-boundary`, `(close)` nodes) are left out, and edges through them are dropped.

/** Reads a `terraform graph` DOT file (throws DotSyntaxError with a line for bad input). */
export function terraformGraphFromDot(text: string, file?: string): Graph {
  const dot = parseDot(text);
  const builder = new GraphBuilder();
  const ids = new Map<string, string | undefined>();
  for (const node of dot.nodes) {
    const address = normalise(node.id);
    ids.set(node.id, address);
    if (address === undefined) {
      continue;
    }
    const { kind, module } = classify(address);
    builder.node({
      id: address,
      kind,
      name: module === undefined ? address : address.slice(module.length + 1),
      ...(module === undefined ? {} : { namespace: module, groupKind: 'module' }),
      ...(file === undefined ? {} : { file, line: node.line }),
    });
  }
  for (const edge of dot.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (from !== undefined && to !== undefined && from !== to) {
      builder.edge(from, to, 'depends-on');
    }
  }
  return builder.build();
}

/** The configuration address of a Terraform graph node, undefined for bookkeeping nodes. */
export function normalise(id: string): string | undefined {
  let name = id.trim();
  if (name.startsWith('[root] ')) {
    name = name.slice('[root] '.length);
  }
  if (name.endsWith(' (close)')) {
    return undefined;
  }
  name = name.replace(/ \((expand|prepare state|orphan|destroy|destroy deposed [^)]*)\)$/, '');
  // terraform-graph-beautifier prefixes everything with `module.root.`.
  if (name.startsWith('module.root.')) {
    name = name.slice('module.root.'.length);
  }
  if (name === 'root' || name === '' || name.startsWith('meta.')) {
    return undefined;
  }
  return name;
}

/** The kind of a normalised node and the module it is in. */
function classify(address: string): { kind: string; module?: string } {
  if (address.startsWith('provider[') || address.startsWith('provider.')) {
    return { kind: 'provider' };
  }
  const parts = splitAddress(address);
  let end = 0;
  while (parts[end] === 'module' && end + 2 < parts.length) {
    end += 2;
  }
  const module = end === 0 ? undefined : parts.slice(0, end).join('.');
  const rest = parts.slice(end);
  const head = rest[0] ?? '';
  const kinds: Readonly<Record<string, string>> = {
    var: 'variable',
    output: 'output',
    local: 'local',
    data: 'data',
    module: 'module',
    provider: 'provider',
  };
  const kind = kinds[head] ?? (rest.length >= 2 ? 'resource' : 'other');
  return module === undefined ? { kind } : { kind, module };
}

/** Splits on dots outside brackets and quotes (`provider["a.b"]` stays whole). */
function splitAddress(address: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (const c of address) {
    if (quoted) {
      quoted = c !== '"';
    } else if (c === '"') {
      quoted = true;
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      depth--;
    } else if (c === '.' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}
