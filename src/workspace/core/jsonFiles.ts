import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { isGrafanaDashboard } from '../../common/classify';

/** Where a JSON text stops being JSON, and why. */
export interface JsonSyntaxError {
  /** Offsets into the text. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/**
 * What the workspace index does with a `.json` file: validate it (a Kubernetes manifest, a
 * Grafana dashboard), keep only where it stops being JSON (for the checks that expect JSON
 * there, such as a dashboard provider's folder), or leave it alone (`package.json`, editor
 * settings, JSON Schemas: not infrastructure we check).
 */
export type JsonVerdict =
  | { readonly kind: 'infra' }
  | { readonly kind: 'other' }
  | { readonly kind: 'syntax-error'; readonly error: JsonSyntaxError };

/** Texts longer than this are not inspected: infrastructure JSON is far smaller (a plan is read by the plan preview). */
export const maxInspectedJson = 5 * 1024 * 1024;

/** Tells a `.json` file's {@link JsonVerdict} from its text. */
export function inspectJson(text: string): JsonVerdict {
  if (text.length > maxInspectedJson) {
    return { kind: 'other' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'syntax-error', error: jsonSyntaxError(text) ?? endOfText(text) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'other' };
  }
  const record = value as Record<string, unknown>;
  const kubernetes = typeof record.apiVersion === 'string' && typeof record.kind === 'string';
  return kubernetes || isGrafanaDashboard((key) => record[key])
    ? { kind: 'infra' }
    : { kind: 'other' };
}

const problemsByCode: Readonly<Record<string, string>> = {
  InvalidSymbol: 'this is not a JSON value',
  InvalidNumberFormat: 'this is not a JSON number',
  PropertyNameExpected:
    'a property name in double quotes is expected here (a trailing comma before it?)',
  ValueExpected: 'a value is expected here (a trailing comma before it?)',
  ColonExpected: "a ':' is expected after the property name",
  CommaExpected: "a ',' is expected between the values",
  CloseBraceExpected: "a '}' is expected to close the object",
  CloseBracketExpected: "a ']' is expected to close the array",
  EndOfFileExpected: 'the text goes on after the JSON value ends',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'JSON has no comments',
  UnexpectedEndOfString: 'the string is not closed',
  UnexpectedEndOfNumber: 'the number ends too early',
  InvalidUnicode: 'this is not a valid \\u escape',
  InvalidEscapeCharacter: 'this is not a valid escape',
  InvalidCharacter: 'this character must be escaped in a JSON string',
};

/** The first place a text stops being strict JSON (no comments, no trailing commas), or undefined when it is JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    // The engine's parser reads strict JSON several times faster; jsonc-parser only says where it stops.
    JSON.parse(text);
    return undefined;
  } catch {
    // located below
  }
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (first === undefined) {
    return endOfText(text); // JSON.parse refused what jsonc-parser took
  }
  return {
    start: first.offset,
    end: Math.min(text.length, first.offset + Math.max(first.length, 1)),
    message: `Not valid JSON: ${problemsByCode[printParseErrorCode(first.error)] ?? 'the JSON ends early'}.`,
  };
}

function endOfText(text: string): JsonSyntaxError {
  return { start: text.length, end: text.length, message: 'Not valid JSON: the JSON ends early.' };
}
