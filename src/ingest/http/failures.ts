// What went wrong with a fetch, in words a user can act on: an HTTP error status (and whether a bot wall sent
// it), or whatever the network threw. Part of ingest/http.ts, the only code in Readout that opens sockets to the
// outside world.
import { readPrefix } from './body.js';
import { FetchFailed, FetchRefused } from './errors.js';

/** Retry-After as seconds from now: either a number of seconds or an HTTP date. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - now) / 1000));
}

/** Markers of the challenge pages that bot-protection services put in front of a site. */
const botWall =
  /cf-chl|challenge-platform|just a moment\.\.\.|attention required! \| cloudflare|ddos-guard|captcha|are you a (robot|human)|verify you are human|access denied.{0,80}(akamai|incapsula|imperva)|_incapsula_resource|perimeterx|px-captcha|datadome/i;

/** A FetchFailed for a non-2xx answer, saying when it came from bot protection and how long to wait. */
export async function httpError(response: Response, url: string): Promise<FetchFailed> {
  const status = response.status;
  const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
  let botProtection = false;
  if (status === 403 || status === 503 || status === 429) {
    const head = Buffer.from(await readPrefix(response.body, 64 * 1024).catch(() => new Uint8Array(0))).toString(
      'latin1',
    );
    const server = `${response.headers.get('server') ?? ''} ${response.headers.has('cf-ray') ? 'cloudflare' : ''}`;
    botProtection =
      botWall.test(head) || (status !== 429 && /cloudflare|ddos-guard|akamai/i.test(server) && /<html/i.test(head));
  } else {
    await response.body?.cancel();
  }
  const reason = response.statusText ? ` ${response.statusText}` : '';
  let message = `${url} answered ${status}${reason}`;
  if (botProtection)
    message += `: the site's bot protection turned Readout away (a challenge page, not the content); open the URL in a browser, or ask the site to allow Readout's User-Agent`;
  else if (status === 429)
    message += `: the site says Readout asks too often${retryAfter !== undefined ? `; it asked to wait ${retryAfter} s` : ''}`;
  else if (status === 503 && retryAfter !== undefined) message += `; it asked to wait ${retryAfter} s`;
  return new FetchFailed(message, { url, status, retryAfterSeconds: retryAfter, botProtection });
}

/** Turns whatever fetch threw into a FetchRefused or FetchFailed with a message a user can act on. */
export function explain(
  err: unknown,
  at: { url: string; redirectedFrom: string | undefined; timedOut: boolean; seconds: number },
): Error {
  if (err instanceof FetchFailed) return err;
  const refused = findCause(err, (e) => e instanceof FetchRefused) as FetchRefused | undefined;
  // A refusal with a URL already names it; one from DNS does not yet.
  if (refused?.url) return refused;
  if (refused) {
    const message = at.redirectedFrom
      ? `${at.redirectedFrom} redirected to ${at.url}, which was refused: ${refused.message}`
      : refused.message;
    return new FetchRefused(message, at.url);
  }
  if (at.timedOut)
    return new FetchFailed(`${at.url} did not finish within ${at.seconds} s (READOUT_FETCH_TIMEOUT)`, {
      url: at.url,
      cause: err,
    });
  const cause = findCause(err, (e) => typeof (e as NodeJS.ErrnoException).code === 'string') ?? deepestCause(err);
  const code = (cause as NodeJS.ErrnoException).code;
  const detail =
    code === 'ENOTFOUND' ? `no such host (${new URL(at.url).hostname})` : (cause as Error).message || String(cause);
  return new FetchFailed(`could not fetch ${at.url}: ${detail}`, { url: at.url, cause: err });
}

function deepestCause(err: unknown): unknown {
  let e = err;
  for (let depth = 0; e instanceof Error && e.cause !== undefined && depth < 8; depth++) e = e.cause;
  return e;
}

function findCause(err: unknown, test: (e: unknown) => boolean): unknown {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) if (test(e)) return e;
  return undefined;
}
