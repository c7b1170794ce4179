// The first schema: outlets (sources) and their articles. Written once for SQLite and PostgreSQL.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('homepage', 'text')
    .addColumn('paywalled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
    .addColumn('url', 'text')
    .addColumn('canonical_url', 'text')
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('headline_key', 'text', (c) => c.notNull())
    .addColumn('deck', 'text')
    .addColumn('byline', 'text')
    .addColumn('published_at', 'text')
    .addColumn('language', 'text')
    .addColumn('paragraphs', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('related', 'text', (c) => c.notNull())
    .addColumn('paywalled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('extraction_method', 'text', (c) => c.notNull())
    .addColumn('extraction_version', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sort_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createIndex('articles_sort').on('articles').columns(['sort_at', 'id']).execute();
  await db.schema.createIndex('articles_source_sort').on('articles').columns(['source_id', 'sort_at', 'id']).execute();
  await db.schema
    .createIndex('articles_source_headline')
    .on('articles')
    .columns(['source_id', 'headline_key'])
    .execute();
  await db.schema.createIndex('articles_canonical_url').on('articles').column('canonical_url').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('articles').execute();
  await db.schema.dropTable('sources').execute();
}
