import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeText } from '../../../src/common/decodeText';
import { mayHoldCrd } from '../../../src/validation/core/crdSchemas';
import { defaultKubernetesVersion } from '../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../src/validation/core/yamlValidator';
import { corpusDir, listFiles } from '../corpus';

const schemasDir = path.resolve(__dirname, '..', '..', '..', 'schemas');

/**
 * Generous for one file on a loaded 2-core CI machine: the slowest corpus files (the first use of
 * a kind compiles its schema; a 1 MB ConfigMapList) take a few hundred milliseconds here.
 */
const maxMillisecondsPerFile = 3000;

describe('corpus sweep', () => {
  const corpus = corpusDir();
  // Everything the engine may be handed: YAML, and JSON (a YAML subset) outside the schema folders.
  const files = listFiles(corpus).filter(
    (rel) => /\.ya?ml$/i.test(rel) || (/\.json$/i.test(rel) && !rel.startsWith('schemas/')),
  );
  // As the CLI does: the CRDs among the files validate the custom resources among them.
  const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });
  for (const rel of files) {
    const text = readFileSync(path.join(corpus, rel), 'utf8');
    if (mayHoldCrd(text)) {
      validator.setCrdSource(rel, text);
    }
  }

  it('validates every YAML and JSON file of the corpus without throwing, each in bounded time', function () {
    // About 4,000 files: seconds in all; the bound that matters is the one per file below.
    this.timeout(120_000);
    assert.ok(files.length > 3500, `${files.length} files`);
    const slow: string[] = [];
    for (const rel of files) {
      const decoded = decodeText(readFileSync(path.join(corpus, rel)));
      const started = performance.now();
      if (decoded.problem === undefined) {
        validator.validate(rel, decoded.text);
      }
      const elapsed = performance.now() - started;
      if (elapsed > maxMillisecondsPerFile) {
        slow.push(`${rel}: ${Math.round(elapsed)} ms`);
      }
    }
    assert.deepEqual(slow, []);
  });

  it('reads the CRDs of the corpus', () => {
    const kinds = validator.crds.versions.map((c) => `${c.group}/${c.version} ${c.kind}`);
    for (const expected of [
      'monitoring.coreos.com/v1 ServiceMonitor',
      'monitoring.coreos.com/v1 PrometheusRule',
      'monitoring.coreos.com/v1 PodMonitor',
      'monitoring.coreos.com/v1 Probe',
      'argoproj.io/v1alpha1 Workflow',
      'spire.spiffe.io/v1alpha1 ClusterSPIFFEID',
    ]) {
      assert.ok(kinds.includes(expected), expected);
    }
  });

  it('validates custom resources against the CRDs of the same project: kube-prometheus is clean', () => {
    const dir = 'kubernetes/prometheus-operator__kube-prometheus/';
    const withCustomResources = files.filter(
      (rel) =>
        rel.startsWith(dir) &&
        /^kind: (ServiceMonitor|PrometheusRule|PodMonitor|Probe)$/m.test(
          readFileSync(path.join(corpus, rel), 'utf8'),
        ),
    );
    assert.ok(withCustomResources.length > 15, `${withCustomResources.length} files`);
    const problems = withCustomResources.flatMap((rel) =>
      validator
        .validate(rel, readFileSync(path.join(corpus, rel), 'utf8'))
        .problems.map((p) => `${rel}: ${p.message}`),
    );
    assert.deepEqual(problems, []);
  });

  it('flags custom resources that do not match the CRD in view', () => {
    const problemsOf = (rel: string): string[] =>
      validator
        .validate(rel, readFileSync(path.join(corpus, 'kubernetes', rel), 'utf8'))
        .problems.map((p) => `${p.code}: ${p.message}`);
    // The scrape-class user guide shows only the fields it is about; the CRD requires a selector.
    assert.deepEqual(
      problemsOf(
        'prometheus-operator__prometheus-operator/example/user-guides/scrapeclass/scrapeclass-example-servicemonitor.yaml',
      ),
      ["missing-property: Missing required property 'selector' in ServiceMonitor.spec."],
    );
    // Istio's federation sample sets `className`, which the SPIRE CRD shipped in the quickstart
    // (an older spire-controller-manager) does not list.
    assert.deepEqual(
      problemsOf(
        'istio__istio/samples/security/spire-trust-domain-federation/cluster-federated-trust-domain.yaml',
      ),
      [
        "unknown-property: Unknown property 'className' in ClusterFederatedTrustDomain.spec. Allowed here: bundleEndpointProfile, bundleEndpointURL, trustDomain, trustDomainBundle.",
      ],
    );
  });

  describe('every file in kubernetes/**/invalid/ is flagged for the reason SOURCES.md gives', () => {
    // kubeconform's acceptance.bats reasons, as SOURCES.md records them.
    const reasons: Record<string, RegExp[]> = {
      'yannh__kubeconform/invalid/invalid.yaml': [
        /'replicas' must be an integer, not the string/,
        /Unknown property 'templates' .*Did you mean 'template'/,
      ],
      'yannh__kubeconform/invalid/multi_invalid.yaml': [
        /'port' must be an integer, not the string "sds"/,
      ],
      'yannh__kubeconform/invalid/list_invalid.yaml': [
        /'replicas' must be an integer, not the string/,
        /Unknown property 'templates'/,
      ],
      'yannh__kubeconform/invalid/missing_apiversion.yaml': [
        /Missing required property 'apiVersion'/,
      ],
      'yannh__kubeconform/invalid/missing_kind_value.yaml': [/'kind' has no value/],
      'yannh__kubeconform/invalid/multi_invalid_resources.yaml': Array.from(
        { length: 5 },
        () => /'kind' has no value/,
      ),
      'yannh__kubeconform/invalid/extra_property.yaml': [
        /Unknown property 'replicas' in DaemonSetSpec/,
      ],
      'yannh__kubeconform/invalid/duplicate_property.yaml': [/Duplicate key 'containers'/],
      // SchemaStore's kustomization.json negative test, named by its modeline: `order: fifo`
      // with `legacySortOptions` breaks the schema's sortOptions rule.
      'SchemaStore__schemastore/invalid/src/negative_test/kustomization/3825.yml': [
        /Use "legacy" here, not the string "fifo"/,
      ],
    };
    /**
     * Invalid for a reason outside what the engine checks, each with why. A file here that gets
     * flagged fails the test: move it to `reasons`.
     */
    const notFlagged: Record<string, string> = {
      // `key: value` is not recognisably a Kubernetes object: kubeconform assumes every file is
      // one, we leave arbitrary YAML (values files, app configs) alone.
      'yannh__kubeconform/invalid/missing_kind.yaml': 'arbitrary YAML',
    };
    const dir = path.join(corpus, 'kubernetes');
    const invalid = listFiles(dir).filter((rel) => rel.includes('/invalid/'));

    it('knows every invalid file', () => {
      assert.deepEqual(invalid, Object.keys({ ...reasons, ...notFlagged }).sort());
    });

    for (const [rel, expected] of Object.entries(reasons)) {
      it(rel, () => {
        const messages = validator
          .validate(rel, readFileSync(path.join(dir, rel), 'utf8'))
          .problems.filter((p) => p.severity === 'error')
          .map((p) => p.message);
        const unmatched = [...messages];
        for (const reason of expected) {
          const index = unmatched.findIndex((m) => reason.test(m));
          assert.ok(index >= 0, `${String(reason)} not in ${JSON.stringify(messages)}`);
          unmatched.splice(index, 1);
        }
      });
    }

    it('leaves alone the invalid files whose reason the engine does not check', () => {
      for (const rel of Object.keys(notFlagged)) {
        const problems = validator
          .validate(rel, readFileSync(path.join(dir, rel), 'utf8'))
          // The kustomization test names SchemaStore's schema by a relative path that is not in
          // the corpus: that warning is right, and says nothing about the file's content.
          .problems.filter((p) => p.code !== 'schema-unavailable');
        assert.deepEqual(problems, [], rel);
      }
    });
  });

  describe('runbooks/**/invalid/ (Backstage files, not our runbook format)', () => {
    const dir = path.join(corpus, 'runbooks');
    const check = (rel: string): string[] =>
      validator
        .validate(rel, readFileSync(path.join(dir, rel), 'utf8'))
        .problems.map((p) => `${p.source}/${p.code}`);

    it('flags the unrendered Nunjucks skeletons as YAML syntax errors', () => {
      for (const template of [
        'create-react-app',
        'react-ssr-template',
        'springboot-grpc-template',
      ]) {
        const rel = `backstage__software-templates/invalid/scaffolder-templates/${template}/skeleton/catalog-info.yaml`;
        assert.ok(check(rel).includes('yaml/syntax'), rel);
      }
    });

    it('leaves alone what only a Backstage checker would flag', () => {
      // `{{cookiecutter.name | jsonify}}` parses as a flow mapping, and a Component named
      // "invalid component" breaks Backstage's naming rules, not YAML's: Backstage catalog
      // entities are not one of the formats validated yet, so both stay unflagged.
      for (const rel of [
        'backstage__software-templates/invalid/scaffolder-templates/docs-template-cookiecutter/skeleton/catalog-info.yaml',
        'backstage__backstage/invalid/packages/catalog-model/examples/components/invalid-component.yaml',
      ]) {
        assert.deepEqual(check(rel), [], rel);
      }
    });
  });
});
