import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeText } from '../../common/decodeText';
import { describeError } from '../../common/describeError';
import type { Problem } from '../../common/problem';
import { forgetParse, parseOnce, parseYaml } from '../../common/yamlModel';
import type { YamlValidator } from '../../validation/core/yamlValidator';
import { crossFileProblems, type CrossFileOptions } from './crossFileChecks';
import { discoverFiles, MissingPathError, type DiscoveryFileSystem } from './discoverFiles';
import { brokenJsonFacts, extractFileFacts, type FileFacts } from './fileFacts';
import { inspectJson, jsonSyntaxError } from './jsonFiles';

/** One YAML file of the index: its text, what validating it found and what it defines. */
export interface IndexedFile {
  /** Relative to the index's root, forward slashes. */
  readonly path: string;
  /** The text validated: an open editor's, else the file's on disk (decoded). */
  readonly text: string;
  /** YAML documents in the file. */
  readonly documents: number;
  /** The file's own problems (syntax, schema, format checks), offsets into `text`. */
  readonly problems: readonly Problem[];
  /** Resource identities and references, for cross-file checks; undefined when not validated. */
  readonly facts: FileFacts | undefined;
}

/** Totals over the index, for the status bar and the CLI summary. */
export interface IndexSummary {
  readonly files: number;
  readonly documents: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface WorkspaceIndexOptions {
  /** The folder whose files are indexed; paths are relative to it. */
  readonly root: string;
  /** Glob patterns (relative to root) of files and folders never indexed. */
  readonly exclude: readonly string[];
  readonly crossFile: CrossFileOptions;
  /** Reads a file's bytes (default: the file system); tests and virtual file systems pass their own. */
  readonly readFile?: (absolutePath: string) => Promise<Uint8Array>;
  /** How folders are listed (default: node's asynchronous calls; the CLI passes synchronous ones). */
  readonly discovery?: DiscoveryFileSystem;
  /**
   * Which files are validated (default: all). The others are read for their facts only, so that
   * the cross-file checks of the validated ones see the whole repository (`check k8s/` still
   * finds the ConfigMaps and runbooks elsewhere); their own problems are not looked for.
   */
  readonly validates?: (relativePath: string) => boolean;
  /**
   * Which files' parses stay cached once validated: `all` (the default), `open` (files with
   * editor text: the editor, where an edit re-parses only the document it touches and a closed
   * file is parsed again only when a CRD changes) or `none` (the CLI reads every file once).
   */
  readonly keepParses?: 'all' | 'open' | 'none';
}

/** A file to validate, as {@link fileResult} takes it. */
interface FileToValidate {
  readonly path: string;
  readonly text: string;
  /** Named on its own to the scan: validated whatever its extension and content. */
  readonly named: boolean;
  /** False: read for its facts only (see {@link WorkspaceIndexOptions.validates}). */
  readonly validate: boolean;
}

/** What validating one file found: plain data. */
type FileResult = Pick<IndexedFile, 'documents' | 'problems' | 'facts'>;

/**
 * Validates one file's text and reads its facts: what the index keeps of it. Never throws: a
 * checker's failure becomes the file's problem.
 */
function fileResult(validator: YamlValidator, file: FileToValidate): FileResult {
  const { path: relativePath, text } = file;
  const brokenJson = isJson(relativePath) ? jsonSyntaxError(text) : undefined;
  if (brokenJson !== undefined && !file.named) {
    // Not checked as YAML (its own problem is reported where JSON is expected, e.g. a dashboard folder).
    return { documents: 0, problems: [], facts: brokenJsonFacts(relativePath, brokenJson) };
  }
  if (!file.validate) {
    return { documents: 0, problems: [], facts: factsOnly(validator, relativePath, text) };
  }
  try {
    const result = validator.validate(relativePath, text);
    if (
      result.validated &&
      !result.problems.some((p) => p.code === 'file-too-large' || p.code === 'binary-file')
    ) {
      const model = parseYaml(text);
      return {
        documents: model.documents.length,
        problems: result.problems,
        facts: extractFileFacts(
          relativePath,
          model,
          result.formats ?? validator.formatsOf(relativePath, text),
        ),
      };
    }
    return { documents: 0, problems: result.problems, facts: undefined };
  } catch (error) {
    // A bug in one checker must not stop the index: the file says what happened.
    return {
      documents: 0,
      problems: [
        {
          code: IndexCodes.internalError,
          severity: 'error',
          source: 'yaml',
          message: `Infra Workbench failed on this file: ${describeError(error)}. Please report it.`,
          start: 0,
          end: 0,
        },
      ],
      facts: undefined,
    };
  }
}

/** The facts of a file that is not validated (see {@link WorkspaceIndexOptions.validates}). */
function factsOnly(
  validator: YamlValidator,
  relativePath: string,
  text: string,
): FileFacts | undefined {
  try {
    return validator.readsAsYaml(relativePath, text)
      ? extractFileFacts(relativePath, parseYaml(text), validator.formatsOf(relativePath, text))
      : undefined;
  } catch {
    return undefined; // its own check would report this; here it only lends its facts
  }
}

/** Codes of the problems the index itself reports (source `yaml`). */
export const IndexCodes = {
  /** The file exists but could not be read (permissions, not a regular file). */
  unreadableFile: 'unreadable-file',
  /** A checker failed on the file: a bug of ours, reported instead of crashing. */
  internalError: 'internal-error',
} as const;

/** Progress of a scan or a re-validation: files done so far of total. */
export type ProgressListener = (done: number, total: number) => void;

/** Lets long work give way (to typing, to other events); the editor passes a short timer. */
export type Yielder = () => Promise<void>;

/** What reading one file gave. */
type ReadOutcome =
  { readonly bytes: Uint8Array } | { readonly error: unknown } | { readonly skipped: true };

/** Files a scan reads ahead of the one it stores. */
const readsAhead = 16;

/** How long a batch of work may run before {@link Yielder} is called. */
const sliceMs = 12;

const isYaml = (relativePath: string): boolean => /\.ya?ml$/i.test(relativePath);

/** JSON files are read too: the Kubernetes manifests and Grafana dashboards among them are validated ({@link inspectJson}). */
const isJson = (relativePath: string): boolean => /\.json$/i.test(relativePath);

const isRead = (relativePath: string): boolean => isYaml(relativePath) || isJson(relativePath);

/**
 * The infrastructure files of one folder, parsed, classified and validated once, kept current
 * incrementally: the editor feeds it file system events and open documents' text, the CLI
 * scans once. Holds each file's own problems and the cross-file problems computed over every
 * file's facts (a Service selector that matches nothing, a runbook that does not exist).
 *
 * Contract:
 * - {@link scan} finds the files (`.gitignore` and `exclude` honoured), reads the YAML ones and
 *   validates them, reporting progress and yielding between slices of work;
 * - {@link setEditorText} / {@link refreshFromDisk} / {@link remove} change one file; work is
 *   queued and done by {@link settle} (the editor validates the file being typed in at once with
 *   {@link validateNow});
 * - {@link takeChanges} tells which files' problems changed since it was last called, so the
 *   caller republishes only those;
 * - a CRD added, changed or removed re-validates every file (custom resources depend on it);
 * - never throws for a file: unreadable files get a problem of their own.
 */
export class WorkspaceIndex {
  private readonly yamlFiles = new Map<string, IndexedFile>();
  /** Every file found (any extension): cross-file checks look runbooks and actions up here. */
  private readonly allFiles = new Set<string>();
  /** Texts of open documents: they win over the disk until the editor lets go. */
  private readonly editorTexts = new Map<string, string>();
  /** Texts waiting to be validated (undefined: the file's problem is already set). */
  private readonly stale = new Set<string>();
  private readonly changed = new Set<string>();
  /** Files whose bytes are not text to validate (binary, unreadable): their problem is final. */
  private readonly undecodable = new Set<string>();
  /** Files named to {@link scan} on their own: validated whatever they hold. */
  private readonly named = new Set<string>();
  private cross = new Map<string, Problem[]>();
  private crossDirty = true;
  private factsRevision = 0;
  private settling: Promise<void> | undefined;
  private readonly read: (absolutePath: string) => Promise<Uint8Array>;
  private crossFileOptions: CrossFileOptions;

