import { closestNames } from '../suggest';

/** A template error, by offsets in the template text. */
export interface TemplateIssue {
  readonly message: string;
  readonly from: number;
  readonly to: number;
}

/** Go's text/template built-in functions. */
const builtinFunctions = [
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
];

/** The functions Prometheus adds for alert templates (`template/template.go`). */
const prometheusFunctions = [
  'query',
  'first',
  'label',
  'value',
  'strvalue',
  'args',
  'reReplaceAll',
  'safeHtml',
  'match',
  'title',
  'toUpper',
  'toLower',
  'graphLink',
  'tableLink',
  'sortByLabel',
  'stripPort',
  'stripDomain',
  'humanize',
  'humanize1024',
  'humanizeDuration',
  'humanizePercentage',
  'humanizeTimestamp',
  'toTime',
  'toDuration',
  'now',
  'pathPrefix',
  'externalURL',
  'parseDuration',
  'urlQueryEscape',
];

const functions = new Set([...builtinFunctions, ...prometheusFunctions]);

/** Variables Prometheus defines before the text of every alert label and annotation. */
export const alertTemplateVariables = ['$labels', '$externalLabels', '$externalURL', '$value'];

type TokenKind =
  | 'identifier'
  | 'keyword'
  | 'variable'
  | 'field'
  | 'dot'
  | 'string'
  | 'number'
  | 'char'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'comma'
  | 'declare'
  | 'assign';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

interface Action {
  readonly tokens: readonly Token[];
  readonly from: number;
  readonly to: number;
}

class TemplateError extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
  ) {
    super(message);
  }
}

const keywords = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'template',
  'with',
]);

/**
 * Parses a Prometheus alert label or annotation value as Go's text/template does when Prometheus
 * loads rules (`Template.Parse` with Prometheus' functions and `$labels`, `$value`, … defined):
 * unbalanced `{{ }}`, unclosed or stray `{{end}}`/`{{else}}`, undefined variables and unknown
 * functions. Returns the first error, as Go does, or undefined.
 */
export function checkGoTemplate(text: string): TemplateIssue | undefined {
  if (!text.includes('{{')) {
    return undefined;
  }
  try {
    new TemplateParser(lexActions(text)).parse();
    return undefined;
  } catch (error) {
    if (error instanceof TemplateError) {
      return { message: error.message, from: error.from, to: error.to };
    }
    throw error;
  }
}

/** Splits a template into its actions, tokenised; comments are dropped. */
function lexActions(text: string): Action[] {
  const actions: Action[] = [];
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      return actions;
    }
    let j = open + 2;
    if (text[j] === '-' && /[ \t\r\n]/.test(text[j + 1] ?? '')) {
      j += 2;
    }
    const afterSpace = j + (/^[ \t\r\n]*/.exec(text.slice(j))?.[0].length ?? 0);
    if (text.startsWith('/*', afterSpace) || text.startsWith('/*', j)) {
      const commentStart = text.startsWith('/*', j) ? j : afterSpace;
      const close = text.indexOf('*/', commentStart + 2);
      if (close < 0) {
        throw new TemplateError('unclosed comment: end it with */}}.', open, open + 2);
      }
      const rest = text.slice(close + 2);
      const end = /^(?:[ \t\r\n]-)?\}\}/.exec(rest);
      if (end === null) {
        throw new TemplateError(
          'comment ends before closing delimiter: write */}} with nothing in between.',
          close,
          close + 2,
        );
      }
      i = close + 2 + end[0].length;
      continue;
    }
    const { tokens, end } = lexAction(text, j, open);
    actions.push({ tokens, from: open, to: end });
    i = end;
  }
}

