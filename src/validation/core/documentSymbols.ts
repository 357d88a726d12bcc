import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { classifyDocument } from '../../common/classify';
import { parseYaml, type YamlDocumentModel } from '../../common/yamlModel';
import { keyText, nodeRange } from './yamlPath';

/** What a symbol stands for; the editor adapter maps it to an icon. */
export type OutlineKind =
  | 'document'
  | 'resource'
  | 'object'
  | 'array'
  | 'property'
  | 'container'
  | 'job'
  | 'step'
  | 'service'
  | 'group'
  | 'rule'
  | 'play'
  | 'task';

/** One entry of a file's outline, by offsets in the whole text. */
export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: OutlineKind;
  /** The whole entry (a document, a key and its value). */
  readonly start: number;
  readonly end: number;
  /** What to reveal and highlight: the name. */
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly children: readonly OutlineSymbol[];
}

/**
 * The outline of a YAML file: one symbol per document of an infrastructure format, named by what
 * it is (`Deployment web`, `Workflow CI`, `Runbook checkout-high-error-rate`), with its top-level
 * keys and the entries that matter in that format (containers, jobs and steps, services, rule
 * groups and rules, plays and tasks). Other YAML gets its top-level keys. Never throws.
 */
export function documentSymbols(relativePath: string, text: string): OutlineSymbol[] {
  const documents = parseYaml(text).documents.filter(
    (d) => d.doc.contents !== null && nodeRange(d.doc.contents) !== undefined,
  );
  const symbols: OutlineSymbol[] = [];
  documents.forEach((document, index) => {
    const symbol = documentSymbol(relativePath, document, index, documents.length);
    if (Array.isArray(symbol)) {
      symbols.push(...symbol);
    } else if (symbol !== undefined) {
      symbols.push(symbol);
    }
  });
  return symbols;
}

