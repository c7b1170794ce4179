// Reading articles: one by id (a query compiled once and kept), several by id, by URL, a page of the list, all.
import type { Compilable, CompiledQuery, Kysely, Selectable } from 'kysely';
import type { Article, ArticleSummary, EntityKind, EntityMention, Page, RelatedLink } from '../../model.js';
import { paragraphsToHtml } from '../body.js';
import { decodeCursor, encodeCursor, type ListCursor } from '../cursor.js';
import type { ArticleTable, Db, Schema } from '../db.js';
import { idPattern } from '../keys.js';
import { toSource } from '../sources.js';

const articleColumns = [
  'articles.id',
  'articles.url',
  'articles.canonical_url',
  'articles.headline',
  'articles.deck',
  'articles.byline',
  'articles.published_at',
  'articles.language',
  'articles.body_text',
  'articles.body_html',
  'articles.related',
  'articles.paywalled',
  'articles.extraction_method',
  'articles.extraction_version',
  'articles.created_at',
  'articles.updated_at',
  'articles.sort_at',
  'articles.story_id',
  'sources.id as source_id',
  'sources.name as source_name',
  'sources.homepage as source_homepage',
  'sources.paywalled as source_paywalled',
] as const;

type ArticleRow = Pick<
  Selectable<ArticleTable>,
  | 'id'
  | 'url'
  | 'canonical_url'
  | 'headline'
  | 'deck'
  | 'byline'
  | 'published_at'
  | 'language'
  | 'body_text'
  | 'body_html'
  | 'related'
  | 'paywalled'
  | 'extraction_method'
  | 'extraction_version'
  | 'created_at'
  | 'updated_at'
  | 'sort_at'
> & {
  story_id: string | null;
  source_id: string;
  source_name: string;
  source_homepage: string | null;
  source_paywalled: number;
};

function toArticle(row: ArticleRow): Article {
  // A paragraph holds no line break (cleanLine), so the text's lines are the paragraphs.
  const paragraphs = row.body_text === '' ? [] : row.body_text.split('\n');
  return {
    id: row.id,
    url: row.url,
    canonicalUrl: row.canonical_url,
    headline: row.headline,
    deck: row.deck,
    byline: row.byline,
    publishedAt: row.published_at,
    language: row.language,
    source: toSource({
      id: row.source_id,
      name: row.source_name,
      homepage: row.source_homepage,
      paywalled: row.source_paywalled,
    }),
    paragraphs,
    bodyHtml: row.body_html || paragraphsToHtml(paragraphs),
    related: JSON.parse(row.related) as RelatedLink[],
    paywalled: row.paywalled === 1,
    extraction: { method: row.extraction_method, version: row.extraction_version },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    storyId: row.story_id,
    entities: [],
  };
}

/**
 * A query that Kysely builds once and that then runs with new parameters. The reading pages ask the same
 * few queries thousands of times a second, and building them anew cost more than running them.
 */
export function prepared<Row, Shape extends string | number>(
  build: (db: Kysely<Schema>, shape: Shape) => Compilable<Row>,
) {
  const cache = new WeakMap<Kysely<Schema>, Map<Shape, CompiledQuery<Row>>>();
  return async (db: Kysely<Schema>, shape: Shape, parameters: unknown[]): Promise<Row[]> => {
    let byShape = cache.get(db);
    if (!byShape) {
      byShape = new Map();
      cache.set(db, byShape);
    }
    let compiled = byShape.get(shape);
    if (!compiled) {
      compiled = build(db, shape).compile();
      byShape.set(shape, compiled);
    }
    return (await db.executeQuery<Row>({ ...compiled, parameters })).rows;
  };
}

const articleById = prepared((db) =>
  db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(articleColumns)
    .where('articles.id', '=', '?'),
);

export async function getArticle(db: Kysely<Schema>, id: string): Promise<Article | null> {
  if (!idPattern.test(id)) return null;
  const [row] = await articleById(db, 0, [id]);
  if (!row) return null;
  const [article] = await withEntities(db, [toArticle(row)]);
  return article!;
}

/** The articles with the people, places and organisations each names. */
async function withEntities(db: Db, articles: Article[]): Promise<Article[]> {
  const entities = await entitiesOf(
    db,
    articles.map((article) => article.id),
  );
  for (const article of articles) article.entities = entities.get(article.id) ?? [];
  return articles;
}

/** The columns of an article in a list: its summary, its outlet, and the time it sits at. */
export const summaryColumns = [
  'articles.id',
  'articles.headline',
  'articles.deck',
  'articles.byline',
  'articles.published_at',
  'articles.created_at',
  'articles.paywalled',
  'articles.sort_at',
  'sources.id as source_id',
  'sources.name as source_name',
  'sources.homepage as source_homepage',
  'sources.paywalled as source_paywalled',
] as const;

