// Earlier versions stored two kinds of bad value that Readout now refuses at the door: a feed's site link that is
// not http(s) (a `javascript:` link from a feed, which OPML exports then carried), and publication dates that are
// not on the calendar (2026-02-30, 0000-01-01), which sorted as other days. The links go; such a date goes, and
// the article sorts by when it was stored, as an article without a date does. The calendar check is written out
// here rather than imported, so that this migration stays as it was released.
import { type Kysely, sql } from 'kysely';

interface Tables {
  feeds: { site_url: string | null };
  articles: { id: string; published_at: string | null; created_at: string; sort_at: string };
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const k = db as Kysely<Tables>;
  await k
    .updateTable('feeds')
    .set({ site_url: null })
    .where('site_url', 'is not', null)
    .where((eb) => eb.and([eb('site_url', 'not like', 'http://%'), eb('site_url', 'not like', 'https://%')]))
    .execute();
  // Only a date with a day past the 28th, a month or hour out of range, or a year outside 1600–2999 can be off
  // the calendar: the database picks those, and the check below looks at each.
  const suspects = await k
    .selectFrom('articles')
    .select(['id', 'published_at', 'created_at'])
    .where('published_at', 'is not', null)
    .where(
      sql<boolean>`substr(published_at, 9, 2) > '28' OR substr(published_at, 9, 2) = '00'
        OR substr(published_at, 6, 2) NOT BETWEEN '01' AND '12' OR substr(published_at, 1, 4) < '1600'
        OR substr(published_at, 1, 4) > '2999' OR substr(published_at, 12, 2) > '23'`,
    )
    .execute();
  for (const row of suspects) {
    if (onCalendar(row.published_at ?? '')) continue;
    await k
      .updateTable('articles')
      .set({ published_at: null, sort_at: new Date(row.created_at).toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
}

export async function down(): Promise<void> {
  // The values it removed were wrong; there is nothing to put back.
}

function onCalendar(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  const sameDay = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return sameDay && year >= 1600 && year <= 2999 && hour < 24 && minute < 60;
}
