import { closestNames } from '../suggest';

/** The contexts a GitHub Actions expression may start from. */
export const expressionContexts = [
  'github',
  'env',
  'vars',
  'job',
  'jobs',
  'steps',
  'runner',
  'secrets',
  'strategy',
  'matrix',
  'needs',
  'inputs',
] as const;

/** The functions GitHub Actions expressions provide. */
export const expressionFunctions = [
  'contains',
  'startsWith',
  'endsWith',
  'format',
  'join',
  'toJSON',
  'fromJSON',
  'hashFiles',
  'success',
  'always',
  'cancelled',
  'failure',
  'case',
] as const;

/** A problem in an expression, by offsets into the text handed to the checker. */
export interface ExpressionError {
  readonly code: 'expression-syntax' | 'unknown-context' | 'unknown-function';
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly suggestions?: readonly string[];
}

/**
 * Finds the `${{ … }}` expressions of a text (a scalar's source) and checks each one's syntax
 * and names; an opening `${{` without its `}}` is reported too. Offsets are into `text`.
 */
export function checkEmbeddedExpressions(text: string): ExpressionError[] {
  const errors: ExpressionError[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('${{', from);
    if (open < 0) {
      return errors;
    }
    const close = findClose(text, open + 3);
    if (close === undefined) {
      const lineEnd = text.indexOf('\n', open);
      errors.push({
        code: 'expression-syntax',
        message: "This '${{' has no closing '}}': close the expression with '}}'.",
        start: open,
        end: lineEnd < 0 ? text.length : lineEnd,
      });
      return errors;
    }
    errors.push(...checkExpression(text.slice(open + 3, close), open + 3));
    from = close + 2;
  }
}

/** The index of the `}}` that closes an expression starting at `from`, skipping string literals. */
function findClose(text: string, from: number): number | undefined {
  let inString = false;
  for (let i = from; i < text.length - 1; i++) {
    const c = text[i];
    if (c === "'") {
      inString = !inString; // '' inside a string toggles twice: an escaped quote
    } else if (!inString && c === '}' && text[i + 1] === '}') {
      return i;
    }
  }
  return undefined;
}

interface Token {
  readonly kind: 'number' | 'string' | 'name' | 'op' | 'end';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const operators = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '!',
  '(',
  ')',
  '[',
  ']',
  '.',
  ',',
  '*',
];

function tokenize(source: string, base: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "'") {
      i++;
      for (;;) {
        if (i >= source.length) {
          throw new ExpressionSyntaxError(
            "Unterminated string: close it with ' (write '' for a quote inside).",
            base + start,
            base + source.length,
          );
        }
        if (source[i] === "'" && source[i + 1] === "'") {
          i += 2;
        } else if (source[i] === "'") {
          i++;
          break;
        } else {
          i++;
        }
      }
      tokens.push({
        kind: 'string',
        text: source.slice(start, i),
        start: base + start,
        end: base + i,
      });
      continue;
    }
    if (c === '"') {
      throw new ExpressionSyntaxError(
        'Strings in expressions use single quotes: write \'text\', not "text".',
        base + i,
        base + i + 1,
      );
    }
    const number = /^(0x[0-9a-fA-F]+|[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)/.exec(source.slice(i));
    if (number !== null && /[\d.]/.test(c === '-' || c === '+' ? (source[i + 1] ?? '') : c)) {
      const prev = tokens.at(-1);
      // '-'/'+' only start a number where a value is expected (expressions have no arithmetic).
      if ((c !== '-' && c !== '+') || prev === undefined || prev.kind === 'op') {
        i += number[0].length;
        tokens.push({ kind: 'number', text: number[0], start: base + start, end: base + i });
        continue;
      }
    }
    const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i));
    if (name !== null) {
      i += name[0].length;
      tokens.push({ kind: 'name', text: name[0], start: base + start, end: base + i });
      continue;
    }
    const op = operators.find((o) => source.startsWith(o, i));
    if (op === undefined) {
      const hint =
        c === '=' ? " Compare with '=='." : c === '&' || c === '|' ? " Use '&&' or '||'." : '';
      throw new ExpressionSyntaxError(
        `Unexpected character '${c}' in expression.${hint}`,
        base + i,
        base + i + 1,
      );
    }
    i += op.length;
    tokens.push({ kind: 'op', text: op, start: base + start, end: base + i });
  }
  tokens.push({ kind: 'end', text: '', start: base + source.length, end: base + source.length });
  return tokens;
}

/**
 * Checks one expression (the text between `${{` and `}}`, or an `if:` condition): syntax by
 * GitHub's grammar (literals, contexts, `.`/`[]` access, function calls, `!`, comparisons,
 * `&&`, `||`), top-level names against the known contexts and functions. `base` is added to
 * every offset.
 */
export function checkExpression(source: string, base = 0): ExpressionError[] {
  const names: ExpressionError[] = [];
  try {
    const tokens = tokenize(source, base);
    if (tokens.length === 1) {
      throw new ExpressionSyntaxError(
        'Empty expression: write a value or a condition.',
        base,
        base + source.length,
      );
    }
    new ExpressionParser(tokens, names).parseAll();
    return names;
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) {
      return [
        {
          code: 'expression-syntax',
          message: error.message,
          start: error.start,
          end: Math.max(error.end, error.start + 1),
        },
      ];
    }
    throw error;
  }
}

