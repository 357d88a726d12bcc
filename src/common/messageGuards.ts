// Runtime checks shared by the webview protocols (no Node or vscode imports: the webview
// bundles use them too).

/** A count or index sent in a message: a non-negative integer. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** For exhaustive switches over message unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected message ${JSON.stringify(value)}`);
}
