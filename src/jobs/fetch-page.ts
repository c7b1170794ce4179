// The page of an article that a feed gave only as a summary: fetched politely (robots.txt, per-host limits), then
// handed to the pipeline, which keeps it when it holds more of the article than the feed did.
import type { AppContext } from '../context.js';
import { isBadInput } from '../errors.js';
import { fillFromPage, type PageOutcome } from '../pipeline/feeds.js';
import type { HostLimiter } from './hosts.js';
import type { JobOutcome, JobTools } from './job.js';
import { RobotsCache, RobotsDisallowed } from './robots.js';

export { RobotsCache, RobotsDisallowed };

/** A page fetch that failed is tried this many times in all, further apart each time. */
const pageAttempts = 3;

/** Fetches the page of a stored article through its site's robots.txt and turn, and fills the article from it. */
export async function fetchArticlePage(
  ctx: AppContext,
  articleId: string,
  limiter: HostLimiter,
  robots: RobotsCache,
): Promise<{ outcome: PageOutcome; words: number }> {
  const article = await ctx.store.getArticle(articleId);
  if (!article?.url) return { outcome: 'gone', words: 0 };
  const url = article.url;
  await robots.check(url);
  // A redirect is followed only where the target's robots.txt allows it too (another site's, say).
  const beforeRedirect = (target: string) => robots.check(target, { direct: true });
  const page = await limiter.run(url, () => ctx.http.fetchPage(url, { beforeRedirect }));
  return fillFromPage(ctx, article, page);
}

/** The `fetch-page` job: done once the page is kept or refused for good; else tried again later. */
export async function runPageJob(tools: JobTools, articleId: string, attempts: number): Promise<JobOutcome> {
  const { ctx, limiter, robots } = tools;
  try {
    const { outcome } = await fetchArticlePage(ctx, articleId, limiter, robots);
    return { done: true, event: { kind: 'page', articleId, outcome, error: null } };
  } catch (err) {
    const message = (err as Error).message;
    const final = err instanceof RobotsDisallowed || isBadInput(err) || attempts >= pageAttempts;
    ctx.log.info({ article: articleId, attempt: attempts, final }, `page fetch: ${message}`);
    const event = { kind: 'page' as const, articleId, outcome: final ? 'kept' : 'retry', error: message };
    if (final) return { done: true, event };
    const runAt = new Date(Date.now() + attempts * 10 * 60_000);
    return { done: false, runAt, error: message, resetAttempts: false, event };
  }
}
