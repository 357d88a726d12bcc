import { GraphBuilder, type Graph } from './graphModel';
import type { FactsSource } from './kubernetesGraph';

// The Compose diagram: one group per Compose file (named by its top-level `name`, else the
// file), its services, the services they `depends_on` (with the condition on the edge), the
// networks they join and the named volumes they mount. A dependency, network or volume the file
// does not define is a `missing` node (the `default` network always exists).

/** The id of a Compose node: the file, then what it is. */
export function composeNodeId(file: string, what: string): string {
  return `compose:${file}/${what}`;
}

export function composeGraph(source: FactsSource): Graph {
  const builder = new GraphBuilder();
  for (const [path, facts] of source.files) {
    for (const project of facts.compose) {
      const group = project.name ?? path;
      const services = new Set(project.services.map((s) => s.name));
      const declaredNetworks = new Set(project.networks);
      const declaredVolumes = new Set(project.volumes);
      const other = (kind: 'network' | 'volume', name: string, declared: boolean): string =>
        builder.node({
          id: composeNodeId(path, `${kind}:${name}`),
          kind,
          name,
          label: `${kind} ${name}`,
          namespace: group,
          groupKind: 'compose',
          file: path,
          ...(declared ? {} : { missing: true }),
        });
      for (const service of project.services) {
        const line = source.lineOf?.(path, service.range[0]);
        builder.node({
          id: composeNodeId(path, service.name),
          kind: 'service',
          name: service.name,
          namespace: group,
          groupKind: 'compose',
          file: path,
          ...(line === undefined ? {} : { line }),
          ...(service.image === undefined ? {} : { details: { image: service.image } }),
        });
      }
      for (const service of project.services) {
        const from = composeNodeId(path, service.name);
        for (const dependency of service.dependsOn) {
          const to = composeNodeId(path, dependency);
          if (!services.has(dependency)) {
            builder.node({
              id: to,
              kind: 'service',
              name: dependency,
              namespace: group,
              groupKind: 'compose',
              missing: true,
            });
          }
          builder.edge(from, to, 'depends-on', service.dependsOnConditions[dependency]);
        }
        for (const network of service.networks) {
          builder.edge(
            from,
            other('network', network, network === 'default' || declaredNetworks.has(network)),
            'network',
          );
        }
        for (const volume of service.volumes) {
          builder.edge(from, other('volume', volume, declaredVolumes.has(volume)), 'volume');
        }
      }
    }
  }
  return builder.build();
}
