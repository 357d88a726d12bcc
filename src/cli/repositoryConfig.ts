import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../common/describeError';
import { lineColumn, lineStarts } from '../common/lines';
import {
  readRepoConfig,
  repoConfigFile,
  type RunbookUrlMapping,
  type SchemaMapping,
} from '../validation/core/schemaOverrides';
import { toRelativeKey } from '../workspace/core/discoverFiles';
import type { CliIo } from './runCli';

/** What `check` and `graph` take from the repository config. */
export interface CliRepositoryConfig {
  readonly mappings: SchemaMapping[];
  readonly runbookUrls: RunbookUrlMapping[];
}

/**
 * The schema mappings and runbook URL prefixes of the repository config: `explicit` (`--config`,
 * relative to the working directory, which must exist) or `.infra-workbench.yaml` at `root`
 * (none there: empty, content decides). Undefined, with the problems on stderr by line and
 * column, when it cannot be read or is broken.
 */
export async function loadRepositoryConfig(
  root: string,
  io: CliIo,
  explicit?: string,
): Promise<CliRepositoryConfig | undefined> {
  const file =
    explicit === undefined ? path.join(root, repoConfigFile) : path.resolve(io.cwd, explicit);
  if (explicit === undefined && !existsSync(file)) {
    return { mappings: [], runbookUrls: [] };
  }
  const shown = toRelativeKey(io.cwd, file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`infra-workbench: ${shown}: cannot read: ${describeError(error)}\n`);
    return undefined;
  }
  const config = readRepoConfig(text);
  if (config.problems.length > 0) {
    const starts = lineStarts(text);
    for (const p of config.problems) {
      const at = lineColumn(starts, p.start);
      io.err(`infra-workbench: ${shown}:${at.line}:${at.column}: ${p.message}\n`);
    }
    return undefined;
  }
  return { mappings: config.mappings, runbookUrls: config.runbookUrls };
}