  constructor(
    private readonly options: WorkspaceIndexOptions,
    private validator: YamlValidator,
  ) {
    this.read = options.readFile ?? ((p) => readFile(p));
    this.crossFileOptions = options.crossFile;
  }

  get root(): string {
    return this.options.root;
  }

  /**
   * Finds and validates every file below the root (or below `within`, paths relative to the
   * root); files no longer there are forgotten. Resolves when everything is validated.
   */
  async scan(
    options: {
      within?: readonly string[];
      onProgress?: ProgressListener;
      pause?: Yielder;
      /** Called once every file was read, before any is validated (the CLI fetches remote schemas here). */
      beforeValidating?: (files: readonly IndexedFile[]) => Promise<void>;
    } = {},
  ): Promise<{ readonly unreadableFolders: readonly { path: string; reason: string }[] }> {
    const found = await discoverFiles({
      root: this.options.root,
      within: options.within,
      exclude: this.options.exclude,
      fileSystem: this.options.discovery,
    });
    const present = new Set(found.files);
    for (const known of [...this.allFiles]) {
      if (!present.has(known)) {
        this.remove(known);
      }
    }
    // Files named on their own are validated whatever their extension.
    const given = new Set(found.given);
    for (const file of given) {
      this.named.add(file);
    }
    const yaml = found.files.filter((f) => isRead(f) || given.has(f));
    const total = yaml.length;
    let sliceStart = Date.now();
    for (const file of found.files) {
      this.allFiles.add(file);
    }
    // Read everything first: CRDs anywhere must be known before custom resources are validated.
    // Reads run a few files ahead (the disk and the thread pool work while a text is decoded),
    // and are stored in order, so the index is the same as after reading one by one.
    const reads: (Promise<ReadOutcome> | undefined)[] = [];
    const readAhead = (i: number): void => {
      const file = yaml[i];
      if (file !== undefined) {
        reads[i] = this.readFile(file);
      }
    };
    for (let i = 0; i < readsAhead; i++) {
      readAhead(i);
    }
    for (let i = 0; i < yaml.length; i++) {
      const file = yaml[i] ?? '';
      const outcome = await (reads[i] ?? this.readFile(file));
      reads[i] = undefined;
      readAhead(i + readsAhead);
      this.storeRead(file, outcome);
      if (options.pause !== undefined && Date.now() - sliceStart > sliceMs) {
        await options.pause();
        sliceStart = Date.now();
      }
    }
    this.factsChanged();
    await options.beforeValidating?.([...this.yamlFiles.values()]);
    await this.settle({
      pause: options.pause,
      // Files that need no validation (binary, unreadable) count as done.
      onProgress: () => {
        options.onProgress?.(Math.max(0, total - this.stale.size), total);
      },
    });
    return { unreadableFolders: found.unreadable };
  }

