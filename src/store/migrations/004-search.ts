// Full-text search. SQLite: an FTS5 table kept in step with articles by triggers. Its rowid is the article's
// search key, publication day × 2^32 + the article's rowid, so that the newest matches come first from the
// index itself and a date range is a rowid range (see src/store/search.ts). PostgreSQL: a weighted tsvector
// column with a GIN index.
import { type Kysely, SqliteAdapter, sql } from 'kysely';

/** The search key of an article row (`new` or `old` in a trigger); src/store/search.ts computes the same. */
export const searchKey = (row: string) =>
  `((unixepoch(substr(${row}.sort_at, 1, 10)) / 86400) * 4294967296 + ${row}.rowid)`;

/**
 * The source id as one token the Porter stemmer leaves alone: its UTF-8 bytes in hex, with the hex letters
 * mapped to consonants other than s and y, so no vowel or suffix rule can touch it. search.ts has the twin.
 */
export const sourceToken = (id: string) =>
  `'x' || replace(replace(replace(replace(replace(replace(hex(${id}), 'A', 'b'), 'B', 'c'), 'C', 'd'), 'D', 'f'), 'E', 'g'), 'F', 'h')`;

/** Text as indexed: without U+E000 and U+E001, which search.ts uses to mark matches in snippets. */
export const unmarked = (text: string) => `replace(replace(${text}, char(57344), ''), char(57345), '')`;

const indexedRow = (row: string) => `(${searchKey(row)}, ${unmarked(`${row}.headline`)},
  ${unmarked(`coalesce(${row}.deck, '')`)}, ${unmarked(`coalesce(${row}.byline, '')`)}, ${unmarked(`${row}.body_text`)},
  (SELECT name FROM sources WHERE id = ${row}.source_id), ${sourceToken(`${row}.source_id`)}, ${row}.id)`;

const columns = 'rowid, headline, deck, byline, body, source_name, source_key, article_id';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await upPostgres(db);
    return;
  }
  await sql
    .raw(
      `CREATE VIRTUAL TABLE article_search USING fts5(headline, deck, byline, body, source_name, source_key,
        article_id UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2', columnsize = 0)`,
    )
    .execute(db);
  await sql
    .raw(
      `INSERT INTO article_search(${columns})
       SELECT ${searchKey('a')}, ${unmarked('a.headline')}, ${unmarked("coalesce(a.deck, '')")},
         ${unmarked("coalesce(a.byline, '')")}, ${unmarked('a.body_text')}, s.name,
         ${sourceToken('a.source_id')}, a.id
       FROM articles a JOIN sources s ON s.id = a.source_id`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
         INSERT INTO article_search(${columns}) VALUES ${indexedRow('new')};
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
         INSERT INTO article_search(${columns}) VALUES ${indexedRow('new')};
       END`,
    )
    .execute(db);
}

async function upPostgres(db: Kysely<unknown>): Promise<void> {
  // 'simple' keeps every word; 'english' adds stemming (call, calls, called) and drops stop words.
  await sql
    .raw(
      `ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('english', headline), 'A') ||
         setweight(to_tsvector('english', coalesce(deck, '') || ' ' || coalesce(byline, '')), 'B') ||
         setweight(to_tsvector('english', body_text), 'D')
       ) STORED`,
    )
    .execute(db);
  await sql.raw('CREATE INDEX articles_search ON articles USING gin (search_vector)').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql.raw('DROP INDEX articles_search').execute(db);
    await sql.raw('ALTER TABLE articles DROP COLUMN search_vector').execute(db);
    return;
  }
  for (const trigger of ['article_search_insert', 'article_search_delete', 'article_search_update']) {
    await sql.raw(`DROP TRIGGER ${trigger}`).execute(db);
  }
  await sql.raw('DROP TABLE article_search').execute(db);
}
