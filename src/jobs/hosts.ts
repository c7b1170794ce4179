// Politeness: at most a few requests to one host at a time, with a pause between their starts.

export interface HostLimits {
  concurrency: number;
  delayMs: number;
}

interface HostState {
  running: number;
  lastStart: number;
  /** A robots.txt Crawl-delay, which can only lengthen the pause. */
  delayMs: number;
  waiting: Array<() => void>;
}

export class HostLimiter {
  readonly #limits: HostLimits;
  readonly #hosts = new Map<string, HostState>();

  constructor(limits: HostLimits) {
    this.#limits = limits;
  }

  /** Runs `work` when the host has a free slot and its pause since the last start has passed. */
  async run<T>(url: string, work: () => Promise<T>): Promise<T> {
    const host = hostOf(url);
    const state = this.#state(host);
    await this.#acquire(state);
    try {
      return await work();
    } finally {
      state.running--;
      state.waiting.shift()?.();
      if (state.running === 0 && state.waiting.length === 0 && Date.now() - state.lastStart > 60_000)
        this.#hosts.delete(host);
    }
  }

  /** Lengthens the pause for one host (from its robots.txt), never below the configured one. */
  setDelay(url: string, delayMs: number): void {
    const state = this.#state(hostOf(url));
    state.delayMs = Math.max(this.#limits.delayMs, Math.min(delayMs, 60_000));
  }

  #state(host: string): HostState {
    let state = this.#hosts.get(host);
    if (!state) {
      state = { running: 0, lastStart: 0, delayMs: this.#limits.delayMs, waiting: [] };
      this.#hosts.set(host, state);
    }
    return state;
  }

  async #acquire(state: HostState): Promise<void> {
    while (state.running >= this.#limits.concurrency) await new Promise<void>((resolve) => state.waiting.push(resolve));
    state.running++;
    // Reserve the next start time before sleeping, so two waiters never pick the same one.
    const start = Math.max(Date.now(), state.lastStart + state.delayMs);
    state.lastStart = start;
    const wait = start - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}