  /** Changes how the cross-file checks behave (settings, the repository config). */
  setCrossFileOptions(options: CrossFileOptions): void {
    this.crossFileOptions = options;
    this.factsChanged();
  }

  /** Replaces the validator (settings changed); every file is validated again by {@link settle}. */
  setValidator(validator: YamlValidator): void {
    this.validator = validator;
    for (const file of this.yamlFiles.values()) {
      this.validator.setCrdSource(file.path, file.text);
    }
    this.markAllStale();
  }

  /** The text of an open document (undefined: closed; the disk's text counts again, see {@link refreshFromDisk}). */
  setEditorText(relativePath: string, text: string | undefined): void {
    if (text === undefined) {
      this.editorTexts.delete(relativePath);
      return;
    }
    this.editorTexts.set(relativePath, text);
    this.allFiles.add(relativePath);
    this.setText(relativePath, text, []);
  }

  /**
   * Reads a file again after it was created or changed on disk (a missing file is removed). A
   * folder is walked: a watcher may report only a new folder when files appear in it at once
   * (a checkout, a folder copied in), before it watches the folder itself.
   */
  async refreshFromDisk(relativePath: string): Promise<void> {
    const info = await stat(path.join(this.options.root, relativePath)).catch((error: unknown) =>
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined,
    );
    if (info === 'gone') {
      this.remove(relativePath); // and whatever was below it
      return;
    }
    if (info?.isDirectory() === true) {
      await this.refreshFolderFromDisk(relativePath);
      return;
    }
    this.allFiles.add(relativePath);
    if (!isRead(relativePath)) {
      this.factsChanged(); // a runbook (.md) or action that appeared
      return;
    }
    await this.loadFromDisk(relativePath);
  }

