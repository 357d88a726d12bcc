import type { SyntaxNode } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
import { closestNames } from '../suggest';
import {
  aggregations,
  promqlFunctions,
  renamedFunctions,
  type PromqlType,
} from './promqlFunctions';

let parser: LRParser | undefined;

/**
 * Prometheus' PromQL parser, loaded on first use: building its tables when the module loads took
 * about 15 ms of every CLI start, rule files or not. The package is `"type": "module"` with a
 * CommonJS build beside it: its typings are read as ESM, which a CommonJS file cannot import, so
 * the parser is required and typed by @lezer/lr.
 */
function promqlParser(): LRParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= (require('@prometheus-io/lezer-promql') as { parser: LRParser }).parser;
  return parser;
}

/** Codes of PromQL problems. */
export const PromqlCodes = {
  syntax: 'promql-syntax',
  type: 'promql-type',
  experimental: 'promql-experimental',
} as const;

/** One problem in a PromQL expression, by offsets in the expression text. */
export interface PromqlIssue {
  readonly code: (typeof PromqlCodes)[keyof typeof PromqlCodes];
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Checks a PromQL expression the way Prometheus' parser does: syntax with the Prometheus project's
 * own grammar (`@prometheus-io/lezer-promql`), then the type rules `promql/parser` applies after
 * parsing (function and aggregation arguments, operand types, selectors). Experimental syntax is
 * accepted with a warning naming the feature flag Prometheus needs for it.
 */
export function checkPromql(expr: string): PromqlIssue[] {
  if (expr.trim() === '') {
    return [
      {
        code: PromqlCodes.syntax,
        severity: 'error',
        message: 'PromQL: no expression found: write a query, e.g. up == 0.',
        from: 0,
        to: expr.length,
      },
    ];
  }
  const tree = promqlParser().parse(expr);
  let firstError: SyntaxNode | undefined;
  tree.iterate({
    enter: (ref) => {
      if (firstError !== undefined) {
        return false;
      }
      if (ref.type.isError) {
        firstError = ref.node;
        return false;
      }
      return undefined;
    },
  });
  if (firstError !== undefined) {
    return [syntaxIssue(expr, firstError)];
  }
  const root = expressionChildren(tree.topNode)[0];
  if (root === undefined) {
    return []; // only a comment: Prometheus' lexer reports nothing either
  }
  const checker = new TypeChecker(expr);
  checker.typeOf(root);
  return [...checker.issues].sort((a, b) => a.from - b.from || a.to - b.to);
}

/** Named children that are expressions (comments left out). */
function expressionChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c !== null; c = c.nextSibling) {
    if (c.name !== 'LineComment') {
      out.push(c);
    }
  }
  return out;
}

/** What Prometheus' lexer would call the token at `offset`, for "unexpected …" messages. */
function describeToken(expr: string, offset: number): { text: string; from: number; to: number } {
  let i = offset;
  while (i < expr.length && /\s/.test(expr[i] ?? '')) {
    i++;
  }
  if (i >= expr.length) {
    // Point at the last thing written, since nothing follows it.
    let end = expr.length;
    while (end > 0 && /\s/.test(expr[end - 1] ?? '')) {
      end--;
    }
    const start = Math.max(0, end - 1);
    return { text: 'end of input', from: start, to: end };
  }
  const rest = expr.slice(i);
  const patterns: [RegExp, (t: string) => string][] = [
    [/^[a-zA-Z_:][\w:]*/, (t) => `identifier ${JSON.stringify(t)}`],
    [
      /^(0x[0-9a-fA-F]+|\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)([a-z]+)?/,
      (t) => `number ${JSON.stringify(t)}`,
    ],
    [/^"(?:[^"\\\n]|\\.)*"?|^'(?:[^'\\\n]|\\.)*'?|^`[^`]*`?/, (t) => `string ${t}`],
    [/^(==|!=|>=|<=|=~|!~|[-+*/%^<>=])/, (t) => `operator "${t}"`],
  ];
  for (const [pattern, describe] of patterns) {
    const match = pattern.exec(rest);
    if (match !== null) {
      return { text: describe(match[0]), from: i, to: i + match[0].length };
    }
  }
  const char = rest[0] ?? '';
  return { text: JSON.stringify(char), from: i, to: i + 1 };
}

