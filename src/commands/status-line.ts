// One status line on a terminal's stderr for long operations, redrawn at most ten times a second; silent when piped.

export class StatusLine {
  #last = 0;
  #shown = false;

  show(text: string, force = false): void {
    if (!process.stderr.isTTY) return;
    const now = performance.now();
    if (!force && now - this.#last < 100) return;
    this.#last = now;
    process.stderr.write(`\r\x1b[2K${text.slice(0, (process.stderr.columns ?? 80) - 1)}`);
    this.#shown = true;
  }

  clear(): void {
    if (!this.#shown) return;
    process.stderr.write('\r\x1b[2K');
    this.#shown = false;
  }
}
