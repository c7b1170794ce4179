// Mending a story by hand from its page: POST /stories/:id/mend/move (an account to another story), …/split (an
// account into a story of its own) and …/merge (this story into another). Each answers 303 to the resulting story.
import type { Env, Hono } from 'hono';
import type { AppContext } from '../../context.js';
import { UserError } from '../../errors.js';
import { findStory, mergeStories, moveArticle, splitArticle } from '../../pipeline/stories.js';
import { type Form, readForm, textField } from '../forms.js';
import { storyHref } from '../story-list.js';

const storyIdShape = /^[0-9A-Za-z_-]{1,64}$/;

/**
 * The story a reader named: a bare id, or the address of a story's page pasted whole ("http://host/stories/<id>",
 * with or without a query or a trailing part such as /feed.atom). Null when the text is neither.
 */
export function storyIdFrom(text: string): string | null {
  const value = text.trim();
  let path: string | null = value.startsWith('/') ? value : null;
  if (!path && /^https?:\/\//i.test(value)) {
    try {
      path = new URL(value).pathname;
    } catch {
      return null;
    }
  }
  if (path === null) return storyIdShape.test(value) ? value : null;
  const match = /^\/stories\/([^/?#]+)/.exec(path);
  if (!match) return null;
  let id: string;
  try {
    id = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  return storyIdShape.test(id) ? id : null;
}

/** The current id of the story a form field names, following merges; a UserError the problem page shows if none. */
async function namedStory(ctx: AppContext, form: Form, field: string, purpose: string): Promise<string> {
  const text = textField(form, field);
  if (text === '') {
    throw new UserError('invalid', `Give the story ${purpose}: its id, or the address of its page (…/stories/<id>).`);
  }
  const id = storyIdFrom(text);
  if (!id) {
    throw new UserError(
      'invalid',
      `“${text.slice(0, 200)}” is neither a story's id nor the address of a story's page (…/stories/<id>).`,
    );
  }
  const found = await findStory(ctx, id);
  if (!found) {
    throw new UserError('not-found', `There is no story with the id “${id}”. The stories list has every story.`);
  }
  return 'redirect' in found ? found.redirect : found.story.id;
}

function accountOf(form: Form): string {
  const articleId = textField(form, 'article');
  if (articleId === '')
    throw new UserError('invalid', 'The form did not say which account to change; reload the page.');
  return articleId;
}

export default function <E extends Env>(app: Hono<E>, ctx: AppContext): void {
  // Readout has no accounts yet, so anyone who can reach the page may mend a story (security.ts already refuses
  // changes sent from other sites). Once it has accounts, the admin check goes here, in front of every mending
  // route; their forms carry data-mend.
  app.use('/stories/:id/mend/*', async (_c, next) => next());

  app.post('/stories/:id/mend/move', async (c) => {
    const read = await readForm(c);
    if ('problem' in read) return read.problem;
    const articleId = accountOf(read.form);
    const target = await namedStory(ctx, read.form, 'to', 'to move this account to');
    return c.redirect(storyHref(await moveArticle(ctx, articleId, target)), 303);
  });

  app.post('/stories/:id/mend/split', async (c) => {
    const read = await readForm(c);
    if ('problem' in read) return read.problem;
    return c.redirect(storyHref(await splitArticle(ctx, accountOf(read.form))), 303);
  });

  app.post('/stories/:id/mend/merge', async (c) => {
    const read = await readForm(c);
    if ('problem' in read) return read.problem;
    const from = c.req.param('id');
    const into = await namedStory(ctx, read.form, 'into', 'to merge this one into');
    if (into === from) {
      throw new UserError('invalid', 'A story cannot be merged into itself: name the other story, the one to keep.');
    }
    return c.redirect(storyHref(await mergeStories(ctx, from, into)), 303);
  });
}

const mendPath = (storyId: string, step: string) => `${storyHref(storyId)}/mend/${step}`;

export function MoveForm({ storyId, articleId }: { storyId: string; articleId: string }) {
  const field = `move-${articleId}`;
  return (
    <form class="mend-form" method="post" action={mendPath(storyId, 'move')} data-mend="move">
      <input type="hidden" name="article" value={articleId} />
      <label for={field}>Move to story (its id or address)</label>
      <div class="form-row">
        <input type="text" id={field} name="to" required autocomplete="off" spellcheck={false} />
        <button type="submit">Move</button>
      </div>
    </form>
  );
}

export function SplitForm({ storyId, articleId }: { storyId: string; articleId: string }) {
  return (
    <form class="mend-form" method="post" action={mendPath(storyId, 'split')} data-mend="split">
      <input type="hidden" name="article" value={articleId} />
      <button type="submit">Split into a new story</button>
    </form>
  );
}

export function MergeForm({ storyId }: { storyId: string }) {
  return (
    <form class="mend-form" method="post" action={mendPath(storyId, 'merge')} data-mend="merge">
      <label for="merge-into">Merge this story into… (the other story's id or address)</label>
      <div class="form-row">
        <input type="text" id="merge-into" name="into" required autocomplete="off" spellcheck={false} />
        <button type="submit">Merge</button>
      </div>
    </form>
  );
}
