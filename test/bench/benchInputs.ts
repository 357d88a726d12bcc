// The inputs every benchmark shares, built the same way for both engines: real Kubernetes
// documents from ../shared/corpus/kubernetes, concatenated into large multi-document files or
// spread over a synthetic repository. Deterministic: the same inputs on every run.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseYaml } from '../../src/common/yamlModel';
import { corpusDir } from '../unit/corpus';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const schemasDir = path.join(repoRoot, 'schemas');
/** The shared corpus's Kubernetes folder (`../shared/corpus`, or INFRA_WORKBENCH_CORPUS). */
export function kubernetesCorpus(): string {
  return path.join(corpusDir(), 'kubernetes');
}

/** Every YAML file below a folder, sorted. */
export function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const full = path.join(d, entry);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else if (/\.ya?ml$/i.test(entry)) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * Documents with content in a YAML text (empty documents, `---` alone, are not counted).
 * Parsed with the yaml package directly: our engine's parse cache must stay cold.
 */
export function countDocuments(text: string): number {
  const docs = parseAllDocuments(text);
  return 'empty' in docs ? 0 : docs.filter((d) => d.contents !== null).length;
}

/** One corpus document usable as a template: a built-in kind, in a file of its own text. */
export interface TemplateDocument {
  readonly file: string;
  readonly kind: string;
  readonly text: string;
}

/**
 * Documents of the Kubernetes corpus whose apiVersion/kind the bundled schema knows (custom
 * resources need CRDs, which yaml-language-server would fetch from its online catalogue), that
 * parse without errors, and that are not `*List` wrappers or huge generated blobs (over 400
 * lines). `accept` filters further (the bench keeps documents both engines find clean).
 */
export function templateDocuments(
  knownGvks: ReadonlySet<string>,
  accept: (doc: TemplateDocument) => boolean = () => true,
): TemplateDocument[] {
  const out: TemplateDocument[] = [];
  const seen = new Set<string>();
  const root = corpusDir();
  for (const file of yamlFilesUnder(path.join(root, 'kubernetes'))) {
    if (file.includes(`${path.sep}invalid${path.sep}`)) {
      continue;
    }
    const model = parseYaml(readFileSync(file, 'utf8'));
    if (model.syntaxProblems.some((p) => p.severity === 'error')) {
      continue;
    }
    for (const { doc, text } of model.documents) {
      const data = doc.toJS() as unknown;
      if (typeof data !== 'object' || data === null) {
        continue;
      }
      const { apiVersion, kind } = data as { apiVersion?: unknown; kind?: unknown };
      if (typeof apiVersion !== 'string' || typeof kind !== 'string' || kind.endsWith('List')) {
        continue;
      }
      // The document alone, without its `---` line and surrounding blank lines or comments.
      const body = text
        .replace(/^---[^\n]*\n/, '')
        .replace(/^(\s*#[^\n]*\n|\s*\n)+/, '')
        .trimEnd();
      const lines = body.split('\n').length;
      if (
        !knownGvks.has(`${apiVersion}/${kind}`) ||
        lines > 400 ||
        body.includes('\t') ||
        seen.has(body)
      ) {
        continue;
      }
      seen.add(body);
      const template = { file: path.relative(root, file), kind, text: body };
      if (accept(template)) {
        out.push(template);
      }
    }
  }
  return out;
}

/** A small deterministic pseudo-random generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The templates in a deterministic shuffled order, so kinds and sources mix. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = random(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The n-th copy of a template: copies after the first get a distinct `metadata.name` (or, when
 * the name cannot be found by its line, a comment), so that no two documents of an input share
 * a text and no engine is helped by repeated documents.
 */
export function copyOf(template: TemplateDocument, copy: number): string {
  if (copy === 0) {
    return template.text;
  }
  const lines = template.text.split('\n');
  const metadata = lines.findIndex((l) => /^metadata:\s*$/.test(l));
  if (metadata >= 0) {
    for (let i = metadata + 1; i < lines.length && /^\s/.test(lines[i] ?? ''); i++) {
      const m = /^(\s+name:\s*)(["']?)([a-z0-9][-a-z0-9.]*)\2\s*$/.exec(lines[i] ?? '');
      if (m !== null) {
        lines[i] = `${m[1] ?? ''}${m[2] ?? ''}${m[3] ?? ''}-${copy}${m[2] ?? ''}`;
        return lines.join('\n');
      }
    }
  }
  return `# copy ${copy}\n${template.text}`;
}

/** The template at `index`, cycling. */
function at(templates: readonly TemplateDocument[], index: number): TemplateDocument {
  const template = templates[index % templates.length];
  if (template === undefined) {
    throw new Error('no template documents');
  }
  return template;
}

/** A multi-document stream of at least `targetLines` lines made of the templates, in order. */
export function buildStream(
  templates: readonly TemplateDocument[],
  targetLines: number,
): { text: string; documents: number; lines: number; kinds: Record<string, number> } {
  if (templates.length === 0) {
    throw new Error(`no template documents: is the corpus at ${kubernetesCorpus()}?`);
  }
  const parts: string[] = [];
  const kinds: Record<string, number> = {};
  let lines = 0;
  for (let i = 0; lines < targetLines; i++) {
    const template = at(templates, i);
    const doc = copyOf(template, Math.floor(i / templates.length));
    parts.push(doc);
    kinds[template.kind] = (kinds[template.kind] ?? 0) + 1;
    lines += doc.split('\n').length + 1;
  }
  const text = `${parts.join('\n---\n')}\n`;
  return { text, documents: parts.length, lines: text.split('\n').length - 1, kinds };
}

/**
 * Writes a synthetic repository of `documents` documents into `dir` (emptied first): folders
 * per team and service, files of 1 to 12 documents (most of one to three), built from the
 * templates. Returns the number of files.
 */
export function writeSyntheticRepo(
  templates: readonly TemplateDocument[],
  documents: number,
  dir: string,
): { files: number; documents: number } {
  rmSync(dir, { recursive: true, force: true });
  const next = random(50_000);
  let written = 0;
  let files = 0;
  let t = 0;
  while (written < documents) {
    const roll = next();
    const size = Math.min(
      documents - written,
      roll < 0.5 ? 1 : roll < 0.75 ? 2 : roll < 0.88 ? 3 : 4 + Math.floor(next() * 9),
    );
    const parts: string[] = [];
    for (let k = 0; k < size; k++, t++) {
      const template = at(templates, t);
      parts.push(copyOf(template, Math.floor(t / templates.length)));
    }
    const team = `team-${String(files % 40).padStart(2, '0')}`;
    const service = `service-${String(Math.floor(files / 40) % 50).padStart(2, '0')}`;
    const file = path.join(dir, team, service, `manifest-${files}.yaml`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${parts.join('\n---\n')}\n`);
    written += size;
    files++;
  }
  return { files, documents: written };
}

/** The median of some numbers (the lower middle for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}