class ExpressionParser {
  private at = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly names: ExpressionError[],
  ) {}

  parseAll(): void {
    this.parseBinary(0);
    const next = this.peek();
    if (next.kind !== 'end') {
      throw new ExpressionSyntaxError(
        `Unexpected '${next.text}': expected an operator (==, !=, <, >, &&, ||) or the end of the expression.`,
        next.start,
        next.end,
      );
    }
  }

  private static readonly levels: readonly (readonly string[])[] = [
    ['||'],
    ['&&'],
    ['==', '!='],
    ['<', '<=', '>', '>='],
  ];

  private parseBinary(level: number): void {
    const ops = ExpressionParser.levels[level];
    if (ops === undefined) {
      this.parseUnary();
      return;
    }
    this.parseBinary(level + 1);
    while (this.peek().kind === 'op' && ops.includes(this.peek().text)) {
      this.at++;
      this.parseBinary(level + 1);
    }
  }

  private parseUnary(): void {
    if (this.isOp('!')) {
      this.at++;
      this.parseUnary();
      return;
    }
    this.parsePostfix();
  }

  private parsePostfix(): void {
    this.parsePrimary();
    for (;;) {
      if (this.isOp('.')) {
        this.at++;
        const next = this.peek();
        if (next.kind === 'name' || (next.kind === 'op' && next.text === '*')) {
          this.at++;
          continue;
        }
        throw new ExpressionSyntaxError(
          `Expected a property name or '*' after '.', found ${describeToken(next)}.`,
          next.start,
          next.end,
        );
      }
      if (this.isOp('[')) {
        this.at++;
        if (this.isOp('*')) {
          this.at++;
        } else {
          this.parseBinary(0);
        }
        this.expectOp(']');
        continue;
      }
      return;
    }
  }

  private parsePrimary(): void {
    const token = this.peek();
    this.at++;
    switch (token.kind) {
      case 'number':
      case 'string':
        return;
      case 'name': {
        if (this.isOp('(')) {
          this.checkFunction(token);
          this.at++;
          if (!this.isOp(')')) {
            this.parseBinary(0);
            while (this.isOp(',')) {
              this.at++;
              this.parseBinary(0);
            }
          }
          this.expectOp(')');
          return;
        }
        if (!['true', 'false', 'null', 'NaN', 'Infinity'].includes(token.text)) {
          this.checkContext(token);
        }
        return;
      }
      case 'op':
        if (token.text === '(') {
          this.parseBinary(0);
          this.expectOp(')');
          return;
        }
        throw new ExpressionSyntaxError(
          `Unexpected '${token.text}': expected a value (a context such as github.ref, a literal or a function call).`,
          token.start,
          token.end,
        );
      case 'end': {
        const last = this.tokens[this.at - 2] ?? token;
        throw new ExpressionSyntaxError(
          `The expression ends too early: a value is missing after '${last.text}'.`,
          last.start,
          last.end,
        );
      }
    }
  }

  private checkContext(token: Token): void {
    const known: readonly string[] = expressionContexts;
    if (known.includes(token.text)) {
      return;
    }
    const suggestions = closestNames(token.text, known);
    const caseFix = known.find((k) => k.toLowerCase() === token.text.toLowerCase());
    const best = caseFix ?? suggestions[0];
    this.names.push({
      code: 'unknown-context',
      message: `Unknown context '${token.text}'.${best === undefined ? ` Expressions start from ${known.join(', ')}.` : ` Did you mean '${best}'?`}`,
      start: token.start,
      end: token.end,
      suggestions: best === undefined ? [] : [best],
    });
  }

  private checkFunction(token: Token): void {
    const known: readonly string[] = expressionFunctions;
    // Function names are case-insensitive in GitHub's evaluator.
    if (known.some((k) => k.toLowerCase() === token.text.toLowerCase())) {
      return;
    }
    const suggestions = closestNames(token.text, known);
    this.names.push({
      code: 'unknown-function',
      message: `Unknown function '${token.text}'.${suggestions[0] === undefined ? ` Available: ${known.join(', ')}.` : ` Did you mean '${suggestions[0]}'?`}`,
      start: token.start,
      end: token.end,
      suggestions,
    });
  }

  private peek(): Token {
    return (
      this.tokens[this.at] ??
      this.tokens[this.tokens.length - 1] ?? { kind: 'end', text: '', start: 0, end: 0 }
    );
  }

  private isOp(text: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === text;
  }

  private expectOp(text: string): void {
    if (this.isOp(text)) {
      this.at++;
      return;
    }
    const token = this.peek();
    throw new ExpressionSyntaxError(
      `Expected '${text}', found ${describeToken(token)}.`,
      token.start,
      token.end,
    );
  }
}

function describeToken(token: Token): string {
  return token.kind === 'end' ? 'the end of the expression' : `'${token.text}'`;
}
