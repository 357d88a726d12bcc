import { posix } from 'node:path';
import * as vscode from 'vscode';
import { lineColumn, lineStarts } from '../common/lines';
import type { FolderFacts } from '../workspace/workspaceIndexes';
import { mergeGraphs, type Graph } from './core/graphModel';
import { terraformDiagramFromPlanText } from './core/terraformGraph';
import { workspaceGraph } from './core/workspaceGraph';
import type { FileFacts } from '../workspace/core/fileFacts';

/** What a diagram panel draws. */
export type DiagramSource =
  | { readonly kind: 'workspace' }
  /** The YAML files under a folder (recursively). */
  | { readonly kind: 'folder'; readonly uri: vscode.Uri }
  /** The YAML files of a file's folder (recursively), for "the active file". */
  | { readonly kind: 'file'; readonly uri: vscode.Uri }
  /** A plan JSON file (`terraform show -json`). */
  | { readonly kind: 'plan'; readonly uri: vscode.Uri };

/** Where a node of a YAML diagram is defined. */
export interface NodeLocation {
  readonly uri: vscode.Uri;
  /** 1-based. */
  readonly line?: number;
}

/** A built graph and, for YAML sources, where its nodes' files are. */
export interface BuiltDiagram {
  readonly graph: Graph;
  /** The workspace folder a node's `file` is relative to (by node id). */
  readonly folderOf: (id: string) => vscode.Uri | undefined;
}

/** The workspace facts a diagram reads (the editor's index). */
export interface FactsProvider {
  allFacts(): FolderFacts[];
  factsAt(uri: vscode.Uri): { facts: FolderFacts; relativePath: string } | undefined;
}

/**
 * The graph of the workspace's (or a folder's) YAML files, built by the core from the facts the
 * editor's index keeps, as the CLI's `graph` builds it from the facts of `check`.
 */
export function graphOfFacts(folders: readonly FolderFacts[], under?: string): BuiltDiagram {
  const folderOfNode = new Map<string, vscode.Uri>();
  const graphs = folders.map((facts) => {
    const files = new Map<string, FileFacts>();
    for (const [path, file] of facts.files) {
      if (under === undefined || under === '' || path.startsWith(`${under}/`)) {
        files.set(path, file);
      }
    }
    const graph = graphOfFolder(facts, files);
    for (const node of graph.nodes) {
      if (!folderOfNode.has(node.id)) {
        folderOfNode.set(node.id, facts.folder.uri);
      }
    }
    return graph;
  });
  return {
    graph: graphs.length === 1 && graphs[0] !== undefined ? graphs[0] : mergeGraphs(graphs),
    folderOf: (id) => folderOfNode.get(id),
  };
}

/** One folder's files (a subset of its facts) drawn by the core. */
export function graphOfFolder(facts: FolderFacts, files: ReadonlyMap<string, FileFacts>): Graph {
  const starts = new Map<string, number[]>();
  return workspaceGraph(
    {
      files,
      lineOf: (file, offset) => {
        let fileStarts = starts.get(file);
        if (fileStarts === undefined) {
          const text = facts.textOf(file);
          if (text === undefined) {
            return undefined;
          }
          fileStarts = lineStarts(text);
          starts.set(file, fileStarts);
        }
        return lineColumn(fileStarts, offset).line;
      },
    },
    { exists: facts.exists, runbookUrls: facts.runbookUrls },
  );
}

/** Builds the graph of a source (throws PlanReadError for a plan that cannot be read). */
export async function buildDiagram(
  source: DiagramSource,
  provider: FactsProvider,
): Promise<BuiltDiagram> {
  switch (source.kind) {
    case 'workspace':
      return graphOfFacts(provider.allFacts());
    case 'folder':
    case 'file': {
      const located = provider.factsAt(source.uri);
      if (located === undefined) {
        return { graph: { nodes: [], edges: [], problems: [] }, folderOf: () => undefined };
      }
      // Relative to the folder itself (asRelativePath of a workspace folder's root is not '').
      const relative = posix.relative(located.facts.folder.uri.path, source.uri.path);
      const under =
        source.kind === 'folder' ? relative : relative.split('/').slice(0, -1).join('/');
      return graphOfFacts([located.facts], under);
    }
    case 'plan': {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source.uri));
      const folder = vscode.workspace.getWorkspaceFolder(source.uri)?.uri;
      return {
        graph: terraformDiagramFromPlanText(text).graph,
        folderOf: () => folder,
      };
    }
  }
}
