// One check of one feed: a conditional fetch, then parse, save the entries, queue page fetches, and plan the next.
import type { AppContext } from '../context.js';
import { userError } from '../errors.js';
import type { ParsedFeed } from '../ingest/feeds/normalise.js';
import type { FetchedFeed } from '../ingest/http.js';
import type { Feed } from '../model.js';
import { saveFeedEntries } from '../pipeline/feeds.js';
import type { HostLimiter } from './hosts.js';
import { type JobOutcome, type JobTools, type PollResult, pageKey } from './job.js';
import { nextCheckAfterError, nextCheckAfterSuccess, paceSeconds, pauseAfterErrors } from './schedule.js';

export type { PollResult };

/** The `poll-feed` job: checks the feed, and keeps the job on the queue for the feed's next check. */
export async function runPollJob(tools: JobTools, feedId: string): Promise<JobOutcome> {
  const feed = await tools.ctx.store.getFeed(feedId);
  if (!feed || feed.status === 'paused') return { done: true, event: null };
  const result = await pollFeed(tools.ctx, feed, tools.limiter);
  const event = { kind: 'poll' as const, result };
  if (!result.nextCheckAt) return { done: true, event };
  return { done: false, runAt: result.nextCheckAt, error: result.error, resetAttempts: true, event };
}

/** One check of a feed: fetch (conditionally), then parse, save the entries and queue their pages, plan the next. */
export async function pollFeed(
  ctx: AppContext,
  feed: Feed,
  limiter: HostLimiter,
  now = new Date(),
): Promise<PollResult> {
  const result: PollResult = {
    feedId: feed.id,
    url: feed.url,
    outcome: 'fetched',
    added: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    pagesQueued: 0,
    error: null,
    nextCheckAt: null,
  };
  let fetched: FetchedFeed;
  try {
    fetched = await limiter.run(feed.url, () =>
      ctx.http.fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified }),
    );
  } catch (err) {
    return failed(ctx, feed, result, err, now);
  }
  if (fetched.status === 304) return notModified(ctx, feed, fetched, result, now);

  // Loaded on the first check: a server that follows no feeds never needs the feed parsers.
  const { FeedError, parseFeed } = await import('../ingest/feeds/parse.js');
  let parsed: ParsedFeed;
  try {
    parsed = parseFeed(fetched.body, { url: fetched.url, contentType: fetched.contentType });
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    return failed(ctx, feed, result, new FeedError(`${fetched.url}: ${err.message}`), now);
  }
  return saveEntries(ctx, feed, fetched, parsed, result, now);
}

/** A 304: nothing to parse; the feed is due again after its usual time, judged by when it last had news. */
async function notModified(
  ctx: AppContext,
  feed: Feed,
  fetched: FetchedFeed,
  result: PollResult,
  now: Date,
): Promise<PollResult> {
  const baseSeconds = ctx.config.feedIntervalMinutes * 60;
  const quiet = feed.lastNewAt ? (now.getTime() - Date.parse(feed.lastNewAt)) / 4000 : null;
  const plan = nextCheckAfterSuccess({ now, baseSeconds, ttlMinutes: null, headers: fetched.headers, pace: quiet });
  await ctx.store.updateFeed(feed.id, {
    etag: fetched.headers.etag ?? feed.etag,
    lastModified: fetched.headers.lastModified ?? feed.lastModified,
    lastFetchedAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    errorCount: 0,
    lastError: null,
    lastStatus: 304,
    intervalSeconds: plan.intervalSeconds,
    nextCheckAt: plan.at.toISOString(),
  });
  return { ...result, outcome: 'not-modified', nextCheckAt: plan.at };
}

/** A parsed feed: its entries saved, the pages of summaries queued, the next check planned from its pace. */
async function saveEntries(
  ctx: AppContext,
  feed: Feed,
  fetched: FetchedFeed,
  parsed: ParsedFeed,
  result: PollResult,
  now: Date,
): Promise<PollResult> {
  const identity = { id: feed.id, url: feed.url, title: feed.title, siteUrl: feed.siteUrl };
  const report = await saveFeedEntries(ctx, identity, parsed);
  for (const page of report.needPage)
    await ctx.store.scheduleJob({ kind: 'fetch-page', key: pageKey(page.articleId), payload: page, runAt: now });
  const plan = nextCheckAfterSuccess({
    now,
    baseSeconds: ctx.config.feedIntervalMinutes * 60,
    ttlMinutes: parsed.ttlMinutes,
    headers: fetched.headers,
    pace: paceSeconds(
      parsed.entries.map((e) => e.publishedAt ?? e.updatedAt),
      now,
    ),
  });
  await ctx.store.updateFeed(feed.id, {
    title: feed.title ?? parsed.title,
    siteUrl: feed.siteUrl ?? parsed.link,
    etag: fetched.headers.etag,
    lastModified: fetched.headers.lastModified,
    lastFetchedAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    ...(report.added > 0 ? { lastNewAt: now.toISOString() } : {}),
    errorCount: 0,
    lastError: null,
    lastStatus: fetched.status,
    intervalSeconds: plan.intervalSeconds,
    nextCheckAt: plan.at.toISOString(),
  });
  if (report.skipped.length > 0)
    ctx.log.info(
      { feed: feed.url, skipped: report.skipped.slice(0, 5) },
      `${report.skipped.length} feed entries were not kept`,
    );
  return {
    ...result,
    added: report.added,
    updated: report.updated,
    unchanged: report.unchanged,
    skipped: report.skipped.length,
    pagesQueued: report.needPage.length,
    nextCheckAt: plan.at,
  };
}

async function failed(ctx: AppContext, feed: Feed, result: PollResult, err: unknown, now: Date): Promise<PollResult> {
  const known = userError(err);
  if (!known) ctx.log.error({ err, feed: feed.url }, 'feed check failed unexpectedly');
  const reason = known
    ? known.message
    : `Readout failed while checking this feed (${String((err as Error)?.message ?? err)})`;
  const errorCount = feed.errorCount + 1;
  const status = (err as { status?: number }).status ?? null;
  if (errorCount >= pauseAfterErrors) {
    const error = `${reason}. Paused after ${errorCount} failed checks in a row; refresh the feed to try again.`;
    await ctx.store.updateFeed(feed.id, {
      status: 'paused',
      errorCount,
      lastError: error,
      lastStatus: status,
      lastFetchedAt: now.toISOString(),
      nextCheckAt: null,
    });
    return { ...result, outcome: 'paused', error, nextCheckAt: null };
  }
  const plan = nextCheckAfterError({
    now,
    baseSeconds: ctx.config.feedIntervalMinutes * 60,
    errorCount,
    retryAfterSeconds: (err as { retryAfterSeconds?: number }).retryAfterSeconds,
  });
  await ctx.store.updateFeed(feed.id, {
    errorCount,
    lastError: reason,
    lastStatus: status,
    lastFetchedAt: now.toISOString(),
    intervalSeconds: plan.intervalSeconds,
    nextCheckAt: plan.at.toISOString(),
  });
  return { ...result, outcome: 'failed', error: reason, nextCheckAt: plan.at };
}
