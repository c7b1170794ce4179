// GET /entities/:id : one person, place or organisation: the names it was written under, its mentions week by week,
// the stories that name it and the latest articles that do.
import type { Env, Hono } from 'hono';
import type { AppContext } from '../../context.js';
import type { EntityDetail, EntityKind } from '../../model.js';
import { quotationsBy, type SaidBy } from '../../pipeline/compare.js';
import { WeeklyChart } from '../charts.js';
import { ArticleList, articleHref, Layout } from '../layout.js';
import { entityHref, SeenSpan, StoryList } from '../story-list.js';
import { backPath } from './article.js';
import { notFoundPage } from './not-found.js';

const kindNames: Record<EntityKind, string> = { person: 'Person', place: 'Place', organisation: 'Organisation' };

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function <E extends Env>(app: Hono<E>, ctx: AppContext): void {
  app.get('/entities/:id', async (c) => {
    const id = c.req.param('id');
    const entity = await ctx.store.getEntity(id);
    if (!entity) {
      return notFoundPage(
        c,
        `There is no person, place or organisation with the id “${id}”. A story's page links to every one its accounts name.`,
        <p>
          <a href="/stories">All stories</a>
        </p>,
      );
    }
    const back = backPath(c.req.query('back'), '/stories');
    const said = await quotationsBy(ctx, entity);
    return c.html(
      <Layout
        title={entity.name}
        section="stories"
        description={`${kindNames[entity.kind]} named in ${count(entity.articleCount, 'article', 'articles')}.`}
      >
        <EntityPage entity={entity} said={said} back={back} />
      </Layout>,
    );
  });
}

function EntityPage({ entity, said, back }: { entity: EntityDetail; said: SaidBy[]; back: string }) {
  const here = entityHref(entity.id);
  return (
    <article class="entity-page">
      <h1 class="headline">{entity.name}</h1>
      <nav class="back" aria-label="Back to list">
        <a href={back} data-key="back" rel="up">
          Go back
        </a>
      </nav>
      <p class="entity-summary">
        <span class={`entity-kind entity-kind-${entity.kind}`}>{kindNames[entity.kind]}</span>
        {' · named '}
        {count(entity.mentionCount, 'time', 'times')} in {count(entity.articleCount, 'article', 'articles')}
        {' · '}
        <SeenSpan story={entity} />
      </p>
      {entity.names.length > 1 || entity.names[0]?.name !== entity.name ? (
        <section aria-labelledby="names-heading">
          <h2 id="names-heading">Written as</h2>
          <ul class="entity-names">
            {entity.names.map((name) => (
              <li>
                {name.name}{' '}
                <span class="mentions">
                  {name.mentions}
                  <span class="visually-hidden">{name.mentions === 1 ? ' article' : ' articles'}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="weekly-heading">
        <h2 id="weekly-heading">Mentions per week</h2>
        <WeeklyChart weekly={entity.weekly} />
      </section>
      {said.length > 0 ? (
        <section aria-labelledby="said-heading">
          <h2 id="said-heading">What {entity.name} said</h2>
          <ul class="said-by">
            {said.map((quote) => (
              <li>
                {quote.direct ? <q>{quote.text}</q> : <span>{quote.text}</span>}{' '}
                <span class="quote-sources">
                  (<a href={`${articleHref(quote.articleId, here)}#p${quote.paragraph}`}>{quote.source}</a>)
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="entity-stories-heading">
        <h2 id="entity-stories-heading">Stories naming {entity.name}</h2>
        {entity.stories.length === 0 ? (
          <p class="empty">No story yet: the articles that name it are still waiting to be grouped.</p>
        ) : (
          <StoryList stories={entity.stories} back={here} />
        )}
      </section>
      <section aria-labelledby="entity-articles-heading">
        <h2 id="entity-articles-heading">Latest articles naming {entity.name}</h2>
        <ArticleList articles={entity.articles} back={here} />
      </section>
    </article>
  );
}