function syntaxIssue(expr: string, error: SyntaxNode): PromqlIssue {
  const before = expr.slice(0, error.from).trimEnd();
  const after = expr.slice(error.from).trimStart();
  const call = /([a-zA-Z_:][\w:]*)$/.exec(before);
  if (call?.[1] !== undefined && after.startsWith('(')) {
    // `foo(x)`: the grammar only knows Prometheus' functions, so an unknown name fails on `(`.
    const name = call[1];
    const from = before.length - name.length;
    const renamed = renamedFunctions[name];
    // Among equally close names, one the typed name starts (`rat` → rate, not rad) is likelier.
    const suggestions = closestNames(name, Object.keys(promqlFunctions)).sort(
      (a, b) => Number(b.startsWith(name)) - Number(a.startsWith(name)),
    );
    const hint =
      renamed !== undefined
        ? ` It was renamed to ${renamed} in Prometheus 3.0.`
        : suggestions[0] !== undefined
          ? ` Did you mean ${suggestions[0]}?`
          : ' See https://prometheus.io/docs/prometheus/latest/querying/functions/.';
    return {
      code: PromqlCodes.syntax,
      severity: 'error',
      message: `PromQL: unknown function "${name}".${hint}`,
      from,
      to: from + name.length,
    };
  }
  const token = describeToken(expr, error.from);
  const hint =
    token.text === 'end of input'
      ? ' The expression is incomplete: finish it or close what is open.'
      : '';
  return {
    code: PromqlCodes.syntax,
    severity: 'error',
    message: `PromQL: unexpected ${token.text}.${hint}`,
    from: token.from,
    to: token.to,
  };
}

const comparisonOps = new Set(['Eql', 'Neq', 'Lte', 'Lss', 'Gte', 'Gtr']);
const setOps = new Set(['And', 'Or', 'Unless']);
const binaryOps = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Mod',
  'Pow',
  'Atan2',
  'TrimLower',
  'TrimUpper',
  ...comparisonOps,
  ...setOps,
]);

class TypeChecker {
  readonly issues: PromqlIssue[] = [];

  constructor(private readonly expr: string) {}

  private text(node: SyntaxNode): string {
    return this.expr.slice(node.from, node.to);
  }

  private error(node: SyntaxNode, message: string): void {
    this.issues.push({
      code: PromqlCodes.type,
      severity: 'error',
      message: `PromQL: ${message}`,
      from: node.from,
      to: node.to,
    });
  }

  private experimental(node: SyntaxNode, what: string, feature: string): void {
    this.issues.push({
      code: PromqlCodes.experimental,
      severity: 'warning',
      message: `PromQL: ${what} is experimental: Prometheus rejects it unless started with --enable-feature=${feature}.`,
      from: node.from,
      to: node.to,
    });
  }

  /** The type of an expression node, checking it on the way; undefined when not known. */
  typeOf(node: SyntaxNode): PromqlType | undefined {
    switch (node.name) {
      case 'NumberDurationLiteral':
        return 'scalar';
      case 'StringLiteral':
        return 'string';
      case 'ParenExpr': {
        const inner = expressionChildren(node)[0];
        return inner === undefined ? undefined : this.typeOf(inner);
      }
      case 'VectorSelector':
        this.checkVectorSelector(node);
        return 'instant vector';
      case 'MatrixSelector': {
        const inner = node.firstChild;
        if (inner !== null && inner.name !== 'VectorSelector') {
          this.typeOf(inner);
          this.error(
            node,
            'ranges are only allowed for vector selectors: put the range right after the metric, e.g. foo[5m], or make it a subquery, e.g. (…)[5m:].',
          );
        } else if (inner !== null) {
          this.typeOf(inner);
        }
        this.checkDurations(node);
        return 'range vector';
      }
      case 'SubqueryExpr': {
        const inner = node.firstChild;
        const type = inner === null ? undefined : this.typeOf(inner);
        if (type !== undefined && type !== 'instant vector') {
          this.error(node, `subquery is only allowed on instant vector, got ${type}.`);
        }
        this.checkDurations(node);
        return 'range vector';
      }
      case 'OffsetExpr':
      case 'StepInvariantExpr': {
        // The grammar binds `offset` and `@` looser than Prometheus does (`time() - x offset 5m`
        // wraps the whole binary expression), so what precedes them is not checked here.
        const inner = node.firstChild;
        this.checkDurations(node);
        return inner === null ? undefined : this.typeOf(inner);
      }
      case 'AnchoredExpr':
      case 'SmoothedExpr': {
        const inner = node.firstChild;
        this.experimental(
          node.lastChild ?? node,
          `'${node.name === 'AnchoredExpr' ? 'anchored' : 'smoothed'}'`,
          'promql-extended-range-selectors',
        );
        return inner === null ? undefined : this.typeOf(inner);
      }
      case 'UnaryExpr': {
        const inner = node.lastChild;
        const type = inner === null ? undefined : this.typeOf(inner);
        if (type !== undefined && type !== 'scalar' && type !== 'instant vector') {
          this.error(
            node,
            `unary expression only allowed on expressions of type scalar or instant vector, got ${type}.`,
          );
        }
        return type;
      }
      case 'FunctionCall':
        return this.checkCall(node);
      case 'AggregateExpr':
        return this.checkAggregation(node);
      case 'BinaryExpr':
        return this.checkBinary(node);
      default:
        for (const child of expressionChildren(node)) {
          this.typeOf(child);
        }
        return undefined;
    }
  }

