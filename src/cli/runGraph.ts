import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeError } from '../common/describeError';
import { lineColumn, lineStarts } from '../common/lines';
import { formatGraphDot, formatGraphJson, formatGraphMermaid } from '../diagram/core/formatGraph';
import { DotSyntaxError } from '../diagram/core/dotParser';
import { findCycles, mergeGraphs, type Graph } from '../diagram/core/graphModel';
import { terraformGraphFromDot } from '../diagram/core/terraformDotGraph';
import { terraformDiagramFromPlanText } from '../diagram/core/terraformGraph';
import { workspaceGraph } from '../diagram/core/workspaceGraph';
import { PlanReadError } from '../plan/core/readPlanJson';
import { defaultKubernetesVersion } from '../validation/core/kubernetesSchemas';
import { MissingPathError } from '../workspace/core/discoverFiles';
import type { FileFacts } from '../workspace/core/fileFacts';
import { IndexCodes } from '../workspace/core/workspaceIndex';
import { indexFiles, repositoryRoot, shownFrom } from './gatherProblems';
import { loadRepositoryConfig } from './repositoryConfig';
import type { CliIo } from './runCli';
import { compareCodeUnits } from '../common/compareText';

export const graphUsage = `Usage: infra-workbench graph [paths...] [--plan <plan.json>] [--dot <file.dot>]
                            [--format dot|mermaid|json]

Draws what depends on what: Kubernetes manifests, Compose files, GitHub Actions workflows and
runbooks under the paths (default: . unless --plan or --dot is given), the resources of a
Terraform/OpenTofu plan (\`terraform show -json\`, coloured by planned action) and the graph of
\`terraform graph\` output. --plan and --dot may be repeated.

  --format dot|mermaid|json   Output (default: dot). json is
                              {"nodes":[{"id","kind","name","namespace","file","line","action","missing"}],
                               "edges":[{"from","to","kind"}]}

Files are found from the repository root, as check finds them (.gitignore, .infra-workbench.yaml):
ids name files relative to the root, "file" is relative to the working directory.
Files that cannot be parsed are named on stderr and the rest is drawn; cycles are listed on
stderr. Exit codes: 0 drawn, 2 usage error or an input that cannot be read or parsed.
`;

const graphFormats = ['dot', 'mermaid', 'json'] as const;
type GraphFormat = (typeof graphFormats)[number];