function documentSymbol(
  relativePath: string,
  document: YamlDocumentModel,
  index: number,
  count: number,
): OutlineSymbol | OutlineSymbol[] | undefined {
  const { doc, offset } = document;
  const contents = doc.contents;
  const range = nodeRange(contents);
  if (range === undefined) {
    return undefined;
  }
  const at = new Builder(offset);
  const format = classifyDocument(relativePath, doc);
  const fileName = relativePath.slice(relativePath.replace(/\\/g, '/').lastIndexOf('/') + 1);
  const whole = (
    name: string,
    detail: string,
    kind: OutlineKind,
    selection: Node | undefined,
    children: OutlineSymbol[],
  ): OutlineSymbol => {
    const [selStart, selEnd] = nodeRange(selection) ?? [range[0], range[0]];
    return {
      name,
      detail,
      kind,
      start: offset + range[0],
      end: offset + range[1],
      selectionStart: offset + selStart,
      selectionEnd: offset + selEnd,
      children,
    };
  };
  if (isMap(contents)) {
    switch (format) {
      case 'kubernetes': {
        const kind = scalar(contents, 'kind') ?? 'Resource';
        const metadata = contents.get('metadata', true);
        const nameNode = isMap(metadata) ? metadata.get('name', true) : undefined;
        const name = scalarValue(nameNode);
        const namespace = isMap(metadata) ? scalar(metadata, 'namespace') : undefined;
        const children = [...at.keys(contents), ...at.containers(contents)];
        return whole(
          name === undefined ? kind : `${kind} ${name}`,
          [scalar(contents, 'apiVersion'), namespace].filter((d) => d !== undefined).join(' · '),
          'resource',
          isScalar(nameNode) ? nameNode : contents.get('kind', true),
          children,
        );
      }
      case 'github-workflow':
      case 'github-action': {
        const label = format === 'github-workflow' ? 'Workflow' : 'Action';
        const name = scalar(contents, 'name') ?? fileName;
        return whole(
          `${label} ${name}`,
          '',
          'document',
          contents.get('name', true),
          at.keys(contents, { jobs: (value) => at.entries(value, 'job', jobChildren(at)) }),
        );
      }
      case 'compose': {
        const name = scalar(contents, 'name') ?? fileName;
        const named = (kind: OutlineKind) => (value: unknown) =>
          at.entries(value, kind, () => [], ['image']);
        return whole(
          `Compose ${name}`,
          '',
          'document',
          contents.get('name', true),
          at.keys(contents, {
            services: named('service'),
            volumes: named('object'),
            networks: named('object'),
            secrets: named('object'),
            configs: named('object'),
          }),
        );
      }
      case 'prometheus-rules':
        return whole(
          'Prometheus rules',
          fileName,
          'document',
          undefined,
          at.keys(contents, {
            groups: (value) =>
              at.items(value, 'group', ['name'], (group) =>
                isMap(group)
                  ? at.items(group.get('rules', true), 'rule', ['alert', 'record'], () => [])
                  : [],
              ),
          }),
        );
      case 'runbook': {
        const metadata = contents.get('metadata', true);
        const nameNode = isMap(metadata) ? metadata.get('name', true) : undefined;
        return whole(
          `Runbook ${scalarValue(nameNode) ?? fileName}`,
          isMap(metadata) ? (scalar(metadata, 'service') ?? '') : '',
          'document',
          isScalar(nameNode) ? nameNode : undefined,
          at.keys(contents),
        );
      }
      case 'alertmanager': {
        const named = (value: unknown): OutlineSymbol[] =>
          at.items(value, 'object', ['name'], () => []);
        const routes = (route: unknown): OutlineSymbol[] =>
          isMap(route)
            ? at.items(route.get('routes', true), 'object', ['receiver'], routes, (r) => {
                const matchers: unknown = isMap(r) ? r.get('matchers', true) : undefined;
                const match: unknown = isMap(r) ? r.get('match', true) : undefined;
                const written = isSeq(matchers)
                  ? matchers.items.map((m) => scalarValue(m) ?? '')
                  : isMap(match)
                    ? match.items.map((p) => `${keyText(p) ?? ''}=${scalarValue(p.value) ?? ''}`)
                    : [];
                return oneLine(written.join(', '));
              })
            : [];
        return whole(
          'Alertmanager configuration',
          fileName,
          'document',
          undefined,
          at.keys(contents, {
            route: routes,
            receivers: named,
            time_intervals: named,
            mute_time_intervals: named,
          }),
        );
      }
      case 'kustomization':
        return whole('Kustomization', fileName, 'document', undefined, at.keys(contents));
      case 'helm-chart': {
        const nameNode = contents.get('name', true);
        return whole(
          `Chart ${scalarValue(nameNode) ?? fileName}`,
          scalar(contents, 'version') ?? '',
          'document',
          isScalar(nameNode) ? nameNode : undefined,
          at.keys(contents, {
            dependencies: (value) => at.items(value, 'object', ['alias', 'name'], () => []),
          }),
        );
      }
      case 'grafana-provisioning':
        return whole(
          'Grafana provisioning',
          fileName,
          'document',
          undefined,
          at.keys(contents, {
            datasources: (value) => at.items(value, 'object', ['name'], () => []),
            providers: (value) => at.items(value, 'object', ['name'], () => []),
          }),
        );
      case 'grafana-dashboard':
        return whole(
          `Dashboard ${scalar(contents, 'title') ?? fileName}`,
          scalar(contents, 'uid') ?? '',
          'document',
          undefined,
          at.keys(contents, {
            panels: (value) => at.items(value, 'object', ['title', 'type'], () => []),
            templating: (value) =>
              isMap(value)
                ? at.keys(value, { list: (list) => at.items(list, 'object', ['name'], () => []) })
                : [],
          }),
        );
      default:
        break;
    }
  }
  if (isSeq(contents) && format === 'rundeck-jobs') {
    return whole(
      'Rundeck jobs',
      fileName,
      'document',
      undefined,
      at.items(contents, 'job', ['name'], (job) =>
        isMap(job)
          ? at.items(
              job.getIn(['sequence', 'commands'], true),
              'step',
              ['description', 'exec', 'script', 'scriptfile', 'scripturl', 'type'],
              () => [],
            )
          : [],
      ),
    );
  }
  if (isSeq(contents) && (format === 'ansible-playbook' || format === 'ansible-tasks')) {
    const tasks = (item: unknown): OutlineSymbol[] =>
      isMap(item)
        ? ['pre_tasks', 'roles', 'tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always']
            .map((k) => item.items.find((p) => keyText(p) === k))
            .filter((p): p is Pair => p !== undefined)
            .flatMap((p) => at.pair(p, () => at.items(p.value, 'task', ['name'], tasks)) ?? [])
        : [];
    return format === 'ansible-playbook'
      ? whole(
          'Playbook',
          fileName,
          'document',
          undefined,
          at.items(contents, 'play', ['name', 'hosts', 'import_playbook'], tasks),
        )
      : whole(
          'Tasks',
          fileName,
          'document',
          undefined,
          at.items(contents, 'task', ['name'], tasks),
        );
  }
  const keys = isMap(contents)
    ? at.keys(contents)
    : at.items(contents, 'object', ['name', 'id', 'title'], (item) =>
        isMap(item) ? at.keys(item) : [],
      );
  if (count === 1) {
    return keys;
  }
  return whole(`Document ${index + 1}`, '', 'document', undefined, keys);
}

/** The children a job shows: its steps, named by `name`, `uses`, `id` or `run`. */
function jobChildren(at: Builder): (job: unknown) => OutlineSymbol[] {
  return (job) =>
    isMap(job)
      ? at.items(job.get('steps', true), 'step', ['name', 'id', 'uses', 'run'], () => [])
      : [];
}

/** Builds symbols for the nodes of one document (offsets relative to it). */
class Builder {
  constructor(private readonly offset: number) {}

