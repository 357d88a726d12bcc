import { applyOptions, type DiagramOptions } from './diagramOptions';
import { diagramView, type DiagramView } from './diagramView';
import { formatGraphDot, needsFastLayout } from './formatGraph';
import type { Graph } from './graphModel';
import { layoutDot, type LayoutOptions } from './layout';

// From a built graph and the view options to the picture the webview draws: the options applied
// (core/diagramOptions.ts), the DOT (cheaper attributes for big graphs), the layout in its worker
// and the view. The diagram panel and the bench both go through here.

/** The view of `graph` with `options`; throws the layout's LayoutBudgetError or LayoutError. */
export async function layoutDiagram(
  graph: Graph,
  options: DiagramOptions,
  layoutOptions: LayoutOptions,
): Promise<{ readonly view: DiagramView; readonly layoutMs: number; readonly fast: boolean }> {
  const applied = applyOptions(graph, options);
  const extra = {
    total: { nodes: graph.nodes.length, edges: graph.edges.length },
    choices: {
      kinds: applied.kinds,
      actions: applied.actions,
      allGroups: applied.allGroups,
      groups: applied.groups,
      options,
    },
    ...(applied.note === undefined ? {} : { note: applied.note }),
  };
  if (applied.graph.nodes.length === 0) {
    const empty = { width: 0, height: 0, nodes: [], edges: [], clusters: [] };
    return { view: diagramView(applied.graph, empty, extra), layoutMs: 0, fast: false };
  }
  const fast = needsFastLayout(applied.graph);
  const { layout, layoutMs } = await layoutDot(
    formatGraphDot(applied.graph, { edgeLabels: false, fast }),
    layoutOptions,
  );
  return { view: diagramView(applied.graph, layout, extra), layoutMs, fast };
}
