import * as assert from 'node:assert/strict';
import { isMap, isScalar, parseDocument } from 'yaml';
import { scalarOffsetMap } from '../../../../src/validation/core/prometheus/scalarOffsets';

/** Maps the offset of `needle` in the value of `v` to the document and returns the text there. */
function at(text: string, needle: string): string | undefined {
  const doc = parseDocument(text);
  const node: unknown = isMap(doc.contents) ? doc.contents.get('v', true) : undefined;
  assert.ok(isScalar(node) && typeof node.value === 'string');
  const map = scalarOffsetMap(text, node);
  if (map === undefined) {
    return undefined;
  }
  const from = node.value.indexOf(needle);
  assert.ok(from >= 0, `${needle} in ${JSON.stringify(node.value)}`);
  return text.slice(map(from), map(from + needle.length - 1) + 1);
}

describe('scalarOffsetMap', () => {
  it('maps plain scalars, on one line and folded over several', () => {
    assert.equal(at('v: rate(x[5m]) by (job)\n', 'by'), 'by');
    assert.equal(at('v: sum(x)\n  + foo(y)\n', 'foo'), 'foo');
  });

  it('maps quoted scalars with escapes and doubled quotes', () => {
    assert.equal(at(String.raw`v: "a{b=\"c\"} \u00e9 foo"` + '\n', 'foo'), 'foo');
    assert.equal(at(String.raw`v: "a{b=\"c\"}"` + '\n', 'c'), 'c');
    assert.equal(at(`v: 'a{b=''c''} foo'\n`, 'foo'), 'foo');
    assert.equal(at('v: "sum(x)\n  + foo(y)"\n', 'foo'), 'foo');
  });

  it('maps literal and folded block scalars', () => {
    assert.equal(at('v: |\n  sum(x)\n    / foo(y)\n', 'foo'), 'foo');
    assert.equal(at('v: >-\n  sum(x)\n  / foo(y)\n', 'foo'), 'foo');
    assert.equal(at('v: |2\n    indented\n  foo\n', 'foo'), 'foo');
  });
});
