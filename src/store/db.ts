// Opens the database (SQLite file by default, PostgreSQL when DATABASE_URL is set) and migrates it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { migrations } from './migrations/index.js';

export interface SourceTable {
  id: string;
  name: string;
  name_key: string;
  homepage: string | null;
  paywalled: number;
  created_at: string;
}

export interface ArticleTable {
  id: string;
  source_id: string;
  url: string | null;
  canonical_url: string | null;
  headline: string;
  headline_key: string;
  deck: string | null;
  byline: string | null;
  published_at: string | null;
  language: string | null;
  /** JSON array of strings. */
  /** '' when it is the paragraphs (body_text's lines) as <p>s: rebuilt when read. */
  body_html: string;
  body_text: string;
  /** JSON array of RelatedLink. */
  related: string;
  paywalled: number;
  extraction_method: string;
  extraction_version: string;
  content_hash: string;
  created_at: string;
  updated_at: string;
  /** published_at, else created_at, as a full UTC timestamp: the order of every list. */
  sort_at: string;
  feed_id: string | null;
  guid: string | null;
  entry_hash: string | null;
}

export interface FeedTable {
  id: string;
  url: string;
  title: string | null;
  site_url: string | null;
  folder: string | null;
  status: string;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: string | null;
  last_success_at: string | null;
  last_new_at: string | null;
  next_check_at: string | null;
  interval_seconds: number | null;
  error_count: number;
  last_error: string | null;
  last_status: number | null;
  created_at: string;
  updated_at: string;
}

export interface JobTable {
  id: string;
  kind: string;
  key: string;
  /** JSON object. */
  payload: string;
  run_at: string;
  attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
}

export interface Schema {
  sources: SourceTable;
  articles: ArticleTable;
  feeds: FeedTable;
  jobs: JobTable;
}

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  kysely: Kysely<Schema>;
  dialect: Dialect;
  /** Where the data lives, for messages: the SQLite path or the PostgreSQL URL without password. */
  location: string;
  /** Migrations applied when this connection opened the database. */
  migrated: string[];
  close(): Promise<void>;
}

export class StoreError extends Error {
  override name = 'StoreError';
}

export async function openDatabase(config: Pick<Config, 'dbPath' | 'databaseUrl'>): Promise<Database> {
  const db = config.databaseUrl ? openPostgres(config.databaseUrl) : openSqlite(config.dbPath);
  try {
    db.migrated = await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

function openSqlite(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(path);
  } catch (err) {
    throw new StoreError(`Cannot open the SQLite database ${path}: ${(err as Error).message}`);
  }
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', location: path, migrated: [], close: () => kysely.destroy() };
}

/**
 * Kysely prepares every query anew; the pages ask the same few queries thousands of times a second, so
 * prepared statements are kept by SQL text (Kysely runs one query at a time on this connection).
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= 500) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection that the server closes (a restart, a failover, an administrator) must not bring the
  // process down: the pool drops it and the next query opens a new one.
  pool.on('error', () => {});
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const location = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return { kysely, dialect: 'postgres', location, migrated: [], close: () => kysely.destroy() };
}

/** Applies every migration not yet applied; returns the names it applied. */
export async function migrate(db: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StoreError(`Migration ${failed} failed on ${db.location}: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
