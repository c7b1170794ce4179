// The two ways an outbound fetch goes wrong, as errors a user can act on. Part of ingest/http.ts, the only
// code in Readout that opens sockets to the outside world.
import { UserError } from '../../errors.js';

/** The address guard said no: the message names the host or address and why. */
export class FetchRefused extends UserError {
  override name = 'FetchRefused';
  url: string | undefined;
  constructor(message: string, url?: string) {
    super('refused', message);
    this.url = url;
  }
}

/** The fetch did not give a usable page: network error, timeout, too large, not HTML, HTTP error, too many redirects. */
export class FetchFailed extends UserError {
  override name = 'FetchFailed';
  url: string | undefined;
  status: number | undefined;
  /** Seconds the server asked Readout to wait (Retry-After on a 429 or 503). */
  retryAfterSeconds: number | undefined;
  /** The answer came from a bot-protection wall (a challenge page), not from the site itself. */
  botProtection: boolean;
  constructor(
    message: string,
    options: {
      url?: string;
      status?: number;
      cause?: unknown;
      retryAfterSeconds?: number;
      botProtection?: boolean;
    } = {},
  ) {
    super('upstream', message, { cause: options.cause });
    this.url = options.url;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.botProtection = options.botProtection ?? false;
  }
}
