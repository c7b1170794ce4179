// bench:stories: how well the story clusterer groups articles into events, and how fast.
//
//   npm run bench:stories [-- --data FILE] [--synthetic N] [--quality false]
//
// Reads ../shared/data/stories/ecbplus-dev.jsonl (ECB+: each topic holds two events of the same kind), saves every
// document (title → headline, sentences → paragraphs, no dates) as an article in a real SQLite store in one of 5
// seeded random orders, and places them with the code that places a saved article (src/analysis/stories/place.ts,
// through the store's placement transactions), never telling it how many events there are. Scores pairwise and BCubed precision/recall/F1
// against `cluster`, as ../shared/data/README.md defines them: mean and worst of the 5 orders.
// (a) cross-validated by topic, the headline row: 5 folds of topics, each fold's threshold chosen on the other folds'
// topics, scored on the held-out fold while the whole stream is fed; (b) all topics at the default setting.
//
// How each setting was chosen. The threshold: per fold, on the other folds only (row a). Everything else in
// src/analysis/stories is fixed: the rules (size-corrected cosine, year conflict, stricter merges) and their constants
// (eventShare 0.3, yearConflict 0.2, mergeFactor 1.2, 10 candidates) were each kept only if they raised row (a), so
// they were picked by looking at held-out figures of these same 33 topics; that is a selection among a dozen
// variants, not a fit, but row (a) is not a figure on unseen topics. The default threshold (row b) is the value the
// folds chose, so row (b) is not held out at all; it shows what a fixed setting gives.
// Each run (documents, order, threshold) is made once and reused by every fold and row that asks for it.
// Then placement speed: a synthetic stream of N articles (default 200,000; 0 skips it) saved and placed into one store,
// the rate over its first 10,000 articles beside the rate over its last 10,000.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { defaultStorySettings, type StoryArticle } from '../src/analysis/stories/index.js';
import { placeArticles, rebuildStories } from '../src/analysis/stories/place.js';
import { loadConfig } from '../src/config.js';
import { type AppContext, createContext } from '../src/context.js';
import type { ArticleDraft } from '../src/model.js';
import { storyStream } from './story-stream.js';
import { createRandom } from './synthetic.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const defaultData = resolve(repoRoot, '../shared/data/stories/ecbplus-dev.jsonl');

// Evenly spaced over the size-corrected similarity's useful range (it estimates the cosine of two events: 1 for one
// event); set when the similarity changed scale, after its first run, wide enough that no fold's choice sits at an edge.
const thresholdGrid = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
// The second look's split threshold (src/analysis/stories/split.ts), on the same scale: a story's two groups of
// accounts less alike than this are two events.
const splitGrid = [0.4, 0.5, 0.6];

/** One setting the folds choose among: the join threshold and the split threshold. */
interface Setting {
  threshold: number;
  splitThreshold: number;
}

const grid: Setting[] = thresholdGrid.flatMap((threshold) =>
  splitGrid.map((splitThreshold) => ({ threshold, splitThreshold })),
);
const describe = (setting: Setting) => `${setting.threshold}/${setting.splitThreshold}`;
const orderSeeds = [1, 2, 3, 4, 5];
const foldCount = 5;

interface Document {
  id: string;
  topic: number;
  cluster: string;
  article: StoryArticle;
}

interface Scores {
  pairPrecision: number;
  pairRecall: number;
  pairF1: number;
  b3Precision: number;
  b3Recall: number;
  b3F1: number;
}

function readDocuments(path: string): Document[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const record = JSON.parse(line) as {
        id: string;
        topic: number;
        cluster: string;
        title: string;
        sentences: string[];
      };
      const article = {
        id: record.id,
        headline: record.title,
        deck: null,
        paragraphs: record.sentences,
        publishedAt: null,
        source: 'ECB+',
      };
      return { id: record.id, topic: record.topic, cluster: record.cluster, article };
    });
}

interface Run {
  stories: Map<string, string>;
  ms: number;
}

const runs = new Map<string, Run>();
const stores = new Map<string, AppContext>();
const scratch = mkdtempSync(join(tmpdir(), 'readout-bench-stories-'));

/** Feeds the documents in one seeded order; returns article id → story id and the time taken. Each is run once. */
async function cluster(documents: Document[], seed: number, setting: Setting): Promise<Run> {
  const key = `${documents.length}:${documents[0]?.id}:${seed}:${describe(setting)}`;
  let run = runs.get(key);
  if (!run) {
    run = await feed(documents, seed, setting);
    runs.set(key, run);
  }
  return run;
}

