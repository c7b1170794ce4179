// The SQLite search index without its own copy of the text, and tuned for bulk imports (measured with
// bench/search.ts):
// - contentless (content = ''): FTS5 keeps only the index, not another copy of every headline and body. A row's
//   article is the one whose rowid is the low 32 bits of its search key; snippets are made from the stored
//   article (src/store/snippet.ts). contentless_delete lets the triggers delete and replace rows by search key.
// - FTS5 keeps up to 32 MiB of new terms in memory before it writes them out, so a batch of a few thousand
//   articles becomes one index segment instead of a dozen small ones that must be merged again. It also writes
//   them out whenever a row comes with a lower search key than the last, so saveArticles inserts oldest first.
// The index is rebuilt from the articles, once. PostgreSQL has nothing to change.
import { type Kysely, SqliteAdapter, sql } from 'kysely';
import * as m004 from './004-search.js';

const ftsHashBytes = 32 * 1024 * 1024;

const triggers = ['article_search_insert', 'article_search_delete', 'article_search_update'];
const { searchKey, sourceToken, unmarked } = m004;

const columns = 'rowid, headline, deck, byline, body, source_name, source_key';

/** The index row of an article row (`new`, `old`, or a table alias). */
const indexedRow = (row: string) => `${searchKey(row)}, ${unmarked(`${row}.headline`)},
  ${unmarked(`coalesce(${row}.deck, '')`)}, ${unmarked(`coalesce(${row}.byline, '')`)}, ${unmarked(`${row}.body_text`)},
  (SELECT name FROM sources WHERE id = ${row}.source_id), ${sourceToken(`${row}.source_id`)}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await m004.down(db);
  await sql
    .raw(
      `CREATE VIRTUAL TABLE article_search USING fts5(headline, deck, byline, body, source_name, source_key,
        tokenize = 'porter unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`,
    )
    .execute(db);
  await sql.raw(`INSERT INTO article_search(article_search, rank) VALUES ('hashsize', ${ftsHashBytes})`).execute(db);
  // In date order, along the articles_sort index: FTS5 writes out its pending terms whenever a search key comes
  // lower than the last one, and the key leads with the day.
  await sql
    .raw(`INSERT INTO article_search(${columns}) SELECT ${indexedRow('a')} FROM articles a ORDER BY a.sort_at, a.id`)
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
         INSERT INTO article_search(${columns}) VALUES (${indexedRow('new')});
       END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
         DELETE FROM article_search WHERE rowid = ${searchKey('old')};
       END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER article_search_update AFTER UPDATE OF headline, deck, byline, body_text, source_id, sort_at
       ON articles BEGIN
         DELETE FROM article_search WHERE rowid = ${searchKey('old')};
         INSERT INTO article_search(${columns}) VALUES (${indexedRow('new')});
       END`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const trigger of triggers) await sql.raw(`DROP TRIGGER ${trigger}`).execute(db);
  await sql.raw('DROP TABLE article_search').execute(db);
  await m004.up(db);
}
