import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import manifest from '../../package.json';
import { classifyFile } from '../../src/common/classify';
import { parseYaml } from '../../src/common/yamlModel';
import { defaultKubernetesVersion } from '../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../src/validation/core/yamlValidator';

interface Snippet {
  prefix: string;
  body: string[];
}

/**
 * Expands a snippet the way VS Code inserts it when every placeholder keeps its default. A
 * default may hold `\}` (an escaped brace, as in a PromQL label matcher).
 */
function expand(body: readonly string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

const validator = new YamlValidator({
  schemasDir: path.join(__dirname, '..', '..', 'schemas'),
  kubernetesVersion: defaultKubernetesVersion,
});

/**
 * Snippets that are parts of a file, each inserted into a valid file where it belongs: `@@` marks
 * the spot. VS Code indents the snippet's later lines like the line it is inserted on.
 */
const hosts: Record<string, string> = {
  'runbook-step': [
    'apiVersion: runbooks/v1',
    'kind: Runbook',
    'metadata:',
    '  name: host',
    '  service: host',
    '  owners: [team-host]',
    'spec:',
    '  summary: A host for the snippet.',
    '  steps:',
    '    - id: first',
    '      title: First step',
    '    @@',
  ].join('\n'),
  'prom-alert-runbook': [
    'groups:',
    '  - name: host.rules',
    '    rules:',
    '      - alert: HostDown',
    '        expr: up == 0',
    '      @@',
  ].join('\n'),
};

/** The file a snippet makes: its expansion, placed in its host when it is a part of a file. */
function insert(prefix: string, expansion: string): string {
  const host = hosts[prefix];
  if (host === undefined) {
    return expansion;
  }
  const at = host.indexOf('@@');
  const indent = ' '.repeat(at - host.lastIndexOf('\n', at) - 1);
  return host.slice(0, at) + expansion.replace(/\n(?=.)/g, `\n${indent}`) + host.slice(at + 2);
}

describe('snippets', () => {
  const expectedKinds: Record<string, string> = {
    'k8s-deployment-service': 'kubernetes',
    'prom-alert-group': 'prometheus-rules',
    'gha-workflow': 'github-workflow',
    runbook: 'runbook',
    'runbook-step': 'runbook',
    'prom-alert-runbook': 'prometheus-rules',
    'k8s-configmap': 'kubernetes',
    'k8s-ingress': 'kubernetes',
    'k8s-cronjob': 'kubernetes',
    'k8s-hpa': 'kubernetes',
  };

  for (const { path: file } of manifest.contributes.snippets) {
    const snippets = JSON.parse(
      readFileSync(path.join(__dirname, '..', '..', file), 'utf8'),
    ) as Record<string, Snippet>;

    it(`${file}: every snippet expands to valid YAML of the kind it is for`, () => {
      assert.ok(Object.keys(snippets).length > 0);
      for (const [name, snippet] of Object.entries(snippets)) {
        const text = insert(snippet.prefix, expand(snippet.body));
        const model = parseYaml(text);
        assert.deepEqual(model.syntaxProblems, [], name);
        assert.equal(
          classifyFile('snippet.yaml', { yaml: model }),
          expectedKinds[snippet.prefix],
          name,
        );
      }
    });

    it(`${file}: every snippet, placeholders at their defaults, validates clean`, () => {
      for (const [name, snippet] of Object.entries(snippets)) {
        const text = insert(snippet.prefix, expand(snippet.body));
        assert.deepEqual(
          validator.validate(`snippet-${snippet.prefix}.yaml`, text).problems,
          [],
          `${name}:\n${text}`,
        );
      }
    });

    it(`${file}: offers a runbook, a step, an alert with its runbook and the common skeletons`, () => {
      const prefixes = new Set(Object.values(snippets).map((s) => s.prefix));
      for (const prefix of Object.keys(expectedKinds)) {
        assert.ok(prefixes.has(prefix), prefix);
      }
    });
  }
});