/** A store holding the documents saved in one seeded order (their stored times say the order); made once. */
async function storeFor(documents: Document[], seed: number): Promise<AppContext> {
  const key = `${documents.length}:${documents[0]?.id}:${seed}`;
  const known = stores.get(key);
  if (known) return known;
  const config = loadConfig({ READOUT_DB: join(scratch, `${stores.size}.db`), READOUT_SAMPLES: '0' });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  const start = Date.UTC(2026, 0, 1);
  const drafts: ArticleDraft[] = createRandom(seed)
    .shuffle(documents)
    .map((document, index) => ({
      id: document.id.toLowerCase().replace(/[^0-9a-z_-]/g, '-'),
      url: null,
      canonicalUrl: null,
      headline: document.article.headline,
      deck: null,
      byline: null,
      publishedAt: null,
      language: null,
      source: { name: 'ECB+', homepage: null, paywalled: false },
      paragraphs: document.article.paragraphs,
      related: [],
      paywalled: false,
      extraction: { method: 'ecb+', version: '1' },
      createdAt: new Date(start + index * 1000).toISOString(),
    }));
  await ctx.store.saveArticles(drafts);
  stores.set(key, ctx);
  return ctx;
}

/** Places every document again (a rebuild, in the order they were saved) at this setting. */
async function feed(documents: Document[], seed: number, setting: Setting): Promise<Run> {
  const ctx = await storeFor(documents, seed);
  const started = performance.now();
  await rebuildStories(ctx.store, undefined, { ...defaultStorySettings, ...setting });
  const ms = performance.now() - started;
  const stories = new Map<string, string>();
  for await (const story of ctx.store.eachStoryGrouping())
    for (const article of story.articles) stories.set(article.id, story.id);
  const byStoredId = new Map(documents.map((d) => [d.id.toLowerCase().replace(/[^0-9a-z_-]/g, '-'), d.id]));
  return { stories: new Map([...stories].map(([id, story]) => [byStoredId.get(id) ?? id, story])), ms };
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const pairs = (n: number) => (n * (n - 1)) / 2;

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Pairwise and BCubed scores of predicted against gold labels, over the same items. */
function score(items: { gold: string; predicted: string }[]): Scores {
  const gold = countBy(items.map((i) => i.gold));
  const predicted = countBy(items.map((i) => i.predicted));
  const both = countBy(items.map((i) => `${i.gold}\u0000${i.predicted}`));
  let together = 0;
  for (const n of both.values()) together += pairs(n);
  let predictedPairs = 0;
  for (const n of predicted.values()) predictedPairs += pairs(n);
  let goldPairs = 0;
  for (const n of gold.values()) goldPairs += pairs(n);
  let b3p = 0;
  let b3r = 0;
  for (const item of items) {
    const shared = both.get(`${item.gold}\u0000${item.predicted}`)!;
    b3p += shared / predicted.get(item.predicted)!;
    b3r += shared / gold.get(item.gold)!;
  }
  const pairPrecision = predictedPairs === 0 ? 1 : together / predictedPairs;
  const pairRecall = goldPairs === 0 ? 1 : together / goldPairs;
  const b3Precision = b3p / items.length;
  const b3Recall = b3r / items.length;
  return {
    pairPrecision,
    pairRecall,
    pairF1: f1(pairPrecision, pairRecall),
    b3Precision,
    b3Recall,
    b3F1: f1(b3Precision, b3Recall),
  };
}

function scoreRun(
  documents: Document[],
  stories: Map<string, string>,
  prefix = '',
): { gold: string; predicted: string }[] {
  return documents.map((d) => ({ gold: d.cluster, predicted: `${prefix}${stories.get(d.id)}` }));
}

/** The setting with the best mean BCubed F1 on these documents (ties: the first in the grid); two orders keep it quick. */
async function tune(documents: Document[]): Promise<Setting> {
  let best = { setting: grid[0]!, f1: -1 };
  for (const setting of grid) {
    const runs: number[] = [];
    for (const seed of orderSeeds.slice(0, 2))
      runs.push(score(scoreRun(documents, (await cluster(documents, seed, setting)).stories)).b3F1);
    const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
    if (mean > best.f1) best = { setting, f1: mean };
  }
  return best.setting;
}

interface Row {
  label: string;
  runs: Scores[];
}

async function allTopics(documents: Document[]): Promise<Row> {
  const scores: Scores[] = [];
  for (const seed of orderSeeds)
    scores.push(score(scoreRun(documents, (await cluster(documents, seed, defaultStorySettings)).stories)));
  const label = `all topics, the default setting ${describe(defaultStorySettings)} (the folds' choice: not held out)`;
  return { label, runs: scores };
}

/** Articles placed per second over every run made, features included. */
function throughput(documents: Document[]): number {
  const ms = [...runs.values()].reduce((total, run) => total + run.ms, 0);
  return (documents.length * runs.size) / (ms / 1000);
}

/** Folds of topics; each fold's threshold tuned on the others, the whole stream fed, held-out items pooled. */
async function crossValidated(documents: Document[]): Promise<{ row: Row; chosen: string[] }> {
  const topics = [...new Set(documents.map((d) => d.topic))].sort((a, b) => a - b);
  const foldOf = new Map(topics.map((topic, i) => [topic, i % foldCount]));
  const pooled: { gold: string; predicted: string }[][] = orderSeeds.map(() => []);
  const chosen: string[] = [];
  for (let fold = 0; fold < foldCount; fold++) {
    const train = documents.filter((d) => foldOf.get(d.topic) !== fold);
    const heldOut = documents.filter((d) => foldOf.get(d.topic) === fold);
    const setting = await tune(train);
    chosen.push(describe(setting));
    process.stderr.write(`bench:stories: fold ${fold + 1}: threshold/split ${describe(setting)}\n`);
    for (const [order, seed] of orderSeeds.entries())
      pooled[order]!.push(...scoreRun(heldOut, (await cluster(documents, seed, setting)).stories, `${fold}:`));
  }
  const label = `**cross-validated by topic (${foldCount} folds), pooled held-out**`;
  return { row: { label, runs: pooled.map((items) => score(items)) }, chosen };
}

function cells(row: Row, articlesPerSecond: number): string {
  const keys: (keyof Scores)[] = ['pairPrecision', 'pairRecall', 'pairF1', 'b3Precision', 'b3Recall', 'b3F1'];
  const figures = keys.map((key) => {
    const values = row.runs.map((run) => run[key]);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return `${mean.toFixed(3)} / ${Math.min(...values).toFixed(3)}`;
  });
  return `| ${row.label} | ${figures.join(' | ')} | ${articlesPerSecond.toFixed(0)} |`;
}

/**
 * Placement speed as the store grows: a synthetic stream (bench/story-stream.ts) saved into a fresh SQLite store in
 * chunks and placed chunk by chunk with the saved-article code; the rate is measured over the first 10,000 articles
 * and over the last 10,000 before `count`.
 */
async function stream(count: number): Promise<{ first: number; last: number; stories: number }> {
  const config = loadConfig({ READOUT_DB: join(scratch, 'stream.db'), READOUT_SAMPLES: '0' });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  const window = 10_000;
  const rates: number[] = [];
  let chunk: ArticleDraft[] = [];
  let saved = 0;
  const place = async () => {
    const ids = (await ctx.store.saveArticles(chunk)).flatMap((r) => ('id' in r ? [r.id] : []));
    chunk = [];
    const started = performance.now();
    await placeArticles(ctx.store, ids);
    rates.push(ids.length / ((performance.now() - started) / 1000));
    saved += ids.length;
    if (saved % 20_000 === 0) process.stderr.write(`bench:stories: ${saved} articles placed\n`);
  };
  for (const draft of storyStream(count)) {
    chunk.push(draft);
    if (chunk.length === window / 10) await place();
  }
  if (chunk.length > 0) await place();
  const { total } = await ctx.store.listStories({ perPage: 1 });
  await ctx.close();
  // Harmonic means: articles over the seconds they took, per window of ten chunks.
  const rate = (part: number[]) => part.length / part.reduce((sum, r) => sum + 1 / r, 0);
  return { first: rate(rates.slice(0, 10)), last: rate(rates.slice(-10)), stories: total };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      synthetic: { type: 'string', default: '200000' },
      // --quality false times the stream alone (the ECB+ runs take most of the benchmark's time).
      quality: { type: 'string', default: 'true' },
    },
  });
  const path = values.data ? resolve(values.data) : defaultData;
  if (!existsSync(path)) {
    process.stderr.write(`bench:stories: the reference data is missing: ${path} does not exist.\n`);
    process.exit(1);
  }
  const documents = readDocuments(path);
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const header = `${new Date().toISOString().slice(0, 10)}, ${cpu} (${os.cpus().length} cores), Node ${process.version}, \`npm run bench:stories\``;
  const quality =
    values.quality !== 'false' ? { ...(await crossValidated(documents)), all: await allTopics(documents) } : null;
  for (const ctx of stores.values()) await ctx.close();
  const streamed = Number(values.synthetic);
  const timing = streamed > 0 ? await stream(streamed) : null;
  rmSync(scratch, { recursive: true, force: true });
  const speed = throughput(documents);
  process.stdout.write(
    [
      header,
      '',
      ...(quality
        ? [
            `${documents.length} articles; each cell is mean / worst of ${orderSeeds.length} random orders; join/split thresholds chosen per fold: ${quality.chosen.join(', ')} (grid ${thresholdGrid.join(', ')} × ${splitGrid.join(', ')}); articles/s over all ${runs.size} runs, features included`,
            '',
            '| run | pair P | pair R | pair F1 | BCubed P | BCubed R | BCubed F1 | articles/s |',
            '|---|---|---|---|---|---|---|---|',
            cells(quality.row, speed),
            cells(quality.all, speed),
            '',
          ]
        : []),
      ...(timing
        ? [
            `Placement on a synthetic stream of ${streamed.toLocaleString('en')} articles (${timing.stories.toLocaleString('en')} stories), saved and placed 1,000 at a time into one SQLite store:`,
            '',
            '| stored articles | articles/s placed | vs. the first 10,000 |',
            '|---|---|---|',
            `| first 10,000 | ${timing.first.toFixed(0)} | 1.00 |`,
            `| last 10,000 before ${streamed.toLocaleString('en')} | ${timing.last.toFixed(0)} | ${(timing.last / timing.first).toFixed(2)} |`,
            '',
          ]
        : []),
    ].join('\n'),
  );
}

await main();