  /** Arithmetic in ranges and offsets (`[1m * 2]`, `step()`) is experimental. */
  private checkDurations(node: SyntaxNode): void {
    for (let c = node.firstChild; c !== null; c = c.nextSibling) {
      if (c.name !== 'DurationExpr' && c.name !== 'OffsetDurationExpr') {
        continue;
      }
      const children = expressionChildren(c);
      const simple =
        children.length === 1 && children[0]?.name === 'NumberDurationLiteralInDurationContext';
      const negativeOffset = c.name === 'OffsetDurationExpr' && /^-\s*\d/.test(this.text(c).trim());
      if (!simple && !negativeOffset) {
        this.experimental(c, `the duration expression '${this.text(c)}'`, 'promql-duration-expr');
      }
    }
  }

  private checkVectorSelector(node: SyntaxNode): void {
    const name = node.getChild('Identifier');
    const matchers = node.getChild('LabelMatchers');
    let nonEmpty = name !== null;
    let nameMatcher: string | undefined;
    if (matchers !== null) {
      for (let m = matchers.firstChild; m !== null; m = m.nextSibling) {
        const label =
          m.getChild('LabelName') ??
          m.getChild('QuotedLabelName')?.getChild('StringLiteral') ??
          null;
        const value = m.getChild('StringLiteral');
        const op = m.getChild('MatchOp');
        if (m.name === 'QuotedLabelName') {
          // `{"metric"}`: a quoted metric name on its own.
          nonEmpty = true;
          nameMatcher = this.text(m);
          continue;
        }
        if (label === null || value === null || op === null) {
          continue;
        }
        const labelName = unquote(this.text(label));
        if (labelName === '__name__') {
          nameMatcher = this.text(value);
        }
        if (!matchesEmpty(this.text(op), unquote(this.text(value)))) {
          nonEmpty = true;
        }
      }
    }
    if (name !== null && nameMatcher !== undefined) {
      this.error(node, `metric name must not be set twice: ${this.text(name)} or ${nameMatcher}.`);
    }
    if (!nonEmpty) {
      this.error(
        node,
        'vector selector must contain at least one non-empty matcher: name a metric or match a label against a non-empty value.',
      );
    }
  }

  private checkCall(node: SyntaxNode): PromqlType | undefined {
    const identifier = node.getChild('FunctionIdentifier');
    const body = node.getChild('FunctionCallBody');
    const args = body === null ? [] : expressionChildren(body);
    if (identifier === null) {
      return undefined;
    }
    const name = this.text(identifier);
    const fn = promqlFunctions[name];
    if (fn === undefined) {
      for (const arg of args) {
        this.typeOf(arg);
      }
      return undefined;
    }
    if (fn.feature !== undefined) {
      this.experimental(identifier, `the function ${name}()`, fn.feature);
    }
    const required = fn.variadic === 0 ? fn.args.length : fn.args.length - 1;
    const max = fn.variadic < 0 ? Infinity : required + Math.max(fn.variadic, 0);
    const signature = `${name}(${fn.args.map((a, i) => (i >= required ? `[${a}]` : a)).join(', ')}${fn.variadic < 0 ? ', …' : ''})`;
    if (fn.variadic === 0 && args.length !== fn.args.length) {
      this.error(
        node,
        `expected ${fn.args.length} argument(s) in call to "${name}", got ${args.length}: ${signature}.`,
      );
    } else if (args.length < required) {
      this.error(
        node,
        `expected at least ${required} argument(s) in call to "${name}", got ${args.length}: ${signature}.`,
      );
    } else if (args.length > max) {
      this.error(
        node,
        `expected at most ${max} argument(s) in call to "${name}", got ${args.length}: ${signature}.`,
      );
    }
    args.forEach((arg, i) => {
      const want = fn.args[Math.min(i, fn.args.length - 1)];
      if (want === undefined || (i >= fn.args.length && fn.variadic === 0)) {
        this.typeOf(arg);
        return;
      }
      this.expectType(arg, want, `call to function "${name}"`);
    });
    return fn.returns;
  }

