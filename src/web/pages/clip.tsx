// The "Clip a link" form (on the home page) and POST /clip: fetch, extract and store, then show the article.
import type { Env, Hono } from 'hono';
import type { AppContext } from '../../context.js';
import { userError } from '../../errors.js';
import { clipUrl } from '../../pipeline/clip.js';
import { httpStatus } from '../api/errors.js';
import { readForm, textField } from '../forms.js';
import { Layout } from '../layout.js';

export function ClipForm(props: { value?: string; error?: string }) {
  return (
    <form class="clip-form" method="post" action="/clip">
      <label for="clip-url">Clip a link</label>
      <div class="clip-row">
        <input
          id="clip-url"
          name="url"
          type="url"
          inputmode="url"
          required
          placeholder="https://example.com/news/story"
          value={props.value ?? ''}
          aria-describedby={props.error ? 'clip-error' : undefined}
        />
        <button type="submit">Clip</button>
      </div>
      {props.error ? (
        <p id="clip-error" class="clip-error" role="alert">
          {props.error}
        </p>
      ) : null}
    </form>
  );
}

/** The page shown when a link could not be clipped: why, and the form again with the link in it. */
function clipFailedPage(link: string, message: string) {
  return (
    <Layout title="Could not clip the link" section="latest">
      <h1>Could not clip the link</h1>
      <ClipForm value={link} error={message} />
      <p>
        <a href="/">Back to the latest articles</a>
      </p>
    </Layout>
  );
}

export default function <E extends Env>(app: Hono<E>, ctx: AppContext): void {
  // A page on another site cannot make this Readout fetch links: security.ts takes changes from its own pages only.
  app.post('/clip', async (c) => {
    const read = await readForm(c);
    if ('problem' in read) return read.problem;
    const link = textField(read.form, 'url');
    if (link === '') return c.html(clipFailedPage('', 'Paste the link of an article page first.'), 400);
    try {
      const result = await clipUrl(ctx, link);
      return c.redirect(`/articles/${result.id}?back=${encodeURIComponent('/')}`, 303);
    } catch (err) {
      const problem = userError(err);
      if (!problem) throw err;
      return c.html(clipFailedPage(link, problem.message), httpStatus[problem.kind]);
    }
  });
}
