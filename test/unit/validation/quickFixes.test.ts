import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { Problem } from '../../../src/common/problem';
import { parseYaml } from '../../../src/common/yamlModel';
import type { SchemaSource } from '../../../src/validation/core/completion';
import { JsonSchemaDocument } from '../../../src/validation/core/jsonSchemaDocument';
import { defaultKubernetesVersion } from '../../../src/validation/core/kubernetesSchemas';
import { quickFixesFor, type TextEdit } from '../../../src/validation/core/quickFixes';
import { YamlValidator } from '../../../src/validation/core/yamlValidator';

const validator = new YamlValidator({
  schemasDir: path.resolve(__dirname, '..', '..', '..', 'schemas'),
  kubernetesVersion: defaultKubernetesVersion,
});

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

/** The fixes of the problems of a Kubernetes text, by title. */
function kubernetesFixes(text: string) {
  const problems = validator.validate('k8s/x.yaml', text).problems;
  return problems.flatMap((problem) =>
    quickFixesFor(problem, { relativePath: 'k8s/x.yaml', text, schemas: validator }).map((fix) => ({
      problem,
      fix,
    })),
  );
}

/** A format described by one JSON schema: its problems and schema source, as a checker gives them. */
function schemaFormat(schema: JsonSchemaDocument) {
  const source: SchemaSource = {
    schemaOf: () => ({ navigator: schema.navigator, title: schema.title }),
  };
  const problems = (text: string): Problem[] => {
    const document = parseYaml(text).documents[0];
    assert.ok(document);
    return schema.problems(document.doc, document.doc.toJS(), 'yaml');
  };
  return { source, problems };
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - image: nginx
          ports:
            - containerPort: 80
`;

describe('quick fixes: missing required properties', () => {
  it('adds a missing key after the last key of its mapping, and the problem is gone', () => {
    const fixes = kubernetesFixes(deployment);
    const selector = fixes.find((f) => f.fix.title === "Add missing property 'selector'");
    assert.ok(selector, JSON.stringify(fixes.map((f) => f.fix.title)));
    assert.equal(selector.fix.preferred, true);
    const fixed = apply(deployment, selector.fix.edits);
    assert.equal(fixed, `${deployment}  selector: {}\n`);
    assert.deepEqual(
      validator.validate('k8s/x.yaml', fixed).problems.map((p) => p.message),
      ["Missing required property 'name' in Container."],
    );
  });

  it('adds a list item’s missing key at the item’s indentation, after its nested list', () => {
    const name = kubernetesFixes(deployment).find(
      (f) => f.fix.title === "Add missing property 'name'",
    );
    assert.ok(name);
    const fixed = apply(deployment, name.fix.edits);
    assert.equal(
      fixed,
      deployment.replace('containerPort: 80\n', 'containerPort: 80\n          name: ""\n'),
    );
    assert.deepEqual(
      validator.validate('k8s/x.yaml', fixed).problems.filter((p) => p.message.includes("'name'")),
      [],
    );
  });

  it('offers "Add all missing properties" when a mapping misses several', () => {
    const binding = `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\nroleRef:\n  name: reader # the Role\nsubjects: []\n`;
    const fixes = kubernetesFixes(binding);
    const titles = fixes.map((f) => f.fix.title);
    assert.ok(titles.includes("Add missing property 'apiGroup'"), JSON.stringify(titles));
    assert.ok(titles.includes("Add missing property 'kind'"));
    const all = fixes.find((f) => f.fix.title === 'Add all missing properties');
    assert.ok(all);
    const fixed = apply(binding, all.fix.edits);
    assert.equal(
      fixed,
      binding.replace('# the Role\n', '# the Role\n  apiGroup: ""\n  kind: ""\n'),
    );
    assert.deepEqual(validator.validate('k8s/x.yaml', fixed).problems, []);
  });

  it('adds a document’s missing key at the end of that document in a stream', () => {
    const binding = `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\nsubjects: []\n`;
    const text = `${binding}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n`;
    const add = kubernetesFixes(text).find((f) => f.fix.title === "Add missing property 'roleRef'");
    assert.ok(add);
    assert.equal(add.problem.start, 0, 'reported on the first key of the document');
    const fixed = apply(text, add.fix.edits);
    assert.equal(fixed, text.replace('subjects: []\n', 'subjects: []\nroleRef: {}\n'));
    // The placeholder `{}` then misses its own keys: they fill it in as a block mapping.
    const all = kubernetesFixes(fixed).find((f) => f.fix.title === 'Add all missing properties');
    assert.ok(all);
    const filled = apply(fixed, all.fix.edits);
    assert.equal(
      filled,
      text.replace(
        'subjects: []\n',
        'subjects: []\nroleRef:\n  apiGroup: ""\n  kind: ""\n  name: ""\n',
      ),
    );
    assert.deepEqual(validator.validate('k8s/x.yaml', filled).problems, []);
  });

  it('types each placeholder by the schema, and adds a line break at the end of the text', () => {
    const schema = new JsonSchemaDocument(
      {
        type: 'object',
        required: ['text', 'count', 'flags', 'list', 'map', 'mode'],
        properties: {
          text: { type: 'string' },
          count: { type: 'integer' },
          flags: { type: 'boolean' },
          list: { type: 'array' },
          map: { type: 'object' },
          mode: { enum: ['fast', 'slow'] },
        },
      },
      'test',
    );
    const { source, problems } = schemaFormat(schema);
    const text = 'text: a';
    const [problem] = problems(text);
    assert.ok(problem);
    const all = quickFixesFor(problem, { relativePath: 'x.yaml', text, schemas: source }).find(
      (f) => f.title === 'Add all missing properties',
    );
    assert.ok(all);
    const fixed = apply(text, all.edits);
    assert.equal(fixed, 'text: a\ncount: 0\nflags: false\nlist: []\nmap: {}\nmode: fast\n');
    assert.deepEqual(problems(fixed), []);
  });
});

