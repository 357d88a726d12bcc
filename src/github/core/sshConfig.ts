/**
 * Resolves an SSH host alias the way OpenSSH reads `~/.ssh/config` (ssh_config(5), readconf.c):
 * `Host` and `Match` blocks in file order, the first obtained value of each option wins, patterns
 * with `*` and `?` and `!negation`, case-insensitive host matching, `HostName %h`. Only the options
 * that decide where a git remote really goes are kept: HostName, Port, User.
 */

/** Where an SSH alias really connects. */
export interface SshHost {
  /** The real host name (HostName, with %h expanded), lowercased; the alias when none is set. */
  readonly hostName: string;
  readonly port?: number;
  readonly user?: string;
  /** Options or criteria this reader could not evaluate (Match exec, Include without a reader). */
  readonly notes: readonly string[];
}

/** A line of an ssh config that cannot be read: its number and why. */
export class SshConfigError extends Error {
  override readonly name = 'SshConfigError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`ssh config line ${line}: ${message}`);
  }
}

/** What the resolver may know besides the config text. */
export interface SshResolveOptions {
  /** The user of the remote URL (`git` in `git@github.com:`), matched by `Match user`. */
  readonly user?: string;
  /** The local user name, matched by `Match localuser`. */
  readonly localUser?: string;
  /** Reads the text of an `Include`d path (already resolved by the caller); undefined: skipped. */
  readonly readInclude?: (path: string) => readonly string[];
}

interface ConfigLine {
  readonly line: number;
  readonly keyword: string;
  readonly args: readonly string[];
}

/** Splits an argument list as OpenSSH's argv_split does: whitespace, double or single quotes. */
function splitArgs(text: string, line: number): string[] {
  const args: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inArg = false;
  for (const char of text) {
    if (quote !== undefined) {
      if (char === quote) {
        quote = undefined;
      } else {
        current += char;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
      inArg = true;
    } else if (/\s/.test(char)) {
      if (inArg) {
        args.push(current);
        current = '';
        inArg = false;
      }
    } else {
      current += char;
      inArg = true;
    }
  }
  if (quote !== undefined) {
    throw new SshConfigError(line, 'unterminated quote');
  }
  if (inArg) {
    args.push(current);
  }
  return args;
}

function readLines(text: string, options: SshResolveOptions, depth: number): ConfigLine[] {
  const lines: ConfigLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      return;
    }
    // "Keyword value", "Keyword=value" and "Keyword = value" are all accepted.
    const match = /^([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*)$/.exec(trimmed);
    if (!match) {
      throw new SshConfigError(line, `expected "Keyword value", got ${JSON.stringify(trimmed)}`);
    }
    const keyword = (match[1] ?? '').toLowerCase();
    const rest = (match[2] ?? '').replace(/\s+#.*$/, '');
    const args = splitArgs(rest, line);
    if (keyword === 'include' && options.readInclude && depth < 16) {
      for (const path of args) {
        for (const included of options.readInclude(path)) {
          lines.push(...readLines(included, options, depth + 1));
        }
      }
      return;
    }
    lines.push({ line, keyword, args });
  });
  return lines;
}

