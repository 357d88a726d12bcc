import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findJsonSyntaxError } from '../../../src/plan/core/jsonSyntaxError';
import { PlanReadError, readPlanJson } from '../../../src/plan/core/readPlanJson';
import { fixtureText } from './planFixtures';

function readError(text: string): PlanReadError {
  try {
    readPlanJson(text);
  } catch (error) {
    assert.ok(error instanceof PlanReadError, String(error));
    return error;
  }
  assert.fail('read without an error');
}

describe('reading plan JSON', () => {
  it('names the line and column where truncated JSON ends', () => {
    const text = fixtureText('truncated.json');
    const error = readError(text);
    assert.equal(error.kind, 'invalid-json');
    assert.equal(error.line, 1);
    assert.equal(error.column, text.length + 1);
    assert.match(
      error.message,
      /^not valid JSON: unexpected end of input \(truncated\?\) at line 1, column \d+$/,
    );
  });

  it('locates syntax errors on later lines', () => {
    const error = readError('{\n  "format_version": "1.2",\n  "resource_changes": [,]\n}');
    assert.deepEqual([error.line, error.column], [3, 24]);
    assert.match(error.message, /unexpected "," where a value should be/);
    assert.deepEqual(findJsonSyntaxError('{"a": "b\\x"}'), {
      offset: 9,
      message: 'bad escape "\\\\x" in a string',
    });
    assert.equal(findJsonSyntaxError('{"a": 1.}').message, 'bad number');
    assert.equal(
      findJsonSyntaxError('[1 2]').message,
      "expected ',' or ']' after an array element, found \"2\"",
    );
  });

  it('refuses a format_version whose major it does not read', () => {
    const error = readError(fixtureText('format-version-2.json'));
    assert.equal(error.kind, 'unsupported-version');
    assert.equal(
      error.message,
      'unsupported plan format_version 2.0: this reads format versions 0.x and 1.x',
    );
  });

  it('says a state is not a plan', () => {
    const error = readError(fixtureText('state.json'));
    assert.equal(error.kind, 'not-a-plan');
    assert.match(error.message, /JSON of a state/);
    assert.match(
      readError('{"version": 4, "lineage": "x", "resources": []}').message,
      /raw Terraform state file \(state version 4\)/,
    );
  });

  it('says a package.json and other JSON are not plans', () => {
    const packageJson = readFileSync(
      path.resolve(__dirname, '..', '..', '..', 'package.json'),
      'utf8',
    );
    assert.match(readError(packageJson).message, /looks like a package\.json/);
    assert.match(readError('[1, 2]').message, /the JSON is an array/);
    assert.match(readError('{"format_version": 1}').message, /format_version is 1, not a version/);
  });

  it('names the first misshapen entry', () => {
    assert.equal(
      readError(
        '{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {"actions": "create"}}]}',
      ).message,
      'not a valid plan: resource_changes[0].change.actions is a string, not an array of strings',
    );
    assert.equal(
      readError('{"format_version": "1.2", "resource_changes": {}}').message,
      'not a valid plan: resource_changes is an object, not an array',
    );
  });

  it('keeps unknown keys out of the way and reads a BOM', () => {
    const plan = readPlanJson(
      '\ufeff{"format_version": "1.9", "resource_changes": [], "future_key": {"x": 1}}',
    );
    assert.equal(plan.format_version, '1.9');
  });
});