function lexAction(text: string, start: number, open: number): { tokens: Token[]; end: number } {
  const tokens: Token[] = [];
  let depth = 0;
  let i = start;
  const push = (kind: TokenKind, from: number, to: number): void => {
    tokens.push({ kind, text: text.slice(from, to), from, to });
  };
  for (;;) {
    if (i >= text.length) {
      throw new TemplateError('unclosed action: close it with }}.', open, open + 2);
    }
    const rest = text.slice(i);
    const trimClose = /^[ \t\r\n]-\}\}/.exec(rest);
    if (rest.startsWith('}}') || trimClose !== null) {
      if (depth > 0) {
        throw new TemplateError('unclosed left paren: add ).', i, i + 1);
      }
      return { tokens, end: i + (trimClose?.[0].length ?? 2) };
    }
    const c = text[i] ?? '';
    if (/[ \t\r\n]/.test(c)) {
      i++;
      continue;
    }
    let match: RegExpExecArray | null;
    if (c === '|') {
      push('pipe', i, ++i);
    } else if (c === '(') {
      depth++;
      push('leftParen', i, ++i);
    } else if (c === ')') {
      if (depth === 0) {
        throw new TemplateError('unexpected right paren.', i, i + 1);
      }
      depth--;
      push('rightParen', i, ++i);
    } else if (c === ',') {
      push('comma', i, ++i);
    } else if (rest.startsWith(':=')) {
      push('declare', i, (i += 2));
    } else if (c === '=') {
      push('assign', i, ++i);
    } else if (c === '"') {
      match = /^"(?:[^"\\\n]|\\.)*"/.exec(rest);
      if (match === null) {
        throw new TemplateError('unterminated quoted string: close it with ".', i, i + 1);
      }
      push('string', i, (i += match[0].length));
    } else if (c === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) {
        throw new TemplateError('unterminated raw quoted string: close it with `.', i, i + 1);
      }
      push('string', i, (i = close + 1));
    } else if (c === "'") {
      match = /^'(?:[^'\\\n]|\\.)*'/.exec(rest);
      if (match === null) {
        throw new TemplateError('unterminated character constant.', i, i + 1);
      }
      push('char', i, (i += match[0].length));
    } else if (c === '$') {
      match = /^\$[\p{L}\d_]*/u.exec(rest);
      push('variable', i, (i += match?.[0].length ?? 1));
    } else if (c === '.') {
      match = /^\.[\p{L}_][\p{L}\d_]*/u.exec(rest);
      if (match !== null) {
        push('field', i, (i += match[0].length));
      } else if (/^\.\d/.test(rest)) {
        match = /^\.\d[\w.+-]*/.exec(rest);
        push('number', i, (i += match?.[0].length ?? 1));
      } else {
        push('dot', i, ++i);
      }
    } else if (/[\d+-]/.test(c) && /^[+-]?\.?\d/.test(rest)) {
      match = /^[+-]?(?:0[xX][\da-fA-F_]+|[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?i?)/.exec(rest);
      push('number', i, (i += Math.max(1, match?.[0].length ?? 1)));
    } else if (/[\p{L}_]/u.test(c)) {
      match = /^[\p{L}_][\p{L}\d_]*/u.exec(rest);
      const word = match?.[0] ?? c;
      const kind: TokenKind = keywords.has(word)
        ? 'keyword'
        : word === 'true' || word === 'false'
          ? 'bool'
          : word === 'nil'
            ? 'nil'
            : 'identifier';
      push(kind, i, (i += word.length));
    } else {
      throw new TemplateError(`unrecognized character in action: ${JSON.stringify(c)}.`, i, i + 1);
    }
  }
}

interface Frame {
  readonly keyword: string;
  readonly action: Action;
  /** Variables in scope before the control began; restored at its {{end}}. */
  readonly vars: string[];
  sawElse: boolean;
}

class TemplateParser {
  private vars: string[] = ['$', ...alertTemplateVariables];
  private readonly frames: Frame[] = [];

  constructor(private readonly actions: readonly Action[]) {}

  parse(): void {
    for (const action of this.actions) {
      this.action(action);
    }
    const open = this.frames.at(-1);
    if (open !== undefined) {
      throw new TemplateError(
        `unexpected EOF: {{${open.keyword}}} is not closed; add {{end}}.`,
        open.action.from,
        open.action.to,
      );
    }
  }

  private action(action: Action): void {
    const [first, ...rest] = action.tokens;
    if (first === undefined) {
      throw new TemplateError(
        'missing value for command: the action {{}} is empty.',
        action.from,
        action.to,
      );
    }
    if (first.kind !== 'keyword') {
      this.pipeline(action.tokens, action, 'command');
      return;
    }
    switch (first.text) {
      case 'end': {
        const frame = this.frames.pop();
        if (frame === undefined) {
          throw new TemplateError(
            'unexpected {{end}}: nothing is open here.',
            action.from,
            action.to,
          );
        }
        expectEmpty(rest, 'end');
        this.vars = frame.vars;
        return;
      }
      case 'else': {
        const frame = this.frames.at(-1);
        if (frame === undefined || !['if', 'with', 'range'].includes(frame.keyword)) {
          throw new TemplateError(
            'unexpected {{else}}: it belongs inside {{if}}, {{with}} or {{range}}.',
            action.from,
            action.to,
          );
        }
        if (frame.sawElse) {
          throw new TemplateError(
            `expected end; found {{else}}: {{${frame.keyword}}} already has an {{else}}.`,
            action.from,
            action.to,
          );
        }
        const [next, ...chained] = rest;
        if (next?.kind === 'keyword' && (next.text === 'if' || next.text === 'with')) {
          this.pipeline(chained, action, next.text);
        } else {
          expectEmpty(rest, 'else');
          frame.sawElse = true;
        }
        return;
      }
      case 'if':
      case 'with':
      case 'range': {
        const vars = [...this.vars];
        this.pipeline(rest, action, first.text, first.text === 'range');
        this.frames.push({ keyword: first.text, action, vars, sawElse: false });
        return;
      }
      case 'break':
      case 'continue':
        if (!this.frames.some((f) => f.keyword === 'range')) {
          throw new TemplateError(`{{${first.text}}} outside {{range}}.`, action.from, action.to);
        }
        expectEmpty(rest, first.text);
        return;
      case 'define':
      case 'block': {
        const [name, ...more] = rest;
        if (name?.kind !== 'string') {
          throw new TemplateError(
            `unexpected ${name === undefined ? 'end of action' : JSON.stringify(name.text)} in ${first.text} clause: give the template a quoted name.`,
            name?.from ?? action.from,
            name?.to ?? action.to,
          );
        }
        if (first.text === 'define') {
          if (this.frames.length > 0) {
            throw new TemplateError(
              'unexpected {{define}}: define templates at the top level.',
              action.from,
              action.to,
            );
          }
          expectEmpty(more, 'define');
        } else if (more.length > 0) {
          this.pipeline(more, action, 'block');
        }
        this.frames.push({ keyword: first.text, action, vars: this.vars, sawElse: false });
        this.vars = ['$'];
        return;
      }
      case 'template': {
        const [name, ...more] = rest;
        if (name?.kind !== 'string') {
          throw new TemplateError(
            'unexpected token in template clause: give the template name in quotes.',
            name?.from ?? action.from,
            name?.to ?? action.to,
          );
        }
        if (more.length > 0) {
          this.pipeline(more, action, 'template');
        }
        return;
      }
      default:
        throw new TemplateError(`unexpected ${first.text}.`, first.from, first.to);
    }
  }

