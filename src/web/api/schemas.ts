// The JSON shapes of the API: one zod schema each gives validation, types and /api/openapi.json.
import { z } from '@hono/zod-openapi';

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
