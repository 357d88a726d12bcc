import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../../src/common/problem';
import { CrdRegistry, mayHoldCrd } from '../../../src/validation/core/crdSchemas';
import { defaultKubernetesVersion } from '../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../src/validation/core/yamlValidator';

const schemasDir = path.resolve(__dirname, '..', '..', '..', 'schemas');
const crdFile = 'config/crd/widgets.yaml';
const crdText = readFileSync(
  path.resolve(__dirname, '..', '..', 'fixtures', 'crd-repo', crdFile),
  'utf8',
);

function newValidator(): YamlValidator {
  const validator = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });
  validator.setCrdSource(crdFile, crdText);
  return validator;
}

const validator = newValidator();

function check(text: string, v = validator): (Problem & { covers: string })[] {
  return v
    .validate('deploy/widget.yaml', text)
    .problems.map((p) => ({ ...p, covers: text.slice(p.start, p.end) }));
}

/** A CRD of group x.io, version v1, whose root schema has these properties (one YAML line each). */
function xioCrd(kind: string, properties: readonly string[]): string {
  return [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    `metadata: {name: ${kind.toLowerCase()}s.x.io}`,
    'spec:',
    '  group: x.io',
    `  names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}`,
    '  scope: Namespaced',
    '  versions:',
    '    - name: v1',
    '      served: true',
    '      storage: true',
    '      schema:',
    '        openAPIV3Schema:',
    '          type: object',
    '          properties:',
    ...properties.map((p) => `            ${p}`),
    '',
  ].join('\n');
}

const widget = (spec: string, version = 'v1', metadata = '  name: w\n'): string =>
  `apiVersion: example.com/${version}\nkind: Widget\nmetadata:\n${metadata}spec:\n${spec}`;

