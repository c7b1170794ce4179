// Opens the database (SQLite file by default, PostgreSQL when DATABASE_URL is set) and migrates it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Generated,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { maskUrl } from '../credentials.js';
import { type ErrorKind, UserError } from '../errors.js';
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
  /** The story it was placed in; NULL while it waits to be placed. */
  story_id: Generated<string | null>;
  /** 1 when a reader put it in its story by hand. */
  story_by_hand: Generated<number>;
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

export interface StoryTable {
  id: string;
  headline: string;
  lead_article_id: string | null;
  article_count: number;
  source_count: number;
  first_seen: string;
  last_seen: string;
  /** The clusterer's row for the story (JSON, written and read by src/analysis/stories). */
  state: string;
  by_hand: number;
  created_at: string;
  updated_at: string;
}

export interface EntityTable {
  id: string;
  kind: string;
  key: string;
  name: string;
  article_count: number;
  mention_count: number;
  first_seen: string;
  last_seen: string;
}

export interface Schema {
  sources: SourceTable;
  articles: ArticleTable;
  feeds: FeedTable;
  jobs: JobTable;
  stories: StoryTable;
  story_redirects: { from_id: string; to_id: string };
  story_postings: { term: string; story_id: string };
  story_terms: { term: string; articles: number; stories: number };
  story_totals: { name: string; value: number };
  entities: EntityTable;
  entity_names: { entity_id: string; name: string; mentions: number };
  article_entities: { article_id: string; entity_id: string; mentions: number };
}

/** What the table families' functions query: the database, or a transaction on it. */
export type Db = Kysely<Schema> | Transaction<Schema>;

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  kysely: Kysely<Schema>;
  dialect: Dialect;
  /** Where the data lives, for messages: the SQLite path or the PostgreSQL URL with its credentials masked. */
  location: string;
  /** Migrations applied when this connection opened the database. */
  migrated: string[];
  close(): Promise<void>;
}

/** What the store refuses or cannot do. Without a kind: a database Readout cannot open or migrate (its set-up). */
export class StoreError extends UserError {
  override name = 'StoreError';

  constructor(message: string, kind: ErrorKind = 'setup', options?: ErrorOptions) {
    super(kind, message, options);
  }
}

/** Another process held SQLite's write lock for longer than Readout waits; nothing of the write was saved. */
export class DatabaseBusy extends StoreError {
  override name = 'DatabaseBusy';

  constructor(message: string) {
    super(message, 'busy');
  }
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
  // Checkpoint every 40 MiB of log rather than every 4 MiB: placement and imports rewrite the same index pages
  // transaction after transaction, and a larger log copies each page into the file once instead of ten times
  // (bench:stories' placement rate rose about a third). The log is cut back to 64 MiB after a checkpoint.
  sqlite.pragma('wal_autocheckpoint = 10000');
  sqlite.pragma('journal_size_limit = 67108864');
  const kysely = new Kysely<Schema>({ dialect: new SqliteWritersDialect(sqlite, path) });
  return { kysely, dialect: 'sqlite', location: path, migrated: [], close: () => kysely.destroy() };
}

/** How long a write waits in all for other processes (imports, pollers, a server) to let go of the write lock. */
const busyPatienceMs = 60_000;

/**
 * SQLite with other processes writing to the same file. Kysely begins transactions deferred: such a transaction
 * reads first and asks for the write lock later, and when another process wrote in between SQLite refuses at
 * once (SQLITE_BUSY_SNAPSHOT) without waiting. So every transaction here begins IMMEDIATE: it takes the write
 * lock first, waiting up to busy_timeout. Under WAL nothing inside a transaction that holds the lock waits for
 * another writer, so the one step that can still fail busy is its BEGIN, or a write outside a transaction (the
 * job queue, a feed's state); both are retried here, with backoff, until busyPatienceMs. A retried BEGIN runs
 * the whole transaction again from its start, as nothing of it had run.
 */
class SqliteWritersDialect extends SqliteDialect {
  readonly #driver: SqliteWritersDriver;

  constructor(sqlite: SQLite.Database, location: string) {
    super({ database: sqlite });
    this.#driver = new SqliteWritersDriver(sqlite, location);
  }

  override createDriver() {
    return this.#driver;
  }
}

class SqliteWritersDriver extends SqliteDriver {
  readonly #sqlite: SQLite.Database;
  readonly #location: string;
  #patient: DatabaseConnection | null = null;

  constructor(sqlite: SQLite.Database, location: string) {
    super({ database: withStatementCache(sqlite) });
    this.#sqlite = sqlite;
    this.#location = location;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.#patient ??= {
      executeQuery: (query) =>
        // Inside a transaction a statement cannot be run again on its own: the transaction would be half done.
        this.#sqlite.inTransaction
          ? connection.executeQuery(query)
          : this.#retryBusy(() => connection.executeQuery(query)),
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
    return this.#patient;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async #retryBusy<T>(run: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (err) {
        if (!/^SQLITE_BUSY/.test((err as { code?: string }).code ?? '')) throw err;
        const waited = Date.now() - started;
        if (waited >= busyPatienceMs) {
          throw new DatabaseBusy(
            `the SQLite database ${this.#location} stayed locked by another process for ${Math.round(waited / 1000)} s, ` +
              'so this write was not saved; run the command again once the other import or server lets go of it',
          );
        }
        // Up to half a second between tries, at random, so that two waiting processes do not keep colliding.
        await sleep(Math.random() * Math.min(500, 25 * 2 ** attempt));
      }
    }
  }
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
  return { kysely, dialect: 'postgres', location: maskUrl(url), migrated: [], close: () => kysely.destroy() };
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
