// `readout stories`: the stories (each event with every outlet's account of it), one story, regrouping everything,
// and a reader's corrections (move, split, merge), as the API offers them.
import type { AppContext } from '../context.js';
import { UserError } from '../errors.js';
import type { StoryDetail } from '../model.js';
import { findStory, mergeStories, moveArticle, rebuildStories, splitArticle } from '../pipeline/stories.js';
import { InvalidCursor } from '../store/index.js';
import { readSince } from '../web/api/schemas.js';
import type { Command, CommandArgs } from './command.js';
import { StatusLine } from './status-line.js';

/** Each action after `readout stories`, with the arguments it takes; none at all lists the stories. */
const actions: Record<string, string[]> = {
  show: ['<story-id>'],
  rebuild: [],
  move: ['<article-id>', '<story-id>'],
  split: ['<article-id>'],
  merge: ['<from-story-id>', '<into-story-id>'],
};

/** The options that only listing takes. */
const listOptions = ['since', 'all', 'limit', 'cursor'];

const command: Command = {
  name: 'stories',
  summary: 'List the stories (every account of one event), show one, regroup, correct the grouping',
  usage:
    'readout stories [--since 7d] [--limit N | --all] [--json]\n' +
    '       readout stories show <story-id> [--json]\n' +
    '       readout stories rebuild\n' +
    '       readout stories move <article-id> <story-id> | split <article-id> | merge <from-id> <into-id>',
  help: `Without an action, lists the stories: those told by several articles first, then the rest, the story
with the latest account first: headline, then accounts, outlets, latest date and id.

  show <story-id>        its accounts, outlets and the people, places and organisations they name
  rebuild                forget the grouping and place every article again, oldest first (progress on
                         a terminal); stories a reader corrected stay as they are
  move <article> <story> put an article in another story
  split <article>        take an article out into a story of its own
  merge <from> <into>    move every account of one story into another; <from>'s id leads to <into>

A correction is kept by every later placement and rebuild.

Options:
  --since WHEN   only stories with an account since then: an ISO 8601 date or time (2026-11-03), or a
                 span back from now (24h, 7d, 2w)
  --limit N      stories to list, 1 to 200 (default 30)
  --cursor C     the next page, as the nextCursor a --limit listing printed
  --all          every story, those of one article too, each with all its articles: the whole grouping
  --json         one JSON object a line: {"id", "headline", "articles": [{"id", "url", "headline",
                 "source"}]}; with show, move, split and merge the story as GET /api/stories/{id} gives it

Exit code: 0; 1 when an id names nothing (the reason is printed); 2 for a wrong argument.`,
  options: {
    since: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  check(args) {
    const [action, ...rest] = args.positionals;
    if (action !== undefined) {
      const wanted = actions[action];
      if (!wanted) return `unknown action "${action}"; use show, rebuild, move, split or merge, or none to list`;
      if (rest.length < wanted.length) return `${action} needs ${wanted.join(' ')}`;
      if (rest.length > wanted.length)
        return `unexpected argument "${rest[wanted.length]}" after ${action} ${rest.slice(0, wanted.length).join(' ')}`;
      const listing = listOptions.find((name) => args.values[name] !== undefined);
      if (listing) return `--${listing} is for listing stories, not for ${action}`;
    }
    const limit = args.values.limit as string | undefined;
    if (limit !== undefined && (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > 200))
      return `--limit must be a whole number from 1 to 200, not "${limit}"`;
    if (args.values.all && (limit !== undefined || args.values.cursor !== undefined))
      return '--all lists every story; leave out --limit and --cursor';
    const since = args.values.since as string | undefined;
    if (since !== undefined) {
      const reading = readSince(since);
      if ('problem' in reading) return `--since ${reading.problem}`;
    }
    return null;
  },
  async run(ctx, args) {
    const [action, ...ids] = args.positionals;
    const json = Boolean(args.values.json);
    switch (action) {
      case undefined:
        return args.values.all ? printGrouping(ctx, args) : printList(ctx, args);
      case 'show':
        return show(ctx, ids[0]!, json);
      case 'rebuild':
        return rebuild(ctx);
      case 'move':
        return mended(ctx, await moveArticle(ctx, ids[0]!, ids[1]!), `moved article ${ids[0]} into`, json);
      case 'split':
        return mended(ctx, await splitArticle(ctx, ids[0]!), `split article ${ids[0]} into`, json);
      default:
        return mended(ctx, await mergeStories(ctx, ids[0]!, ids[1]!), `merged story ${ids[0]} into`, json);
    }
  },
};

type Grouping = {
  id: string;
  headline: string;
  articles: { id: string; url: string | null; headline: string; source: string }[];
};

const sinceOf = (args: CommandArgs) =>
  args.values.since === undefined ? undefined : (readSince(args.values.since as string) as { at: string }).at;

const plural = (n: number, word: string) =>
  `${n} ${n === 1 ? word : word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;

/** A page of stories, several accounts first: a headline and one line of counts and id each. */
async function printList(ctx: AppContext, args: CommandArgs): Promise<number> {
  const since = sinceOf(args);
  const cursor = args.values.cursor as string | undefined;
  let page: Awaited<ReturnType<AppContext['store']['listStories']>>;
  try {
    page = await ctx.store.listStories({ perPage: Number(args.values.limit ?? 30), cursor, since });
  } catch (err) {
    if (err instanceof InvalidCursor) throw new UserError('invalid', `--cursor: ${err.message}`);
    throw err;
  }
  if (args.values.json) {
    for (const story of page.items) process.stdout.write(`${JSON.stringify(await groupingOf(ctx, story.id))}\n`);
  } else {
    for (const story of page.items) {
      const counts = `${plural(story.articleCount, 'account')} · ${plural(story.sourceCount, 'outlet')}`;
      process.stdout.write(`${story.headline}\n  ${counts} · ${story.lastSeen.slice(0, 10)} · ${story.id}\n`);
    }
  }
  process.stderr.write(
    `${plural(page.total, 'story')}${since ? ` since ${since}` : ''}; ${page.items.length} shown` +
      (page.nextCursor ? `; next page: --cursor ${page.nextCursor}, or --all for every story` : '') +
      '\n',
  );
  return 0;
}

/** One story as `--json` prints it: its articles' ids, addresses, headlines and outlets. */
async function groupingOf(ctx: AppContext, storyId: string): Promise<Grouping> {
  const story = await ctx.store.getStory(storyId);
  const articles = await ctx.store.getArticles(story?.articles.map((account) => account.id) ?? []);
  return {
    id: storyId,
    headline: story?.headline ?? '',
    articles: articles.map((a) => ({ id: a.id, url: a.url, headline: a.headline, source: a.source.name })),
  };
}

/** Every story with every article, those of one article too: each stored article is in exactly one. */
async function printGrouping(ctx: AppContext, args: CommandArgs): Promise<number> {
  const json = Boolean(args.values.json);
  let stories = 0;
  let articles = 0;
  for await (const story of ctx.store.eachStoryGrouping(sinceOf(args))) {
    stories++;
    articles += story.articles.length;
    if (json) {
      process.stdout.write(`${JSON.stringify(story)}\n`);
      continue;
    }
    const lines = story.articles.map((a) => `  ${a.source} · ${a.headline} · ${a.id}\n`).join('');
    process.stdout.write(`${story.headline} · ${story.id}\n${lines}`);
  }
  const waiting = await ctx.store.countUnplaced();
  process.stderr.write(
    `${plural(articles, 'article')} in ${plural(stories, 'story')}` +
      (waiting > 0 ? `; ${waiting} wait to be placed (readout serve or poll places them)` : '') +
      '\n',
  );
  return 0;
}

async function show(ctx: AppContext, id: string, json: boolean): Promise<number> {
  const found = await findStory(ctx, id);
  if (!found) throw new UserError('not-found', `no story has the id ${id}; readout stories lists them`);
  let story: StoryDetail | null;
  if ('redirect' in found) {
    process.stderr.write(`story ${id} was merged into ${found.redirect}\n`);
    story = await ctx.store.getStory(found.redirect);
    if (!story) throw new UserError('not-found', `story ${id} was merged into ${found.redirect}, which is gone`);
  } else story = found.story;
  if (json) {
    process.stdout.write(`${JSON.stringify(story)}\n`);
    return 0;
  }
  process.stdout.write(describe(story));
  return 0;
}

/** A story as `stories show` prints it: headline, counts and dates, then accounts, outlets and entities. */
function describe(story: StoryDetail): string {
  const span = story.firstSeen.slice(0, 10) === story.lastSeen.slice(0, 10) ? '' : ` to ${story.lastSeen.slice(0, 10)}`;
  const lines = [
    story.headline,
    `${plural(story.articleCount, 'account')} from ${plural(story.sourceCount, 'outlet')}, ` +
      `${story.firstSeen.slice(0, 10)}${span} · ${story.id}${story.byHand ? ' · corrected by hand' : ''}`,
    '',
    'Accounts:',
    ...story.articles.map((a) => `  ${a.sortAt.slice(0, 10)}  ${a.source.name} · ${a.headline} · ${a.id}`),
  ];
  if (story.articles.length < story.articleCount)
    lines.push(`  … and ${story.articleCount - story.articles.length} more`);
  lines.push('', 'Outlets:', ...story.sources.map((s) => `  ${s.source.name} (${s.articleCount})`));
  if (story.entities.length > 0) {
    lines.push('', 'Names:', ...story.entities.map((e) => `  ${e.name} (${e.kind}, ${plural(e.mentions, 'mention')})`));
  }
  return `${lines.join('\n')}\n`;
}

async function rebuild(ctx: AppContext): Promise<number> {
  const started = performance.now();
  const status = new StatusLine();
  const outcome = await rebuildStories(ctx, (done, left) => status.show(`regrouping: ${done} placed, ${left} to go`));
  status.clear();
  const all = await ctx.store.listStories({ perPage: 1 });
  const several = await ctx.store.listStories({ perPage: 1, singletons: 'none' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `regrouped ${plural(outcome.placed, 'article')}: ${plural(all.total, 'story')}, ` +
      `${several.total} with several accounts (${seconds} s)\n`,
  );
  return 0;
}

/** After a correction: the story the articles are in now. */
async function mended(ctx: AppContext, storyId: string, what: string, json: boolean): Promise<number> {
  const story = await ctx.store.getStory(storyId);
  if (json) process.stdout.write(`${JSON.stringify(story)}\n`);
  else if (story)
    process.stdout.write(`${what} story ${story.id}: ${story.headline} (${plural(story.articleCount, 'account')})\n`);
  return 0;
}

export default command;
