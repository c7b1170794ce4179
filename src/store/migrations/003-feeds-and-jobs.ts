// Feeds Readout follows, the jobs queue that polls them and fetches pages, and each article's feed and GUID.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feeds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('site_url', 'text')
    .addColumn('folder', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_fetched_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_new_at', 'text')
    .addColumn('next_check_at', 'text')
    .addColumn('interval_seconds', 'integer')
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    // One job per thing to do: `poll:<feed id>`, `page:<article id>`; adding it again reschedules it.
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_run_at').on('jobs').columns(['run_at']).execute();

  await db.schema.alterTable('articles').addColumn('feed_id', 'text').execute();
  await db.schema.alterTable('articles').addColumn('guid', 'text').execute();
  // A hash of the feed entry as the feed last gave it: an unchanged entry is passed over without a write.
  await db.schema.alterTable('articles').addColumn('entry_hash', 'text').execute();
  await db.schema.createIndex('articles_feed_guid').on('articles').columns(['feed_id', 'guid']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('articles_feed_guid').execute();
  await db.schema.alterTable('articles').dropColumn('entry_hash').execute();
  await db.schema.alterTable('articles').dropColumn('guid').execute();
  await db.schema.alterTable('articles').dropColumn('feed_id').execute();
  await db.schema.dropTable('jobs').execute();
  await db.schema.dropTable('feeds').execute();
}