  /** A pipeline with an optional declaration (`$x :=`, `$i, $e :=` in range) or assignment. */
  private pipeline(tokens: readonly Token[], action: Action, context: string, range = false): void {
    let body = tokens;
    const [a, b, c, d] = tokens;
    if (a?.kind === 'variable' && (b?.kind === 'declare' || b?.kind === 'assign')) {
      if (b.kind === 'assign') {
        this.useVariable(a);
      } else {
        this.declared.push(a.text);
      }
      body = tokens.slice(2);
    } else if (
      range &&
      a?.kind === 'variable' &&
      b?.kind === 'comma' &&
      c?.kind === 'variable' &&
      (d?.kind === 'declare' || d?.kind === 'assign')
    ) {
      this.declared.push(a.text, c.text);
      body = tokens.slice(4);
    }
    if (body.length === 0) {
      throw new TemplateError(`missing value for ${context}.`, action.from, action.to);
    }
    this.commands(body, action);
    this.vars.push(...this.declared.splice(0));
  }

  /** Variables declared by the pipeline being read; in scope after it. */
  private readonly declared: string[] = [];

  private commands(tokens: readonly Token[], action: Action): void {
    let depth = 0;
    let command: Token[] = [];
    const flush = (at: Token | undefined): void => {
      if (command.length === 0) {
        throw new TemplateError(
          'missing value for command: a | needs something on both sides.',
          at?.from ?? action.from,
          at?.to ?? action.to,
        );
      }
      command = [];
    };
    for (const token of tokens) {
      if (token.kind === 'leftParen') {
        depth++;
        command.push(token);
        continue;
      }
      if (token.kind === 'rightParen') {
        depth--;
        command.push(token);
        continue;
      }
      if (token.kind === 'pipe' && depth === 0) {
        flush(token);
        continue;
      }
      this.operand(token);
      command.push(token);
    }
    flush(tokens.at(-1));
  }

  private operand(token: Token): void {
    switch (token.kind) {
      case 'variable':
        this.useVariable(token);
        return;
      case 'identifier':
        if (!functions.has(token.text)) {
          const suggestions = closestNames(token.text, [...functions]);
          throw new TemplateError(
            `function "${token.text}" not defined.${suggestions[0] === undefined ? '' : ` Did you mean ${suggestions[0]}?`}`,
            token.from,
            token.to,
          );
        }
        return;
      case 'keyword':
        throw new TemplateError(`unexpected <${token.text}> in command.`, token.from, token.to);
      case 'declare':
      case 'assign':
      case 'comma':
        throw new TemplateError(`unexpected "${token.text}" in command.`, token.from, token.to);
      default:
        return;
    }
  }

  private useVariable(token: Token): void {
    if (this.vars.includes(token.text) || this.declared.includes(token.text)) {
      return;
    }
    const suggestions = closestNames(
      token.text,
      this.vars.filter((v) => v !== '$'),
    );
    throw new TemplateError(
      `undefined variable "${token.text}".${suggestions[0] === undefined ? ` Defined here: ${this.vars.join(', ')}.` : ` Did you mean ${suggestions[0]}?`}`,
      token.from,
      token.to,
    );
  }
}

function expectEmpty(tokens: readonly Token[], keyword: string): void {
  const [extra] = tokens;
  if (extra !== undefined) {
    throw new TemplateError(
      `unexpected ${JSON.stringify(extra.text)} in ${keyword}.`,
      extra.from,
      extra.to,
    );
  }
}
