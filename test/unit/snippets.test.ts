import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import manifest from '../../package.json';
import { classifyFile } from '../../src/common/classify';
import { parseYaml } from '../../src/common/yamlModel';

interface Snippet {
  prefix: string;
  body: string[];
}

/** Expands a snippet the way VS Code inserts it when every placeholder keeps its default. */
function expand(body: readonly string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

describe('snippets', () => {
  const expectedKinds: Record<string, string> = {
    'k8s-deployment-service': 'kubernetes',
    'prom-alert-group': 'prometheus-rules',
    'gha-workflow': 'github-workflow',
  };

  for (const { path: file } of manifest.contributes.snippets) {
    const snippets = JSON.parse(
      readFileSync(path.join(__dirname, '..', '..', file), 'utf8'),
    ) as Record<string, Snippet>;

    it(`${file}: every snippet expands to valid YAML of the kind it is for`, () => {
      assert.ok(Object.keys(snippets).length > 0);
      for (const [name, snippet] of Object.entries(snippets)) {
        const text = expand(snippet.body);
        const model = parseYaml(text);
        assert.deepEqual(model.syntaxProblems, [], name);
        assert.equal(
          classifyFile('snippet.yaml', { yaml: model }),
          expectedKinds[snippet.prefix],
          name,
        );
      }
    });
  }
});
