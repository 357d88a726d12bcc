import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyDocument } from '../../../src/common/classify';
import { parseYaml } from '../../../src/common/yamlModel';
import {
  CrossFileCodes,
  crossFileProblems,
  defaultCrossFileOptions,
} from '../../../src/workspace/core/crossFileChecks';
import { extractFileFacts, type FileFacts } from '../../../src/workspace/core/fileFacts';
import { kustomizeTarget } from '../../../src/workspace/core/kustomizeChecks';
import { corpusDir, listFiles } from '../corpus';
import { check, summary, yaml, type Repo } from './repo';

const codes = CrossFileCodes;

const deployment = (name: string): string =>
  yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  selector: {matchLabels: {app: x}}',
    '  template:',
    '    metadata: {labels: {app: x}}',
    '    spec: {containers: [{name: x, image: x}]}',
  );

const patch = (kind: string, name: string): string =>
  yaml(
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  replicas: 3',
  );

/** Only the kustomize problems: the fixtures' Deployments have no Services, and that is fine. */
function kustomize(repo: Repo): [string, string, string][] {
  return summary(check(repo).filter((p) => p.problem.source === 'kustomize'));
}

describe('cross-file checks: kustomizations', () => {
  it('reports resources, components and patches naming nothing, on the path', () => {
    const repo: Repo = {
      'app/base/kustomization.yaml': yaml(
        'resources:',
        '  - deployment.yaml',
        '  - servce.yaml',
        '  - ../shared',
        '  - github.com/acme/infra//base?ref=v1',
        '  - https://example.com/app.yaml',
        'components:',
        '  - ../components/missing',
        'patches:',
        '  - path: patches/replicas.yaml',
        'patchesStrategicMerge:',
        '  - memory.yaml',
      ),
      'app/base/deployment.yaml': deployment('web'),
      'app/base/service.yaml': yaml('apiVersion: v1', 'kind: Service', 'metadata: {name: web}'),
      'app/shared/configmap.yaml': yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}'),
    };
    const problems = check(repo).filter((p) => p.problem.source === 'kustomize');
    assert.deepEqual(summary(problems), [
      [codes.missingKustomizePath, 'app/base/kustomization.yaml', 'servce.yaml'],
      [codes.missingKustomization, 'app/base/kustomization.yaml', '../shared'],
      [codes.missingKustomizePath, 'app/base/kustomization.yaml', '../components/missing'],
      [codes.missingKustomizePath, 'app/base/kustomization.yaml', 'patches/replicas.yaml'],
      [codes.missingKustomizePath, 'app/base/kustomization.yaml', 'memory.yaml'],
    ]);
    assert.match(
      problems[0]?.problem.message ?? '',
      /'servce\.yaml' is not in the repository \(no app\/base\/servce\.yaml\).*Did you mean 'service\.yaml'\?/,
    );
    assert.deepEqual(problems[0]?.problem.suggestions, ['service.yaml']);
    assert.match(
      problems[1]?.problem.message ?? '',
      /The folder app\/shared has no kustomization\.yaml/,
    );
    assert.equal(problems[0].problem.severity, 'error');
  });

  it('accepts folders with a kustomization, and paths that exist', () => {
    const repo: Repo = {
      'overlays/prod/kustomization.yaml': yaml(
        'resources: [../../base]',
        'patches:',
        '  - path: replicas.yaml',
        '  - target: {kind: Deployment, name: web}',
        '    patch: |-',
        '      - op: replace',
        '        path: /spec/replicas',
        '        value: 2',
      ),
      'overlays/prod/replicas.yaml': patch('Deployment', 'web'),
      'base/kustomization.yml': yaml(
        'resources: [deployment.yaml]',
        'configMapGenerator: [{name: cfg, literals: [A=1]}]',
      ),
      'base/deployment.yaml': deployment('web'),
    };
    assert.deepEqual(kustomize(repo), []);
  });

  it('warns on patches whose target is none of the resources built, with the closest name', () => {
    const repo: Repo = {
      'overlays/prod/kustomization.yaml': yaml(
        'resources: [../../base]',
        'patches:',
        '  - path: replicas.yaml',
        '  - target:',
        '      kind: ConfigMap',
        '      name: cfgg',
        '    patch: "[]"',
        '  - target: {kind: Deployment, name: "web-.*"}',
        '    patch: "[]"',
      ),
      'overlays/prod/replicas.yaml': patch('Deployment', 'wbe'),
      'base/kustomization.yaml': yaml(
        'resources: [deployment.yaml]',
        'configMapGenerator: [{name: cfg, literals: [A=1]}]',
      ),
      'base/deployment.yaml': deployment('web'),
    };
    const problems = check(repo).filter((p) => p.problem.source === 'kustomize');
    assert.deepEqual(summary(problems), [
      [codes.unknownPatchTarget, 'overlays/prod/kustomization.yaml', 'replicas.yaml'],
      [
        codes.unknownPatchTarget,
        'overlays/prod/kustomization.yaml',
        'kind: ConfigMap\n      name: cfgg',
      ],
    ]);
    assert.match(
      problems[0]?.problem.message ?? '',
      /changes Deployment 'wbe'.*Did you mean 'web'\?/,
    );
    assert.match(
      problems[1]?.problem.message ?? '',
      /targets ConfigMap 'cfgg'.*Did you mean 'cfg'\?/,
    );
    assert.equal(problems[0]?.problem.severity, 'warning');
  });

  it('does not judge patch targets when some resources are remote or from Helm, nor in components', () => {
    const remote: Repo = {
      'kustomization.yaml': yaml(
        'resources: [github.com/acme/base?ref=v1]',
        'patches: [{path: p.yaml}]',
      ),
      'p.yaml': patch('Deployment', 'anything'),
    };
    assert.deepEqual(kustomize(remote), []);
    const component: Repo = {
      'c/kustomization.yaml': yaml(
        'apiVersion: kustomize.config.k8s.io/v1alpha1',
        'kind: Component',
        'patches: [{path: p.yaml}]',
      ),
      'c/p.yaml': patch('Deployment', 'web'),
    };
    assert.deepEqual(kustomize(component), []);
  });

  it('reports files outside the kustomization folder, which kustomize refuses; folders are fine', () => {
    const repo: Repo = {
      'overlays/prod/kustomization.yaml': yaml(
        'resources:',
        '  - ../../base',
        '  - ../../shared/configmap.yaml',
        '  - local.yaml',
      ),
      'overlays/prod/local.yaml': yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: l}'),
      'base/kustomization.yaml': yaml('resources: [deployment.yaml]'),
      'base/deployment.yaml': deployment('web'),
      'shared/configmap.yaml': yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}'),
    };
    const problems = check(repo).filter((p) => p.problem.source === 'kustomize');
    assert.deepEqual(summary(problems), [
      [codes.fileOutsideRoot, 'overlays/prod/kustomization.yaml', '../../shared/configmap.yaml'],
    ]);
    assert.match(
      problems[0]?.problem.message ?? '',
      /outside this kustomization's folder \(overlays\/prod\/\)/,
    );
  });

  it('reads what an entry names: repository paths, not URLs or remote bases', () => {
    assert.equal(kustomizeTarget('a/b/kustomization.yaml', '../c/d.yaml'), 'a/c/d.yaml');
    assert.equal(kustomizeTarget('kustomization.yaml', './x.yaml'), 'x.yaml');
    for (const remote of [
      'https://github.com/acme/x',
      'github.com/acme/x//base?ref=v1',
      'git@github.com:acme/x.git',
      'ssh://git@host/x',
      '/abs/path',
      '../../out',
    ]) {
      assert.equal(kustomizeTarget('a/kustomization.yaml', remote), undefined, remote);
    }
  });

  it('on the corpus: reports exactly the kube-prometheus CRDs the corpus did not copy, and nothing in complete repositories', () => {
    const base = path.join(corpusDir(), 'kubernetes');
    const repos = new Map<string, Map<string, FileFacts>>();
    const texts = new Map<string, string>();
    for (const file of listFiles(base).filter((f) => /\.ya?ml$/.test(f))) {
      const text = readFileSync(path.join(base, file), 'utf8');
      const slash = file.indexOf('/');
      const [name, relative] = [file.slice(0, slash), file.slice(slash + 1)];
      const model = parseYaml(text);
      const formats = model.documents.map((d) => classifyDocument(relative, d.doc));
      const facts = repos.get(name) ?? new Map<string, FileFacts>();
      facts.set(relative, extractFileFacts(relative, model, formats));
      repos.set(name, facts);
      texts.set(file, text);
    }
    let kustomizations = 0;
    const reported: string[] = [];
    for (const [name, facts] of repos) {
      kustomizations += [...facts.values()].filter((f) => f.kustomization !== undefined).length;
      const result = crossFileProblems(facts, {
        fileExists: (p) => existsSync(path.join(base, name, p)),
        options: defaultCrossFileOptions,
      });
      for (const [file, problems] of result) {
        for (const p of problems.filter((q) => q.source === 'kustomize')) {
          const text = texts.get(`${name}/${file}`) ?? '';
          const written = text.slice(p.start, p.end);
          assert.equal(p.code, codes.missingKustomizePath, `${name}/${file}: ${p.message}`);
          // every path reported is really absent from the corpus copy
          assert.equal(existsSync(path.join(base, name, path.dirname(file), written)), false);
          reported.push(`${name}/${written}`);
        }
      }
    }
    assert.ok(kustomizations >= 30, `${kustomizations} kustomizations`);
    assert.ok(reported.length > 0);
    assert.ok(
      reported.every((r) =>
        /^prometheus-operator__kube-prometheus\/\.\/manifests\/setup\/0\w+CustomResourceDefinition\.yaml$/.test(
          r,
        ),
      ),
      reported.join('\n'),
    );
  });
});
