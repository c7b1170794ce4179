// Reading stories and entities: the stories list, one story with its accounts, the people, places and
// organisations articles name, and one entity with what names it over time.
import type { Kysely } from 'kysely';
import type {
  EntityDetail,
  EntityKind,
  EntityMention,
  Page,
  Source,
  StoryAccount,
  StoryDetail,
  StorySummary,
} from '../../model.js';
import { summaryColumns as articleSummaryColumns, type SummaryRow, toSummary } from '../articles/reads.js';
import { InvalidCursor, readCursor, writeCursor } from '../cursor.js';
import type { Db, Schema, StoryTable } from '../db.js';

/** How many slices of time a story's coverage sparkline has. */
const coverageSlices = 12;

export interface ListStoriesQuery {
  perPage: number;
  cursor?: string;
  /** Only stories with an account at or after this time (ISO 8601). */
  since?: string;
  /** Stories of one account too; by default they follow the stories with several. */
  singletons?: 'after' | 'only' | 'none';
}

interface StoryCursor {
  multi: number;
  lastSeen: string;
  id: string;
}

function decodeStoryCursor(text: string): StoryCursor {
  const value = readCursor(text);
  if (
    Array.isArray(value) &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'string' &&
    typeof value[2] === 'string'
  )
    return { multi: value[0], lastSeen: value[1], id: value[2] };
  throw new InvalidCursor('cursor is not one Readout gave out; use the nextCursor of a previous page');
}

type StoryRowLite = Pick<
  StoryTable,
  'id' | 'headline' | 'lead_article_id' | 'article_count' | 'source_count' | 'first_seen' | 'last_seen'
>;

const storyColumns = [
  'stories.id',
  'stories.headline',
  'stories.lead_article_id',
  'stories.article_count',
  'stories.source_count',
  'stories.first_seen',
  'stories.last_seen',
] as const;

/** Accounts per slice of the story's span of time; a story of one moment is one full slice. */
export function coverageOf(times: string[], firstSeen: string, lastSeen: string, slices = coverageSlices): number[] {
  const counts = new Array<number>(slices).fill(0);
  const start = Date.parse(firstSeen);
  const span = Date.parse(lastSeen) - start;
  for (const time of times) {
    const at = span > 0 ? Math.floor(((Date.parse(time) - start) / span) * slices) : slices - 1;
    counts[Math.min(slices - 1, Math.max(0, at))]! += 1;
  }
  return counts;
}

async function summaries(db: Db, rows: StoryRowLite[]): Promise<StorySummary[]> {
  if (rows.length === 0) return [];
  const times = await db
    .selectFrom('articles')
    .select(['story_id', 'sort_at'])
    .where(
      'story_id',
      'in',
      rows.map((row) => row.id),
    )
    .execute();
  const timesOf = new Map<string, string[]>();
  for (const row of times) {
    const list = timesOf.get(row.story_id!) ?? [];
    list.push(row.sort_at);
    timesOf.set(row.story_id!, list);
  }
  return rows.map((row) => ({
    id: row.id,
    headline: row.headline,
    leadArticleId: row.lead_article_id,
    articleCount: Number(row.article_count),
    sourceCount: Number(row.source_count),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    coverage: coverageOf(timesOf.get(row.id) ?? [], row.first_seen, row.last_seen),
  }));
}

