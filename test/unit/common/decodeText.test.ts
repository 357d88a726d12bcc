import * as assert from 'node:assert/strict';
import { decodeText, firstInvalidUtf8 } from '../../../src/common/decodeText';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))),
  );

describe('decodeText', () => {
  it('decodes UTF-8, dropping a byte order mark', () => {
    assert.deepEqual(decodeText(bytes('a: é ✓ 𝄞\n')), { text: 'a: é ✓ 𝄞\n' });
    assert.deepEqual(decodeText(bytes([0xef, 0xbb, 0xbf], 'a: 1\n')), { text: 'a: 1\n' });
    assert.deepEqual(decodeText(bytes('')), { text: '' });
  });

  it('reads UTF-16 with a byte order mark (YAML allows it), NUL bytes and all', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Pod\n', 'utf16le')]);
    assert.deepEqual(decodeText(le), { text: 'kind: Pod\n' });
    const be = Buffer.from(le).swap16();
    assert.deepEqual(decodeText(be), { text: 'kind: Pod\n' });
  });

  it('refuses a binary file (NUL bytes) once, without validating it', () => {
    const decoded = decodeText(bytes('\x89PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff]));
    assert.equal(decoded.problem?.code, 'binary-file');
    assert.equal(decoded.problem.severity, 'info');
    assert.match(decoded.problem.message, /Binary file.*not validated/);
  });

  it('reports invalid UTF-8 at the first bad byte, as a character offset in the decoded text', () => {
    // Latin-1 "café" after a line of multi-byte UTF-8: offsets count characters, not bytes.
    const decoded = decodeText(bytes('a: ✓✓\nb: caf', [0xe9], '\nc: ', [0xff], '\n'));
    assert.equal(decoded.problem?.code, 'invalid-utf8');
    assert.equal(decoded.problem.severity, 'error');
    assert.equal(decoded.text.slice(0, decoded.problem.start), 'a: ✓✓\nb: caf');
    assert.equal(decoded.text[decoded.problem.start], '\uFFFD');
    assert.match(decoded.problem.message, /Not valid UTF-8: byte 0xe9 at byte offset 16/);
  });

  it('finds overlong encodings, surrogates, truncated sequences and stray continuation bytes', () => {
    assert.equal(firstInvalidUtf8(bytes('ok ✓')), 6);
    assert.equal(firstInvalidUtf8(bytes('ab', [0xc0, 0xaf])), 2); // overlong '/'
    assert.equal(firstInvalidUtf8(bytes('a', [0xe0, 0x80, 0xaf])), 1); // overlong 3-byte
    assert.equal(firstInvalidUtf8(bytes('a', [0xed, 0xa0, 0x80])), 1); // UTF-16 surrogate
    assert.equal(firstInvalidUtf8(bytes('abc', [0xe2, 0x9c])), 3); // truncated at the end
    assert.equal(firstInvalidUtf8(bytes('a', [0x80])), 1); // continuation byte alone
    assert.equal(firstInvalidUtf8(bytes('a', [0xf4, 0x90, 0x80, 0x80])), 1); // above U+10FFFF
    // Whatever the decoder rejects, the scan finds (and vice versa).
    for (const sample of [
      [0xc3, 0x28],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
    ]) {
      const valid = firstInvalidUtf8(Uint8Array.from(sample)) === sample.length;
      assert.equal(
        decodeText(Uint8Array.from(sample)).problem === undefined,
        valid,
        String(sample),
      );
    }
  });
});
