// Benchmark (not a test): validation of a 10,000-line multi-document Kubernetes file while
// editing, our engine side by side with yaml-language-server 2.0 (what Red Hat's YAML extension
// runs) in the same process, on the same text and the same strict Deployment schema.
//
//   npm run bench            (optionally: LINES=40000 EDITS=30 npm run bench)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultKubernetesVersion } from '../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../src/validation/core/yamlValidator';

const repoRoot = path.resolve(__dirname, '..', '..');
const targetLines = Number(process.env.LINES ?? 10_000);
const edits = Number(process.env.EDITS ?? 20);

/** A realistic Deployment (the demo repository's), repeated with distinct names. */
function buildStream(): { text: string; documents: number } {
  const source = readFileSync(
    path.join(repoRoot, 'test/fixtures/demo-repo/k8s/checkout/deployment.yaml'),
    'utf8',
  );
  const deployment = source.split(/^---$/m)[0]?.trim() ?? '';
  const parts: string[] = [];
  let lines = 0;
  for (let i = 0; lines < targetLines; i++) {
    const doc = deployment.replace(/name: checkout\b/g, `name: checkout-${i}`);
    parts.push(doc);
    lines += doc.split('\n').length + 1;
  }
  return { text: `${parts.join('\n---\n')}\n`, documents: parts.length };
}

/** Changes the replicas of the n-th document: what one keystroke-sized edit does. */
function edit(text: string, n: number, value: number): string {
  let seen = -1;
  return text.replace(/replicas: \d+/g, (match) => (++seen === n ? `replicas: ${value}` : match));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const { text, documents } = buildStream();
  const lineCount = text.split('\n').length;
  const schemasDir = path.join(repoRoot, 'schemas');
  const bundle = JSON.parse(
    readFileSync(path.join(schemasDir, `kubernetes-${defaultKubernetesVersion}.json`), 'utf8'),
  ) as Record<string, unknown>;
  const deploymentSchema = {
    ...bundle,
    allOf: [{ $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' }],
  };

  const ours = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });
  // yaml-language-server is an ES module; this benchmark runs as CommonJS.
  const { getLanguageService } = await import('yaml-language-server');
  const yls = getLanguageService({
    schemaRequestService: () => Promise.reject(new Error('offline: schemas are inline')),
    workspaceContext: {
      resolveRelativePath: (relative, resource) => new URL(relative, resource).toString(),
    },
  });
  yls.configure({
    validate: true,
    hover: false,
    completion: false,
    yamlVersion: '1.2',
    schemas: [
      { uri: 'file:///deployment.schema.json', fileMatch: ['*.yaml'], schema: deploymentSchema },
    ],
  });
  const uri = 'file:///bench.yaml';
  let version = 1;
  const ylsValidate = (t: string) =>
    yls.doValidation(TextDocument.create(uri, 'yaml', version++, t), false);

  // Cold: the first validation of a text neither engine has seen.
  let t0 = performance.now();
  ours.validate('bench.yaml', text);
  const oursCold = performance.now() - t0;
  t0 = performance.now();
  await ylsValidate(text);
  const ylsCold = performance.now() - t0;

  // After the cold runs (the planted text shares all but one document with them).
  // Both engines must see the same planted problem, or the comparison means nothing.
  const planted = text.replace('replicas:', 'replicaz:');
  const oursPlanted = ours.validate('bench.yaml', planted).problems.map((p) => p.message);
  const ylsPlanted = (await ylsValidate(planted)).map((d) => d.message);
  console.log(
    `sanity: ours ${JSON.stringify(oursPlanted)}; yaml-language-server ${JSON.stringify(ylsPlanted)}`,
  );
  if (oursPlanted.length !== 1 || ylsPlanted.length !== 1) {
    throw new Error('the engines disagree on the planted problem');
  }

  const oursEdits: number[] = [];
  const ylsEdits: number[] = [];
  let current = text;
  for (let i = 0; i < edits; i++) {
    current = edit(current, (i * 7919) % documents, 2 + (i % 5));
    t0 = performance.now();
    ours.validate('bench.yaml', current);
    oursEdits.push(performance.now() - t0);
    t0 = performance.now();
    await ylsValidate(current);
    ylsEdits.push(performance.now() - t0);
  }

  const row = (name: string, cold: number, perEdit: number): string =>
    `${name.padEnd(22)} ${cold.toFixed(0).padStart(8)} ms ${perEdit.toFixed(1).padStart(10)} ms`;
  console.log(
    `\n${lineCount} lines, ${documents} Deployment documents, ${edits} edits (median per edit)`,
  );
  console.log(`${'engine'.padEnd(22)} ${'cold'.padStart(11)} ${'per edit'.padStart(13)}`);
  console.log(row('infra-workbench', oursCold, median(oursEdits)));
  console.log(row('yaml-language-server', ylsCold, median(ylsEdits)));
  console.log(
    `\nper edit: yaml-language-server / infra-workbench = ${(median(ylsEdits) / median(oursEdits)).toFixed(1)}x`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