  private async refreshFolderFromDisk(relativePath: string): Promise<void> {
    let found;
    try {
      found = await discoverFiles({
        root: this.options.root,
        within: [relativePath],
        exclude: this.options.exclude,
        fileSystem: this.options.discovery,
      });
    } catch (error) {
      if (error instanceof MissingPathError) {
        this.remove(relativePath); // gone again before it was walked
        return;
      }
      throw error;
    }
    const present = new Set(found.files);
    const prefix = `${relativePath}/`;
    for (const known of [...this.allFiles]) {
      if (known.startsWith(prefix) && !present.has(known)) {
        this.remove(known);
      }
    }
    for (const file of found.files) {
      this.allFiles.add(file);
      if (isRead(file)) {
        await this.loadFromDisk(file);
      }
    }
    this.factsChanged();
  }

  /** Forgets a deleted file (or every file below a deleted folder). */
  remove(relativePath: string): void {
    const prefix = `${relativePath}/`;
    for (const file of [...this.allFiles]) {
      if (file === relativePath || file.startsWith(prefix)) {
        this.allFiles.delete(file);
        this.editorTexts.delete(file);
        this.stale.delete(file);
        this.undecodable.delete(file);
        if (this.yamlFiles.delete(file)) {
          this.changed.add(file);
          this.updateCrds(file, undefined);
        }
        this.factsChanged();
      }
    }
  }

  /** Drops a file's text and problems but keeps it among the files that exist. */
  private forgetText(relativePath: string): void {
    this.stale.delete(relativePath);
    this.undecodable.delete(relativePath);
    if (this.yamlFiles.delete(relativePath)) {
      this.changed.add(relativePath);
      this.updateCrds(relativePath, undefined);
      this.factsChanged();
    }
  }

  /** Validates one queued file at once (the one being typed in); the rest waits for {@link settle}. */
  validateNow(relativePath: string): void {
    if (this.stale.delete(relativePath)) {
      this.validateFile(relativePath);
    }
  }

  /**
   * Validates every queued file, yielding between slices, then recomputes the cross-file
   * problems. Concurrent calls share the work.
   */
  settle(
    options: { onProgress?: (done: number) => void; pause?: Yielder | undefined } = {},
  ): Promise<void> {
    this.settling ??= this.settleQueue(options).finally(() => {
      this.settling = undefined;
    });
    return this.settling;
  }

  /** Files whose problems (own or cross-file) changed since the last call. */
  takeChanges(): Set<string> {
    this.updateCrossFile();
    const changes = new Set(this.changed);
    this.changed.clear();
    return changes;
  }

  /** The indexed YAML file at a path. */
  get(relativePath: string): IndexedFile | undefined {
    return this.yamlFiles.get(relativePath);
  }

  /** A file's facts as read from its current text; none while it waits to be validated (or for a file without). */
  currentFacts(relativePath: string): FileFacts | undefined {
    return this.stale.has(relativePath) ? undefined : this.yamlFiles.get(relativePath)?.facts;
  }