/** Stories with several accounts first, then the rest; within each, latest account first. */
export async function listStories(db: Db, query: ListStoriesQuery): Promise<Page<StorySummary>> {
  const cursor = query.cursor ? decodeStoryCursor(query.cursor) : null;
  const singletons = query.singletons ?? 'after';
  let base = db.selectFrom('stories');
  if (query.since) base = base.where('stories.last_seen', '>=', query.since);
  if (singletons === 'none') base = base.where('stories.article_count', '>', 1);
  if (singletons === 'only') base = base.where('stories.article_count', '=', 1);
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(totalRow.n);

  let list = base
    .select(storyColumns)
    .select((eb) => eb.case().when('stories.article_count', '>', 1).then(1).else(0).end().as('multi'))
    .orderBy((eb) => eb.case().when('stories.article_count', '>', 1).then(1).else(0).end(), 'desc')
    .orderBy('stories.last_seen', 'desc')
    .orderBy('stories.id', 'desc')
    .limit(query.perPage + 1);
  if (cursor) {
    list = list.where((eb) => {
      const isMulti = eb.case().when('stories.article_count', '>', 1).then(1).else(0).end();
      return eb.or([
        eb(isMulti, '<', cursor.multi),
        eb.and([eb(isMulti, '=', cursor.multi), eb('stories.last_seen', '<', cursor.lastSeen)]),
        eb.and([
          eb(isMulti, '=', cursor.multi),
          eb('stories.last_seen', '=', cursor.lastSeen),
          eb('stories.id', '<', cursor.id),
        ]),
      ]);
    });
  }
  const rows = await list.execute();
  const more = rows.length > query.perPage;
  const items = rows.slice(0, query.perPage);
  const last = items.at(-1);
  return {
    items: await summaries(db, items),
    total,
    page: 1,
    perPage: query.perPage,
    pageCount: Math.max(1, Math.ceil(total / query.perPage)),
    nextCursor: more && last ? writeCursor([Number(last.multi), last.last_seen, last.id]) : null,
  };
}

/** Every story's id, headline and articles (id, url, headline, outlet), in batches: the whole grouping. */
export async function* eachStoryGrouping(
  db: Db,
  since?: string,
): AsyncIterable<{
  id: string;
  headline: string;
  articles: { id: string; url: string | null; headline: string; source: string }[];
}> {
  let after = '';
  for (;;) {
    let query = db.selectFrom('stories').select(['id', 'headline']).where('id', '>', after).orderBy('id').limit(500);
    if (since) query = query.where('last_seen', '>=', since);
    const stories = await query.execute();
    if (stories.length === 0) return;
    const articles = await db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .select(['articles.id', 'articles.url', 'articles.headline', 'articles.story_id', 'sources.name as source'])
      .where(
        'articles.story_id',
        'in',
        stories.map((story) => story.id),
      )
      .orderBy('articles.sort_at')
      .orderBy('articles.id')
      .execute();
    const byStory = new Map<string, { id: string; url: string | null; headline: string; source: string }[]>();
    for (const row of articles) {
      const list = byStory.get(row.story_id!) ?? [];
      list.push({ id: row.id, url: row.url, headline: row.headline, source: row.source });
      byStory.set(row.story_id!, list);
    }
    for (const story of stories) yield { ...story, articles: byStory.get(story.id) ?? [] };
    after = stories.at(-1)!.id;
  }
}

/** An article in a story's list: a summary with the time it sits at. */
function toAccount(row: SummaryRow): StoryAccount {
  return { ...toSummary(row), sortAt: row.sort_at };
}

/** Where a merged story's address leads now, or null when the id never named a story that was merged away. */
export async function storyRedirect(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('story_redirects').select('to_id').where('from_id', '=', id).executeTakeFirst();
  return row?.to_id ?? null;
}

/** The most accounts a story page lists; a story of more (wire copies) says how many it left out. */
export const storyAccountLimit = 1000;

export async function getStory(db: Db, id: string): Promise<StoryDetail | null> {
  const row = await db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const accounts = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(articleSummaryColumns)
    .where('articles.story_id', '=', id)
    .orderBy('articles.sort_at')
    .orderBy('articles.id')
    .limit(storyAccountLimit)
    .execute();
  const [summary] = await summaries(db, [row]);
  const sources = new Map<string, { source: Source; articleCount: number }>();
  const articles = accounts.map(toAccount);
  for (const account of articles) {
    const entry = sources.get(account.source.id) ?? { source: account.source, articleCount: 0 };
    entry.articleCount += 1;
    sources.set(account.source.id, entry);
  }
  return {
    ...summary!,
    articles,
    entities: await storyEntities(db, id),
    sources: [...sources.values()].sort(
      (a, b) => b.articleCount - a.articleCount || a.source.name.localeCompare(b.source.name),
    ),
    byHand: Number(row.by_hand) > 0,
  };
}

