// The JSON shapes of the API: one zod schema each gives validation, types and /api/openapi.json.
import { z } from '@hono/zod-openapi';
import { isDateProblem, readDate } from '../../calendar.js';

export const ErrorBody = z
  .object({
    error: z.string().meta({ description: 'What was wrong and what to do, in one sentence.' }),
    detail: z.unknown().meta({ description: 'Structured detail: the field, line or id concerned, or null.' }),
  })
  .meta({ id: 'Error' });

export const Source = z
  .object({ id: z.string(), name: z.string(), homepage: z.string().nullable(), paywalled: z.boolean() })
  .meta({ id: 'Source' });

export const SourceWithCount = Source.extend({
  articleCount: z.number().int(),
  latestAt: z.string().nullable(),
}).meta({ id: 'SourceWithCount' });

export const RelatedLink = z
  .object({ title: z.string(), url: z.string().nullable(), paywalled: z.boolean() })
  .meta({ id: 'RelatedLink' });

export const EntityMention = z
  .object({
    id: z.string().meta({ description: 'As in /api/entities/{id}' }),
    name: z.string().meta({ description: 'The fullest form of the name seen' }),
    kind: z.enum(['person', 'place', 'organisation']),
    mentions: z.number().int(),
  })
  .meta({ id: 'EntityMention', description: 'A person, place or organisation as an article or story names it' });

export const Article = z
  .object({
    id: z.string(),
    url: z.string().nullable(),
    canonicalUrl: z.string().nullable(),
    headline: z.string(),
    deck: z.string().nullable(),
    byline: z.string().nullable(),
    publishedAt: z.string().nullable().meta({ description: 'ISO 8601 date or timestamp' }),
    language: z.string().nullable(),
    source: Source,
    paragraphs: z.array(z.string()),
    bodyHtml: z.string().meta({ description: 'Sanitised HTML of the body' }),
    related: z.array(RelatedLink),
    paywalled: z.boolean(),
    extraction: z.object({ method: z.string(), version: z.string() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    storyId: z
      .string()
      .nullable()
      .meta({ description: 'The story it is an account of (/api/stories/{id}); null until it has been placed' }),
    entities: z.array(EntityMention).meta({ description: 'The people, places and organisations it names, most first' }),
  })
  .meta({ id: 'Article', description: 'An article record; each line of a JSONL export holds one.' });

export const ArticleList = z
  .object({
    items: z.array(Article),
    total: z.number().int(),
    page: z.number().int().meta({ description: '1-based; 1 when paging with a cursor' }),
    pageCount: z.number().int(),
    limit: z.number().int(),
    nextCursor: z.string().nullable().meta({ description: 'Pass as ?cursor= for the next page; null on the last' }),
  })
  .meta({ id: 'ArticleList' });

export const SaveResponse = z
  .object({
    outcome: z.enum(['imported', 'duplicate', 'updated']),
    article: Article,
    warnings: z
      .array(z.string())
      .optional()
      .meta({ description: 'What was left out, and why (a date not on the calendar)' }),
  })
  .meta({ id: 'SaveResult' });

export const Story = z
  .object({
    id: z.string(),
    headline: z.string().meta({ description: 'The headline of its lead account, the one closest to its centre' }),
    leadArticleId: z.string().nullable(),
    articleCount: z.number().int().meta({ description: 'Accounts of it Readout holds' }),
    sourceCount: z.number().int().meta({ description: 'Outlets those accounts come from' }),
    firstSeen: z.string().meta({ description: 'When its first account was published (else stored), ISO 8601' }),
    lastSeen: z.string().meta({ description: 'When its latest account was published (else stored), ISO 8601' }),
    coverage: z.array(z.number().int()).meta({ description: 'Accounts per equal slice of firstSeen to lastSeen' }),
  })
  .meta({ id: 'Story', description: 'One real-world event, told by one or more articles' });

export const StoryAccount = z
  .object({
    id: z.string().meta({ description: 'The article, as in /api/articles/{id}' }),
    headline: z.string(),
    deck: z.string().nullable(),
    byline: z.string().nullable(),
    publishedAt: z.string().nullable(),
    createdAt: z.string(),
    paywalled: z.boolean(),
    source: Source,
    sortAt: z.string().meta({ description: 'The time it sits at: published, else stored' }),
  })
  .meta({ id: 'StoryAccount' });

export const StoryDetail = Story.extend({
  articles: z.array(StoryAccount).meta({ description: 'Every account, oldest first (at most 1,000)' }),
  entities: z.array(EntityMention).meta({ description: 'What the accounts name, most named first' }),
  sources: z.array(z.object({ source: Source, articleCount: z.number().int() })),
  byHand: z.boolean().meta({ description: 'A reader moved, split or merged its accounts; regrouping keeps it' }),
}).meta({ id: 'StoryDetail' });

export const EntityDetail = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['person', 'place', 'organisation']),
    names: z
      .array(z.object({ name: z.string(), mentions: z.number().int() }))
      .meta({ description: 'The forms it was written under, most used first' }),
    articleCount: z.number().int(),
    mentionCount: z.number().int(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    weekly: z
      .array(z.object({ week: z.string(), mentions: z.number().int() }))
      .meta({ description: 'Mentions per week (the Monday that starts it), oldest first; weeks without left out' }),
    stories: z.array(Story),
    articles: z.array(StoryAccount).meta({ description: 'The articles that name it, newest first (at most 50)' }),
  })
  .meta({ id: 'Entity' });

/** How far back a `since` may reach as a span: `24h`, `7d`, `2w`. */
const spanUnits: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * A `since` as the API and the CLI take it: an ISO 8601 date or time, or a span back from `now` (`24h`, `7d`,
 * `2w`). The instant it names (ISO 8601), or why it names none (to follow the parameter's name).
 */
export function readSince(text: string, now = Date.now()): { at: string } | { problem: string } {
  const span = /^(\d{1,5})([hdw])$/.exec(text.trim());
  if (span) return { at: new Date(now - Number(span[1]) * spanUnits[span[2]!]!).toISOString() };
  const reading = readDate(text.trim());
  if (!isDateProblem(reading)) return { at: new Date(reading.start).toISOString() };
  if (reading.problem !== 'form') return { problem: `"${text}" ${reading.reason}` };
  return {
    problem: `"${text}" is neither an ISO 8601 date or time (2026-11-03, 2026-11-03T16:15Z) nor a span back from now (24h, 7d, 2w)`,
  };
}

/** A `since` query parameter, as the ISO instant it names. */
export const sinceParameter = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const since = readSince(text);
    if ('at' in since) return since.at;
    ctx.addIssue({ code: 'custom', message: since.problem });
    return z.NEVER;
  })
  .optional();

/** A query parameter that must be a whole number in a range, with a message that says so. */
export function wholeNumber(name: string, min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`))
    .optional();
}

export function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: ErrorBody } } };
}
