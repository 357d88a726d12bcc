import * as assert from 'node:assert/strict';
import path from 'node:path';
import { defaultKubernetesVersion } from '../../../src/validation/core/kubernetesSchemas';
import { quickFixesFor } from '../../../src/validation/core/quickFixes';
import { YamlValidator } from '../../../src/validation/core/yamlValidator';

const validator = new YamlValidator({
  schemasDir: path.resolve(__dirname, '..', '..', '..', 'schemas'),
  kubernetesVersion: defaultKubernetesVersion,
});

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: web
      image: nginx
      imagePullPolcy: Always
      ports:
        - containerPort: 80
`;

function apply(
  text: string,
  edits: readonly { start: number; end: number; newText: string }[],
): string {
  return [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

describe('quick fixes', () => {
  it('renames an unknown key to the closest allowed one, which then validates', () => {
    const [problem] = validator.validate('pod.yaml', pod).problems;
    assert.ok(problem);
    const [best] = quickFixesFor(problem);
    assert.ok(best);
    assert.equal(best.title, "Rename to 'imagePullPolicy'");
    assert.equal(best.preferred, true);
    const fixed = apply(pod, best.edits);
    assert.equal(fixed, pod.replace('imagePullPolcy', 'imagePullPolicy'));
    assert.deepEqual(validator.validate('pod.yaml', fixed).problems, []);
  });

  it('offers nothing for problems it cannot fix', () => {
    const text = pod.replace('imagePullPolcy: Always', 'zzzzzzzzzzzz: 1');
    const [problem] = validator.validate('pod.yaml', text).problems;
    assert.ok(problem);
    assert.deepEqual(quickFixesFor(problem), []);
    assert.deepEqual(
      quickFixesFor({
        code: 'syntax',
        source: 'yaml',
        severity: 'error',
        message: 'x',
        start: 0,
        end: 1,
      }),
      [],
    );
  });
});

describe('hover', () => {
  it('describes a key with its type, owner and the schema description', () => {
    const offset = pod.indexOf('image: nginx') + 2;
    const info = validator.describeAt('x.yaml', pod, offset);
    assert.ok(info);
    assert.equal(pod.slice(info.start, info.end), 'image');
    assert.match(
      info.markdown,
      /^\*\*image\*\*: `string` — in `Container`\n\nContainer image name\./,
    );
    assert.match(info.markdown, /Kubernetes 1\.34 · v1 Pod/);
  });

  it('describes an object key with its type and required keys', () => {
    const info = validator.describeAt('x.yaml', pod, pod.indexOf('spec:'));
    assert.ok(info);
    assert.match(info.markdown, /^\*\*spec\*\*: `PodSpec` — in `Pod`/);
    assert.match(info.markdown, /Required: `containers`/);
  });

  it('describes the value under the pointer as its field', () => {
    const info = validator.describeAt('x.yaml', pod, pod.indexOf('80'));
    assert.ok(info);
    assert.equal(pod.slice(info.start, info.end), '80');
    assert.match(info.markdown, /^\*\*containerPort\*\*: `integer` — in `ContainerPort`/);
  });

  it('says nothing where the schema knows nothing', () => {
    assert.equal(validator.describeAt('x.yaml', pod, pod.indexOf('imagePullPolcy')), undefined);
    assert.equal(validator.describeAt('x.yaml', 'a: 1\n', 0), undefined);
    assert.equal(
      validator.describeAt('x.yaml', 'apiVersion: x/v1\nkind: Custom\nspec: {}\n', 30),
      undefined,
    );
  });

  it('finds the document under the pointer in a stream', () => {
    const text = `${pod}---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: ClusterIP\n`;
    const info = validator.describeAt('x.yaml', text, text.indexOf('type: ClusterIP'));
    assert.ok(info);
    assert.match(info.markdown, /^\*\*type\*\*: `string` — in `ServiceSpec`/);
  });
});