/** The people, places and organisations a story's accounts name, most named first. */
async function storyEntities(db: Db, storyId: string, limit = 60): Promise<EntityMention[]> {
  const rows = await db
    .selectFrom('article_entities')
    .innerJoin('articles', 'articles.id', 'article_entities.article_id')
    .innerJoin('entities', 'entities.id', 'article_entities.entity_id')
    .select((eb) => [
      'entities.id',
      'entities.name',
      'entities.kind',
      eb.fn.sum<number>('article_entities.mentions').as('mentions'),
    ])
    .where('articles.story_id', '=', storyId)
    .groupBy(['entities.id', 'entities.name', 'entities.kind'])
    .orderBy('mentions', 'desc')
    .orderBy('entities.name')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind as EntityKind,
    mentions: Number(row.mentions),
  }));
}

/** The other accounts of the article's story, oldest first (none when it stands alone or is not yet placed). */
export async function otherAccounts(
  db: Db,
  articleId: string,
  limit = 50,
): Promise<{ storyId: string; total: number; accounts: StoryAccount[] } | null> {
  const own = await db.selectFrom('articles').select('story_id').where('id', '=', articleId).executeTakeFirst();
  if (!own?.story_id) return null;
  const storyId = own.story_id;
  const story = await db.selectFrom('stories').select('article_count').where('id', '=', storyId).executeTakeFirst();
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(articleSummaryColumns)
    .where('articles.story_id', '=', storyId)
    .where('articles.id', '!=', articleId)
    .orderBy('articles.sort_at')
    .orderBy('articles.id')
    .limit(limit)
    .execute();
  return { storyId, total: Math.max(0, Number(story?.article_count ?? 1) - 1), accounts: rows.map(toAccount) };
}

/** The Monday (UTC) of the week a time falls in, as YYYY-MM-DD. */
export function weekOf(time: string): string {
  const date = new Date(time);
  const day = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - day);
  return date.toISOString().slice(0, 10);
}

export async function getEntity(
  db: Kysely<Schema>,
  id: string,
  options: { articleLimit?: number; storyLimit?: number } = {},
): Promise<EntityDetail | null> {
  const row = await db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const names = await db
    .selectFrom('entity_names')
    .select(['name', 'mentions'])
    .where('entity_id', '=', id)
    .orderBy('mentions', 'desc')
    .orderBy('name')
    .limit(50)
    .execute();
  const mentions = await db
    .selectFrom('article_entities')
    .innerJoin('articles', 'articles.id', 'article_entities.article_id')
    .select(['articles.sort_at', 'article_entities.mentions', 'articles.story_id'])
    .where('article_entities.entity_id', '=', id)
    .execute();
  const weeks = new Map<string, number>();
  const storyIds = new Map<string, number>();
  for (const mention of mentions) {
    const week = weekOf(mention.sort_at);
    weeks.set(week, (weeks.get(week) ?? 0) + Number(mention.mentions));
    if (mention.story_id) storyIds.set(mention.story_id, (storyIds.get(mention.story_id) ?? 0) + 1);
  }
  const articles = await db
    .selectFrom('article_entities')
    .innerJoin('articles', 'articles.id', 'article_entities.article_id')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(articleSummaryColumns)
    .where('article_entities.entity_id', '=', id)
    .orderBy('articles.sort_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(options.articleLimit ?? 50)
    .execute();
  const storyRows =
    storyIds.size === 0
      ? []
      : await db
          .selectFrom('stories')
          .select(storyColumns)
          .where('stories.id', 'in', [...storyIds.keys()])
          .orderBy('stories.last_seen', 'desc')
          .orderBy('stories.id', 'desc')
          .limit(options.storyLimit ?? 50)
          .execute();
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as EntityKind,
    names: names.map((n) => ({ name: n.name, mentions: Number(n.mentions) })),
    articleCount: Number(row.article_count),
    mentionCount: Number(row.mention_count),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    weekly: [...weeks].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([week, count]) => ({ week, mentions: count })),
    stories: await summaries(db, storyRows),
    articles: articles.map(toAccount),
  };
}

/** Entities whose name or a name they were written under matches, most named first (for `entity:` searches). */
export async function findEntities(db: Db, key: string, limit = 20): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('entities')
    .select(['id', 'name'])
    .where('key', '=', key)
    .orderBy('article_count', 'desc')
    .limit(limit)
    .execute();
}
