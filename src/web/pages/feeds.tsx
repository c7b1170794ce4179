// GET /feeds (the followed feeds by folder, with why a broken one fails), its forms, and the OPML download.
import type { Context, Env, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppContext } from '../../context.js';
import { userError } from '../../errors.js';
import type { Feed, FeedWithCount } from '../../model.js';
import { resumeFeed, subscribe } from '../../pipeline/feeds.js';
import { exportOpml, importOpml, type OpmlImportReport } from '../../pipeline/opml.js';
import { httpStatus } from '../api/errors.js';
import { readForm, textField } from '../forms.js';
import { Layout, webAddress } from '../layout.js';
import { notFoundPage } from './not-found.js';

/** What the page says above the list: the outcome of the last form, if any. */
interface FeedsPageProps {
  feeds: FeedWithCount[];
  now: number;
  notice?: string | null;
  /** The feed to mark in the list (just added or refreshed). */
  marked?: string | null;
  add?: { url: string; folder: string; error: string };
  imported?: OpmlImportReport;
  importError?: string;
}

export default function <E extends Env>(app: Hono<E>, ctx: AppContext): void {
  const render = async (c: Context, props: Omit<FeedsPageProps, 'feeds' | 'now'>, status: ContentfulStatusCode = 200) =>
    c.html(<FeedsPage {...props} feeds={await ctx.store.listFeeds()} now={Date.now()} />, status);

  app.get('/feeds', async (c) => render(c, await lastChange(ctx, c.req.query())));

  app.get('/feeds.opml', async (c) =>
    c.body(await exportOpml(ctx), 200, {
      'content-type': 'text/x-opml; charset=utf-8',
      'content-disposition': 'attachment; filename="readout-feeds.opml"',
    }),
  );

  // A page on another site cannot make this Readout follow, drop or fetch feeds: security.ts takes changes from
  // its own pages only, and limits the size of the OPML upload.
  app.post('/feeds', async (c) => {
    const read = await readForm(c);
    if ('problem' in read) return read.problem;
    const url = textField(read.form, 'url');
    const folder = textField(read.form, 'folder');
    if (url === '')
      return render(c, { add: { url, folder, error: 'Give the address of a feed or of a site first.' } }, 400);
    try {
      const { feed, added } = await subscribe(ctx, url, { folder: folder || null });
      if (added) ctx.poller?.wake();
      const id = encodeURIComponent(feed.id);
      return c.redirect(`/feeds?${added ? 'added' : 'already'}=${id}#feed-${id}`, 303);
    } catch (err) {
      const problem = userError(err);
      if (!problem) throw err;
      return render(c, { add: { url, folder, error: problem.message } }, httpStatus[problem.kind]);
    }
  });

  app.post('/feeds/opml', async (c) => {
    const read = await readForm(c);
    if ('problem' in read) return read.problem;
    const file = read.form.opml;
    if (!(file instanceof File) || file.size === 0)
      return render(
        c,
        { importError: 'Choose an OPML file first: most feed readers export one from their settings.' },
        400,
      );
    try {
      const imported = await importOpml(ctx, await file.text());
      if (imported.added.length > 0) ctx.poller?.wake();
      return render(c, { imported });
    } catch (err) {
      const problem = userError(err);
      if (!problem) throw err;
      return render(c, { importError: `${file.name || 'That file'}: ${problem.message}` }, httpStatus[problem.kind]);
    }
  });

  app.post('/feeds/:id/refresh', async (c) => {
    const id = c.req.param('id');
    if (!(await ctx.store.getFeed(id))) return noSuchFeed(c, id);
    await resumeFeed(ctx, id);
    ctx.poller?.wake();
    const ref = encodeURIComponent(id);
    return c.redirect(`/feeds?refreshed=${ref}#feed-${ref}`, 303);
  });

  app.post('/feeds/:id/remove', async (c) => {
    const id = c.req.param('id');
    const feed = await ctx.store.getFeed(id);
    if (!feed || !(await ctx.store.removeFeed(id))) return noSuchFeed(c, id);
    return c.redirect(`/feeds?removed=${encodeURIComponent(feedName(feed))}`, 303);
  });
}

