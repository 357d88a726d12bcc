import type { Problem } from './problem';

/** What reading a file's bytes as text gave: the text, or why it is not validated. */
export type DecodedText =
  | { readonly text: string; readonly problem?: undefined }
  /** Not text to validate: `problem` says why, located in `text` (decoded leniently for line numbers). */
  | { readonly text: string; readonly problem: Problem };

/**
 * Decodes a file's bytes as UTF-8 (a BOM is dropped; UTF-16 with a BOM is read too), refusing what is not text: a file with NUL
 * bytes is binary; invalid UTF-8 is one problem at the first bad byte, rather than parse errors
 * at replacement characters.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  // YAML allows UTF-16 with a byte order mark; its NUL bytes do not make it binary.
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : undefined;
  if (utf16 !== undefined) {
    return { text: new TextDecoder(utf16).decode(bytes.subarray(2)) };
  }
  const body = hasBom(bytes) ? bytes.subarray(3) : bytes;
  if (body.includes(0)) {
    return { text: '', problem: binaryFileProblem() };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const bad = firstInvalidUtf8(body);
    const text = new TextDecoder('utf-8').decode(body);
    // Offsets are in characters of the decoded text: decode what precedes the bad byte.
    const start = new TextDecoder('utf-8').decode(body.subarray(0, bad)).length;
    const byte = body[bad] ?? 0;
    return {
      text,
      problem: {
        code: 'invalid-utf8',
        severity: 'error',
        source: 'yaml',
        message: `Not valid UTF-8: byte 0x${byte.toString(16).padStart(2, '0')} at byte offset ${bad} cannot be decoded; not validated. Re-save the file as UTF-8.`,
        start,
        end: start + 1,
      },
    };
  }
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let length: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) {
        return i;
      }
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

/** A file with NUL bytes is not text: said once, not as a cascade of syntax errors. */
export function binaryFileProblem(): Problem {
  return {
    code: 'binary-file',
    severity: 'info',
    source: 'yaml',
    message: 'Binary file (it holds NUL bytes), not validated.',
    start: 0,
    end: 0,
  };
}
