import * as assert from 'node:assert/strict';
import path from 'node:path';
import { completionsAt } from '../../../src/validation/core/completion';
import { defaultKubernetesVersion } from '../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../src/validation/core/yamlValidator';

const validator = new YamlValidator({
  schemasDir: path.resolve(__dirname, '..', '..', '..', 'schemas'),
  kubernetesVersion: defaultKubernetesVersion,
});

/** The labels completion offers at the `‸` of `marked`. */
function labelsAt(file: string, marked: string): string[] {
  const offset = marked.indexOf('‸');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return completionsAt(validator, file, text, offset).map((p) => p.label);
}

function hoverAt(file: string, text: string, word: string): string {
  return validator.describeAt(file, text, text.indexOf(word))?.markdown ?? '';
}

describe('hover and completion from the schemas of Alertmanager, Kustomize, Helm and Rundeck', () => {
  it('Alertmanager: route keys and receiver integrations', () => {
    const text = 'route:\n  receiver: ops\n  group_wait: 30s\nreceivers:\n  - name: ops\n';
    assert.match(
      hoverAt('alertmanager.yml', text, 'group_wait'),
      /first notification of a new group[\s\S]*Alertmanager configuration/,
    );
    const route = labelsAt(
      'alertmanager.yml',
      'route:\n  receiver: ops\n  ‸\nreceivers:\n  - name: ops\n',
    );
    assert.ok(
      route.includes('group_by') && route.includes('matchers') && !route.includes('receiver'),
      route.join(),
    );
    const receiver = labelsAt(
      'alertmanager.yml',
      'route:\n  receiver: ops\nreceivers:\n  - name: ops\n    ‸\n',
    );
    assert.ok(
      receiver.includes('slack_configs') && receiver.includes('pagerduty_configs'),
      receiver.join(),
    );
  });

  it('Kustomize: kustomization fields', () => {
    const text = 'resources:\n  - deployment.yaml\nnamePrefix: prod-\n';
    assert.match(
      hoverAt('kustomization.yaml', text, 'namePrefix'),
      /namePrefix[\s\S]*Kustomization/,
    );
    const labels = labelsAt('kustomization.yaml', 'resources: []\n‸\n');
    assert.ok(labels.includes('patches') && labels.includes('configMapGenerator'), labels.join());
  });

  it('Helm: Chart.yaml fields', () => {
    const text = 'apiVersion: v2\nname: shop\nversion: 1.0.0\ntype: application\n';
    assert.match(hoverAt('chart/Chart.yaml', text, 'type'), /application[\s\S]*library/);
    const labels = labelsAt('chart/Chart.yaml', 'apiVersion: v2\nname: shop\nversion: 1.0.0\n‸\n');
    assert.ok(labels.includes('dependencies') && labels.includes('appVersion'), labels.join());
  });

  it('Rundeck: job and step fields', () => {
    const text = '- name: a\n  loglevel: INFO\n  sequence:\n    commands:\n      - exec: date\n';
    assert.match(hoverAt('jobs.yaml', text, 'loglevel'), /DEBUG[\s\S]*Rundeck jobs/);
    const step = labelsAt(
      'jobs.yaml',
      '- name: a\n  sequence:\n    commands:\n      - exec: date\n        ‸\n',
    );
    assert.ok(step.includes('description') && step.includes('errorhandler'), step.join());
  });
});
