// GET /stories (the stories Readout has grouped, those told by several outlets first, ?cursor= for the next page)
// and GET /stories/:id (one story: every account in time order, who covered it when, and whom it names).
import type { Env, Hono } from 'hono';
import type { AppContext } from '../../context.js';
import type { EntityKind, EntityMention, StoryAccount, StoryDetail } from '../../model.js';
import { comparisonOf } from '../../pipeline/compare.js';
import { findStory } from '../../pipeline/stories.js';
import { CoverageChart } from '../charts.js';
import { articleHref, Dated, Layout, PaywallMark, sourceHref } from '../layout.js';
import { accountsFrom, entityHref, SeenSpan, StoryList, storyHref } from '../story-list.js';
import { backPath } from './article.js';
import { notFoundPage } from './not-found.js';
import { MergeForm, MoveForm, SplitForm } from './story-mend.js';

/** The address of a page of the stories list; Go back on a story returns to exactly this. */
export function storiesHref(cursor?: string | null): string {
  return cursor ? `/stories?cursor=${encodeURIComponent(cursor)}` : '/stories';
}

export default function <E extends Env>(app: Hono<E>, ctx: AppContext): void {
  app.get('/stories', async (c) => {
    const cursor = c.req.query('cursor') || null;
    // A cursor Readout did not give out is a UserError: app.onError answers with the 400 problem page.
    const list = await ctx.store.listStories({ perPage: ctx.config.pageSize, cursor: cursor ?? undefined });
    const here = storiesHref(cursor);
    return c.html(
      <Layout
        title={cursor ? 'Stories, further pages' : 'Stories'}
        section="stories"
        description="Stories: the accounts of one event from different outlets, grouped together."
      >
        <h1>Stories</h1>
        {list.total === 0 ? (
          <EmptyStories />
        ) : (
          <>
            <p class="intro">
              Each story gathers the accounts of one event from every outlet that reported it. Stories told by more than
              one account come first, latest first.
            </p>
            {list.items.length === 0 ? <p class="empty">No more stories.</p> : null}
            <StoryList stories={list.items} back={here} />
            <StoriesPager cursor={cursor} nextCursor={list.nextCursor} />
          </>
        )}
      </Layout>,
    );
  });

  app.get('/stories/:id', async (c) => {
    const id = c.req.param('id');
    const found = await findStory(ctx, id);
    if (!found) return storyNotFound(c, id);
    const query = new URL(c.req.url).search;
    if ('redirect' in found) return c.redirect(`${storyHref(found.redirect)}${query}`, 301);
    const { story } = found;
    const back = backPath(c.req.query('back'), '/stories');
    // How many details its accounts give differently, from the comparison kept for the story.
    const compared = story.articleCount > 1 ? await comparisonOf(ctx, story) : null;
    const differing = compared ? compared.comparison.details.filter((detail) => detail.conflict).length : null;
    return c.html(
      <Layout
        title={story.headline}
        section="stories"
        description={accountsFrom(story.articleCount, story.sourceCount)}
      >
        <StoryPage story={story} back={back} differing={differing} />
      </Layout>,
    );
  });
}

export function storyNotFound(c: Parameters<typeof notFoundPage>[0], id: string) {
  return notFoundPage(
    c,
    `There is no story with the id “${id}”. Stories are regrouped as articles arrive; the list of stories has every one Readout holds now.`,
    <p>
      <a href="/stories">All stories</a>
    </p>,
  );
}

function EmptyStories() {
  return (
    <div class="empty">
      <p>No stories yet.</p>
      <p>
        A story is one event as every outlet told it: Readout reads each article as it arrives and puts the accounts
        that report the same thing (the same people, places and numbers, at about the same time) together. Clip or
        import a few articles from different outlets and their stories appear here. The{' '}
        <a href="/help#stories">help page</a> says more.
      </p>
    </div>
  );
}

function StoriesPager({ cursor, nextCursor }: { cursor: string | null; nextCursor: string | null }) {
  if (!cursor && !nextCursor) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {cursor ? (
        <a class="pager-newer" href={storiesHref()}>
          <span aria-hidden="true">←</span> First page
        </a>
      ) : (
        <span class="pager-gap" />
      )}
      {nextCursor ? (
        <a class="pager-older" rel="next" href={storiesHref(nextCursor)}>
          Next page <span aria-hidden="true">→</span>
        </a>
      ) : (
        <span class="pager-gap" />
      )}
    </nav>
  );
}