describe('CRDs from the workspace', () => {
  it('accepts a valid custom resource', () => {
    assert.deepEqual(
      check(
        widget(
          '  size: 3\n  color: red\n  port: 8080\n  name: a-b\n  labels: {a: b}\n  parts:\n    - id: x\n',
        ),
      ),
      [],
    );
  });

  it('reports an unknown field with did-you-mean, on the key', () => {
    const problems = check(widget('  size: 3\n  colour: red\n'));
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers, p.message, p.suggestions]),
      [
        [
          'unknown-property',
          'colour',
          "Unknown property 'colour' in Widget.spec. Did you mean 'color'?",
          ['color'],
        ],
      ],
    );
  });

  it('reports unknown top-level fields (strict root) and in list items', () => {
    const problems = check(
      widget('  size: 3\n  parts:\n    - id: a\n      idd: b\n') + 'extra: 1\n',
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [
        ['unknown-property', 'idd'],
        ['unknown-property', 'extra'],
      ],
    );
  });

  it('reports a wrong type on the value, enum and minimum', () => {
    const problems = check(widget('  size: three\n  color: purple\n'));
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [
        ['wrong-type', 'three'],
        ['invalid-value', 'purple'],
      ],
    );
    assert.match(problems[0]?.message ?? '', /'size' must be an integer, not the string "three"/);
    const small = check(widget('  size: 0\n'));
    assert.equal(small[0]?.covers, '0');
  });

  it('reports a missing required field on its parent key', () => {
    const problems = check(widget('  color: red\n'));
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers, p.message]),
      [['missing-property', 'spec', "Missing required property 'size' in Widget.spec."]],
    );
  });

  it('accepts anything under x-kubernetes-preserve-unknown-fields', () => {
    assert.deepEqual(
      check(
        widget('  size: 1\n  config:\n    anything: [1, {deep: true}]\n    other: x\n') +
          'status:\n  free: form\n',
      ),
      [],
    );
  });

  it('accepts integers and strings for x-kubernetes-int-or-string, nothing else', () => {
    assert.deepEqual(check(widget('  size: 1\n  port: http\n')), []);
    assert.deepEqual(check(widget('  size: 1\n  port: 80\n')), []);
    const problems = check(widget('  size: 1\n  port: [80]\n'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.covers, '[80]');
  });

  it('validates an embedded resource: apiVersion and kind required, metadata as ObjectMeta', () => {
    assert.deepEqual(
      check(
        widget(
          '  size: 1\n  template:\n    apiVersion: v1\n    kind: Pod\n    spec: {any: thing}\n',
        ),
      ),
      [],
    );
    const problems = check(
      widget('  size: 1\n  template:\n    kind: Pod\n    metadata:\n      nmae: x\n'),
    );
    assert.deepEqual(problems.map((p) => [p.code, p.covers]).sort(), [
      ['missing-property', 'template'],
      ['unknown-property', 'nmae'],
    ]);
  });

  it('validates metadata as ObjectMeta and requires apiVersion and kind', () => {
    const problems = check(
      widget('  size: 1\n', 'v1', '  name: w\n  lables: {a: b}\n  annotations: {a: 1}\n'),
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.covers]),
      [
        ['unknown-property', 'lables'],
        ['wrong-type', '1'],
      ],
    );
    assert.match(problems[0]?.message ?? '', /in ObjectMeta\. Did you mean 'labels'\?/);
  });

  it('uses the schema of the version named, warns on a deprecated one, rejects unserved ones', () => {
    const beta = check(widget('  legacySize: big\n', 'v1beta1'));
    assert.deepEqual(
      beta.map((p) => [p.code, p.severity, p.covers]),
      [['deprecated-version', 'warning', 'example.com/v1beta1']],
    );
    assert.match(beta[0]?.message ?? '', /use example.com\/v1 Widget/);
    assert.deepEqual(
      check(widget('  size: 1\n', 'v1beta1')).map((p) => [p.code, p.covers]),
      [
        ['deprecated-version', 'example.com/v1beta1'],
        ['unknown-property', 'size'],
      ],
    );
    const alpha = check(widget('  size: 1\n', 'v1alpha1'));
    assert.deepEqual(
      alpha.map((p) => [p.code, p.covers]),
      [['unserved-version', 'example.com/v1alpha1']],
    );
    assert.match(alpha[0]?.message ?? '', /use example\.com\/v1 or example\.com\/v1beta1/);
  });

  it('reads OpenAPI 3.0 exclusive bounds and RE2 patterns', () => {
    const v = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });
    v.setCrdSource(
      'crd.yaml',
      xioCrd('Gauge', [
        'ratio: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1}',
        "id: {type: string, pattern: '^[a-z\\-]+$'}",
      ]),
    );
    const gauge = (body: string): string[] =>
      check(`apiVersion: x.io/v1\nkind: Gauge\n${body}`, v).map((p) => p.covers);
    assert.deepEqual(gauge('ratio: 0.5\nid: a-b\n'), []);
    assert.deepEqual(gauge('ratio: 0\nid: a-b\n'), ['0']);
    assert.deepEqual(gauge('ratio: 1\nid: A_B\n'), ['A_B']);
  });

  it('says why a CRD whose schema is invalid cannot check its resources, and checks the next one', () => {
    const v = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });
    v.setCrdSource('broken.yaml', xioCrd('Broken', ['size: {type: integer, minLength: -1}']));
    v.setCrdSource('fine.yaml', xioCrd('Fine', ['size: {type: integer}']));
    const messages = (text: string): string[] =>
      check(`apiVersion: x.io/v1\n${text}`, v).map((p) => p.message);
    const [broken] = messages('kind: Broken\nsize: 1\n');
    assert.match(
      broken ?? '',
      /could not be read.*schema is invalid: data\/properties\/size\/minLength must be >= 0/,
    );
    assert.deepEqual(messages('kind: Fine\nsize: 1\n'), []);
    assert.equal(messages('kind: Fine\nsize: one\n').length, 1);
  });

  it('validates metadata through the shared Kubernetes definitions, whatever $id a CRD sets', () => {
    // One Ajv instance holds the Kubernetes definitions for every CRD; a CRD's `$id` is the base
    // its references resolve against, so the definitions need an id of their own that is absolute.
    const v = new YamlValidator({ schemasDir, kubernetesVersion: defaultKubernetesVersion });
    const withId = (kind: string, property: string): string =>
      xioCrd(kind, [property]).replace(
        'type: object\n',
        "type: object\n          $id: 'https://x.io/schema'\n",
      );
    v.setCrdSource('one.yaml', withId('One', 'size: {type: integer}'));
    v.setCrdSource('two.yaml', withId('Two', 'name: {type: string}'));
    const covers = (text: string): string[] =>
      check(`apiVersion: x.io/v1\n${text}`, v).map((p) => `${p.code} ${p.covers}`);
    assert.deepEqual(covers('kind: One\nmetadata: {nmae: a}\nsize: a\n'), [
      'unknown-property nmae',
      'wrong-type a',
    ]);
    assert.deepEqual(covers('kind: Two\nmetadata: {lables: {}}\nname: 1\nsize: 1\n'), [
      'unknown-property lables',
      'wrong-type 1',
      'unknown-property size',
    ]);
  });

  it('leaves kinds without a CRD alone', () => {
    assert.deepEqual(check('apiVersion: other.io/v1\nkind: Gadget\nspec: {x: 1}\n'), []);
  });

  it('describes custom resources for hover, titled by the CRD and its file', () => {
    const text = widget('  size: 3\n');
    const hover = validator.describeAt('deploy/widget.yaml', text, text.indexOf('size'));
    assert.ok(hover);
    assert.match(hover.markdown, /\*\*size\*\*: `integer`/);
    assert.match(hover.markdown, /How many parts the widget has/);
    assert.match(
      hover.markdown,
      /CRD widgets\.example\.com · example\.com\/v1 Widget \(from config\/crd\/widgets\.yaml\)/,
    );
    const meta = validator.describeAt('deploy/widget.yaml', text, text.indexOf('name'));
    assert.match(meta?.markdown ?? '', /in `ObjectMeta`/);
  });

  it("replaces a file's CRDs when it changes and forgets them when it is removed", () => {
    const v = newValidator();
    const text = widget('  size: 3\n  shape: round\n');
    assert.equal(check(text, v).length, 1);
    // The CRD now lists `shape`: the cached result must not be served.
    v.setCrdSource(
      crdFile,
      crdText.replace(
        '                color:\n',
        '                shape:\n                  type: string\n                color:\n',
      ),
    );
    assert.deepEqual(check(text, v), []);
    v.setCrdSource(crdFile, undefined);
    assert.deepEqual(check(text, v), []);
    assert.equal(v.crds.versions.length, 0);
    v.setCrdSource(crdFile, crdText);
    assert.equal(check(text, v).length, 1);
    // A file that no longer holds a CRD drops what it held.
    v.setCrdSource(crdFile, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    assert.deepEqual(check(text, v), []);
  });

  it('bumps its generation only when the CRDs change', () => {
    const registry = new CrdRegistry();
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'a.io',
        names: { kind: 'A', plural: 'as' },
        versions: [{ name: 'v1', served: true }],
      },
    };
    registry.setFile('a.yaml', [crd]);
    assert.equal(registry.generation, 1);
    registry.setFile('a.yaml', [crd, { kind: 'ConfigMap' }]);
    assert.equal(registry.generation, 1);
    assert.deepEqual(registry.lookup('a.io/v1', 'A'), { found: registry.versions[0] });
    assert.equal(registry.versions[0]?.crdName, 'as.a.io');
    registry.removeFile('a.yaml');
    assert.equal(registry.generation, 2);
    assert.equal(registry.lookup('a.io/v1', 'A'), undefined);
    registry.removeFile('a.yaml');
    assert.equal(registry.generation, 2);
  });

  it('tells CRD texts apart cheaply', () => {
    assert.equal(mayHoldCrd(crdText), true);
    assert.equal(mayHoldCrd('kind: "CustomResourceDefinition"\n'), true);
    assert.equal(mayHoldCrd('apiVersion: v1\nkind: ConfigMap\n'), false);
  });

  describe('the CustomResourceDefinition documents themselves', () => {
    const checkCrd = (text: string): (Problem & { covers: string })[] =>
      validator
        .validate(crdFile, text)
        .problems.map((p) => ({ ...p, covers: text.slice(p.start, p.end) }));

    it('accepts a well-formed CRD', () => {
      assert.deepEqual(checkCrd(crdText), []);
    });

    it('flags misspelt fields, missing ones and wrong values, where they are', () => {
      const broken = crdText
        .replace(
          '      served: true\n      storage: true',
          '      servd: true\n      storage: true',
        )
        .replace('  scope: Namespaced\n', '  scope: Namespace\n')
        .replace('    plural: widgets\n', '');
      assert.deepEqual(
        checkCrd(broken).map((p) => [p.code, p.covers]),
        [
          ['missing-property', 'names'],
          ['invalid-value', 'Namespace'],
          // The missing `served` on the version's first key, the misspelt one on itself.
          ['missing-property', 'name'],
          ['unknown-property', 'servd'],
        ],
      );
    });

    it('checks what the API server checks beyond the schema: name, one storage version', () => {
      const problems = checkCrd(
        crdText
          .replace('name: widgets.example.com', 'name: widget.example.com')
          .replace(
            '      storage: false\n      deprecated: true',
            '      storage: true\n      deprecated: true',
          ),
      );
      assert.deepEqual(
        problems.map((p) => [p.code, p.covers.split('\n', 1)[0], p.message]),
        [
          [
            'invalid-value',
            'widget.example.com',
            "A CRD's name must be <plural>.<group>: 'widgets.example.com', not 'widget.example.com'.",
          ],
          ['invalid-value', '- name: v1', 'Exactly one version must have storage: true (2 do).'],
        ],
      );
    });

    it('describes CRD fields on hover', () => {
      const hover = validator.describeAt(crdFile, crdText, crdText.indexOf('scope:'));
      assert.match(hover?.markdown ?? '', /Whether objects live in a namespace/);
      assert.match(hover?.markdown ?? '', /apiextensions\.k8s\.io\/v1 CustomResourceDefinition/);
    });
  });
});