describe('quick fixes: values outside the allowed ones', () => {
  // Compose declares `cgroup: host | private`; the bundled Compose checker validates it.
  const compose = {
    source: validator,
    problems: (text: string): readonly Problem[] =>
      validator.validate('compose.yaml', text).problems,
  };

  it('replaces the value by each allowed one, the closest first, and the problem is gone', () => {
    const text = 'services:\n  web:\n    image: nginx\n    cgroup: hots\n';
    const [problem] = compose.problems(text);
    assert.ok(problem);
    assert.equal(problem.code, 'invalid-value');
    const fixes = quickFixesFor(problem, {
      relativePath: 'compose.yaml',
      text,
      schemas: compose.source,
    });
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred]),
      [
        ['Change to host', true],
        ['Change to private', false],
      ],
    );
    const fixed = apply(text, fixes[0]?.edits ?? []);
    assert.equal(fixed, text.replace('hots', 'host'));
    assert.deepEqual(compose.problems(fixed), []);
  });

  it('prefers none when no allowed value is close, and keeps the schema order', () => {
    const text = 'services:\n  web:\n    image: nginx\n    cgroup: "zzzzzz"\n';
    const [problem] = compose.problems(text);
    assert.ok(problem);
    const fixes = quickFixesFor(problem, {
      relativePath: 'compose.yaml',
      text,
      schemas: compose.source,
    });
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred]),
      [
        ['Change to host', false],
        ['Change to private', false],
      ],
    );
    assert.equal(apply(text, fixes[1]?.edits ?? []), text.replace('"zzzzzz"', 'private'));
  });

  it('needs the text and its schemas for value and missing-key fixes', () => {
    const text = 'services:\n  web:\n    image: nginx\n    cgroup: hots\n';
    const [problem] = compose.problems(text);
    assert.ok(problem);
    assert.deepEqual(quickFixesFor(problem), []);
  });
});

describe('ConfigMap data values', () => {
  const kubernetes = new YamlValidator({
    schemasDir: path.resolve(__dirname, '..', '..', '..', 'schemas'),
    kubernetesVersion: defaultKubernetesVersion,
  });

  it('says to quote a number or boolean under data, and the quick fix quotes it', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  port: 8080\n  debug: yes\n  name: shop\n';
    const problems = kubernetes.validate('cm.yaml', text).problems;
    assert.deepEqual(
      problems.map((p) => [p.code, text.slice(p.start, p.end)]),
      [['unquoted-data-value', '8080']],
    );
    assert.match(
      problems[0]?.message ?? '',
      /ConfigMap data values are strings.*quote it \("8080"\)/,
    );
    const [fix] = quickFixesFor(problems[0] ?? assert.fail('no problem'));
    assert.ok(fix);
    const edit = fix.edits[0] ?? assert.fail('no edit');
    const fixed = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    assert.deepEqual(kubernetes.validate('cm.yaml', fixed).problems, []);
  });
});
