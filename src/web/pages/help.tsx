// GET /help : keyboard shortcuts and how to get articles into Readout and out through the API.
import type { Env, Hono } from 'hono';
import type { AppContext } from '../../context.js';
import { Layout } from '../layout.js';

// The same list keys.js puts in its "?" overlay; keep the two in step.
const shortcuts: [keys: string[], action: string][] = [
  [['j'], 'select the next article in a list'],
  [['k'], 'select the previous article in a list'],
  [['Enter'], 'open the selected article'],
  [['u', 'Backspace'], 'on an article, go back to the list you came from'],
  [['t'], 'on an article, open its story: every account of the same event'],
  [['?'], 'show or hide the list of shortcuts'],
  [['Esc'], 'close the list of shortcuts'],
];

const searchSyntax: [string, string][] = [
  ['harbor ferry', 'articles with both words'],
  ['"city council"', 'the words together, in this order'],
  ['ferry -strike', 'leave out articles that mention strike (also NOT strike)'],
  ['ferry OR bridge', 'either word'],
  ['source:guardian', 'from an outlet, by its name or its id (quote names with spaces: source:"Harbor Ledger")'],
  ['byline:ortiz', 'by a writer'],
  ['from:2014-03-01 to:2014-03-31', 'published in that range, both days included (also from:2014 or to:2014-03)'],
  ['in:headline ferry', 'the words must be in the headline'],
];

export default function <E extends Env>(app: Hono<E>, _ctx: AppContext): void {
  app.get('/help', (c) =>
    c.html(
      <Layout title="Help" section="help" description="Keyboard shortcuts and how to import clippings into Readout.">
        <article class="help">
          <h1>Help</h1>
          <Shortcuts />
          <Adding />
          <Stories />
          <Searching />
          <Api />
        </article>
      </Layout>,
    ),
  );
}

function Shortcuts() {
  return (
    <section aria-labelledby="shortcuts">
      <h2 id="shortcuts">Keyboard shortcuts</h2>
      <p>
        Every page works with a mouse or by tabbing through links; these keys are shortcuts on top. They do nothing
        while you type in a text field.
      </p>
      <dl class="shortcuts">
        {shortcuts.map(([keys, action]) => (
          <div>
            <dt>
              {keys.map((key, index) => (
                <>
                  {index > 0 ? ' or ' : null}
                  <kbd>{key}</kbd>
                </>
              ))}
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Adding() {
  return (
    <section aria-labelledby="import">
      <h2 id="import">Adding articles</h2>
      <p>
        Save an article as a text clipping (headline, “from” line, deck, paragraphs and any “More from” list) and import
        it from the directory Readout runs in:
      </p>
      <pre>
        <code>npx readout import my-clipping.txt</code>
      </pre>
      <p>
        Name several files or a whole folder to import them all; Readout's own JSONL exports import the same way. Each
        article appears on the <a href="/">Latest</a> page and under its outlet on the <a href="/sources">Sources</a>{' '}
        page. Importing the same clipping again does not make a copy. <code>npx readout import --help</code> lists the
        options.
      </p>
    </section>
  );
}

function Stories() {
  return (
    <section aria-labelledby="stories">
      <h2 id="stories">Stories</h2>
      <p>
        A story is one event as every outlet told it. As each article arrives, Readout reads the people, places,
        organisations and numbers it names and puts it with the accounts that report the same thing at about the same
        time. The <a href="/stories">Stories</a> page lists them, those told by several outlets first; a story's page
        shows every account in the order they appeared, which outlets covered it and when, and whom it names. An article
        told by other outlets too lists their accounts under “Other accounts of this story”; press <kbd>t</kbd> there to
        open the story.
      </p>
      <p>
        When Readout groups wrongly, mend it on the story's page: move an account to another story (paste that story's
        address or id), split an account into a story of its own, or merge the whole story into another. Readout keeps
        what you set, and a merged story's old address leads to the one it joined. Follow a story as a feed at{' '}
        <code>/stories/…/feed.atom</code>.
      </p>
      <p>
        A story told by two or more accounts has a <strong>compare the accounts</strong> page: first how many details
        the accounts give differently, each with the outlets and the sentence that give each value; then what they agree
        on, what only one of them says, and who said what. On an article's page, a paragraph whose detail another
        account gives differently is underlined, with the other values in a note after it. Readout reads numbers, times
        of day and days of the week this way, with what they count; rounding, other units and a bound that fits (“more
        than 26,000” beside 31,000) are not a difference, and a toll that rose in a later account is shown as an update.
      </p>
    </section>
  );
}

function Searching() {
  return (
    <section aria-labelledby="search">
      <h2 id="search">Searching</h2>
      <p>
        The search box at the top of every page searches every stored article: headline, deck, byline, body and the
        outlet's name. Case and accents do not matter (<code>cafe</code> finds “Café”), and English word forms match
        each other (<code>call</code> finds “calls” and “called”).
      </p>
      <dl class="search-syntax">
        {searchSyntax.map(([example, meaning]) => (
          <div>
            <dt>
              <code>{example}</code>
            </dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
      <p>
        Results come by relevance, a word in the headline counting for more than one in the body and recent articles a
        little more than old ones, or newest first. Relevance ranks the newest 1,000 matches; to reach further back, add
        words, narrow with <code>from:</code> and <code>to:</code>, or sort by date. Follow a search as a feed at{' '}
        <code>/search.atom?q=…</code>; in the terminal, run <code>npx readout search "harbor ferry"</code>.
      </p>
    </section>
  );
}

function Api() {
  return (
    <section aria-labelledby="api">
      <h2 id="api">The API</h2>
      <p>
        Everything on these pages is also available as JSON under <a href="/api">/api</a>. The OpenAPI description at{' '}
        <a href="/api/openapi.json">/api/openapi.json</a> lists every endpoint, its parameters and its responses.
      </p>
    </section>
  );
}
