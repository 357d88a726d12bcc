import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  classifyDocument,
  classifyFile,
  looksLikeTerraformPlan,
  type InfraKind,
} from '../../../src/common/classify';
import { parseYaml } from '../../../src/common/yamlModel';
import { corpusDir, listFiles } from '../corpus';

function classifyText(relativePath: string, text: string): InfraKind | undefined {
  return relativePath.endsWith('.json')
    ? classifyFile(relativePath, { text })
    : classifyFile(relativePath, { yaml: parseYaml(text) });
}

describe('classifyFile: Alertmanager, Rundeck and Grafana files for the overview', () => {
  it('tells them by name and content', () => {
    const config = 'route:\n  receiver: a\nreceivers:\n  - name: a\n';
    assert.equal(classifyText('monitoring/alertmanager.yml', 'global: {}\n'), 'alertmanager');
    assert.equal(classifyText('ops/routing.yaml', config), 'alertmanager');
    // prometheus-operator's Alertmanager resource, in a file named after it, is a manifest.
    assert.equal(
      classifyText(
        'k8s/alertmanager.yaml',
        'apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\n',
      ),
      'kubernetes',
    );
    assert.equal(
      classifyText(
        'jobs/restart.yaml',
        '- name: r\n  sequence:\n    commands:\n      - exec: date\n',
      ),
      'rundeck-jobs',
    );
    assert.equal(
      classifyText(
        'grafana/provisioning/alerting/rules.yaml',
        'apiVersion: 1\ngroups:\n  - name: g\n    rules: []\n',
      ),
      'grafana',
    );
    assert.equal(
      classifyText('ds.yaml', 'apiVersion: 1\ndatasources:\n  - name: p\n    type: prometheus\n'),
      'grafana',
    );
    // An Ansible play is not a Rundeck job, a plain list is neither.
    assert.equal(classifyText('site.yml', '- hosts: all\n  tasks: []\n'), 'ansible');
    assert.equal(classifyText('list.yaml', '- name: a\n- name: b\n'), undefined);
  });
});