export interface SummaryRow {
  id: string;
  headline: string;
  deck: string | null;
  byline: string | null;
  published_at: string | null;
  created_at: string;
  paywalled: number;
  sort_at: string;
  source_id: string;
  source_name: string;
  source_homepage: string | null;
  source_paywalled: number;
}

export function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    headline: row.headline,
    deck: row.deck,
    byline: row.byline,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    paywalled: Number(row.paywalled) === 1,
    source: toSource({
      id: row.source_id,
      name: row.source_name,
      homepage: row.source_homepage,
      paywalled: Number(row.source_paywalled),
    }),
  };
}

export interface ListArticlesQuery {
  /** 1-based page number; ignored when `cursor` is given. */
  page?: number;
  perPage: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  sourceId?: string;
}

/** Newest first (published time, else the time Readout stored it). */
export async function listArticles(db: Db, query: ListArticlesQuery): Promise<Page<ArticleSummary>> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const page = cursor ? 1 : Math.max(1, Math.floor(query.page ?? 1));
  let base = db.selectFrom('articles').innerJoin('sources', 'sources.id', 'articles.source_id');
  if (query.sourceId) base = base.where('articles.source_id', '=', query.sourceId);

  // Counted on articles alone: every article has its source, and the join would make the count scan it.
  let counted = db.selectFrom('articles');
  if (query.sourceId) counted = counted.where('source_id', '=', query.sourceId);
  const totalRow = await counted.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(totalRow.n);

  let list = base
    .select(summaryColumns)
    .orderBy('articles.sort_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(query.perPage + 1);
  if (cursor) {
    list = list.where((eb) =>
      eb.or([
        eb('articles.sort_at', '<', cursor.sortAt),
        eb.and([eb('articles.sort_at', '=', cursor.sortAt), eb('articles.id', '<', cursor.id)]),
      ]),
    );
  } else {
    list = list.offset((page - 1) * query.perPage);
  }
  const rows = await list.execute();
  const more = rows.length > query.perPage;
  const items = rows.slice(0, query.perPage);
  const last = items.at(-1);
  return {
    items: items.map(toSummary),
    total,
    page,
    perPage: query.perPage,
    pageCount: Math.max(1, Math.ceil(total / query.perPage)),
    nextCursor: more && last ? encodeCursor({ sortAt: last.sort_at, id: last.id }) : null,
  };
}

export async function countArticles(db: Db): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every article oldest first, read in batches so that memory stays flat on large stores. */
export async function* eachArticle(db: Db, batchSize = 500): AsyncIterable<Article> {
  let after: ListCursor | null = null;
  for (;;) {
    let query = db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .select(articleColumns)
      .orderBy('articles.sort_at', 'asc')
      .orderBy('articles.id', 'asc')
      .limit(batchSize);
    if (after) {
      const { sortAt, id } = after;
      query = query.where((eb) =>
        eb.or([
          eb('articles.sort_at', '>', sortAt),
          eb.and([eb('articles.sort_at', '=', sortAt), eb('articles.id', '>', id)]),
        ]),
      );
    }
    const rows = await query.execute();
    yield* await withEntities(db, rows.map(toArticle));
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = { sortAt: last.sort_at, id: last.id };
  }
}

/** Several articles by id in one query, in the order of `ids`. */
export async function getArticles(db: Db, ids: string[]): Promise<Article[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(articleColumns)
    .where('articles.id', 'in', ids)
    .execute();
  const byId = new Map((await withEntities(db, rows.map(toArticle))).map((article) => [article.id, article]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The stored article that was fetched from, or names as canonical, this URL. */
export async function findArticleByUrl(db: Db, url: string): Promise<Article | null> {
  const row = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(articleColumns)
    .where((eb) => eb.or([eb('articles.canonical_url', '=', url), eb('articles.url', '=', url)]))
    .orderBy('articles.created_at', 'asc')
    .executeTakeFirst();
  return row ? toArticle(row) : null;
}

/** The entities each article names, most named first. */
export async function entitiesOf(db: Db, articleIds: string[]): Promise<Map<string, EntityMention[]>> {
  const byArticle = new Map<string, EntityMention[]>();
  if (articleIds.length === 0) return byArticle;
  const rows = await db
    .selectFrom('article_entities')
    .innerJoin('entities', 'entities.id', 'article_entities.entity_id')
    .select([
      'article_entities.article_id',
      'entities.id',
      'entities.name',
      'entities.kind',
      'article_entities.mentions',
    ])
    .where('article_entities.article_id', 'in', articleIds)
    .execute();
  for (const row of rows) {
    const list = byArticle.get(row.article_id) ?? [];
    list.push({ id: row.id, name: row.name, kind: row.kind as EntityKind, mentions: Number(row.mentions) });
    byArticle.set(row.article_id, list);
  }
  for (const list of byArticle.values()) list.sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));
  return byArticle;
}
