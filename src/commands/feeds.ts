// `readout feeds add|list|remove|refresh`: follow feeds, see how each one is doing, stop following, check now.
import type { AppContext } from '../context.js';
import { userError } from '../errors.js';
import { startPoller } from '../jobs/scheduler.js';
import type { Feed, FeedWithCount } from '../model.js';
import { resolveFeed, resumeFeed, subscribe } from '../pipeline/feeds.js';
import { pollKey } from '../store/index.js';
import { type Command, type CommandArgs, CommandError } from './command.js';

const actions = ['add', 'list', 'remove', 'refresh'] as const;

const command: Command = {
  name: 'feeds',
  summary: 'Follow feeds: add, list, remove, refresh',
  usage:
    'readout feeds add <url> [--folder NAME] | list [--json] | remove <id|url>... | refresh <id|url>... | refresh --all',
  help: `add <url>        Follow a feed. The URL may be the feed's own or a site's page: Readout looks for the
                 feed the page names (<link rel="alternate">), then at the usual paths (/feed, /rss.xml,
                 /atom.xml, /index.xml, ...). The feed is checked at once and its entries stored.
list             Every feed with its title, URL, status, articles, last and next check, and last error.
remove <id|url>  Stop following; the articles already stored stay.
refresh          Check the named feeds (or --all) now, and resume paused ones.

Options:
  --folder NAME    folder for the new feed (as in OPML)
  --all            refresh every feed
  --json           list as JSON lines

The server (npm start) checks feeds on its own schedule; see "readout poll" for a poller of its own.
Exit code: 0 on success, 1 when a feed could not be added, found or checked (the reason is printed).`,
  options: { folder: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
  check(args) {
    const [action, ...rest] = args.positionals;
    if (!action) return `say what to do: ${actions.join(', ')}`;
    if (!(actions as readonly string[]).includes(action))
      return `unknown action "${action}"; use ${actions.join(', ')}`;
    if (action === 'add' && rest.length !== 1) return 'give one feed or site URL to add';
    if (action === 'remove' && rest.length === 0)
      return 'give the id or URL of the feed to remove (see "readout feeds list")';
    if (action === 'refresh' && rest.length === 0 && !args.values.all)
      return 'give feed ids or URLs to refresh, or --all';
    if (action === 'refresh' && rest.length > 0 && args.values.all) return 'give feeds to refresh or --all, not both';
    if (action === 'list' && rest.length > 0) return `unexpected argument "${rest[0]}"`;
    return null;
  },
  async run(ctx, args) {
    const [action, ...rest] = args.positionals;
    if (action === 'add') return add(ctx, rest[0] as string, args);
    if (action === 'list') return list(ctx, Boolean(args.values.json));
    if (action === 'remove') return remove(ctx, rest);
    return refresh(ctx, rest, Boolean(args.values.all));
  },
};

async function add(ctx: AppContext, url: string, args: CommandArgs): Promise<number> {
  const folder = (args.values.folder as string | undefined)?.trim() || null;
  let result: Awaited<ReturnType<typeof subscribe>>;
  try {
    result = await subscribe(ctx, url, { folder });
  } catch (err) {
    const problem = userError(err);
    if (problem) throw new CommandError(`cannot follow ${url}: ${problem.message}`, { cause: err });
    throw err;
  }
  if (!result.added) {
    process.stdout.write(`already followed  ${describe(result.feed)}\n`);
    return 0;
  }
  const report = await checkNow(ctx, [result.feed.id]);
  const feed = (await ctx.store.getFeed(result.feed.id)) as Feed;
  const articles = await ctx.store.countFeedArticles(feed.id);
  process.stdout.write(`added  ${describe(feed)}  ${articles} articles\n`);
  if (feed.lastError) process.stdout.write(`  its first check failed: ${feed.lastError}\n`);
  return report.failed > 0 ? 1 : 0;
}

async function list(ctx: AppContext, json: boolean): Promise<number> {
  const feeds = await ctx.store.listFeeds();
  if (json) {
    for (const feed of feeds) process.stdout.write(`${JSON.stringify(feed)}\n`);
    return 0;
  }
  if (feeds.length === 0) {
    process.stdout.write('No feeds followed yet. Add one with: readout feeds add <url>\n');
    return 0;
  }
  const now = Date.now();
  for (const feed of feeds) process.stdout.write(`${listLine(feed, now)}\n`);
  const broken = feeds.filter((f) => f.lastError).length;
  process.stdout.write(`\n${feeds.length} feeds, ${broken} with errors\n`);
  return 0;
}

function listLine(feed: FeedWithCount, now: number): string {
  const status = feed.status === 'paused' ? 'PAUSED' : feed.lastError ? 'ERROR' : feed.lastFetchedAt ? 'ok' : 'new';
  const lines = [
    `${feed.id}  ${feed.title ?? '(untitled)'}${feed.folder ? `  [${feed.folder}]` : ''}`,
    `  ${feed.url}`,
    `  ${status}, ${feed.articleCount} articles, last checked ${ago(feed.lastFetchedAt, now)}, next ${until(feed.nextCheckAt, feed.status, now)}`,
  ];
  if (feed.lastError) lines.push(`  last error: ${feed.lastError}`);
  return lines.join('\n');
}

async function remove(ctx: AppContext, keys: string[]): Promise<number> {
  let failed = 0;
  for (const key of keys) {
    const feed = await resolveFeed(ctx, key);
    if (!feed) {
      process.stderr.write(`readout feeds: no feed "${key}"; see "readout feeds list" for ids and URLs\n`);
      failed++;
      continue;
    }
    await ctx.store.removeFeed(feed.id);
    process.stdout.write(`removed  ${describe(feed)} (its articles stay)\n`);
  }
  return failed > 0 ? 1 : 0;
}

async function refresh(ctx: AppContext, keys: string[], all: boolean): Promise<number> {
  const feeds: Feed[] = [];
  let missing = 0;
  if (all) feeds.push(...(await ctx.store.listFeeds()));
  for (const key of keys) {
    const feed = await resolveFeed(ctx, key);
    if (feed) feeds.push(feed);
    else {
      process.stderr.write(`readout feeds: no feed "${key}"; see "readout feeds list" for ids and URLs\n`);
      missing++;
    }
  }
  if (feeds.length === 0) {
    if (all) process.stdout.write('No feeds followed yet. Add one with: readout feeds add <url>\n');
    return missing > 0 ? 1 : 0;
  }
  const report = await checkNow(
    ctx,
    feeds.map((f) => f.id),
  );
  return report.failed > 0 || missing > 0 ? 1 : 0;
}

/**
 * Resumes the feeds, makes them due now and checks them, printing each result. Their page fetches stay on the
 * queue for the running poller (npm start, or readout poll).
 */
export async function checkNow(ctx: AppContext, feedIds: string[], quiet = false): Promise<{ failed: number }> {
  for (const id of feedIds) await resumeFeed(ctx, id);
  let failed = 0;
  const poller = startPoller(ctx, {
    once: true,
    only: feedIds.map(pollKey),
    onEvent(event) {
      if (event.kind !== 'poll') return;
      const r = event.result;
      if (r.error) failed++;
      if (quiet || !feedIds.includes(r.feedId)) return;
      const line =
        r.outcome === 'not-modified'
          ? 'not modified (304)'
          : r.error
            ? `${r.outcome === 'paused' ? 'PAUSED' : 'failed'}: ${r.error}`
            : `${r.added} new, ${r.updated} updated, ${r.unchanged} unchanged${r.skipped ? `, ${r.skipped} skipped` : ''}${r.pagesQueued ? `, ${r.pagesQueued} pages to fetch` : ''}`;
      process.stdout.write(`${r.feedId}  ${line}\n`);
    },
  });
  await poller.done;
  return { failed };
}

function describe(feed: Feed): string {
  return `${feed.id}  ${feed.title ?? '(untitled)'}  ${feed.url}`;
}

function ago(iso: string | null, now: number): string {
  if (!iso) return 'never';
  return `${span(now - Date.parse(iso))} ago`;
}

function until(iso: string | null, status: string, now: number): string {
  if (status === 'paused') return 'check only when refreshed';
  if (!iso) return 'check soon';
  const ms = Date.parse(iso) - now;
  return ms <= 0 ? 'check due now' : `check in ${span(ms)}`;
}

function span(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

export default command;