describe('classifyFile', () => {
  it('tells kinds by path', () => {
    assert.equal(classifyFile('.github/workflows/ci.yml', {}), 'github-workflow');
    assert.equal(classifyFile('sub/.github/workflows/deploy.yaml', {}), 'github-workflow');
    assert.equal(classifyFile('actions/setup/action.yml', {}), 'github-action');
    assert.equal(classifyFile('docker-compose.override.yml', {}), 'compose');
    assert.equal(classifyFile('deploy/compose.yaml', {}), 'compose');
    assert.equal(classifyFile('overlays/prod/kustomization.yaml', {}), 'kustomization');
    assert.equal(classifyFile('charts/app/Chart.yaml', {}), 'helm-chart');
    assert.equal(classifyFile('roles/nginx/tasks/main.yml', {}), 'ansible');
    assert.equal(classifyFile('infra/main.tf', {}), 'terraform');
    assert.equal(classifyFile('infra\\network.tofu', {}), 'terraform');
    assert.equal(classifyFile('README.md', {}), undefined);
  });

  it('tells kinds by content', () => {
    assert.equal(classifyText('x.yaml', 'apiVersion: apps/v1\nkind: Deployment\n'), 'kubernetes');
    assert.equal(classifyText('x.yaml', '# c\n---\napiVersion: v1\nkind: Service\n'), 'kubernetes');
    assert.equal(
      classifyText('x.yaml', 'apiVersion: runbooks/v1\nkind: Runbook\nmetadata: {name: a}\n'),
      'runbook',
    );
    assert.equal(classifyText('x.yaml', 'groups:\n- name: a\n  rules: []\n'), 'prometheus-rules');
    assert.equal(classifyText('x.yaml', 'groups: []\n'), 'prometheus-rules');
    assert.equal(classifyText('x.yaml', 'on: push\njobs: {}\n'), 'github-workflow');
    assert.equal(classifyText('x.yaml', 'services:\n  web: {image: nginx}\n'), 'compose');
    assert.equal(classifyText('site.yml', '- hosts: all\n  tasks: []\n'), 'ansible');
    assert.equal(
      classifyText('catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Component\n'),
      undefined,
    );
    assert.equal(classifyText('values.yaml', 'replicaCount: 2\n'), undefined);
    assert.equal(classifyText('broken.yaml', 'a: [\n'), undefined);
  });

  it('recognises plan JSON by its head and nothing else', () => {
    assert.ok(looksLikeTerraformPlan('{"format_version":"1.2","planned_values":{}}'));
    assert.ok(!looksLikeTerraformPlan('{"format_version":"1.0","values":{}}'), 'state, not a plan');
    assert.ok(!looksLikeTerraformPlan('{"name":"package"}'));
    assert.ok(!looksLikeTerraformPlan('[command]terraform show -json\n{"format_version":"1.2"}'));
  });

  describe('on the corpus', () => {
    const corpus = corpusDir();
    const kindsUnder = (
      folder: string,
      filter: (rel: string) => boolean,
    ): Map<string, InfraKind | undefined> => {
      const dir = path.join(corpus, folder);
      const kinds = new Map<string, InfraKind | undefined>();
      for (const rel of listFiles(dir).filter(filter)) {
        kinds.set(rel, classifyText(rel, readFileSync(path.join(dir, rel), 'utf8')));
      }
      return kinds;
    };
    const notKind = (kinds: Map<string, InfraKind | undefined>, kind: InfraKind): string[] =>
      [...kinds].filter(([, k]) => k !== kind).map(([rel]) => rel);

    it('classifies every Prometheus rule file that holds alerting or recording rules', () => {
      const kinds = kindsUnder(
        'prometheus',
        (rel) =>
          /\.ya?ml$/.test(rel) && !rel.includes('/invalid/') && !rel.includes('/unit-tests/'),
      );
      const text = (rel: string): string =>
        readFileSync(path.join(corpus, 'prometheus', rel), 'utf8');
      const withRules = [...kinds.keys()].filter((rel) => /^\s+- (alert|record):/m.test(text(rel)));
      assert.ok(withRules.length > 200);
      assert.deepEqual(
        withRules.filter((rel) => kinds.get(rel) !== 'prometheus-rules'),
        [],
      );
    });

    it('classifies every Compose file of the corpus', () => {
      const kinds = kindsUnder('compose', (rel) =>
        /(^|\/)(docker-)?compose[\w.-]*\.ya?ml$/.test(rel),
      );
      assert.ok(kinds.size > 100);
      assert.deepEqual(notKind(kinds, 'compose'), []);
    });

    it('classifies every terraform show -json plan of the corpus and no state file', () => {
      const kinds = kindsUnder(
        'terraform-plans',
        (rel) => rel.endsWith('.json') && !rel.includes('/invalid/'),
      );
      const text = (rel: string): string =>
        readFileSync(path.join(corpus, 'terraform-plans', rel), 'utf8');
      for (const [rel, kind] of kinds) {
        const value = JSON.parse(text(rel)) as Record<string, unknown>;
        const isPlan =
          'format_version' in value && ('resource_changes' in value || 'planned_values' in value);
        assert.equal(kind === 'terraform-plan', isPlan, rel);
      }
    });

    it('classifies the Kubernetes objects of the corpus, and not Backstage entities', () => {
      const k8s = kindsUnder(
        'kubernetes',
        (rel) => /deployment\.ya?ml$/i.test(rel) && !rel.includes('/invalid/'),
      );
      assert.ok(k8s.size > 10);
      assert.deepEqual(notKind(k8s, 'kubernetes'), []);
      const backstage = kindsUnder('runbooks', (rel) => rel.endsWith('catalog-info.yaml'));
      assert.ok(backstage.size > 0);
      assert.deepEqual(notKind(backstage, 'kubernetes'), [...backstage.keys()]);
    });
  });
});

describe('classifyDocument', () => {
  const formatOf = (text: string): string | undefined => {
    const [document] = parseYaml(text).documents;
    assert.ok(document !== undefined);
    return classifyDocument('x.yaml', document.doc);
  };

  it('tells Prometheus rule files from promtool unit-test files', () => {
    assert.equal(formatOf('groups:\n- name: a\n  rules: []\n'), 'prometheus-rules');
    assert.equal(formatOf('rule_files: [rules.yml]\ntests: []\n'), undefined);
    // Even with a stray `groups:` a test file stays a test file.
    assert.equal(
      formatOf('rule_files: [rules.yml]\ngroups:\n- name: a\n  rules: []\ntests: []\n'),
      undefined,
    );
  });

  const format = (text: string, file = 'k8s/x.yaml'): string | undefined =>
    classifyDocument(file, parseYaml(text).documents[0]?.doc ?? assert.fail('no document'));

  it('routes objects missing half their envelope to Kubernetes, to say which half', () => {
    assert.equal(format('kind: Deployment\nmetadata: {name: x}\nspec: {}\n'), 'kubernetes');
    assert.equal(format('apiVersion: v1\nmetadata: {name: x}\n'), 'kubernetes');
    assert.equal(format('kind:\n'), 'kubernetes');
    assert.equal(format('apiVersion: v1\nkind:\n'), 'kubernetes');
    // Arbitrary YAML with a `kind` key is not assumed to be Kubernetes.
    assert.equal(format('kind: cat\nname: Tom\n'), undefined);
    assert.equal(format('key: value\n'), undefined);
    // Kustomize defaults a kustomization's apiVersion: checked as a kustomization, not Kubernetes.
    assert.equal(
      format('kind: Kustomization\nmetadata: {name: x}\n', 'kustomization.yaml'),
      'kustomization',
    );
  });
});