/** `graph`: the arguments after the word `graph`. Resolves to the exit code. */
export async function runGraph(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        plan: { type: 'string', multiple: true, default: [] },
        dot: { type: 'string', multiple: true, default: [] },
        format: { type: 'string', default: 'dot' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`infra-workbench: ${describeError(error)}\n\n${graphUsage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(graphUsage);
    return 0;
  }
  const format = values.format;
  if (!(graphFormats as readonly string[]).includes(format)) {
    io.err(`infra-workbench: --format of graph must be dot, mermaid or json, not '${format}'\n`);
    return 2;
  }
  const graphs: Graph[] = [];
  let failed = false;
  const shown = (file: string): string => path.relative(io.cwd, path.resolve(io.cwd, file)) || file;

  const paths = positionals.length > 0 ? positionals : [];
  if (paths.length === 0 && values.plan.length === 0 && values.dot.length === 0) {
    paths.push('.');
  }
  if (paths.length > 0) {
    const yaml = await yamlGraph(paths, io);
    if (yaml === undefined) {
      return 2;
    }
    graphs.push(yaml.graph);
    failed ||= yaml.failed;
  }
  for (const file of values.plan) {
    const text = await readText(file, io);
    if (text === undefined) {
      failed = true;
      continue;
    }
    try {
      graphs.push(terraformDiagramFromPlanText(text).graph);
    } catch (error) {
      if (!(error instanceof PlanReadError)) {
        throw error;
      }
      io.err(`infra-workbench: ${shown(file)}: ${error.message}\n`);
      failed = true;
    }
  }
  for (const file of values.dot) {
    const text = await readText(file, io);
    if (text === undefined) {
      failed = true;
      continue;
    }
    try {
      graphs.push(terraformGraphFromDot(text, shown(file)));
    } catch (error) {
      if (!(error instanceof DotSyntaxError)) {
        throw error;
      }
      io.err(`infra-workbench: ${shown(file)}:${error.line}:${error.column}: ${error.reason}\n`);
      failed = true;
    }
  }
  const graph = mergeGraphs(graphs);
  if (graph.nodes.length === 0) {
    io.err(
      'infra-workbench: the graph is empty: no Kubernetes resources, Compose services, workflow jobs, runbooks or Terraform resources found\n',
    );
  }
  for (const cycle of findCycles(graph)) {
    io.err(`infra-workbench: cycle: ${[...cycle, cycle[0] ?? ''].join(' -> ')}\n`);
  }
  io.out(formatOf(graph, format as GraphFormat));
  return failed ? 2 : 0;
}

function formatOf(graph: Graph, format: GraphFormat): string {
  switch (format) {
    case 'dot':
      return formatGraphDot(graph);
    case 'mermaid':
      return formatGraphMermaid(graph);
    case 'json':
      return formatGraphJson(graph);
  }
}

async function readText(file: string, io: CliIo): Promise<string | undefined> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    io.err(
      `infra-workbench: ${path.relative(io.cwd, path.resolve(io.cwd, file)) || file}: cannot read: ${describeError(error)}\n`,
    );
    return undefined;
  }
}

/**
 * The YAML files under `paths`, indexed as `check` indexes them (same repository root, same
 * discovery, classification and facts), drawn; files that cannot be read or parsed are named on
 * stderr. Node ids are the same wherever it runs from (built from paths relative to the root);
 * the files of nodes and messages are relative to the working directory, as `check` reports them.
 */
async function yamlGraph(
  paths: readonly string[],
  io: CliIo,
): Promise<{ graph: Graph; failed: boolean } | undefined> {
  const root = repositoryRoot(paths, io.cwd) ?? io.cwd;
  const shown = shownFrom(io.cwd, root);
  const config = await loadRepositoryConfig(root, io);
  if (config === undefined) {
    return undefined;
  }
  let index;
  try {
    index = await indexFiles(paths, {
      cwd: io.cwd,
      root,
      schemasDir: io.schemasDir,
      cacheDir:
        io.cacheDir ??
        path.join(
          process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'),
          'infra-workbench',
          'schemas',
        ),
      kubernetesVersion: defaultKubernetesVersion,
      mappings: config.mappings,
      offline: true,
    });
  } catch (error) {
    if (error instanceof MissingPathError) {
      io.err(
        `infra-workbench: ${path.relative(io.cwd, error.missingPath) || error.missingPath}: no such file or directory\n`,
      );
      return undefined;
    }
    throw error;
  }
  const files = new Map<string, FileFacts>();
  const starts = new Map<string, number[]>();
  let failed = false;
  const indexed = [...index.files()].sort((a, b) => compareCodeUnits(a.path, b.path));
  for (const file of indexed) {
    const problems = index.problemsOf(file.path);
    const unreadable = problems.find((p) => p.code === IndexCodes.unreadableFile);
    if (unreadable !== undefined) {
      io.err(`infra-workbench: ${shown(file.path)}: ${unreadable.message}\n`);
      failed = true;
      continue;
    }
    const syntax = problems.find((p) => p.source === 'yaml' && p.code === 'syntax');
    if (syntax !== undefined) {
      const at = lineColumn(lineStarts(file.text), syntax.start);
      io.err(
        `infra-workbench: ${shown(file.path)}:${at.line}:${at.column}: cannot parse (${syntax.message}); the documents that parse are drawn\n`,
      );
    }
    if (file.facts !== undefined) {
      files.set(file.path, file.facts);
    }
  }
  const graph = workspaceGraph(
    {
      files,
      lineOf: (file, offset) => {
        let fileStarts = starts.get(file);
        if (fileStarts === undefined) {
          const text = index.get(file)?.text;
          if (text === undefined) {
            return undefined;
          }
          fileStarts = lineStarts(text);
          starts.set(file, fileStarts);
        }
        return lineColumn(fileStarts, offset).line;
      },
    },
    { exists: (file) => index.exists(file), runbookUrls: config.runbookUrls },
  );
  if (root === io.cwd) {
    return { graph, failed };
  }
  return {
    graph: {
      ...graph,
      nodes: graph.nodes.map((n) => (n.file === undefined ? n : { ...n, file: shown(n.file) })),
    },
    failed,
  };
}
