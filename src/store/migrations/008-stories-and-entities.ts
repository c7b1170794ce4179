// Stories (every outlet's account of one event) and the people, places and organisations articles name.
// An article's story is a column of its own row: NULL until it is placed, which makes the articles waiting to be
// placed a partial index rather than a second queue. The clusterer's working state is kept beside the stories:
// each story's features (a JSON row), an inverted index from a feature to the stories holding it, and how many
// articles and stories hold each feature (its rarity).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createStories(db);
  await placeArticles(db);
  await createEntities(db);
}

async function createStories(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('headline', 'text', (c) => c.notNull())
    // The account whose headline the story shows: the one closest to the story's centre.
    .addColumn('lead_article_id', 'text')
    .addColumn('article_count', 'integer', (c) => c.notNull())
    .addColumn('source_count', 'integer', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    // The clusterer's row: its features and what it needs to compare an article with the story (JSON).
    .addColumn('state', 'text', (c) => c.notNull())
    // 1 once a reader moved, split or merged its accounts by hand: placement never undoes that.
    .addColumn('by_hand', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stories_last_seen').on('stories').columns(['last_seen', 'id']).execute();

  await db.schema
    .createTable('story_redirects')
    .addColumn('from_id', 'text', (c) => c.primaryKey())
    .addColumn('to_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('story_redirects_to').on('story_redirects').columns(['to_id']).execute();

  await db.schema
    .createTable('story_postings')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('story_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_postings_pk', ['term', 'story_id'])
    .execute();
  await db.schema.createIndex('story_postings_story').on('story_postings').columns(['story_id']).execute();

  await db.schema
    .createTable('story_terms')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('articles', 'integer', (c) => c.notNull())
    .addColumn('stories', 'integer', (c) => c.notNull())
    .execute();

  // Totals the rarity of a feature is measured against ('articles': how many articles have been placed).
  await db.schema
    .createTable('story_totals')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
}

async function placeArticles(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('story_id', 'text').execute();
  // 1 when a reader put the article in its story by hand: a rebuild keeps it there.
  await db.schema
    .alterTable('articles')
    .addColumn('story_by_hand', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('articles_story').on('articles').columns(['story_id', 'sort_at']).execute();
  // Whether a story already has an account from an outlet, without walking 10,000 wire copies.
  await db.schema.createIndex('articles_story_source').on('articles').columns(['story_id', 'source_id']).execute();
  await db.schema
    .createIndex('articles_unplaced')
    .on('articles')
    .columns(['created_at', 'id'])
    .where(sql.ref('story_id'), 'is', null)
    .execute();
}

async function createEntities(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('entities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    // The name folded (lower case, no accents, no titles): one person however an article writes them.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('article_count', 'integer', (c) => c.notNull())
    .addColumn('mention_count', 'integer', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addUniqueConstraint('entities_kind_key', ['kind', 'key'])
    .execute();
  await db.schema.createIndex('entities_key').on('entities').columns(['key']).execute();

  await db.schema
    .createTable('entity_names')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mentions', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('entity_names_pk', ['entity_id', 'name'])
    .execute();

  await db.schema
    .createTable('article_entities')
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('mentions', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_entities_pk', ['article_id', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('article_entities_entity')
    .on('article_entities')
    .columns(['entity_id', 'article_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['article_entities', 'entity_names', 'entities']) await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('articles_unplaced').execute();
  await db.schema.dropIndex('articles_story_source').execute();
  await db.schema.dropIndex('articles_story').execute();
  await db.schema.alterTable('articles').dropColumn('story_by_hand').execute();
  await db.schema.alterTable('articles').dropColumn('story_id').execute();
  for (const table of ['story_totals', 'story_terms', 'story_postings', 'story_redirects', 'stories'])
    await db.schema.dropTable(table).execute();
}
