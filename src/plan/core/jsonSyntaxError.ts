/**
 * Where the first JSON syntax error of a text is, and what it is. `JSON.parse` says where only in
 * some of its messages (and not on every Node version), so after it fails this scans the text
 * again, once, without building values. The text must not be valid JSON; if it is, the result
 * points past its end.
 */
export function findJsonSyntaxError(text: string): { offset: number; message: string } {
  const scanner = new Scanner(text);
  try {
    scanner.skipWhitespace();
    scanner.value();
    scanner.skipWhitespace();
    if (scanner.pos < text.length) {
      return { offset: scanner.pos, message: 'unexpected text after the JSON value' };
    }
    return { offset: text.length, message: 'no error found' };
  } catch (error) {
    if (error instanceof SyntaxFound) {
      return { offset: error.offset, message: error.message };
    }
    // Nesting too deep for the stack: point at the start.
    return { offset: 0, message: 'nesting too deep to locate the error' };
  }
}

class SyntaxFound extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  private fail(message: string): never {
    if (this.pos >= this.text.length) {
      throw new SyntaxFound('unexpected end of input (truncated?)', this.text.length);
    }
    throw new SyntaxFound(message, this.pos);
  }

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        this.pos++;
      } else {
        break;
      }
    }
  }

  private describeHere(): string {
    return JSON.stringify(this.text.charAt(this.pos));
  }

  value(): void {
    const c = this.text.charAt(this.pos);
    if (c === '{') {
      this.object();
    } else if (c === '[') {
      this.array();
    } else if (c === '"') {
      this.string();
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      this.number();
    } else if (this.text.startsWith('true', this.pos)) {
      this.pos += 4;
    } else if (this.text.startsWith('false', this.pos)) {
      this.pos += 5;
    } else if (this.text.startsWith('null', this.pos)) {
      this.pos += 4;
    } else {
      this.fail(`unexpected ${this.describeHere()} where a value should be`);
    }
  }

  private object(): void {
    this.pos++;
    this.skipWhitespace();
    if (this.text.charAt(this.pos) === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      if (this.text.charAt(this.pos) !== '"') {
        this.fail(`expected a property name in double quotes, found ${this.describeHere()}`);
      }
      this.string();
      this.skipWhitespace();
      if (this.text.charAt(this.pos) !== ':') {
        this.fail(`expected ':' after a property name, found ${this.describeHere()}`);
      }
      this.pos++;
      this.skipWhitespace();
      this.value();
      this.skipWhitespace();
      const c = this.text.charAt(this.pos);
      if (c === '}') {
        this.pos++;
        return;
      }
      if (c !== ',') {
        this.fail(`expected ',' or '}' after a property value, found ${this.describeHere()}`);
      }
      this.pos++;
      this.skipWhitespace();
    }
  }

  private array(): void {
    this.pos++;
    this.skipWhitespace();
    if (this.text.charAt(this.pos) === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.skipWhitespace();
      const c = this.text.charAt(this.pos);
      if (c === ']') {
        this.pos++;
        return;
      }
      if (c !== ',') {
        this.fail(`expected ',' or ']' after an array element, found ${this.describeHere()}`);
      }
      this.pos++;
      this.skipWhitespace();
    }
  }

  private string(): void {
    const t = this.text;
    this.pos++;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        this.pos++;
        return;
      }
      if (c === 0x5c) {
        const e = t.charAt(this.pos + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
            this.pos += 2;
            this.fail('bad \\u escape in a string');
          }
          this.pos += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') {
          this.pos += 2;
        } else {
          this.pos++;
          this.fail(`bad escape ${JSON.stringify(`\\${e}`)} in a string`);
        }
      } else if (c < 0x20) {
        this.fail('control character in a string (unterminated string?)');
      } else {
        this.pos++;
      }
    }
    this.fail('unterminated string');
  }

  private number(): void {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (found === null || found[0] === '-' || found[0] === '') {
      this.fail(`bad number at ${this.describeHere()}`);
    }
    this.pos += found[0].length;
    const next = this.text.charAt(this.pos);
    if (next === '.' || next === 'e' || next === 'E') {
      this.fail('bad number');
    }
  }
}
