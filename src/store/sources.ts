// Outlets: found or created by name, with their paywall mark and article counts.
import { type Kysely, sql } from 'kysely';
import type { Source, SourceWithCount } from '../model.js';
import type { Db, Schema, SourceTable } from './db.js';
import { headlineKey, slugify } from './keys.js';
import { keyed, withDb } from './surface.js';

export function toSource(row: Pick<SourceTable, 'id' | 'name' | 'homepage' | 'paywalled'>): Source {
  return { id: row.id, name: row.name, homepage: row.homepage, paywalled: row.paywalled === 1 };
}

/**
 * The stored outlet of that name, created when new. A paywall mark or homepage learnt from this input
 * is added to the outlet; a paywall mark is never taken away by an input that does not mention it.
 */
export async function findOrCreateSource(
  db: Db,
  input: { name: string; homepage: string | null; paywalled: boolean },
  now: string,
): Promise<Source> {
  const nameKey = headlineKey(input.name);
  let row = await db.selectFrom('sources').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  if (!row) {
    const id = await freeSlug(db, 'sources', slugify(input.name));
    await db
      .insertInto('sources')
      .values({
        id,
        name: input.name,
        name_key: nameKey,
        homepage: input.homepage,
        paywalled: input.paywalled ? 1 : 0,
        created_at: now,
      })
      .onConflict((oc) => oc.column('name_key').doNothing())
      .execute();
    row = await db.selectFrom('sources').selectAll().where('name_key', '=', nameKey).executeTakeFirstOrThrow();
  }
  const paywalled = row.paywalled === 1 || input.paywalled;
  const homepage = row.homepage ?? input.homepage;
  if (paywalled !== (row.paywalled === 1) || homepage !== row.homepage) {
    await db
      .updateTable('sources')
      .set({ paywalled: paywalled ? 1 : 0, homepage })
      .where('id', '=', row.id)
      .execute();
    row = { ...row, paywalled: paywalled ? 1 : 0, homepage };
  }
  return toSource(row);
}

/** `base`, or `base-2`, `base-3`, … : the first id not yet taken in the table (outlets and feeds have slug ids). */
export async function freeSlug(db: Db, table: 'sources' | 'feeds', base: string): Promise<string> {
  const taken = await db
    .selectFrom(table)
    .select('id')
    .where((eb) => eb.or([eb('id', '=', base), eb('id', 'like', `${base}-%`)]))
    .execute();
  const ids = new Set(taken.map((r) => r.id));
  if (!ids.has(base)) return base;
  for (let n = 2; ; n++) if (!ids.has(`${base}-${n}`)) return `${base}-${n}`;
}

function withCounts(db: Db) {
  return db
    .selectFrom('sources')
    .leftJoin('articles', 'articles.source_id', 'sources.id')
    .select([
      'sources.id',
      'sources.name',
      'sources.homepage',
      'sources.paywalled',
      (eb) => eb.fn.count<string | number>('articles.id').as('article_count'),
      (eb) => eb.fn.max('articles.sort_at').as('latest_at'),
    ])
    .groupBy(['sources.id', 'sources.name', 'sources.homepage', 'sources.paywalled']);
}

function toSourceWithCount(row: {
  id: string;
  name: string;
  homepage: string | null;
  paywalled: number;
  article_count: string | number;
  latest_at: string | null;
}): SourceWithCount {
  return { ...toSource(row), articleCount: Number(row.article_count), latestAt: row.latest_at };
}

export async function getSource(db: Db, id: string): Promise<SourceWithCount | null> {
  const row = await withCounts(db).where('sources.id', '=', id).executeTakeFirst();
  return row ? toSourceWithCount(row) : null;
}

export async function listSources(db: Db): Promise<SourceWithCount[]> {
  const rows = await withCounts(db).orderBy(sql`lower(sources.name)`).execute();
  return rows.map(toSourceWithCount);
}

/** The outlets, as the store offers them. */
export const sourceReads = (db: Kysely<Schema>) => withDb(db, { getSource: keyed(getSource, null), listSources });
