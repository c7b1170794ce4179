// GET /stories/:id/compare: where a story's accounts differ (first: a reader must see at a glance how many details
// conflict), what they agree on, what only one account says, and who said what; every value with the outlets
// that give it and the sentence, linked to the article at that paragraph. Works without JavaScript.
import type { Env, Hono } from 'hono';
import type { AppContext } from '../../context.js';
import { type Comparison, compareStory, type Detail, type Statement } from '../../pipeline/compare.js';
import { articleHref, Layout } from '../layout.js';
import { storyHref } from '../story-list.js';
import { backPath } from './article.js';
import { storyNotFound } from './stories.js';

export default function <E extends Env>(app: Hono<E>, ctx: AppContext): void {
  app.get('/stories/:id/compare', async (c) => {
    const id = c.req.param('id');
    const found = await compareStory(ctx, id);
    if (!found) return storyNotFound(c, id);
    if ('redirect' in found) return c.redirect(`${storyHref(found.redirect)}/compare`, 301);
    const back = backPath(c.req.query('back'), storyHref(found.storyId));
    const here = `${storyHref(found.storyId)}/compare`;
    return c.html(
      <Layout title={`Compare: ${found.headline}`} section="stories" description={summary(found.comparison)}>
        <article class="compare-page">
          <h1 class="headline">{found.headline}</h1>
          <nav class="back" aria-label="Back to the story">
            <a href={storyHref(found.storyId)} data-key="back" rel="up">
              Go back
            </a>
          </nav>
          <ComparisonView comparison={found.comparison} here={here} back={back} />
        </article>
      </Layout>,
    );
  });
}

function summary(comparison: Comparison): string {
  const conflicts = comparison.details.filter((detail) => detail.conflict).length;
  return comparison.accounts < 2
    ? 'One account: nothing to compare yet.'
    : `${comparison.accounts} accounts compared: ${conflicts} ${conflicts === 1 ? 'detail differs' : 'details differ'}.`;
}

function Said({ statement, here }: { statement: Statement; here: string }) {
  return (
    <li>
      <a href={`${articleHref(statement.articleId, here)}#p${statement.paragraph}`}>{statement.source}</a>:{' '}
      <q>{statement.sentence}</q>
    </li>
  );
}

function DetailRows({ details, here }: { details: Detail[]; here: string }) {
  return (
    <dl class="details">
      {details.map((detail) => (
        <>
          <dt>{detail.label}</dt>
          <dd>
            <ul class="values">
              {detail.values.map((value) => (
                <li>
                  <strong class="value">{value.value}</strong>
                  {value.earlier ? <span class="earlier"> (an earlier report)</span> : null}
                  {' · '}
                  {[...new Set(value.accounts.map((a) => a.source))].join(', ')}
                  <ul class="sentences">
                    {value.accounts.slice(0, 5).map((statement) => (
                      <Said statement={statement} here={here} />
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </dd>
        </>
      ))}
    </dl>
  );
}

/** The people, places and organisations several accounts name, each opening onto the sentences that name it. */
function NamedList({ named, here }: { named: Detail[]; here: string }) {
  if (named.length === 0) return null;
  return (
    <section aria-labelledby="named-heading">
      <h2 id="named-heading">Named by several accounts ({named.length})</h2>
      <ul class="named">
        {named.map((detail) => (
          <li>
            <details>
              <summary>
                <strong>{detail.label}</strong>{' '}
                <span class="count">· {new Set(detail.values[0]!.accounts.map((a) => a.articleId)).size} accounts</span>
              </summary>
              <ul class="sentences">
                {detail.values[0]!.accounts.slice(0, 5).map((statement) => (
                  <Said statement={statement} here={here} />
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Every quotation, grouped by speaker, with the outlets that carry it. */
function WhoSaid({ quotes, here }: { quotes: Comparison['quotes']; here: string }) {
  const bySpeaker = new Map<string, Comparison['quotes']>();
  for (const quote of quotes) bySpeaker.set(quote.speaker, [...(bySpeaker.get(quote.speaker) ?? []), quote]);
  return (
    <section aria-labelledby="said-heading">
      <h2 id="said-heading">Who said what</h2>
      {bySpeaker.size === 0 ? <p class="empty">No account quotes anyone.</p> : null}
      {[...bySpeaker].map(([speaker, quotes]) => (
        <>
          <h3>{speaker}</h3>
          <ul class="quotes">
            {quotes.map((quote) => (
              <li>
                {quote.direct ? <q>{quote.text}</q> : <span>{quote.text}</span>}{' '}
                <span class="quote-sources">
                  (
                  {quote.accounts.map((account, index) => (
                    <>
                      {index > 0 ? ', ' : ''}
                      <a href={`${articleHref(account.articleId, here)}#p${account.paragraph}`}>{account.source}</a>
                    </>
                  ))}
                  {quote.reworded ? '; worded differently' : ''})
                </span>
              </li>
            ))}
          </ul>
        </>
      ))}
    </section>
  );
}

function ComparisonView({ comparison, here }: { comparison: Comparison; here: string; back: string }) {
  if (comparison.accounts < 2)
    return (
      <p class="empty">
        This story has one account so far: there is nothing to compare it with. When another outlet reports the same
        event, its account joins the story and this page lines the two up.
      </p>
    );
  const conflicts = comparison.details.filter((detail) => detail.conflict);
  const updates = comparison.details.filter((detail) => detail.update);
  const agreed = comparison.details.filter((detail) => !detail.conflict && !detail.update && !detail.named);
  const named = comparison.details.filter((detail) => detail.named);
  const onlyBySource = new Map<string, typeof comparison.onlyIn>();
  for (const item of comparison.onlyIn) onlyBySource.set(item.source, [...(onlyBySource.get(item.source) ?? []), item]);
  return (
    <>
      <p class="story-summary">
        {comparison.accounts} accounts compared: <strong>{conflicts.length}</strong>{' '}
        {conflicts.length === 1 ? 'detail differs' : 'details differ'}, {agreed.length} agreed,{' '}
        {comparison.quotes.length} quotations.
      </p>
      <section aria-labelledby="differ-heading">
        <h2 id="differ-heading">Where accounts differ ({conflicts.length})</h2>
        {conflicts.length === 0 ? (
          <p class="empty">No detail is given differently by two accounts.</p>
        ) : (
          <DetailRows details={conflicts} here={here} />
        )}
      </section>
      {updates.length > 0 ? (
        <section aria-labelledby="updated-heading">
          <h2 id="updated-heading">Updated as the story went on ({updates.length})</h2>
          <DetailRows details={updates} here={here} />
        </section>
      ) : null}
      <section aria-labelledby="agreed-heading">
        <h2 id="agreed-heading">Agreed ({agreed.length})</h2>
        {agreed.length === 0 ? <p class="empty">No detail is given the same way by two accounts.</p> : null}
        <DetailRows details={agreed} here={here} />
      </section>
      <NamedList named={named} here={here} />
      {[...onlyBySource].map(([source, items]) => (
        <section>
          <h2>Only in {source}</h2>
          <ul class="sentences">
            {items.map((item) => (
              <Said statement={item} here={here} />
            ))}
          </ul>
        </section>
      ))}
      <WhoSaid quotes={comparison.quotes} here={here} />
    </>
  );
}
