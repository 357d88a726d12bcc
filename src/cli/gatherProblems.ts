import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeText, type DecodedText } from '../common/decodeText';
import { describeError } from '../common/describeError';
import { lineStarts } from '../common/lines';
import { parseYaml } from '../common/yamlModel';
import { CustomSchemas } from '../validation/core/customSchemas';
import {
  findModelines,
  SchemaMappings,
  type SchemaMapping,
} from '../validation/core/schemaOverrides';
import { defaultMaxFileSize, YamlValidator } from '../validation/core/yamlValidator';
import {
  locateProblem,
  type FileProblem,
  type GatheredProblems,
  type UnreadableFile,
} from './checkReport';

/** How far gathering is, for a progress line. */
export interface GatherProgress {
  readonly phase: 'reading' | 'checking';
  readonly done: number;
  readonly total: number;
}

/** What {@link gatherProblems} validates with. */
export interface GatherOptions {
  /** Paths in the results are relative to this folder. */
  readonly cwd: string;
  /** The bundled schemas. */
  readonly schemasDir: string;
  /** Where fetched schemas are cached. */
  readonly cacheDir: string;
  readonly kubernetesVersion: string;
  /** Glob mappings of the repository config (`--config`). */
  readonly mappings: readonly SchemaMapping[];
  /** Never fetch remote schemas. */
  readonly offline: boolean;
  readonly onProgress?: (progress: GatherProgress) => void;
}

/** Files read at once: enough to keep the disk busy, few enough to stay far from fd limits. */
const readConcurrency = 16;

/**
 * Reads and validates `files` (absolute paths, in the order to report) the way the editor does:
 * the CRDs among them describe the custom resources among them, and remote schemas named by
 * mappings and modelines are fetched (or revalidated) first. A file that cannot be read is
 * listed in `unreadable` and the others are still checked. Never throws for a file's content.
 */
export async function gatherProblems(
  files: readonly string[],
  options: GatherOptions,
): Promise<GatheredProblems> {
  const customSchemas = new CustomSchemas({
    baseDir: options.cwd,
    cacheDir: options.cacheDir,
    allowRemote: !options.offline,
  });
  const validator = new YamlValidator({
    schemasDir: options.schemasDir,
    kubernetesVersion: options.kubernetesVersion,
    mappings: new SchemaMappings(options.mappings),
    customSchemas,
    maxFileSize: defaultMaxFileSize,
  });
  const relativeOf = (file: string): string =>
    (path.relative(options.cwd, file) || file).split(path.sep).join('/');

  const read = await readAll(files, (done) =>
    options.onProgress?.({ phase: 'reading', done, total: files.length }),
  );
  const texts: { file: string; decoded: DecodedText }[] = [];
  const unreadable: UnreadableFile[] = [];
  read.forEach((result, index) => {
    const file = relativeOf(files[index] ?? '');
    if ('reason' in result) {
      unreadable.push({ file, reason: result.reason });
      return;
    }
    const decoded = decodeText(result.bytes);
    texts.push({ file, decoded });
    // Custom resources are checked against the CRDs among the files given.
    if (decoded.problem === undefined && decoded.text.includes('CustomResourceDefinition')) {
      validator.setCrdSource(file, decoded.text);
    }
  });
  await customSchemas.prefetch([
    ...options.mappings.flatMap((m) => (m.target.kind === 'schema' ? [m.target.ref] : [])),
    ...texts.flatMap(({ decoded }) =>
      findModelines(decoded.text).flatMap((m) =>
        m.target.kind === 'schema' ? [m.target.ref] : [],
      ),
    ),
  ]);

  const problems: FileProblem[] = [];
  let documents = 0;
  texts.forEach(({ file, decoded }, index) => {
    options.onProgress?.({ phase: 'checking', done: index, total: texts.length });
    const { text } = decoded;
    const result =
      decoded.problem === undefined
        ? validator.validate(file, text)
        : { validated: false, problems: [decoded.problem] };
    // The validator parsed (and cached) the model of every text it did not refuse as unreadable.
    if (result.validated && text.length <= defaultMaxFileSize && !text.includes('\0')) {
      documents += parseYaml(text).documents.length;
    }
    const starts = lineStarts(text);
    for (const p of result.problems) {
      problems.push(locateProblem(file, starts, p));
    }
  });
  options.onProgress?.({ phase: 'checking', done: texts.length, total: texts.length });
  return { files: texts.length, documents, problems, unreadable };
}

type ReadResult = { readonly bytes: Uint8Array } | { readonly reason: string };

/** Reads every file, a few at a time, keeping the order; what cannot be read gives a reason. */
async function readAll(
  files: readonly string[],
  onRead: (done: number) => void,
): Promise<ReadResult[]> {
  const results: ReadResult[] = new Array<ReadResult>(files.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      results[index] = await readOne(files[index] ?? '');
      onRead(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(readConcurrency, files.length) }, worker));
  return results;
}

async function readOne(file: string): Promise<ReadResult> {
  try {
    // A FIFO or device named on the command line would block a read forever: only files are read.
    const info = await stat(file);
    if (!info.isFile()) {
      return { reason: 'not a regular file' };
    }
    return { bytes: await readFile(file) };
  } catch (error) {
    return { reason: describeError(error) };
  }
}
