// When to check a feed next: the server's wishes, the feed's pace and its errors, kept between 5 minutes and a day.
import type { CacheHeaders } from '../ingest/http.js';
import { retryAfterSeconds } from '../ingest/http.js';

export const minIntervalSeconds = 5 * 60;
export const maxIntervalSeconds = 24 * 60 * 60;
/** After this many errors in a row a feed is paused until the user refreshes it. */
export const pauseAfterErrors = 10;

export interface CheckPlan {
  intervalSeconds: number;
  at: Date;
  /** Which rule decided the interval, for the feed list ("ttl", "max-age", "pace", …). */
  reason: string;
}

const clamp = (seconds: number) => Math.min(maxIntervalSeconds, Math.max(minIntervalSeconds, Math.round(seconds)));

/** Seconds the server's caching headers ask a client to wait: the largest of max-age, Expires and Retry-After. */
export function serverWaitSeconds(headers: CacheHeaders | null, now: Date): { seconds: number; reason: string } {
  let best = { seconds: 0, reason: 'base' };
  if (!headers) return best;
  const consider = (seconds: number | undefined, reason: string) => {
    if (seconds !== undefined && Number.isFinite(seconds) && seconds > best.seconds) best = { seconds, reason };
  };
  const cacheControl = headers.cacheControl?.toLowerCase() ?? '';
  const maxAge = /(?:^|[,\s])(?:s-)?max-age\s*=\s*"?(\d+)/.exec(cacheControl)?.[1];
  consider(maxAge === undefined ? undefined : Number(maxAge), 'Cache-Control max-age');
  if (headers.expires && !/max-age/.test(cacheControl)) {
    const expires = Date.parse(headers.expires);
    // Expires is on the server's clock; measured against its Date header when it sent one.
    const serverNow = headers.date ? Date.parse(headers.date) : Number.NaN;
    const base = Number.isNaN(serverNow) ? now.getTime() : serverNow;
    if (!Number.isNaN(expires)) consider((expires - base) / 1000, 'Expires');
  }
  consider(retryAfterSeconds(headers.retryAfter, now.getTime()), 'Retry-After');
  return best;
}

/**
 * The feed's own pace: half the median gap between its newest entries, and longer when it has gone quiet (a
 * quarter of the time since its newest entry). Null when its entries carry too few dates to tell.
 */
export function paceSeconds(entryDates: Array<string | null>, now: Date): number | null {
  const times = entryDates
    .map((d) => (d ? Date.parse(d) : Number.NaN))
    .filter((t) => !Number.isNaN(t) && t <= now.getTime() + 60_000)
    .sort((a, b) => b - a)
    .slice(0, 20);
  if (times.length < 2) return null;
  const gaps = times.slice(1).map((t, i) => (times[i] as number) - t);
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] as number;
  const quiet = now.getTime() - (times[0] as number);
  return Math.max(median / 2, quiet / 4) / 1000;
}

/** The next check after a successful fetch (200 or 304). */
export function nextCheckAfterSuccess(input: {
  now: Date;
  baseSeconds: number;
  ttlMinutes: number | null;
  headers: CacheHeaders | null;
  /** From paceSeconds; null when unknown (a 304 keeps the feed's previous interval as its pace). */
  pace: number | null;
  random?: () => number;
}): CheckPlan {
  let seconds = input.baseSeconds;
  let reason = 'base interval';
  const candidates: Array<[number | null, string]> = [
    [input.ttlMinutes === null ? null : input.ttlMinutes * 60, 'the feed’s ttl'],
    [serverWaitSeconds(input.headers, input.now).seconds, serverWaitSeconds(input.headers, input.now).reason],
    [input.pace, 'how often it publishes'],
  ];
  for (const [candidate, why] of candidates) {
    if (candidate !== null && candidate > seconds) {
      seconds = candidate;
      reason = why;
    }
  }
  return plan(input.now, clamp(seconds), reason, input.random);
}

/** The next check after a failed fetch: exponential backoff from the base interval, or what Retry-After asks. */
export function nextCheckAfterError(input: {
  now: Date;
  baseSeconds: number;
  errorCount: number;
  retryAfterSeconds?: number;
  random?: () => number;
}): CheckPlan {
  const backoff = input.baseSeconds * 2 ** Math.min(Math.max(input.errorCount - 1, 0), 16);
  const asked = input.retryAfterSeconds ?? 0;
  const seconds = clamp(Math.max(backoff, asked));
  return plan(
    input.now,
    seconds,
    asked > backoff ? 'Retry-After' : `backoff after ${input.errorCount} errors`,
    input.random,
  );
}

/** Up to 10% earlier, so that feeds added together do not stay in lockstep. */
function plan(now: Date, seconds: number, reason: string, random = Math.random): CheckPlan {
  const jittered = Math.max(minIntervalSeconds, Math.round(seconds * (1 - 0.1 * random())));
  return { intervalSeconds: jittered, at: new Date(now.getTime() + jittered * 1000), reason };
}
