import * as assert from 'node:assert/strict';
import { inspectJson, jsonSyntaxError } from '../../../src/workspace/core/jsonFiles';

describe('JSON files in the workspace index', () => {
  it('takes Kubernetes manifests and Grafana dashboards, and leaves other JSON alone', () => {
    assert.deepEqual(inspectJson('{"apiVersion": "v1", "kind": "List", "items": []}'), {
      kind: 'infra',
    });
    assert.deepEqual(inspectJson('{"title": "t", "schemaVersion": 39, "panels": []}'), {
      kind: 'infra',
    });
    for (const other of ['{"name": "pkg"}', '[1, 2]', '"text"', '{"apiVersion": 1, "kind": "x"}']) {
      assert.deepEqual(inspectJson(other), { kind: 'other' }, other);
    }
    assert.deepEqual(inspectJson(' '.repeat(5 * 1024 * 1024 + 1)), { kind: 'other' });
  });

  it('says where and why a text stops being strict JSON', () => {
    const cases: [string, string, string][] = [
      ['{"a": 1,}', '}', 'a property name in double quotes is expected here'],
      ['{"a": 1 "b": 2}', '"b"', "a ',' is expected between the values"],
      ['{"a": tru}', 'tru', 'this is not a JSON value'],
      ['{"a": 1} {}', '{', 'the text goes on after the JSON value ends'],
      ['{\n  // note\n  "a": 1\n}', '// note', 'JSON has no comments'],
      ['{"a": "b', '"b', 'the string is not closed'],
    ];
    for (const [text, at, why] of cases) {
      const error = jsonSyntaxError(text);
      assert.ok(error !== undefined, text);
      assert.equal(text.slice(error.start, error.end).trimEnd(), at, text);
      assert.ok(error.message.startsWith(`Not valid JSON: ${why}`), `${text}: ${error.message}`);
    }
    assert.equal(jsonSyntaxError('{"a": [1, 2, {"b": null}]}'), undefined);
    const verdict = inspectJson('{"a": 1,}');
    assert.equal(verdict.kind, 'syntax-error');
  });
});