/** `*` any run of characters, `?` one character; case-insensitive (OpenSSH match_pattern). */
export function matchSshPattern(value: string, pattern: string): boolean {
  let regex = '^';
  for (const char of pattern.toLowerCase()) {
    regex += char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${regex}$`, 's').test(value.toLowerCase());
}

/**
 * A pattern list (OpenSSH match_pattern_list): true when some positive pattern matches and no
 * negated pattern does. `Match` arguments are comma-separated; `Host` patterns are not.
 */
export function matchSshPatternList(
  value: string,
  patterns: readonly string[],
  splitCommas = true,
): boolean {
  let matched = false;
  for (const pattern of splitCommas ? patterns.flatMap((p) => p.split(',')) : patterns) {
    if (pattern === '') {
      continue;
    }
    if (pattern.startsWith('!')) {
      if (matchSshPattern(value, pattern.slice(1))) {
        return false;
      }
    } else if (matchSshPattern(value, pattern)) {
      matched = true;
    }
  }
  return matched;
}

interface Resolution {
  hostName?: string;
  port?: number;
  user?: string;
}

function expandTokens(value: string, alias: string, line: number): string {
  return value.replace(/%(.)/g, (_, token: string) => {
    switch (token) {
      case '%':
        return '%';
      case 'h':
        return alias;
      default:
        throw new SshConfigError(line, `unsupported token %${token} in HostName`);
    }
  });
}

/**
 * Evaluates a Match line's criteria (`all`, `host`, `originalhost`, `user`, `localuser`,
 * `canonical`, `final`, each optionally negated with `!`); `exec` cannot be run here and is
 * taken as not matching, with a note.
 */
function evaluateMatch(
  entry: ConfigLine,
  alias: string,
  current: Resolution,
  options: SshResolveOptions,
  finalPass: boolean,
  notes: string[],
): boolean {
  const args = entry.args;
  if (args.length === 0) {
    throw new SshConfigError(entry.line, 'Match without criteria');
  }
  let result = true;
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] ?? '';
    const negate = raw.startsWith('!');
    const criterion = (negate ? raw.slice(1) : raw).toLowerCase();
    let matched: boolean;
    if (criterion === 'all') {
      matched = true;
    } else if (criterion === 'canonical' || criterion === 'final') {
      matched = finalPass;
    } else {
      const argument = args[++i];
      if (argument === undefined) {
        throw new SshConfigError(entry.line, `Match ${criterion} needs an argument`);
      }
      const list = argument.split(',');
      switch (criterion) {
        case 'host':
          matched = matchSshPatternList(current.hostName ?? alias, list);
          break;
        case 'originalhost':
          matched = matchSshPatternList(alias, list);
          break;
        case 'user':
          matched = matchSshPatternList(current.user ?? options.user ?? '', list);
          break;
        case 'localuser':
          matched = matchSshPatternList(options.localUser ?? '', list);
          break;
        case 'exec':
          notes.push(`line ${entry.line}: Match exec is not run; its block is skipped`);
          matched = false;
          break;
        default:
          notes.push(
            `line ${entry.line}: Match ${criterion} is not evaluated; its block is skipped`,
          );
          matched = false;
      }
    }
    if (negate ? matched : !matched) {
      result = false;
    }
  }
  return result;
}

function onePass(
  lines: readonly ConfigLine[],
  alias: string,
  options: SshResolveOptions,
  finalPass: boolean,
  resolution: Resolution,
  notes: string[],
): boolean {
  let active = true; // options before the first Host/Match apply to every host
  let sawFinal = false;
  for (const entry of lines) {
    switch (entry.keyword) {
      case 'host':
        if (entry.args.length === 0) {
          throw new SshConfigError(entry.line, 'Host without a pattern');
        }
        active = matchSshPatternList(alias, entry.args, false);
        break;
      case 'match':
        if (entry.args.some((a) => /^!?(final|canonical)$/i.test(a))) {
          sawFinal = true;
        }
        active = evaluateMatch(entry, alias, resolution, options, finalPass, notes);
        break;
      case 'hostname':
        if (active && resolution.hostName === undefined) {
          const value = entry.args[0];
          if (value === undefined) {
            throw new SshConfigError(entry.line, 'HostName without a value');
          }
          resolution.hostName = expandTokens(value, alias, entry.line).toLowerCase();
        }
        break;
      case 'port':
        if (active && resolution.port === undefined) {
          const port = Number(entry.args[0]);
          if (!Number.isInteger(port) || port < 1 || port > 65535) {
            throw new SshConfigError(
              entry.line,
              `Port must be 1-65535, got ${entry.args[0] ?? ''}`,
            );
          }
          resolution.port = port;
        }
        break;
      case 'user':
        if (active && resolution.user === undefined && entry.args[0] !== undefined) {
          resolution.user = entry.args[0];
        }
        break;
      case 'include':
        if (active) {
          notes.push(`line ${entry.line}: Include is not read`);
        }
        break;
      default:
        break;
    }
  }
  return sawFinal;
}

/**
 * Where `alias` (the host of an `ssh://` or `git@host:` remote) really connects under the ssh
 * config `configText`. Like OpenSSH, a second pass runs when the config has `Match final` or
 * `Match canonical` blocks, keeping the values obtained by the first.
 */
export function resolveSshHost(
  alias: string,
  configText: string,
  options: SshResolveOptions = {},
): SshHost {
  const lines = readLines(configText, options, 0);
  const resolution: Resolution = {};
  const notes: string[] = [];
  if (onePass(lines, alias, options, false, resolution, notes)) {
    onePass(lines, alias, options, true, resolution, notes);
  }
  return {
    hostName: resolution.hostName ?? alias.toLowerCase(),
    ...(resolution.port !== undefined ? { port: resolution.port } : {}),
    ...(resolution.user !== undefined ? { user: resolution.user } : {}),
    notes: [...new Set(notes)],
  };
}
