import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { JsonSchemaDocument } from '../../../src/validation/core/jsonSchemaDocument';

/** Problems of `text` against `schema`, each as [code, covered text, message]. */
function problems(schema: object, text: string): [string, string, string][] {
  const doc = parseDocument(text);
  return new JsonSchemaDocument(schema, 'test')
    .problems(doc, doc.toJS(), 'github-actions')
    .map((p) => [p.code, text.slice(p.start, p.end), p.message]);
}

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  definitions: {
    filters: {
      type: 'object',
      additionalProperties: false,
      properties: { branches: { type: 'array' }, tags: { type: 'array' } },
    },
  },
  type: 'object',
  properties: {
    push: { oneOf: [{ type: 'null' }, { $ref: '#/definitions/filters' }] },
    level: { oneOf: [{ type: 'string', enum: ['read-all'] }, { type: 'object' }] },
    env: { oneOf: [{ type: 'object' }, { type: 'string', pattern: '^\\$\\{\\{.*\\}\\}$' }] },
  },
};

describe('schemaProblems oneOf reduction', () => {
  it('reports the object branch of a oneOf (through $ref), not "must be null"', () => {
    assert.deepEqual(problems(schema, 'push:\n  branchs: [main]\n'), [
      [
        'unknown-property',
        'branchs',
        "Unknown property 'branchs' in filters. Did you mean 'branches'?",
      ],
    ]);
  });

  it('reports the branch whose type fits: an enum for a string', () => {
    assert.deepEqual(problems(schema, 'level: write\n'), [
      ['invalid-value', 'write', '"write" is not allowed here: use one of "read-all".'],
    ]);
  });

  it('lists every accepted type when no branch fits', () => {
    assert.deepEqual(problems(schema, 'level: 3\n'), [
      ['wrong-type', '3', "'level' must be a string or an object, not the number 3."],
    ]);
  });

  it('says an expression is accepted when a string fails the expression pattern', () => {
    assert.deepEqual(problems(schema, 'env: production\n'), [
      [
        'invalid-value',
        'production',
        '\'env\' must be an object or an expression (${{ … }}), not the string "production".',
      ],
    ]);
  });

  it('keeps "matches more than one" when several branches match', () => {
    const both = { oneOf: [{ type: 'object' }, { required: ['a'] }] };
    const found = problems(both, 'a: 1\n');
    assert.equal(found.length, 1);
    assert.equal(found.at(0)?.[0], 'schema');
    assert.match(found.join('|'), /exactly one/);
  });
});