/** The notice above the list after a form (the redirect names the feed it changed), and the feed to mark. */
async function lastChange(ctx: AppContext, query: Record<string, string>) {
  const { added, already, refreshed, removed } = query;
  const named = async (id: string | undefined) => (id ? await ctx.store.getFeed(id) : null);
  const feed = (await named(added)) ?? (await named(already)) ?? (await named(refreshed));
  let notice: string | null = null;
  if (feed && feed.id === added) notice = `Now following ${feedName(feed)}. Readout checks it within a minute.`;
  else if (feed && feed.id === already) notice = `${feedName(feed)} was already followed.`;
  else if (feed && feed.id === refreshed) notice = `${feedName(feed)} is due for a check now.`;
  else if (removed) notice = `No longer following ${removed}. Its articles stay in Readout.`;
  return { notice, marked: feed?.id ?? null };
}

function noSuchFeed(c: Context, id: string) {
  return notFoundPage(c, `Readout follows no feed with the id “${id}”. The Feeds page lists the ones it does.`);
}

const feedName = (feed: Feed) => feed.title ?? new URL(feed.url).host;

function FeedsPage(props: FeedsPageProps) {
  const folders = groupByFolder(props.feeds);
  const broken = props.feeds.filter((f) => f.lastError).length;
  return (
    <Layout title="Feeds" section="feeds" description="The feeds Readout follows, and why a broken one fails.">
      <h1>Feeds</h1>
      {props.notice ? (
        <p class="feeds-notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.imported ? <ImportSummary report={props.imported} /> : null}
      {props.feeds.length === 0 ? (
        <div class="empty">
          <p>
            A feed is the list of new articles a site publishes (RSS, Atom or JSON Feed). Readout checks each feed it
            follows every so often and keeps every article that appears in it, so nothing is missed.
          </p>
          <p>Give the address of a feed, or just of the site: Readout finds the feed the site names.</p>
        </div>
      ) : (
        <p class="feeds-count">
          {props.feeds.length === 1 ? '1 feed' : `${props.feeds.length} feeds`}
          {broken > 0 ? `, ${broken} with errors` : ''}.
        </p>
      )}
      <AddFeedForm {...(props.add ?? { url: '', folder: '', error: '' })} />
      {folders.map(([folder, feeds], i) => (
        <section class="feed-folder" aria-labelledby={`folder-${i}`}>
          <h2 id={`folder-${i}`}>{folder ?? 'Not in a folder'}</h2>
          <FeedTable feeds={feeds} now={props.now} marked={props.marked ?? null} />
        </section>
      ))}
      <section class="opml" aria-labelledby="opml-heading">
        <h2 id="opml-heading">Move feeds between readers (OPML)</h2>
        <form class="opml-import" method="post" action="/feeds/opml" enctype="multipart/form-data">
          <label for="opml-file">Import an OPML file from another feed reader</label>
          <div class="form-row">
            <input
              id="opml-file"
              name="opml"
              type="file"
              accept=".opml,.xml,text/x-opml,application/xml,text/xml"
              required
              aria-describedby={props.importError ? 'opml-error' : undefined}
            />
            <button type="submit">Import</button>
          </div>
          {props.importError ? (
            <p id="opml-error" class="form-error" role="alert">
              {props.importError}
            </p>
          ) : null}
        </form>
        {props.feeds.length > 0 ? (
          <p>
            <a href="/feeds.opml" download="readout-feeds.opml">
              Export OPML
            </a>{' '}
            of the {props.feeds.length === 1 ? 'feed' : `${props.feeds.length} feeds`}, folders kept.
          </p>
        ) : null}
      </section>
    </Layout>
  );
}

function AddFeedForm(props: { url: string; folder: string; error: string }) {
  return (
    <form class="add-feed" method="post" action="/feeds" aria-labelledby="add-feed-heading">
      <h2 id="add-feed-heading">Add a feed</h2>
      <div class="form-row">
        <p class="field field-url">
          <label for="feed-url">Feed or site address</label>
          <input
            id="feed-url"
            name="url"
            type="text"
            inputmode="url"
            required
            placeholder="https://example.com/feed.xml"
            value={props.url}
            aria-describedby={props.error ? 'add-feed-error' : undefined}
          />
        </p>
        <p class="field field-folder">
          <label for="feed-folder">Folder (optional)</label>
          <input id="feed-folder" name="folder" type="text" maxlength={200} value={props.folder} />
        </p>
        <button type="submit">Add</button>
      </div>
      {props.error ? (
        <p id="add-feed-error" class="form-error" role="alert">
          {props.error}
        </p>
      ) : null}
    </form>
  );
}

function FeedTable(props: { feeds: FeedWithCount[]; now: number; marked: string | null }) {
  return (
    <table class="feed-table">
      <thead>
        <tr>
          <th scope="col">Feed</th>
          <th scope="col">Status</th>
          <th scope="col">Articles</th>
          <th scope="col">Checked</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.feeds.map((feed) => (
          <FeedRow feed={feed} now={props.now} marked={feed.id === props.marked} />
        ))}
      </tbody>
    </table>
  );
}

function FeedRow({ feed, now, marked }: { feed: FeedWithCount; now: number; marked: boolean }) {
  const site = webAddress(feed.siteUrl);
  const status = feedStatus(feed);
  const ref = encodeURIComponent(feed.id);
  return (
    <tr id={`feed-${feed.id}`} class={marked ? 'feed-marked' : undefined} data-feed-id={feed.id}>
      <th scope="row" class="feed-name">
        {site ? (
          <a href={site} rel="external noopener noreferrer">
            {feedName(feed)}
          </a>
        ) : (
          feedName(feed)
        )}
        <span class="feed-url">{feed.url}</span>
        {feed.lastError ? (
          <span class="feed-error">
            {feed.errorCount > 1 ? `Failed ${feed.errorCount} times in a row: ` : 'Last check failed: '}
            {feed.lastError}
          </span>
        ) : null}
      </th>
      <td data-label="Status">
        <span class={`feed-status feed-status-${status.toLowerCase().replace(/\W+/g, '-')}`}>{status}</span>
      </td>
      <td class="feed-articles" data-label="Articles">
        {feed.sourceId && feed.articleCount > 0 ? (
          <a href={`/sources/${encodeURIComponent(feed.sourceId)}`} title={`Read the articles of ${feedName(feed)}`}>
            {feed.articleCount}
          </a>
        ) : (
          feed.articleCount
        )}
      </td>
      <td class="feed-times">
        <span>Last: {feed.lastFetchedAt ? <When iso={feed.lastFetchedAt} now={now} /> : 'never'}</span>
        <span>
          Next:{' '}
          {feed.status === 'paused' ? (
            'when refreshed'
          ) : feed.nextCheckAt ? (
            <When iso={feed.nextCheckAt} now={now} />
          ) : (
            'soon'
          )}
        </span>
      </td>
      <td class="feed-actions">
        <form method="post" action={`/feeds/${ref}/refresh`}>
          <button type="submit" aria-label={`Refresh ${feedName(feed)}`}>
            Refresh
          </button>
        </form>
        <form method="post" action={`/feeds/${ref}/remove`}>
          <button type="submit" class="remove" aria-label={`Remove ${feedName(feed)}`}>
            Remove
          </button>
        </form>
      </td>
    </tr>
  );
}

function ImportSummary({ report }: { report: OpmlImportReport }) {
  return (
    <section class="import-summary" role="status" aria-labelledby="import-heading">
      <h2 id="import-heading">Imported {report.title ? `“${report.title}”` : 'the OPML file'}</h2>
      <p class="import-counts">
        {report.added.length} added, {report.existing.length} already followed, {report.failed.length} failed.
        {report.added.length > 0 ? ' Readout checks the new feeds over the next minutes.' : ''}
      </p>
      {report.failed.length > 0 ? (
        <ul class="import-failures">
          {report.failed.map((f) => (
            <li>
              {f.title ?? f.url ?? 'An entry without a title'}: {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The status column in words: a paused feed says so even when it also has an error. */
export function feedStatus(feed: Feed): 'Paused' | 'Error' | 'Not checked yet' | 'OK' {
  if (feed.status === 'paused') return 'Paused';
  if (feed.lastError) return 'Error';
  if (!feed.lastFetchedAt) return 'Not checked yet';
  return 'OK';
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "12 minutes ago", "in 25 minutes", "yesterday": rounded to the largest unit that fits. */
export function timeInWords(iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  if (Math.abs(seconds) < 45) return seconds <= 0 ? 'just now' : 'in a moment';
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'minute') return relative.format(Math.round(seconds / size), unit);
  }
  return iso;
}

function When({ iso, now }: { iso: string; now: number }) {
  return (
    <time datetime={iso} title={new Date(iso).toUTCString()}>
      {timeInWords(iso, now)}
    </time>
  );
}

function groupByFolder(feeds: FeedWithCount[]): [string | null, FeedWithCount[]][] {
  const groups = new Map<string | null, FeedWithCount[]>();
  for (const feed of feeds) {
    const folder = feed.folder || null;
    groups.set(folder, [...(groups.get(folder) ?? []), feed]);
  }
  // Feeds outside any folder come first, as in most feed readers; the store already sorts the rest by name.
  return [...groups].sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : 0));
}