  /** Every indexed YAML file. */
  files(): IterableIterator<IndexedFile> {
    return this.yamlFiles.values();
  }

  /** Whether any file (not only YAML) exists at a path relative to the root. */
  exists(relativePath: string): boolean {
    return this.allFiles.has(relativePath);
  }

  /** A file's own problems and its cross-file problems, by offset. */
  problemsOf(relativePath: string): Problem[] {
    this.updateCrossFile();
    const own = this.yamlFiles.get(relativePath)?.problems ?? [];
    const cross = this.cross.get(relativePath) ?? [];
    return cross.length === 0
      ? [...own]
      : [...own, ...cross].sort((a, b) => a.start - b.start || a.end - b.end);
  }

  summary(): IndexSummary {
    this.updateCrossFile();
    let documents = 0;
    let errors = 0;
    let warnings = 0;
    let files = 0;
    for (const file of this.yamlFiles.values()) {
      const problems = this.problemsOf(file.path);
      if (file.facts?.jsonSyntaxError !== undefined && problems.length === 0) {
        continue; // JSON that is not JSON is only checked where JSON is loaded (a dashboard folder)
      }
      files++;
      documents += file.documents;
      for (const p of problems) {
        if (p.severity === 'error') errors++;
        else if (p.severity === 'warning') warnings++;
      }
    }
    return { files, documents, errors, warnings };
  }

  private async loadFromDisk(relativePath: string): Promise<void> {
    this.storeRead(relativePath, await this.readFile(relativePath));
  }

  /** A file's bytes, or why they could not be read; never rejects (an open document's text wins: not read). */
  private async readFile(relativePath: string): Promise<ReadOutcome> {
    if (this.editorTexts.has(relativePath)) {
      return { skipped: true };
    }
    try {
      return { bytes: await this.read(path.join(this.options.root, relativePath)) };
    } catch (error) {
      return { error };
    }
  }

  /** Stores what reading a file gave (see {@link readFile}). */
  private storeRead(relativePath: string, outcome: ReadOutcome): void {
    if ('skipped' in outcome || this.editorTexts.has(relativePath)) {
      return; // the open document's text wins (opened while we were reading, maybe)
    }
    if ('error' in outcome) {
      const error = outcome.error;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.remove(relativePath);
        return;
      }
      this.setText(relativePath, '', [
        {
          code: IndexCodes.unreadableFile,
          severity: 'error',
          source: 'yaml',
          message: `Cannot read the file: ${describeError(error)}`,
          start: 0,
          end: 0,
        },
      ]);
      return;
    }
    const decoded = decodeText(outcome.bytes);
    if (
      isJson(relativePath) &&
      !this.named.has(relativePath) &&
      (decoded.problem !== undefined || inspectJson(decoded.text).kind === 'other')
    ) {
      this.forgetText(relativePath); // JSON that is not ours to check: only its path is kept
      return;
    }
    this.setText(
      relativePath,
      decoded.text,
      decoded.problem === undefined ? [] : [decoded.problem],
    );
  }

  /**
   * Stores a file's text; it is validated later unless `problems` already say why it is not
   * (unreadable, binary).
   */
  private setText(relativePath: string, text: string, problems: readonly Problem[]): void {
    const before = this.yamlFiles.get(relativePath);
    if (before?.text === text && problems.length === 0 && !this.stale.has(relativePath)) {
      return; // nothing changed (a save without edits, a watcher event after our own read)
    }
    this.allFiles.add(relativePath);
    if (before !== undefined && (before.problems.length > 0 || this.cross.has(relativePath))) {
      this.changed.add(relativePath); // positions of the problems it had move with the text
    }
    if (problems.length > 0) {
      this.undecodable.add(relativePath);
      this.yamlFiles.set(relativePath, {
        path: relativePath,
        text,
        documents: 0,
        problems,
        facts: undefined,
      });
      this.stale.delete(relativePath);
      this.changed.add(relativePath);
      this.factsChanged();
      this.updateCrds(relativePath, undefined);
      return;
    }
    this.undecodable.delete(relativePath);
    this.yamlFiles.set(relativePath, {
      path: relativePath,
      text,
      documents: before?.documents ?? 0,
      problems: before?.problems ?? [],
      facts: before?.facts,
    });
    this.stale.add(relativePath);
    this.updateCrds(relativePath, text);
  }

