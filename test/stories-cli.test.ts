// `readout stories` and `readout import --wait`: listing, the whole grouping as JSON lines, one story, regrouping
// that keeps a reader's corrections, and clear refusals for wrong input.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StoryDetail } from '../src/model.js';
import { placeAllWaiting } from '../src/pipeline/stories.js';
import { openTestStore, runCli, type TestStore } from './harness.js';
import { singles as allSingles, day, draft, wire } from './story-drafts.js';

interface Grouping {
  id: string;
  headline: string;
  articles: { id: string; url: string | null; headline: string; source: string }[];
}

// The first three of the events told once.
const singles = allSingles.slice(0, 3);

const jsonLines = <T>(text: string): T[] =>
  text
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);

describe('readout stories', () => {
  let store: TestStore;
  const wireIds: string[] = [];
  const singleIds: string[] = [];
  before(async () => {
    store = await openTestStore();
    for (const source of ['Harbour Ledger', 'Coastal Wire'])
      wireIds.push(
        (
          await store.ctx.store.saveArticle(
            draft(source, 'Kestrel Harbour votes to close ferry terminal', wire, day(1)),
          )
        ).id,
      );
    for (const [i, [source, headline, text]] of singles.entries())
      singleIds.push((await store.ctx.store.saveArticle(draft(source, headline, [text], day(30 + i * 20)))).id);
    await placeAllWaiting(store.ctx);
  });
  after(() => store.close());

  const cli = (...args: string[]) => runCli(['stories', ...args], store.env);

  it('lists the stories, the one of several accounts first, with counts and ids', async () => {
    const result = await cli();
    assert.equal(result.code, 0, result.stderr);
    const story = (await store.ctx.store.getArticle(wireIds[0]!))!.storyId!;
    assert.match(
      result.stdout,
      new RegExp(`^Kestrel Harbour votes to close ferry terminal\\n  2 accounts · 2 outlets · ${day(1)} · ${story}\\n`),
    );
    assert.match(result.stdout, /Glassworks museum opens in Tovik\n {2}1 account · 1 outlet/);
    assert.match(result.stderr, /^4 stories; 4 shown\n$/);

    const recent = await cli('--since', '7d', '--json');
    assert.equal(recent.code, 0, recent.stderr);
    const [only, ...rest] = jsonLines<Grouping>(recent.stdout);
    assert.deepEqual(rest, []);
    assert.equal(only!.id, story);
    assert.deepEqual(only!.articles.map((a) => a.source).sort(), ['Coastal Wire', 'Harbour Ledger']);

    const first = await cli('--limit', '1');
    assert.match(first.stderr, /^4 stories; 1 shown; next page: --cursor \S+/);
  });

  it('prints the whole grouping with --json --all: every stored article exactly once', async () => {
    const result = await cli('--json', '--all');
    assert.equal(result.code, 0, result.stderr);
    const stories = jsonLines<Grouping>(result.stdout);
    const listed = stories.flatMap((story) => story.articles.map((a) => a.id)).sort();
    assert.deepEqual(listed, [...wireIds, ...singleIds].sort());
    for (const story of stories) assert.deepEqual(Object.keys(story), ['id', 'headline', 'articles']);
    assert.match(result.stderr, /^5 articles in 4 stories\n$/);
  });

  it('shows one story with its accounts, outlets and names, as text or JSON', async () => {
    const id = (await store.ctx.store.getArticle(wireIds[0]!))!.storyId!;
    const text = await cli('show', id);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Kestrel Harbour votes to close ferry terminal\n2 accounts from 2 outlets/);
    assert.match(text.stdout, /\nOutlets:\n {2}Coastal Wire \(1\)\n {2}Harbour Ledger \(1\)\n/);
    assert.match(text.stdout, /\nNames:\n(.*\n)* {2}Ingrid Solberg \(person, /);
    const json = await cli('show', id, '--json');
    const story = JSON.parse(json.stdout) as StoryDetail;
    assert.deepEqual(story.articles.map((a) => a.id).sort(), [...wireIds].sort());
  });

  it('refuses wrong input with a reason and a non-zero exit code', async () => {
    for (const [args, code, reason] of [
      [['show', 'no-such-story'], 1, /^readout stories: no story has the id no-such-story/],
      [['split', 'no-such-article'], 1, /^readout stories: no article has the id no-such-article/],
      [['move', wireIds[0]!, 'no-such-story'], 1, /no story has the id no-such-story/],
      [['--since', 'yesterday'], 2, /--since "yesterday" is neither an ISO 8601 date/],
      [['--limit', '0'], 2, /--limit must be a whole number from 1 to 200/],
      [['--cursor', 'garbage'], 1, /--cursor: cursor is not one Readout gave out/],
      [['move', wireIds[0]!], 2, /move needs <article-id> <story-id>/],
      [['show'], 2, /show needs <story-id>/],
      [['frobnicate'], 2, /unknown action "frobnicate"/],
      [['--all', '--limit', '3'], 2, /--all lists every story/],
    ] as const) {
      const result = await cli(...args);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, reason, args.join(' '));
    }
  });

  it('keeps a move made by hand through a rebuild', async () => {
    const wireStory = (await store.ctx.store.getArticle(wireIds[0]!))!.storyId!;
    const moved = await cli('move', singleIds[0]!, wireStory);
    assert.equal(moved.code, 0, moved.stderr);
    assert.equal(
      moved.stdout,
      `moved article ${singleIds[0]} into story ${wireStory}: Kestrel Harbour votes to close ferry terminal (3 accounts)\n`,
    );
    const rebuilt = await cli('rebuild');
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    // The three accounts the reader put together stay where they are; the other articles are placed again.
    assert.match(rebuilt.stdout, /^regrouped 2 articles: \d+ stories, \d+ with several accounts \(\d+\.\d s\)\n$/);
    // Not a terminal: no progress line.
    assert.equal(rebuilt.stderr, '');
    assert.equal((await store.ctx.store.getArticle(singleIds[0]!))!.storyId, wireStory);
    const grouping = jsonLines<Grouping>((await cli('--json', '--all')).stdout);
    assert.deepEqual(
      grouping.flatMap((story) => story.articles.map((a) => a.id)).sort(),
      [...wireIds, ...singleIds].sort(),
    );
  });

  it('merges one story into another; the old id then shows the story it went into', async () => {
    const into = (await store.ctx.store.getArticle(wireIds[0]!))!.storyId!;
    const from = (await store.ctx.store.getArticle(singleIds[1]!))!.storyId!;
    const merged = await cli('merge', from, into, '--json');
    assert.equal(merged.code, 0, merged.stderr);
    const story = JSON.parse(merged.stdout) as StoryDetail;
    assert.equal(story.id, into);
    assert.ok(story.articles.some((a) => a.id === singleIds[1]));
    const old = await cli('show', from);
    assert.equal(old.code, 0, old.stderr);
    assert.match(old.stderr, new RegExp(`^story ${from} was merged into ${into}\n$`));
    assert.ok(old.stdout.split('\n')[1]!.includes(` · ${into}`), old.stdout);
  });

  it('keeps a split made by hand through a rebuild', async () => {
    const split = await cli('split', wireIds[1]!);
    assert.equal(split.code, 0, split.stderr);
    assert.match(split.stdout, new RegExp(`^split article ${wireIds[1]} into story \\S+: .* \\(1 account\\)\\n$`));
    assert.equal((await cli('rebuild')).code, 0);
    const one = (await store.ctx.store.getArticle(wireIds[0]!))!.storyId;
    const other = (await store.ctx.store.getArticle(wireIds[1]!))!.storyId;
    assert.notEqual(one, other);
    const stories = await store.ctx.store.listStories({ perPage: 50 });
    for (const summary of stories.items) assert.ok((await store.ctx.store.getStory(summary.id))!.articles.length > 0);
  });
});

describe('readout import --wait', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
  });
  after(() => store.close());

  const records = (source: string) =>
    `${JSON.stringify({ headline: 'Kestrel Harbour votes to close ferry terminal', source, publishedAt: day(2), paragraphs: wire })}\n`;

  it('places the imported articles in stories before it returns', async () => {
    const file = join(store.dir, 'wire.jsonl');
    writeFileSync(file, records('Harbour Ledger') + records('Coastal Wire'));
    const result = await runCli(['import', '--wait', file], store.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /\nplaced 2 articles in stories \(1 story new or grown\) in \d+\.\d s\n$/);
    const grouping = jsonLines<Grouping>((await runCli(['stories', '--json', '--all'], store.env)).stdout);
    assert.equal(grouping.length, 1);
    assert.equal(grouping[0]!.articles.length, 2);
  });

  it('without --wait, says how many articles wait and what places them', async () => {
    const file = join(store.dir, 'more.jsonl');
    writeFileSync(file, records('Delta Post'));
    const result = await runCli(['import', file], store.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /\n1 article wait to be placed in stories: a running readout serve or readout poll places them/,
    );
    assert.equal(await store.ctx.store.countUnplaced(), 1);
  });
});
