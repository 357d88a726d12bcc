/**
 * Git's `url.<base>.insteadOf` and `url.<base>.pushInsteadOf` rewrites, read from the output of
 * `git config --get-regexp '^url\.'` (with or without `-z`) and applied as git applies them
 * (remote.c `alias_url`: the longest matching prefix wins; on equal length, the first one read).
 */

/** One rewrite: a URL starting with `prefix` is read as `base` followed by the rest. */
export interface UrlRewrite {
  readonly base: string;
  readonly prefix: string;
}

/** The rewrites of a git configuration, in the order git reads them. */
export interface UrlRewrites {
  readonly insteadOf: readonly UrlRewrite[];
  readonly pushInsteadOf: readonly UrlRewrite[];
}

/** A line of `git config --get-regexp` output that is not a url rewrite: where and why. */
export class GitConfigParseError extends Error {
  override readonly name = 'GitConfigParseError';
  constructor(
    /** 1-based line (or NUL-separated entry, for `-z` output). */
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export const noUrlRewrites: UrlRewrites = { insteadOf: [], pushInsteadOf: [] };

const variablePattern = /^url\.(.+)\.(insteadof|pushinsteadof)$/i;

/**
 * Parses `git config --get-regexp '^url\.'` output. Without `-z` each line is `key value` (git
 * lowercases the section and variable names but keeps the subsection, the base URL, as written);
 * with `-z` each entry is `key\nvalue\0`. Keys other than `url.*.insteadOf`/`pushInsteadOf`
 * (say `url.x.foo`) are skipped; a line that is not `key value` is an error with its number.
 */
export function parseUrlRewrites(output: string): UrlRewrites {
  const insteadOf: UrlRewrite[] = [];
  const pushInsteadOf: UrlRewrite[] = [];
  const nulSeparated = output.includes('\0');
  const entries = nulSeparated ? output.split('\0') : output.split(/\r?\n/);
  entries.forEach((entry, index) => {
    if (entry.trim() === '') {
      return;
    }
    let key: string;
    let value: string;
    if (nulSeparated) {
      const newline = entry.indexOf('\n');
      key = newline < 0 ? entry : entry.slice(0, newline);
      value = newline < 0 ? '' : entry.slice(newline + 1);
    } else {
      // The base URL may itself contain spaces (url."a b".insteadOf): split at the variable name.
      const match = /^(url\..+?\.(?:insteadof|pushinsteadof)) (.*)$/i.exec(entry);
      key = match?.[1] ?? entry;
      value = match?.[2] ?? '';
    }
    const variable = variablePattern.exec(key);
    if (!variable) {
      if (/^url\./i.test(key)) {
        return;
      }
      throw new GitConfigParseError(index + 1, `not a url.<base> variable: ${JSON.stringify(key)}`);
    }
    const base = variable[1] ?? '';
    if (value === '') {
      throw new GitConfigParseError(index + 1, `${key} has no value`);
    }
    const target = variable[2]?.toLowerCase() === 'pushinsteadof' ? pushInsteadOf : insteadOf;
    target.push({ base, prefix: value });
  });
  return { insteadOf, pushInsteadOf };
}

/** `url` rewritten by the longest matching prefix of `rewrites`, or undefined when none matches. */
export function applyLongestRewrite(
  url: string,
  rewrites: readonly UrlRewrite[],
): string | undefined {
  let best: UrlRewrite | undefined;
  for (const rewrite of rewrites) {
    if (url.startsWith(rewrite.prefix) && (!best || rewrite.prefix.length > best.prefix.length)) {
      best = rewrite;
    }
  }
  return best ? best.base + url.slice(best.prefix.length) : undefined;
}

/** A remote's configured URLs (`remote.<name>.url`, `remote.<name>.pushurl`). */
export interface ConfiguredRemoteUrls {
  readonly url: string;
  readonly pushUrl?: string;
}

/** The URLs git fetches from and pushes to, after rewriting. */
export interface EffectiveRemoteUrls {
  readonly fetchUrl: string;
  readonly pushUrl: string;
}

/**
 * The URLs git really uses for a remote (remote.c `alias_all_urls`): the fetch URL is the URL
 * rewritten by `insteadOf`; the push URL is the `pushurl` rewritten by `insteadOf` when one is
 * configured, else the URL rewritten by `pushInsteadOf` when a prefix matches, else the fetch URL.
 */
export function effectiveRemoteUrls(
  remote: ConfiguredRemoteUrls,
  rewrites: UrlRewrites,
): EffectiveRemoteUrls {
  const fetchUrl = applyLongestRewrite(remote.url, rewrites.insteadOf) ?? remote.url;
  if (remote.pushUrl !== undefined) {
    return {
      fetchUrl,
      pushUrl: applyLongestRewrite(remote.pushUrl, rewrites.insteadOf) ?? remote.pushUrl,
    };
  }
  return {
    fetchUrl,
    pushUrl: applyLongestRewrite(remote.url, rewrites.pushInsteadOf) ?? fetchUrl,
  };
}
