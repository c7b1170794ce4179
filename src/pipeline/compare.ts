// Comparing accounts: a story's accounts (or any articles a reader names) read from the store and lined up by
// src/analysis/compare. A story's comparison is kept until its accounts change (a new account, a move, a merge),
// so that a page view costs one store read, not a comparison.
import {
  type Account,
  type Comparison,
  compareAccounts,
  findQuotations,
  maxAccounts,
  sentencesOf,
} from '../analysis/compare/index.js';
import type { AppContext } from '../context.js';
import { UserError } from '../errors.js';
import type { Article, StoryDetail } from '../model.js';
import { findStory } from './stories.js';

export type { Comparison, Detail, DetailValue, QuotationGroup, Statement } from '../analysis/compare/index.js';
export { maxAccounts } from '../analysis/compare/index.js';

/** Most articles `POST /api/compare` and `readout compare` take at once. */
export const maxCompared = 200;

// Comparisons kept, per context (each process has one), by story id and the accounts it held.
const kept = new WeakMap<AppContext, Map<string, { version: string; comparison: Comparison }>>();
const keptStories = 200;

const asAccount = (article: Article): Account => ({
  articleId: article.id,
  source: article.source.name,
  publishedAt: article.publishedAt,
  headline: article.headline,
  paragraphs: article.paragraphs,
});

export type StoryComparison =
  | { storyId: string; headline: string; comparison: Comparison }
  | { redirect: string }
  | null;

/** A story's comparison: its newest `maxAccounts` accounts lined up; a merged story answers with where it went. */
export async function compareStory(ctx: AppContext, storyId: string): Promise<StoryComparison> {
  const found = await findStory(ctx, storyId);
  if (!found || 'redirect' in found) return found;
  return comparisonOf(ctx, found.story);
}

/** The comparison of a story already read (its page has it): kept until its accounts change. */
export async function comparisonOf(
  ctx: AppContext,
  story: StoryDetail,
): Promise<{ storyId: string; headline: string; comparison: Comparison }> {
  const ids = story.articles.slice(-maxAccounts).map((article) => article.id);
  const version = ids.join(',');
  const cache = kept.get(ctx) ?? new Map<string, { version: string; comparison: Comparison }>();
  kept.set(ctx, cache);
  const known = cache.get(story.id);
  if (known?.version === version) return { storyId: story.id, headline: story.headline, comparison: known.comparison };
  const articles = await ctx.store.getArticles(ids);
  const comparison = compareAccounts(articles.map(asAccount));
  cache.delete(story.id);
  cache.set(story.id, { version, comparison });
  if (cache.size > keptStories) cache.delete(cache.keys().next().value!);
  return { storyId: story.id, headline: story.headline, comparison };
}

/** The comparison of the articles named, in the order named; every id must name a stored article. */
export async function compareArticles(ctx: AppContext, ids: string[]): Promise<Comparison> {
  const unique = [...new Set(ids)];
  if (unique.length < 2) throw new UserError('invalid', 'name two or more different articles to compare');
  if (unique.length > maxCompared)
    throw new UserError('invalid', `at most ${maxCompared} articles can be compared at once, not ${unique.length}`);
  const articles = await ctx.store.getArticles(unique);
  const byId = new Map(articles.map((article) => [article.id, article]));
  const missing = unique.filter((id) => !byId.has(id));
  if (missing.length > 0)
    throw new UserError('not-found', `no article with id ${missing.map((id) => `"${id}"`).join(', ')}`);
  return compareAccounts(unique.map((id) => asAccount(byId.get(id)!)));
}

/** Where another account of the story gives a detail of this sentence differently. */
export interface Dispute {
  label: string;
  /** This account's value. */
  value: string;
  /** The other values, each with the outlets that give it. */
  others: { value: string; sources: string[] }[];
}

/**
 * The paragraphs of an article whose details another account of its story gives differently, paragraph → the
 * disputes in it; empty when the article is alone in its story.
 */
export async function disputesOf(ctx: AppContext, articleId: string, storyId: string): Promise<Map<number, Dispute[]>> {
  const disputes = new Map<number, Dispute[]>();
  const found = await compareStory(ctx, storyId);
  if (!found || 'redirect' in found) return disputes;
  for (const detail of found.comparison.details) {
    if (!detail.conflict) continue;
    for (const value of detail.values)
      for (const statement of value.accounts) {
        if (statement.articleId !== articleId) continue;
        const others = detail.values
          .filter((other) => other !== value && other.accounts.some((a) => a.articleId !== articleId))
          .map((other) => ({ value: other.value, sources: [...new Set(other.accounts.map((a) => a.source))] }));
        if (others.length === 0) continue;
        const here = disputes.get(statement.paragraph) ?? [];
        if (!here.some((d) => d.label === detail.label)) here.push({ label: detail.label, value: value.value, others });
        disputes.set(statement.paragraph, here);
      }
  }
  return disputes;
}

/** Who said what in one article: each quotation with its speaker and the sentence it stands in. */
export function quotationsOf(article: Article): { speaker: string; text: string; direct: boolean; sentence: string }[] {
  return findQuotations(sentencesOf(article.paragraphs), article.headline).map((quotation) => ({
    speaker: quotation.speaker,
    text: quotation.text,
    direct: quotation.direct,
    sentence: quotation.sentence.text,
  }));
}

/** A quotation as an entity's page lists it: what was said, where, and in which outlet. */
export interface SaidBy {
  text: string;
  direct: boolean;
  sentence: string;
  paragraph: number;
  articleId: string;
  headline: string;
  source: string;
  publishedAt: string | null;
}

/** How many of the latest articles naming a person or body are read for their quotations. */
export const saidByArticles = 30;

/**
 * What a person or body said in the latest articles that name them: each quotation whose speaker is one of the
 * names they were written under (a surname alone counts for a person). Read as it is asked for, from at most
 * `saidByArticles` articles.
 */
export async function quotationsBy(
  ctx: AppContext,
  entity: { kind: string; names: { name: string }[]; articles: { id: string }[] },
): Promise<SaidBy[]> {
  if (entity.kind === 'place') return [];
  const names = new Set(entity.names.map((n) => n.name.toLowerCase()));
  const surnames = new Set(
    entity.kind === 'person' ? [...names].filter((n) => n.includes(' ')).map((n) => n.split(' ').at(-1)!) : [],
  );
  const articles = await ctx.store.getArticles(entity.articles.slice(0, saidByArticles).map((a) => a.id));
  return articles.flatMap((article) =>
    findQuotations(sentencesOf(article.paragraphs), article.headline)
      .filter((q) => names.has(q.speaker.toLowerCase()) || surnames.has(q.speaker.toLowerCase()))
      .map((q) => ({
        text: q.text,
        direct: q.direct,
        sentence: q.sentence.text,
        paragraph: q.sentence.paragraph,
        articleId: article.id,
        headline: article.headline,
        source: article.source.name,
        publishedAt: article.publishedAt,
      })),
  );
}
