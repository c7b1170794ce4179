// Each site's robots.txt, read politely and kept a day per process: which article pages Readout may fetch there.
import type { AppContext } from '../context.js';
import { UserError } from '../errors.js';
import { FetchRefused } from '../ingest/http.js';
import { crawlDelaySeconds, maxRobotsChars, robotsAllows } from '../ingest/robots.js';
import type { HostLimiter } from './hosts.js';

/** A page fetch that robots.txt forbids: the feed's summary stays, and the job is not tried again. */
export class RobotsDisallowed extends UserError {
  override name = 'RobotsDisallowed';

  constructor(message: string, options?: ErrorOptions) {
    super('refused', message, options);
  }
}

interface RobotsEntry {
  text: string | null;
  /** A robots.txt that answered 5xx or could not be reached: the whole site counts as disallowed for a while. */
  unreachable: boolean;
  /** Why the address guard refused to fetch robots.txt (the site counts as disallowed for a while too). */
  refused: string | null;
  expires: number;
}

/** Each origin's robots.txt, read once a day per process. */
export class RobotsCache {
  readonly #entries = new Map<string, Promise<RobotsEntry>>();
  readonly #ctx: AppContext;
  readonly #limiter: HostLimiter;

  constructor(ctx: AppContext, limiter: HostLimiter) {
    this.#ctx = ctx;
    this.#limiter = limiter;
  }

  /**
   * Refuses a URL its site's robots.txt disallows, reading that file first if needed. `direct` reads it without
   * waiting for the site's turn, for a redirect target: the fetch that met the redirect already holds a turn,
   * and waiting for another could deadlock.
   */
  async check(url: string, options: { direct?: boolean } = {}): Promise<void> {
    const origin = new URL(url).origin;
    let entry = this.#entries.get(origin);
    if (!entry || (await entry).expires < Date.now()) {
      entry = this.#load(origin, options.direct ?? false);
      this.#entries.set(origin, entry);
    }
    const robots = await entry;
    const agent = this.#ctx.http.userAgent;
    if (robots.refused !== null)
      throw new FetchRefused(`${origin}/robots.txt was refused: ${robots.refused}`, `${origin}/robots.txt`);
    if (robots.unreachable)
      throw new RobotsDisallowed(
        `${origin}/robots.txt could not be read, so Readout does not fetch pages there for now`,
      );
    if (robots.text === null) return;
    if (!robotsAllows(robots.text, url, agent))
      throw new RobotsDisallowed(`${origin}/robots.txt does not allow Readout to fetch ${url}`);
    const delay = crawlDelaySeconds(robots.text, agent);
    if (delay) this.#limiter.setDelay(url, delay * 1000);
  }

  async #load(origin: string, direct: boolean): Promise<RobotsEntry> {
    const day = Date.now() + 24 * 60 * 60 * 1000;
    const read = () => this.#ctx.http.fetchText(`${origin}/robots.txt`, { maxBytes: maxRobotsChars });
    try {
      const answer = await (direct ? read() : this.#limiter.run(origin, read));
      return { text: answer.text, unreachable: false, refused: null, expires: day };
    } catch (err) {
      const hour = Date.now() + 60 * 60 * 1000;
      if (err instanceof FetchRefused) return { text: null, unreachable: true, refused: err.message, expires: hour };
      const status = (err as { status?: number }).status;
      // RFC 9309: a robots.txt that is missing (4xx) allows everything; a server error means "stay away" for now.
      if (status !== undefined && status >= 400 && status < 500)
        return { text: null, unreachable: false, refused: null, expires: day };
      return { text: null, unreachable: true, refused: null, expires: hour };
    }
  }
}