  private checkAggregation(node: SyntaxNode): PromqlType {
    const op = node.getChild('AggregateOp');
    const body = node.getChild('FunctionCallBody');
    const args = body === null ? [] : expressionChildren(body);
    const name = op === null ? '' : this.text(op).toLowerCase();
    const spec = aggregations[name];
    if (op !== null && spec?.feature !== undefined) {
      this.experimental(op, `the aggregation ${name}`, spec.feature);
    }
    const expected = spec?.param === undefined ? 1 : 2;
    if (args.length !== expected) {
      this.error(
        node,
        `wrong number of arguments for aggregate expression provided, expected ${expected}, got ${args.length}${expected === 2 ? `: ${name}(parameter, vector)` : ''}.`,
      );
      for (const arg of args) {
        this.typeOf(arg);
      }
      return 'instant vector';
    }
    const [first, second] = args;
    if (expected === 2 && first !== undefined && spec?.param !== undefined) {
      this.expectType(first, spec.param, 'aggregation parameter');
      if (second !== undefined) {
        this.expectType(second, 'instant vector', 'aggregation expression');
      }
    } else if (first !== undefined) {
      this.expectType(first, 'instant vector', 'aggregation expression');
    }
    return 'instant vector';
  }

  private checkBinary(node: SyntaxNode): PromqlType | undefined {
    const left = node.firstChild;
    const right = node.lastChild;
    if (left === null || right === null || left === right) {
      return undefined;
    }
    let op: SyntaxNode | undefined;
    let bool = false;
    let matching: SyntaxNode | undefined;
    for (let c = left.nextSibling; c !== null && c !== right; c = c.nextSibling) {
      if (binaryOps.has(c.name)) {
        op = c;
      } else if (c.name === 'BoolModifier') {
        bool = true;
      } else if (c.name === 'MatchingModifierClause') {
        matching = c;
      } else if (c.name === 'FillModifier') {
        this.experimental(c, `the '${this.text(c)}' modifier`, 'promql-binop-fill-modifiers');
      }
    }
    const lt = this.typeOf(left);
    const rt = this.typeOf(right);
    if (op === undefined) {
      return undefined;
    }
    const opText = this.text(op);
    const comparison = comparisonOps.has(op.name);
    const set = setOps.has(op.name);
    if (bool && !comparison) {
      this.error(node, `bool modifier can only be used on comparison operators, not "${opText}".`);
    }
    for (const [side, type] of [
      [left, lt],
      [right, rt],
    ] as const) {
      if (type !== undefined && type !== 'scalar' && type !== 'instant vector') {
        this.error(
          side,
          `binary expression must contain only scalar and instant vector types, got ${type}${type === 'range vector' ? ': wrap it in a function such as rate(…) or sum_over_time(…)' : ''}.`,
        );
      }
    }
    if (lt === undefined || rt === undefined) {
      return lt === 'instant vector' || rt === 'instant vector' ? 'instant vector' : undefined;
    }
    if (comparison && !bool && lt === 'scalar' && rt === 'scalar') {
      this.error(
        node,
        `comparisons between scalars must use BOOL modifier: write ${this.text(left)} ${opText} bool ${this.text(right)}.`,
      );
    }
    if (set && (lt === 'scalar' || rt === 'scalar')) {
      this.error(node, `set operator "${opText}" not allowed in binary scalar expression.`);
    }
    if (matching !== undefined && (lt !== 'instant vector' || rt !== 'instant vector')) {
      this.error(matching, 'vector matching only allowed between instant vectors.');
    }
    if (
      matching !== undefined &&
      set &&
      (matching.getChild('GroupLeft') !== null || matching.getChild('GroupRight') !== null)
    ) {
      this.error(matching, `no grouping allowed for "${opText}" operation.`);
    }
    return lt === 'instant vector' || rt === 'instant vector' ? 'instant vector' : 'scalar';
  }

  private expectType(node: SyntaxNode, want: PromqlType, context: string): void {
    const got = this.typeOf(node);
    if (got === undefined || got === want) {
      return;
    }
    let hint = '';
    if (want === 'range vector' && got === 'instant vector' && node.name === 'VectorSelector') {
      hint = `: add a range, e.g. ${this.text(node)}[5m]`;
    } else if (want === 'range vector' && got === 'instant vector') {
      hint = ': make it a subquery, e.g. (…)[5m:]';
    } else if (want === 'instant vector' && got === 'range vector') {
      hint = ': drop the range or wrap it in a function such as rate(…)';
    }
    this.error(node, `expected type ${want} in ${context}, got ${got}${hint}.`);
  }
}

/** Whether a matcher matches the empty string (then it selects nothing on its own). */
function matchesEmpty(op: string, value: string): boolean {
  switch (op) {
    case '=':
      return value === '';
    case '!=':
      return value !== '';
    case '=~':
    case '!~': {
      let matches: boolean;
      try {
        matches = new RegExp(`^(?:${value})$`).test('');
      } catch {
        return false;
      }
      return op === '=~' ? matches : !matches;
    }
    default:
      return false;
  }
}

/** The value of a PromQL string literal ("…", '…' or `…`). */
function unquote(text: string): string {
  if (text.length >= 2 && /^["'`]/.test(text)) {
    const body = text.slice(1, -1);
    return text.startsWith('`') ? body : body.replace(/\\(.)/g, '$1');
  }
  return text;
}
