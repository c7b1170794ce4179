// When a feed is checked next: the largest of the base interval and what the feed and its server ask, adapted to
// how often it publishes, kept between 5 minutes and 24 hours; errors back off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CacheHeaders } from '../src/ingest/http.js';
import { HostLimiter } from '../src/jobs/hosts.js';
import { nextCheckAfterError, nextCheckAfterSuccess, paceSeconds } from '../src/jobs/schedule.js';

const now = new Date('2026-11-28T12:00:00Z');
const noJitter = () => 0;
const headers = (h: Partial<CacheHeaders>): CacheHeaders => ({
  etag: null,
  lastModified: null,
  cacheControl: null,
  expires: null,
  retryAfter: null,
  date: null,
  ...h,
});
const after = (input: Partial<Parameters<typeof nextCheckAfterSuccess>[0]>) =>
  nextCheckAfterSuccess({
    now,
    baseSeconds: 1800,
    ttlMinutes: null,
    headers: null,
    pace: null,
    random: noJitter,
    ...input,
  });

describe('the feed schedule', () => {
  it('uses the base interval when the feed and server ask for nothing', () => {
    const plan = after({});
    assert.equal(plan.intervalSeconds, 1800);
    assert.equal(plan.at.toISOString(), '2026-11-28T12:30:00.000Z');
  });

  it('waits as long as the longest of ttl, max-age, Expires and Retry-After', () => {
    assert.deepEqual(
      [after({ ttlMinutes: 120 }).intervalSeconds, after({ ttlMinutes: 120 }).reason],
      [7200, 'the feed’s ttl'],
    );
    assert.equal(after({ headers: headers({ cacheControl: 'public, max-age=5400' }) }).intervalSeconds, 5400);
    assert.equal(
      after({ headers: headers({ expires: 'Sat, 28 Nov 2026 15:00:00 GMT', date: 'Sat, 28 Nov 2026 12:00:00 GMT' }) })
        .intervalSeconds,
      3 * 3600,
    );
    assert.equal(after({ headers: headers({ retryAfter: '10000' }) }).intervalSeconds, 10000);
    assert.equal(after({ ttlMinutes: 60, headers: headers({ cacheControl: 'max-age=600' }) }).intervalSeconds, 3600);
    assert.equal(after({ ttlMinutes: 1 }).intervalSeconds, 1800, 'a short ttl never shortens the base interval');
  });

  it('checks a quiet feed less often, and never more than once in 5 minutes or less than once a day', () => {
    const daily = Array.from({ length: 10 }, (_, i) => new Date(now.getTime() - i * 86_400_000).toISOString());
    assert.equal(paceSeconds(daily, now), 43_200);
    assert.equal(after({ pace: paceSeconds(daily, now) }).intervalSeconds, 43_200);
    const silent = ['2025-01-01T00:00:00Z', '2024-12-01T00:00:00Z'];
    assert.equal(after({ pace: paceSeconds(silent, now) }).intervalSeconds, 86_400);
    assert.equal(paceSeconds(['2026-11-28T11:00:00Z'], now), null, 'one date says nothing about pace');
    assert.equal(after({ ttlMinutes: 60 * 24 * 30 }).intervalSeconds, 86_400);
    assert.equal(
      nextCheckAfterSuccess({ now, baseSeconds: 60, ttlMinutes: null, headers: null, pace: null, random: noJitter })
        .intervalSeconds,
      300,
    );
  });

  it('spreads checks with up to 10% jitter', () => {
    const plan = after({ random: () => 1 });
    assert.equal(plan.intervalSeconds, 1620);
  });

  it('backs off exponentially after errors, or waits what Retry-After says when that is longer', () => {
    const backoff = (errorCount: number, retryAfterSeconds?: number) =>
      nextCheckAfterError({ now, baseSeconds: 1800, errorCount, retryAfterSeconds, random: noJitter }).intervalSeconds;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 9].map((n) => backoff(n)),
      [1800, 3600, 7200, 14400, 28800, 57600, 86400],
    );
    assert.equal(backoff(1, 20_000), 20_000);
  });
});

describe('politeness per host', () => {
  it('runs at most two requests to one host at a time, spaced by the delay, while other hosts go on', async () => {
    const limiter = new HostLimiter({ concurrency: 2, delayMs: 50 });
    let running = 0;
    let most = 0;
    const starts: number[] = [];
    const work = (ms: number) => async () => {
      starts.push(performance.now());
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
    };
    const t0 = performance.now();
    const other = limiter.run('https://other.example/feed', async () => performance.now() - t0);
    await Promise.all(Array.from({ length: 5 }, () => limiter.run('https://busy.example/a', work(120))));
    assert.equal(most, 2);
    for (let i = 1; i < starts.length; i++)
      assert.ok((starts[i] as number) - (starts[i - 1] as number) >= 45, `start ${i} waited the delay`);
    assert.ok((await other) < 40, 'another host did not wait');
  });
});
