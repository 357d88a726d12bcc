// One fresh process of the parse floor (spawned by bench.ts, bundled):
//   node out/bench/parseChild.mjs <read|js-yaml|ours> <folder>
// Lists and reads every YAML file below the folder, and with `js-yaml` or `ours` parses each into
// plain data: js-yaml's loadAll (data only, no positions: a mature parser that does less than
// ours), or our YAML model (the simple composer, positions and all, as `check` parses).
// The parent times the whole process, node start to exit, on one core: what reading the corpus
// costs before anything is validated. It runs with the CLI's V8 flags; every mode loads both
// parsers (a few milliseconds), so that `read` is the baseline of the other two. Prints one JSON
// line (ParseChildResult).
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { tuneV8ForShortRuns } from '../../src/cli/v8Flags';
import { forgetParse, parseOnce, parseYaml } from '../../src/common/yamlModel';
import { takeComposedData } from '../../src/common/simpleYaml';
import { yamlFilesUnder } from './benchInputs';
import { parseModes, type ParseChildResult, type ParseMode } from './parseModes';

/** Parses one text; the number of documents it held, or undefined when the parser rejected it. */
type Parse = (text: string) => number | undefined;

function jsYaml(): Parse {
  return (text) => {
    try {
      let documents = 0;
      loadAll(text, () => {
        documents++;
      });
      return documents;
    } catch {
      return undefined;
    }
  };
}

function ours(): Parse {
  return (text) => {
    const documents = parseOnce(() => {
      const model = parseYaml(text);
      for (const { doc } of model.documents) {
        // The data `check` validates: built while composing, else converted by the yaml package.
        if (takeComposedData(doc) === undefined) {
          doc.toJS({ maxAliasCount: 100 });
        }
      }
      return model.syntaxProblems.some((p) => p.severity === 'error')
        ? undefined
        : model.documents.length;
    });
    forgetParse(text);
    return documents;
  };
}

function main(): void {
  tuneV8ForShortRuns();
  const [mode, folder] = process.argv.slice(2);
  if (!parseModes.includes(mode as ParseMode) || folder === undefined) {
    throw new Error(`usage: parseChild <${parseModes.join('|')}> <folder>`);
  }
  const parse = mode === 'js-yaml' ? jsYaml() : mode === 'ours' ? ours() : undefined;
  const files = yamlFilesUnder(folder);
  let documents = 0;
  let failed = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (parse !== undefined) {
      const found = parse(text);
      documents += found ?? 0;
      failed += found === undefined ? 1 : 0;
    }
  }
  const result: ParseChildResult = {
    mode: mode as ParseMode,
    files: files.length,
    documents,
    failed,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
