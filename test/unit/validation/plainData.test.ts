import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import { parseYaml } from '../../../src/common/yamlModel';
import { plainDocumentData } from '../../../src/validation/core/yamlValidator';
import { corpusDir, listFiles } from '../corpus';

/** Equal values with the same key order (what a schema's error paths and messages follow). */
function sameData(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b);
}

describe('plain document data (the fast conversion of validation)', () => {
  it('gives what yaml toJS gives for every document of the corpus it converts', function () {
    this.timeout(120_000);
    const corpus = corpusDir();
    let converted = 0;
    let left = 0;
    for (const rel of listFiles(corpus).filter((f) => /\.(ya?ml|json)$/i.test(f))) {
      if (rel.startsWith('schemas/')) {
        continue;
      }
      for (const { doc } of parseYaml(readFileSync(path.join(corpus, rel), 'utf8')).documents) {
        if (doc.errors.length > 0) {
          continue;
        }
        const plain = plainDocumentData(doc);
        if (plain === undefined) {
          left++;
          continue;
        }
        converted++;
        assert.ok(sameData(plain.data, doc.toJS({ maxAliasCount: 1000 })), rel);
      }
    }
    assert.ok(converted > 5000, `${converted} documents converted`);
    assert.ok(left < converted / 20, `${left} left to yaml`);
  });

  it('leaves to yaml what only yaml converts right', () => {
    const plain = (text: string) => plainDocumentData(parseDocument(text));
    for (const text of [
      'a: &x {b: 1}\nc: *x\n', // an alias
      'base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n', // a merge key
      '__proto__: {polluted: true}\n',
      '? [a, b]\n: 1\n', // a collection as a key
      '1: one\n"1": also one\n', // two keys that are one property
      '%YAML 1.1\n---\n!!set {a, b}\n',
    ]) {
      assert.equal(plain(text), undefined, text);
    }
    assert.deepEqual(plain('a: 1\nb: [x, {c: null}]\n~: empty key\nt: true\nf: 1.5\n')?.data, {
      a: 1,
      b: ['x', { c: null }],
      '': 'empty key',
      t: true,
      f: 1.5,
    });
    // A pair in a flow sequence is a one-key mapping of its own, as yaml reads it.
    const flow = parseDocument('- [a: 1]\n');
    assert.deepEqual(plainDocumentData(flow)?.data, flow.toJS());
    assert.deepEqual(plain('')?.data, null);
    assert.deepEqual(plain('key:\n')?.data, { key: null });
  });
});
