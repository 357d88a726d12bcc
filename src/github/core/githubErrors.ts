/**
 * GitHub's refusals said in words: what the action was, GitHub's own message (branch protection,
 * a disallowed merge method, a review rule) and its error details, never a token.
 */
import { describeError } from '../../common/describeError';
import { redactSecrets } from './redact';

/** The parts of an Octokit RequestError the messages use. */
interface RequestErrorShape {
  readonly status: number;
  readonly response?: { readonly data?: unknown };
  readonly message: string;
}

function isRequestError(error: unknown): error is RequestErrorShape {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** GitHub's `message` and the texts of its `errors` (strings or `{ message }` objects). */
export function githubMessage(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) {
    return typeof data === 'string' && data.trim() !== '' ? data.trim() : undefined;
  }
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const details = (Array.isArray(errors) ? errors : [])
    .map((e: unknown) =>
      typeof e === 'string'
        ? e
        : typeof e === 'object' && e !== null
          ? typeof (e as { message?: unknown }).message === 'string'
            ? (e as { message: string }).message
            : [(e as { field?: unknown }).field, (e as { code?: unknown }).code]
                .filter((part) => typeof part === 'string')
                .join(' ')
          : '',
    )
    .filter((text) => text.trim() !== '');
  const main = typeof message === 'string' ? message.trim() : '';
  const parts = [main, ...details.filter((d) => d !== main)].filter((p) => p !== '');
  return parts.length === 0 ? undefined : parts.join(': ').replace(/\s*\n\s*/g, ' ');
}

/**
 * A one-line message for a failed GitHub call: `<action> failed: <why>`. GitHub's refusals
 * (403, 405, 409, 422) carry GitHub's message, as the web page shows it; 401 and 404 say what to
 * check; anything else (offline, timeout) its own text. `secrets` are redacted.
 */
export function describeGitHubError(
  action: string,
  error: unknown,
  secrets: readonly string[],
): string {
  let why: string;
  if (isRequestError(error)) {
    const said = githubMessage(error.response?.data);
    switch (error.status) {
      case 401:
        why = 'GitHub rejected the token (401): sign in again';
        break;
      case 404:
        why = `not found (404): the repository or item does not exist or the account cannot see it${said !== undefined && said !== 'Not Found' ? ` (${said})` : ''}`;
        break;
      default:
        why =
          said === undefined
            ? `GitHub answered ${error.status}: ${error.message}`
            : `GitHub refused (${error.status}): ${said}`;
    }
  } else {
    why = describeError(error);
  }
  return redactSecrets(`${action} failed: ${why}`, secrets);
}