  /** The top-level keys of a mapping; `special` gives some keys children of their own. */
  keys(
    map: YAMLMap,
    special: Readonly<Record<string, (value: unknown) => OutlineSymbol[]>> = {},
  ): OutlineSymbol[] {
    return map.items.flatMap((pair) => {
      const name = keyText(pair);
      const children = name === undefined ? undefined : special[name];
      const symbol = this.pair(pair, children ?? (() => []));
      return symbol === undefined ? [] : [symbol];
    });
  }

  /** A key and its value. */
  pair(pair: Pair, children: (value: unknown) => OutlineSymbol[]): OutlineSymbol | undefined {
    const name = keyText(pair);
    const key = nodeRange(pair.key);
    if (name === undefined || key === undefined) {
      return undefined;
    }
    const value = nodeRange(pair.value);
    const kind: OutlineKind = isMap(pair.value)
      ? 'object'
      : isSeq(pair.value)
        ? 'array'
        : 'property';
    return this.symbol(
      name,
      kind === 'property' ? detailOf(pair.value) : '',
      kind,
      key,
      [key[0], Math.max(key[1], value?.[1] ?? key[1])],
      children(pair.value),
    );
  }

  /** The entries of a mapping value (`jobs`, `services`), each named by its key. */
  entries(
    value: unknown,
    kind: OutlineKind,
    children: (entry: unknown) => OutlineSymbol[],
    detailKeys: readonly string[] = ['name'],
  ): OutlineSymbol[] {
    if (!isMap(value)) {
      return [];
    }
    return value.items.flatMap((pair) => {
      const symbol = this.pair(pair, children);
      if (symbol === undefined) {
        return [];
      }
      const detail = isMap(pair.value) ? firstScalar(pair.value, detailKeys) : undefined;
      return [{ ...symbol, kind, detail: detail?.text ?? '' }];
    });
  }

  /** The items of a list (rules, steps, tasks), each named by the first of `nameKeys` it has. */
  items(
    value: unknown,
    kind: OutlineKind,
    nameKeys: readonly string[],
    children: (item: unknown) => OutlineSymbol[],
    detail?: (item: unknown) => string | undefined,
  ): OutlineSymbol[] {
    if (!isSeq(value)) {
      return [];
    }
    return value.items.flatMap((item, index) => {
      const range = nodeRange(item);
      if (range === undefined) {
        return [];
      }
      const named = isMap(item) ? firstScalar(item, nameKeys) : undefined;
      const name = named?.text ?? scalarValue(item) ?? `${kind} ${index + 1}`;
      return [
        this.symbol(
          oneLine(name),
          detail?.(item) ?? (named === undefined || named.key === 'name' ? '' : named.key),
          kind,
          named?.range ?? range,
          range,
          children(item),
        ),
      ];
    });
  }

  /** The containers of a pod template, wherever the kind keeps it. */
  containers(resource: YAMLMap): OutlineSymbol[] {
    const podSpecs = [
      ['spec'],
      ['spec', 'template', 'spec'],
      ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    ];
    const out: OutlineSymbol[] = [];
    for (const path of podSpecs) {
      const spec = resource.getIn(path, true);
      if (!isMap(spec)) {
        continue;
      }
      for (const list of ['initContainers', 'containers']) {
        const label = list === 'initContainers' ? 'init container' : 'container';
        const containers = this.items(
          spec.get(list, true),
          'container',
          ['name'],
          () => [],
          (item) => (isMap(item) ? scalar(item, 'image') : undefined),
        );
        out.push(...containers.map((c) => ({ ...c, name: `${label} ${c.name}` })));
      }
    }
    return out;
  }

  private symbol(
    name: string,
    detail: string,
    kind: OutlineKind,
    selection: readonly [number, number],
    range: readonly [number, number],
    children: OutlineSymbol[],
  ): OutlineSymbol {
    return {
      name: name === '' ? '""' : name,
      detail,
      kind,
      start: this.offset + Math.min(range[0], selection[0]),
      end: this.offset + Math.max(range[1], selection[1]),
      selectionStart: this.offset + selection[0],
      selectionEnd: this.offset + selection[1],
      children,
    };
  }
}

function scalar(map: YAMLMap, key: string): string | undefined {
  const node = map.get(key, true);
  return scalarValue(node);
}

function firstScalar(
  map: YAMLMap,
  keys: readonly string[],
): { key: string; text: string; range: [number, number] | undefined } | undefined {
  for (const key of keys) {
    const node = map.get(key, true);
    const text = scalarValue(node);
    if (text !== undefined) {
      return { key, text, range: nodeRange(node) };
    }
  }
  return undefined;
}

function detailOf(value: unknown): string {
  return oneLine(scalarValue(value) ?? '');
}

function oneLine(text: string): string {
  const first = text.trim().split('\n', 1)[0] ?? '';
  return first.length > 80 ? `${first.slice(0, 79)}…` : first;
}

/** A scalar's value as text (strings, numbers, booleans); undefined for anything else. */
function scalarValue(node: unknown): string | undefined {
  if (!isScalar(node)) {
    return undefined;
  }
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}