  private updateCrds(relativePath: string, text: string | undefined): void {
    const before = this.validator.crds.generation;
    this.validator.setCrdSource(relativePath, text);
    if (this.validator.crds.generation !== before) {
      this.markAllStale();
    }
  }

  private markAllStale(): void {
    for (const file of this.yamlFiles.keys()) {
      if (!this.undecodable.has(file)) {
        this.stale.add(file);
      }
    }
  }

  private async settleQueue(options: {
    onProgress?: (done: number) => void;
    pause?: Yielder | undefined;
  }): Promise<void> {
    let done = 0;
    let sliceStart = Date.now();
    for (const next of this.stale) {
      this.stale.delete(next);
      this.validateFile(next);
      // Every file: listeners throttle what they show.
      options.onProgress?.(++done);
      const now = Date.now();
      if (options.pause !== undefined && now - sliceStart > sliceMs) {
        await options.pause();
        sliceStart = Date.now();
      }
    }
    options.onProgress?.(done);
    this.updateCrossFile();
  }

  private validateFile(relativePath: string): void {
    const file = this.yamlFiles.get(relativePath);
    if (file !== undefined) {
      const keep = this.options.keepParses ?? 'all';
      const forget = keep === 'none' || (keep === 'open' && !this.editorTexts.has(relativePath));
      const validate = (): FileResult =>
        fileResult(this.validator, {
          path: relativePath,
          text: file.text,
          named: this.named.has(relativePath),
          validate: this.options.validates?.(relativePath) ?? true,
        });
      this.applyResult(file, forget ? parseOnce(validate) : validate());
      if (forget) {
        forgetParse(file.text);
      }
    }
  }

  /** Stores what validating a file found, noting whether its problems changed. */
  private applyResult(file: IndexedFile, result: FileResult): void {
    if (!sameProblems(file.problems, result.problems)) {
      this.changed.add(file.path);
    }
    this.yamlFiles.set(file.path, { path: file.path, text: file.text, ...result });
    this.factsChanged();
  }

  /**
   * Grows whenever the files present or their facts may have changed: callers keep what they
   * derived from {@link files} and {@link exists} until it moves.
   */
  get revision(): number {
    return this.factsRevision;
  }

  private factsChanged(): void {
    this.crossDirty = true;
    this.factsRevision++;
  }

  private updateCrossFile(): void {
    if (!this.crossDirty) {
      return;
    }
    this.crossDirty = false;
    const facts = new Map<string, FileFacts>();
    for (const file of this.yamlFiles.values()) {
      if (file.facts !== undefined) {
        facts.set(file.path, file.facts);
      }
    }
    // Each Grafana dashboard provider asks for the files of its folder; several may share one.
    const below = new Map<string, readonly string[]>();
    const next = crossFileProblems(facts, {
      fileExists: (p) => this.allFiles.has(p),
      filesBelow: (folder) => {
        let files = below.get(folder);
        if (files === undefined) {
          const prefix = folder === '' ? '' : `${folder}/`;
          files = [...this.allFiles].filter((p) => p.startsWith(prefix));
          below.set(folder, files);
        }
        return files;
      },
      options: this.crossFileOptions,
    });
    for (const file of new Set([...this.cross.keys(), ...next.keys()])) {
      if (!sameProblems(this.cross.get(file) ?? [], next.get(file) ?? [])) {
        this.changed.add(file);
      }
    }
    this.cross = next;
  }
}

function sameProblems(a: readonly Problem[], b: readonly Problem[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return (
        p.start === q?.start &&
        p.end === q.end &&
        p.code === q.code &&
        p.severity === q.severity &&
        p.message === q.message
      );
    })
  );
}
