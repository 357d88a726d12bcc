import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../../src/common/problem';
import { defaultKubernetesVersion } from '../../../src/validation/core/kubernetesSchemas';
import { CustomSchemas } from '../../../src/validation/core/customSchemas';
import {
  readRepoConfig,
  repoConfigFile,
  SchemaMappings,
} from '../../../src/validation/core/schemaOverrides';
import { isValidatedYaml, YamlValidator } from '../../../src/validation/core/yamlValidator';
import { corpusDir, listFiles } from '../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', 'schemas');
const demoRepo = path.resolve(__dirname, '..', '..', 'fixtures', 'demo-repo');
const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });

/** The problems of a text, with the text each one covers. */
function check(text: string, file = 'k8s/x.yaml'): (Problem & { covers: string })[] {
  return validator
    .validate(file, text)
    .problems.map((p) => ({ ...p, covers: text.slice(p.start, p.end) }));
}

const deployment = (containerExtra: string, specExtra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2${specExtra}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080${containerExtra}
`;

describe('YamlValidator', () => {
  describe('syntax', () => {
    it('reports syntax problems of an infra file', () => {
      const problems = check('apiVersion: v1\nkind: ConfigMap\ndata: {a: 1\n');
      assert.ok(problems.some((p) => p.code === 'syntax' && p.source === 'yaml'));
    });

    it('leaves Helm templates alone', () => {
      const template =
        '{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n{{- end }}\n';
      assert.equal(isValidatedYaml('charts/app/templates/service.yaml', template), false);
      assert.deepEqual(check(template, 'charts/app/templates/service.yaml'), []);
      assert.equal(isValidatedYaml('charts/app/values.yaml', 'a: 1\n'), true);
      assert.ok(check(template, 'elsewhere/service.yaml').length > 0);
    });
  });

  describe('Kubernetes (strict)', () => {
    it('accepts a valid Deployment', () => {
      assert.deepEqual(check(deployment('')), []);
    });

    it('flags a misspelt key on the key, suggesting the right one', () => {
      const [problem, ...rest] = check(deployment('\n          imagePullPolcy: Always'));
      assert.deepEqual(rest, []);
      assert.ok(problem);
      assert.equal(problem.code, 'unknown-property');
      assert.equal(problem.source, 'kubernetes');
      assert.equal(problem.covers, 'imagePullPolcy');
      assert.equal(
        problem.message,
        "Unknown property 'imagePullPolcy' in Container. Did you mean 'imagePullPolicy'?",
      );
    });

    it('lists the allowed keys when nothing is close', () => {
      const [problem] = check(deployment('', '\n  frobnicate: true'));
      assert.ok(problem);
      assert.equal(problem.covers, 'frobnicate');
      assert.match(problem.message, /Allowed here: .*minReadySeconds.*replicas.*selector/);
    });

    it('flags a wrong type on the value', () => {
      const text = deployment('').replace('replicas: 2', 'replicas: two');
      const [problem] = check(text);
      assert.ok(problem);
      assert.equal(problem.code, 'wrong-type');
      assert.equal(problem.covers, 'two');
      assert.equal(problem.message, `'replicas' must be an integer, not the string "two".`);
    });

    it('accepts an int-or-string both ways and names both types when neither fits', () => {
      const service = (port: string): string =>
        `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n    - port: 80\n      targetPort: ${port}\n`;
      assert.deepEqual(check(service('8080')), []);
      assert.deepEqual(check(service('http')), []);
      const [problem, ...rest] = check(service('[1]'));
      assert.deepEqual(rest, []);
      assert.ok(problem);
      assert.equal(problem.covers, '[1]');
      assert.equal(problem.message, `'targetPort' must be an integer or a string, not a list.`);
    });

    it('accepts quantities as numbers or strings, and null for unset fields', () => {
      const text = deployment(
        '\n          resources:\n            requests: {cpu: 1, memory: 128Mi}',
      ).replace('name: web\nspec', 'name: web\n  creationTimestamp: null\nspec');
      assert.deepEqual(check(text), []);
    });

    it('flags a missing required property on the key of the incomplete mapping', () => {
      const text = deployment('').replace(
        / {6}containers:\n(.|\n)*$/,
        '      restartPolicy: Always\n',
      );
      const [problem] = check(text);
      assert.ok(problem);
      assert.equal(problem.code, 'missing-property');
      assert.equal(problem.message, "Missing required property 'containers' in PodSpec.");
      assert.equal(problem.covers, 'spec');
      assert.equal(problem.start, text.lastIndexOf('spec:'));
    });

    it('flags a missing property of a list item on the item', () => {
      const text = `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            backend: {service: {name: web, port: {number: 80}}}\n`;
      const [problem] = check(text);
      assert.ok(problem);
      assert.equal(problem.message, "Missing required property 'pathType' in HTTPIngressPath.");
      assert.equal(problem.covers, 'path');
    });

    it('validates each document of a stream on its own, at the right offsets', () => {
      const text = `${deployment('')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  LEVEL: info\n  RETRIES: 3\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: web}\n  prots: []\n`;
      const problems = check(text);
      assert.deepEqual(
        problems.map((p) => [p.code, p.covers]),
        [
          ['unquoted-data-value', '3'],
          ['unknown-property', 'prots'],
        ],
      );
      assert.match(problems[1]?.message ?? '', /Did you mean 'ports'\?/);
    });

    it('gives the same answer from its per-document cache', () => {
      const text = deployment('\n          imagePullPolcy: Always');
      assert.deepEqual(check(text), check(text));
      const shifted = `# a comment that moves every offset\n${text}`;
      const [problem] = check(shifted);
      assert.equal(problem?.covers, 'imagePullPolcy');
    });

    it('checks patch files for unknown fields and types but not for required fields', () => {
      const patch =
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n';
      assert.deepEqual(check(patch, 'overlays/prod/replicas-patch.yaml'), []);
      assert.deepEqual(check(patch, 'overlays/prod/patches/replicas.yaml'), []);
      assert.deepEqual(
        check(patch, 'k8s/web.yaml').map((p) => p.code),
        ['missing-property', 'missing-property'],
      );
      const typo = patch.replace('replicas: 3', 'replicaz: 3');
      assert.deepEqual(
        check(typo, 'overlays/prod/replicas-patch.yaml').map((p) => p.covers),
        ['replicaz'],
      );
      const deletion =
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: loadgenerator}\n$patch: delete\n';
      assert.deepEqual(check(deletion, 'kustomize/components/delete.yaml'), []);
    });

    it('leaves kinds without a bundled schema and runbooks alone', () => {
      // Runbooks borrow the envelope; their own checker answers for them.
      assert.deepEqual(
        check('apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec: {anything: 1}\n'),
        [],
      );
      assert.deepEqual(
        check('apiVersion: runbooks/v1\nkind: Runbook\nwhatever: 1\n').filter(
          (p) => p.source !== 'runbook',
        ),
        [],
      );
      assert.deepEqual(check('apiVersion: v1\nkind: List\nitems: []\n'), []);
    });

    it('reports an alias bomb once, quickly, instead of expanding it', () => {
      const lines = [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: bomb}',
        'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
      ];
      for (let i = 1; i <= 12; i++) {
        lines.push(
          `a${i}: &a${i} [${Array<string>(10)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      }
      const problems = check(`${lines.join('\n')}\n`);
      assert.deepEqual(
        problems.map((p) => p.code),
        ['alias-limit'],
      );
    });
  });

  it('says what it validated each document as, as formatsOf does', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      '---',
      '# yaml-language-server: $format=compose',
      'services: {web: {image: nginx}}',
      '---',
      '- just a list',
      '',
    ].join('\n');
    const result = validator.validate('deploy/mixed.yaml', text);
    assert.deepEqual(result.formats, ['kubernetes', 'compose', undefined]);
    assert.deepEqual(result.formats, validator.formatsOf('deploy/mixed.yaml', text));
  });

  it('finds no problem in the demo repository but its deliberately broken files', () => {
    const config = readRepoConfig(readFileSync(path.join(demoRepo, repoConfigFile), 'utf8'));
    assert.deepEqual(config.problems, []);
    const demo = new YamlValidator({
      schemasDir,
      kubernetesVersion: defaultKubernetesVersion,
      mappings: new SchemaMappings(config.mappings),
      customSchemas: new CustomSchemas({ baseDir: demoRepo, allowRemote: false }),
    });
    const files = listFiles(demoRepo).filter((rel) => /\.ya?ml$/.test(rel));
    assert.ok(files.length > 15);
    const withProblems = files.filter(
      (rel) =>
        demo.validate(rel, readFileSync(path.join(demoRepo, rel), 'utf8')).problems.length > 0,
    );
    // The chart's template and the kustomization's resources and patch are fine on their own.
    assert.deepEqual(withProblems, [
      'broken/alert-rules.yaml',
      'broken/alertmanager.yml',
      'broken/compose.yaml',
      'broken/deployment-typos.yaml',
      'broken/grafana/datasources.yaml',
      'broken/kustomize/kustomization.yaml',
      'broken/release-workflow.yaml',
      'broken/runbook.yaml',
      'broken/syntax-error.yaml',
      'charts/shop/Chart.yaml',
      'charts/shop/values.yaml',
      'config/modelines.yaml',
      'config/shop.yaml',
      'rundeck/restart-checkout.yaml',
    ]);
  });

  describe('on the corpus', () => {
    const corpus = corpusDir();

    it('flags every Kubernetes file kubeconform keeps as invalid', () => {
      const dir = path.join(corpus, 'kubernetes', 'yannh__kubeconform', 'invalid');
      const expected: Record<string, string[]> = {
        'duplicate_property.yaml': ['duplicate-key'],
        'extra_property.yaml': ['unknown-property'],
        'invalid.yaml': ['unknown-property', 'wrong-type'],
        'multi_invalid.yaml': ['wrong-type'],
      };
      for (const [file, codes] of Object.entries(expected)) {
        const problems = validator.validate(
          file,
          readFileSync(path.join(dir, file), 'utf8'),
        ).problems;
        assert.deepEqual([...new Set(problems.map((p) => p.code))].sort(), codes, file);
      }
    });

    it('finds no schema problem in the kube-prometheus manifests (a project that validates them)', () => {
      const dir = path.join(corpus, 'kubernetes', 'prometheus-operator__kube-prometheus');
      const files = listFiles(dir).filter((rel) => /\.ya?ml$/.test(rel));
      assert.ok(files.length > 50);
      const problems = files.flatMap((rel) =>
        validator
          .validate(rel, readFileSync(path.join(dir, rel), 'utf8'))
          .problems.map((p) => `${rel}: ${p.message}`),
      );
      assert.deepEqual(problems, []);
    });

    it('finds no syntax problem in the valid GitHub workflows of the corpus', () => {
      const dir = path.join(corpus, 'github-actions');
      const files = listFiles(dir).filter(
        (rel) => /\.ya?ml$/.test(rel) && !rel.includes('/invalid/'),
      );
      assert.ok(files.length > 300);
      const withProblems = files.filter(
        (rel) =>
          validator.validate(rel, readFileSync(path.join(dir, rel), 'utf8')).problems.length > 0,
      );
      assert.deepEqual(withProblems, []);
    });

    // Every file of the corpus is validated, timed, in corpusSweep.test.ts.
  });
});
