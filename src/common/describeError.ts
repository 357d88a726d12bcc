/** A one-line (or stack, when `withStack`) description of anything thrown, for logs and CLI output. */
export function describeError(error: unknown, withStack = false): string {
  if (error instanceof Error) {
    return withStack ? (error.stack ?? error.message) : error.message;
  }
  if (typeof error === 'string') {
    return error;
  }
  if (error === undefined || typeof error === 'function' || typeof error === 'symbol') {
    return String(error);
  }
  try {
    return JSON.stringify(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}
