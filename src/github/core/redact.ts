/**
 * Keeps tokens out of logs: every line a GitHub client logs goes through `redactSecrets`, which
 * removes the session's token wherever it appears and anything shaped like a GitHub credential.
 */
import { describeError } from '../../common/describeError';

/** Where the GitHub client's messages go (the host's log, a test's array). */
export interface ClientLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const redacted = '[REDACTED]';

/** GitHub token formats (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_) and auth headers/URLs. */
const credentialPatterns: readonly (readonly [RegExp, string])[] = [
  [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, redacted],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, redacted],
  [/\b(authorization["']?\s*[:=]\s*["']?)(?:token|bearer|basic)\s+[^\s"',}]+/gi, `$1${redacted}`],
  [/(\bhttps?:\/\/)[^/@\s]+@/gi, `$1${redacted}@`],
];

/**
 * `text` without any of `secrets` (the exact token strings, at least 4 characters long) and
 * without anything shaped like a GitHub credential.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) {
      result = result.split(secret).join(redacted);
    }
  }
  for (const [pattern, replacement] of credentialPatterns) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

/** The text of a log call: the message and any extra arguments (objects as JSON, errors' messages). */
function logText(message: unknown, extra: readonly unknown[]): string {
  return [message, ...extra]
    .map((part) => (typeof part === 'string' ? part : describeError(part)))
    .join(' ');
}

/** A log with Octokit's signature (`log.warn(message, additionalInfo)`). */
export interface OctokitLog {
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

/**
 * A log for Octokit that writes to `inner` with secrets redacted; `secrets` is read at each call
 * so a refreshed token is covered too.
 */
export function redactingLog(inner: ClientLogger, secrets: () => readonly string[]): OctokitLog {
  const wrap =
    (level: keyof ClientLogger) =>
    (message: string, ...extra: unknown[]): void => {
      inner[level](redactSecrets(logText(message, extra), secrets()));
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
