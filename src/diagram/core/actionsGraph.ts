import { GraphBuilder, type Graph } from './graphModel';
import type { FactsSource } from './kubernetesGraph';

// The GitHub Actions diagram: one group per workflow file, its jobs, the jobs they `need`, and
// the reusable workflows they call (a local one is the workflow file's node, missing when the
// repository has no such file; another repository's is an external node). Jobs with a
// `strategy.matrix` are marked (`details.matrix`, and "(matrix)" in the label).

/** The id of a job node. */
export function jobNodeId(file: string, job: string): string {
  return `${file}#${job}`;
}

export function actionsGraph(source: FactsSource): Graph {
  const builder = new GraphBuilder();
  const workflowFiles = new Set(
    [...source.files].filter(([, facts]) => facts.workflows.length > 0).map(([path]) => path),
  );
  for (const [path, facts] of source.files) {
    for (const workflow of facts.workflows) {
      const group = path;
      const ids = new Set(workflow.jobs.map((j) => j.id));
      for (const job of workflow.jobs) {
        const line = source.lineOf?.(path, job.range[0]);
        builder.node({
          id: jobNodeId(path, job.id),
          kind: 'job',
          name: job.id,
          label: `${job.name ?? job.id}${job.matrix ? ' (matrix)' : ''}`,
          namespace: group,
          groupKind: 'workflow',
          file: path,
          ...(line === undefined ? {} : { line }),
          ...(job.matrix ? { details: { matrix: 'true' } } : {}),
        });
      }
      for (const job of workflow.jobs) {
        const from = jobNodeId(path, job.id);
        for (const need of job.needs) {
          const to = jobNodeId(path, need);
          if (!ids.has(need)) {
            builder.node({
              id: to,
              kind: 'job',
              name: need,
              namespace: group,
              groupKind: 'workflow',
              missing: true,
            });
          }
          builder.edge(from, to, 'needs');
        }
        const uses = job.uses?.value;
        if (uses === undefined) {
          continue;
        }
        if (uses.startsWith('./')) {
          const target = uses.slice(2).replace(/@.*$/, '');
          builder.node({
            id: `workflow:${target}`,
            kind: 'workflow',
            name: target,
            file: target,
            ...(workflowFiles.has(target) ? {} : { missing: true }),
          });
          builder.edge(from, `workflow:${target}`, 'calls');
        } else {
          builder.node({ id: `workflow:${uses}`, kind: 'workflow', name: uses, external: true });
          builder.edge(from, `workflow:${uses}`, 'calls');
        }
      }
    }
  }
  return builder.build();
}
