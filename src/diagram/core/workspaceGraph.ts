import { actionsGraph } from './actionsGraph';
import { composeGraph } from './composeGraph';
import { mergeGraphs, type Graph } from './graphModel';
import { kubernetesGraph, type FactsSource } from './kubernetesGraph';
import { runbookGraph, type RunbookGraphOptions } from './runbookGraph';

/** Every YAML source of a folder's facts in one diagram: Kubernetes, Compose, GitHub Actions, runbooks. */
export function workspaceGraph(source: FactsSource, options: RunbookGraphOptions): Graph {
  return mergeGraphs([
    kubernetesGraph(source),
    composeGraph(source),
    actionsGraph(source),
    runbookGraph(source, options),
  ]);
}
