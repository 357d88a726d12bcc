/** Erases the terminal line the cursor is on and returns to its start. */
const clearLine = '\r\x1b[2K';

/**
 * A progress line on a terminal, rewritten in place: at most one write per `intervalMs`, the
 * first only once that long has passed (a quick run shows none), erased by {@link clear} before
 * results are printed.
 */
export class ProgressLine {
  private last: number;
  private shown = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly now: () => number,
    private readonly intervalMs = 100,
  ) {
    this.last = now();
  }

  /** Shows `text` in place of the previous line, unless one was shown less than the interval ago. */
  update(text: string): void {
    const time = this.now();
    if (time - this.last < this.intervalMs) {
      return;
    }
    this.last = time;
    this.shown = true;
    this.write(`${clearLine}${text}`);
  }

  /** Erases the line, if one is shown. */
  clear(): void {
    if (this.shown) {
      this.write(clearLine);
      this.shown = false;
    }
  }
}
