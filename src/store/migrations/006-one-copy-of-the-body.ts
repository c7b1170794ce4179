// Each article kept its body three times: paragraphs as JSON, as HTML and as text. The paragraphs are the
// text's lines (a paragraph holds no line break), so the JSON copy goes; the HTML is kept only where it says
// more than the paragraphs (headings, lists, quotes from a page), and is '' where it would be rebuilt from
// them. New rows are written that way; rows already stored keep their HTML.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('paragraphs').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('paragraphs', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  const articles = db as Kysely<{ articles: { id: string; body_text: string; paragraphs: string } }>;
  let after = '';
  for (;;) {
    const rows = await articles
      .selectFrom('articles')
      .select(['id', 'body_text'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(1_000)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const paragraphs = row.body_text === '' ? [] : row.body_text.split('\n');
      await articles
        .updateTable('articles')
        .set({ paragraphs: JSON.stringify(paragraphs) })
        .where('id', '=', row.id)
        .execute();
    }
    after = rows.at(-1)!.id;
  }
}
