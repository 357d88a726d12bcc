// What a parse-floor child does (see parseChild.ts), shared with bench.ts, which imports no child.

/** `read`: list and read every YAML file; `js-yaml` and `ours`: also parse each into data. */
export const parseModes = ['read', 'js-yaml', 'ours'] as const;
export type ParseMode = (typeof parseModes)[number];

export interface ParseChildResult {
  readonly mode: ParseMode;
  readonly files: number;
  /** Documents the parser gave; 0 for `read`. */
  readonly documents: number;
  /** Files the parser rejected (js-yaml throws on a syntax error; ours reports it). */
  readonly failed: number;
}
