import * as assert from 'node:assert/strict';
import path from 'node:path';
import { parseYaml } from '../../../src/common/yamlModel';
import { completionsAt, type SchemaSource } from '../../../src/validation/core/completion';
import { JsonSchemaDocument } from '../../../src/validation/core/jsonSchemaDocument';
import { defaultKubernetesVersion } from '../../../src/validation/core/kubernetesSchemas';
import { YamlValidator } from '../../../src/validation/core/yamlValidator';

const validator = new YamlValidator({
  schemasDir: path.resolve(__dirname, '..', '..', '..', 'schemas'),
  kubernetesVersion: defaultKubernetesVersion,
});

/** Completion at the `‸` in `marked` (the mark is removed), sorted as an editor sorts them. */
function complete(marked: string, source: SchemaSource = validator, file = 'k8s/app.yaml') {
  const offset = marked.indexOf('‸');
  assert.ok(offset >= 0, 'no cursor mark');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const proposals = completionsAt(source, file, text, offset).sort((a, b) =>
    a.sortText.localeCompare(b.sortText),
  );
  return { text, offset, proposals, labels: proposals.map((p) => p.label) };
}

const deployment = (specBody: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${specBody}`;

const template = `  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
`;

describe('completion', () => {
  it('proposes the keys of the mapping under the cursor that are not there yet, required first', () => {
    const { labels, proposals } = complete(deployment(`  replicas: 2\n  ‸\n${template}`));
    assert.equal(labels[0], 'selector', 'the required key comes first');
    assert.ok(labels.includes('strategy') && labels.includes('minReadySeconds'));
    assert.ok(!labels.includes('replicas'), 'a key above the cursor is not proposed again');
    assert.ok(!labels.includes('template'), 'a key below the cursor is not proposed again');
    const rest = labels.slice(1);
    assert.deepEqual(rest, [...rest].sort(), 'the optional keys follow by name');
    const selector = proposals[0];
    assert.ok(selector);
    assert.match(selector.documentation ?? '', /^Label selector for pods\./);
    assert.equal(selector.detail, 'required · LabelSelector');
    // An object-typed key opens its mapping on the next line, two columns in.
    assert.equal(selector.insertText, 'selector:\n    $0');
  });

  it('completes a half-typed key in a document that does not parse, replacing the word', () => {
    const { text, labels, proposals } = complete(deployment(`  replic‸\n${template}`));
    assert.ok(parseYaml(text).documents[0]?.doc.errors.length, 'the text must not parse');
    assert.ok(labels.includes('replicas'));
    const replicas = proposals.find((p) => p.label === 'replicas');
    assert.ok(replicas);
    assert.equal(text.slice(replicas.start, replicas.end), 'replic');
    assert.equal(replicas.insertText, 'replicas: $0');
  });

  it('proposes container keys in a list item, leaving out those the item has', () => {
    const body = template.replace('image: nginx', 'image: nginx\n          ‸');
    const { labels } = complete(deployment(`  selector: {}\n${body}`));
    assert.ok(labels.includes('ports') && labels.includes('env'));
    assert.ok(!labels.includes('name') && !labels.includes('image'));
  });

  it('proposes a new list item’s keys after "- ", with the required name first', () => {
    const body = template.replace('image: nginx', 'image: nginx\n        - ‸');
    const { labels, proposals } = complete(deployment(`  selector: {}\n${body}`));
    assert.equal(labels[0], 'name');
    assert.ok(labels.includes('image'), 'the other item’s keys do not count');
    // Under `- ` the key sits at column 10: a nested list keeps the file's style (indented by 2).
    assert.equal(
      proposals.find((p) => p.label === 'ports')?.insertText,
      'ports:\n            - $0',
    );
  });

  it('follows a file that does not indent lists under their key', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: web\n    ‸\n`;
    const { proposals } = complete(text);
    assert.equal(proposals.find((p) => p.label === 'ports')?.insertText, 'ports:\n    - $0');
  });

  it('proposes true and false for a boolean value, after "key:" or "key: "', () => {
    const spaced = complete(deployment(`  paused: ‸\n${template}`));
    assert.deepEqual(spaced.labels, ['true', 'false']);
    assert.equal(spaced.proposals[0]?.insertText, 'true');
    const tight = complete(deployment(`  paused:‸\n${template}`));
    assert.equal(tight.proposals[0]?.insertText, ' true', 'a space follows the colon');
    const typed = complete(deployment(`  paused: fa‸\n${template}`));
    const f = typed.proposals.find((p) => p.label === 'false');
    assert.ok(f);
    assert.equal(typed.text.slice(f.start, f.end), 'fa');
    assert.deepEqual(complete(deployment(`  replicas: ‸\n${template}`)).labels, []);
  });

  it('proposes the enum values of another format’s schema, through the same schema source', () => {
    // The bundled Compose checker's schema, found through the validator like any format's.
    const source: SchemaSource = validator;
    const text = `services:\n  web:\n    image: nginx\n    cgroup: ‸\n`;
    assert.deepEqual(complete(text, source, 'compose.yaml').labels, ['host', 'private']);
    const keys = complete(`services:\n  web:\n    image: nginx\n    ‸\n`, source, 'compose.yaml');
    assert.ok(keys.labels.includes('cgroup') && !keys.labels.includes('image'));
    assert.equal(
      keys.proposals.find((p) => p.label === 'cgroup')?.insertText,
      'cgroup: ${1|host,private|}',
    );
  });

  it('reads structure around block scalars, quoted keys and lists of allowed values', () => {
    const schema = new JsonSchemaDocument(
      {
        type: 'object',
        properties: {
          steps: {
            type: 'array',
            items: {
              type: 'object',
              required: ['run'],
              properties: {
                name: { type: 'string' },
                run: { type: 'string' },
                shell: { enum: ['bash', 'sh', 'pwsh'] },
                'timeout-minutes': { type: 'number' },
              },
            },
          },
          days: { type: 'array', items: { enum: ['mon', 'tue'] } },
        },
      },
      'test',
    );
    const source: SchemaSource = {
      schemaOf: () => ({ navigator: schema.navigator, title: schema.title }),
    };
    // `name: x` inside the block scalar is text, not a key of the step.
    const step = `steps:\n  - run: |\n      name: x\n      echo hi\n    ‸\n    "timeout-minutes": 3\n`;
    assert.deepEqual(complete(step, source, 'x.yaml').labels, ['name', 'shell']);
    assert.deepEqual(complete(`steps:\n  - shell: ‸\n`, source, 'x.yaml').labels, [
      'bash',
      'sh',
      'pwsh',
    ]);
    assert.deepEqual(complete(`days:\n  - mon\n  - ‸\n`, source, 'x.yaml').labels, ['mon', 'tue']);
  });

  it('completes in the document under the cursor of a stream', () => {
    const text = `${deployment(template)}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ‸\n`;
    const { labels } = complete(text);
    assert.ok(labels.includes('ports') && labels.includes('clusterIP'));
    assert.ok(!labels.includes('template'));
  });

  it('proposes nothing outside schema-described YAML, in comments or in block scalars', () => {
    assert.deepEqual(complete('name: x\n‸\n').labels, []);
    assert.deepEqual(complete('apiVersion: x/v1\nkind: Custom\nspec:\n  ‸\n').labels, []);
    assert.deepEqual(complete(deployment(`  # ‸\n${template}`)).labels, []);
    const block = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    note: |\n      some text\n      ‸\n`;
    assert.deepEqual(complete(block).labels, []);
    assert.ok(complete(block.replace('      ‸', '  ‸')).labels.includes('labels'));
  });

  it('never throws on odd input', () => {
    for (const text of [
      '‸',
      '---\n‸',
      ':\n‸',
      '- - ‸',
      '{a: ‸',
      '"x": ‸',
      'a:\n\t‸',
      'a: |\n  ‸',
    ]) {
      assert.doesNotThrow(() => complete(text));
    }
  });
});
