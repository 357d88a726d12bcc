/** One label matcher of an Alertmanager configuration (`severity="critical"`). */
export interface Matcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** Classic label names; other names must be quoted (`"service.name"="x"`). */
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Parses one entry of a `matchers` list as Alertmanager does: one matcher or several separated
 * by commas, optionally in braces (`{a="b", c=~"d|e"}`); a name, an operator (`=`, `!=`, `=~`,
 * `!~`) and a value, quoted or not (Alertmanager still accepts the classic unquoted form,
 * `severity = critical`). Returns the matchers, or why the text is not one, said so that the
 * user knows what to write.
 */
export function parseMatchers(text: string): { matchers: Matcher[] } | { error: string } {
  let body = text.trim();
  if (body.startsWith('{') || body.endsWith('}')) {
    if (!(body.startsWith('{') && body.endsWith('}'))) {
      return { error: `unbalanced braces: write '{name="value"}' or leave the braces out` };
    }
    body = body.slice(1, -1).trim();
  }
  if (body === '') {
    return {
      error:
        'an empty matcher: write a label name, an operator and a value, e.g. severity="critical"',
    };
  }
  const parts = splitOutsideQuotes(body);
  if (parts === undefined) {
    return { error: "a quoted string is not closed: add the missing '\"'" };
  }
  const matchers: Matcher[] = [];
  for (const [index, raw] of parts.entries()) {
    const part = raw.trim();
    if (part === '') {
      if (index === parts.length - 1 && index > 0) {
        continue; // a trailing comma is accepted
      }
      return { error: 'an empty matcher between commas: remove the extra comma' };
    }
    const parsed = parseOne(part);
    if ('error' in parsed) {
      return parsed;
    }
    matchers.push(parsed);
  }
  return { matchers };
}

function parseOne(part: string): Matcher | { error: string } {
  const found = /^("(?:[^"\\]|\\.)*"|[^=!~"\s]+)\s*(=~|!~|!=|=)\s*([\s\S]*)$/.exec(part);
  if (found === null) {
    const hint = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*:\s*(.+)$/.exec(part);
    return {
      error:
        hint === null
          ? `'${part}' is not a matcher: write a label name, an operator (=, !=, =~ or !~) and a value, e.g. severity="critical"`
          : `'${part}' is not a matcher: use '=' rather than ':', e.g. ${hint[1] ?? ''}="${(hint[2] ?? '').trim().replace(/^"|"$/g, '')}"`,
    };
  }
  const rawName = found[1] ?? '';
  const op = found[2] as Matcher['op'];
  const rawValue = (found[3] ?? '').trim();
  const name = rawName.startsWith('"') ? unquote(rawName) : rawName;
  if (name === undefined || name === '') {
    return { error: `'${part}' has an empty label name` };
  }
  if (!rawName.startsWith('"') && !labelName.test(name)) {
    return {
      error: `'${name}' is not a label name (letters, digits and '_', not starting with a digit): quote it ("${name}") if it is a UTF-8 label name`,
    };
  }
  let value: string;
  if (rawValue.startsWith('"')) {
    const unquoted = /^"(?:[^"\\]|\\.)*"$/.test(rawValue) ? unquote(rawValue) : undefined;
    if (unquoted === undefined) {
      return {
        error: `the value of '${part}' is not a complete quoted string: escape inner quotes as \\" and end it with '"'`,
      };
    }
    value = unquoted;
  } else {
    value = rawValue;
  }
  if (op === '=~' || op === '!~') {
    const problem = regexProblem(value);
    if (problem !== undefined) {
      return {
        error: `the regular expression '${value}' of '${part}' does not compile: ${problem}`,
      };
    }
  }
  return { name, op, value };
}

/** Splits at commas that are not inside double quotes; undefined when a quote is left open. */
function splitOutsideQuotes(text: string): string[] | undefined {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quoted && c === '\\') {
      current += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') {
      quoted = !quoted;
    }
    if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  if (quoted) {
    return undefined;
  }
  parts.push(current);
  return parts;
}

function unquote(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    // Go accepts escapes JSON does not (\a, \x41): read the text between the quotes as written.
    return text.slice(1, -1);
  }
}

/**
 * Why a Go (RE2) regular expression does not compile, judged with JavaScript's engine after
 * translating what RE2 writes differently (inline flags, `(?P<name>`, `\A`, `\z`); undefined when
 * it compiles.
 */
export function regexProblem(pattern: string): string | undefined {
  const translated = pattern
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?[imsU]+\)/g, '')
    .replace(/\(\?[imsU]*-?[imsU]*:/g, '(?:')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$')
    .replace(/\[\[:(\w+):\]\]/g, '[a-z]')
    .replace(/\[:(\w+):\]/g, 'a-z');
  try {
    new RegExp(translated, 'u');
    return undefined;
  } catch (error) {
    try {
      new RegExp(translated);
      return undefined;
    } catch {
      const message = error instanceof Error ? error.message : String(error);
      return message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '');
    }
  }
}