function StoryPage({ story, back, differing }: { story: StoryDetail; back: string; differing: number | null }) {
  const here = storyHref(story.id);
  const left = story.articleCount - story.articles.length;
  return (
    <article class="story-page">
      <h1 class="headline">{story.headline}</h1>
      <nav class="back" aria-label="Back to list">
        <a href={back} data-key="back" rel="up">
          Go back
        </a>
      </nav>
      <p class="story-summary">
        {accountsFrom(story.articleCount, story.sourceCount)} · <SeenSpan story={story} />
        {story.byHand ? ' · grouped by hand' : null}
        {' · '}
        <a href={`${here}/feed.atom`} type="application/atom+xml">
          follow as a feed
        </a>
      </p>
      {differing !== null ? (
        <p class="compare-teaser">
          <a href={`${here}/compare`}>Compare the accounts</a>:{' '}
          {differing === 0
            ? 'no detail is given differently'
            : `${differing} ${differing === 1 ? 'detail is' : 'details are'} given differently`}
          , with what they agree on and who said what.
        </p>
      ) : null}
      <section aria-labelledby="coverage-heading">
        <h2 id="coverage-heading">Who covered it, and when</h2>
        <CoverageChart accounts={story.articles} firstSeen={story.firstSeen} lastSeen={story.lastSeen} />
      </section>
      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">Accounts, in the order they appeared</h2>
        <ol class="article-list accounts">
          {story.articles.map((account) => (
            <li>
              <Account account={account} storyId={story.id} back={here} canSplit={story.articleCount > 1} />
            </li>
          ))}
        </ol>
        {left > 0 ? <p class="empty">And {left} more accounts, not listed here.</p> : null}
      </section>
      <Named entities={story.entities} back={here} />
      <section class="mend-story" aria-labelledby="mend-heading">
        <h2 id="mend-heading">Fix the grouping</h2>
        <p>
          Readout groups accounts by what they say. When it got this story wrong, move or split an account above, or
          merge this story into another; Readout keeps what you set.
        </p>
        <MergeForm storyId={story.id} />
      </section>
    </article>
  );
}

function Account(props: { account: StoryAccount; storyId: string; back: string; canSplit: boolean }) {
  const { account, storyId, back } = props;
  return (
    <article class="item account" data-key="item" data-article-id={account.id}>
      <h3 class="item-headline">
        <a class="headline" href={articleHref(account.id, back)}>
          {account.headline}
        </a>
      </h3>
      <p class="item-meta">
        <a class="source" href={sourceHref(account.source.id)}>
          {account.source.name}
        </a>
        {' · '}
        <Dated article={account} />
        {account.paywalled || account.source.paywalled ? <PaywallMark /> : null}
      </p>
      {account.deck ? <p class="deck">{account.deck}</p> : null}
      <details class="mend">
        <summary>
          Move or split<span class="visually-hidden">: {account.headline}</span>
        </summary>
        <MoveForm storyId={storyId} articleId={account.id} />
        {props.canSplit ? <SplitForm storyId={storyId} articleId={account.id} /> : null}
      </details>
    </article>
  );
}

const kindHeadings: [EntityKind, string][] = [
  ['person', 'People'],
  ['place', 'Places'],
  ['organisation', 'Organisations'],
];

/** The people, places and organisations the accounts name, by kind, most named first within each. */
function Named({ entities, back }: { entities: EntityMention[]; back: string }) {
  if (entities.length === 0) return null;
  return (
    <section class="named" aria-labelledby="named-heading">
      <h2 id="named-heading">Named in this story</h2>
      {kindHeadings.map(([kind, heading]) => {
        const ofKind = entities.filter((entity) => entity.kind === kind);
        if (ofKind.length === 0) return null;
        return (
          <div class={`named-kind named-${kind}`}>
            <h3>{heading}</h3>
            <ul>
              {ofKind.map((entity) => (
                <li>
                  <a href={entityHref(entity.id, back)} data-entity-kind={entity.kind}>
                    {entity.name}
                  </a>{' '}
                  <span class="mentions">
                    {entity.mentions}
                    <span class="visually-hidden">{entity.mentions === 1 ? ' mention' : ' mentions'}</span>
                  </span>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
