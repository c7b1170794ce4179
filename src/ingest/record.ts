// Article records as JSON (Readout's own export format, and POST /api/articles) to ArticleDrafts.
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { ArticleDraft } from '../model.js';

const text = (max: number) => z.string().max(max);
const optionalText = (max: number) => z.string().max(max).nullish();

export const RelatedLinkInput = z
  .object({
    title: text(1_000).min(1, 'a related link needs a title'),
    url: optionalText(4_000),
    paywalled: z.boolean().optional(),
  })
  .meta({ id: 'RelatedLinkInput' });

export const ArticleRecordInput = z
  .object({
    id: z
      .string()
      .regex(/^[0-9a-z][0-9a-z_-]{0,63}$/, 'id may hold only a-z, 0-9, - and _')
      .optional()
      .meta({ description: 'Kept when free, so that an export imported again keeps its ids.' }),
    url: optionalText(4_000),
    canonicalUrl: optionalText(4_000),
    headline: text(1_000).trim().min(1, 'headline is empty'),
    deck: optionalText(2_000),
    byline: optionalText(500),
    publishedAt: optionalText(40).meta({
      description: 'ISO 8601 date or timestamp, e.g. 2026-11-03 or 2026-11-03T16:15:00-05:00',
    }),
    language: optionalText(35),
    source: z.union(
      [
        text(300).trim().min(1, 'source is empty'),
        z.object({
          id: z.string().optional(),
          name: text(300).trim().min(1, 'source name is empty'),
          homepage: optionalText(4_000),
          paywalled: z.boolean().optional(),
        }),
      ],
      { error: 'must be the outlet\'s name, or {"name": "...", "homepage": "...", "paywalled": true}' },
    ),
    paragraphs: z.array(text(100_000)).max(5_000).optional(),
    bodyHtml: optionalText(5_000_000).meta({ description: 'Sanitised before it is stored.' }),
    related: z.array(RelatedLinkInput).max(200).optional(),
    paywalled: z.boolean().optional(),
    extraction: z
      .object({ method: text(40), version: text(40) })
      .partial()
      .optional(),
    createdAt: optionalText(40),
  })
  .refine((r) => (r.paragraphs?.some((p) => p.trim() !== '') ?? false) || Boolean(r.bodyHtml?.trim()), {
    message: 'the article has no body: give "paragraphs" (an array of strings) or "bodyHtml"',
    path: ['paragraphs'],
  })
  .meta({
    id: 'ArticleInput',
    description: 'An article record to store; only headline, source and a body are required.',
  });

export type ArticleRecord = z.infer<typeof ArticleRecordInput>;

export class RecordError extends UserError {
  override name = 'RecordError';

  constructor(message: string, options?: ErrorOptions) {
    super('invalid', message, options);
  }
}

/** One human sentence for a zod failure: which field, what was wrong. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      const message =
        issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'is required' : issue.message;
      return `${where}${message}`;
    })
    .join('; ');
}

export function recordToDraft(record: ArticleRecord): ArticleDraft {
  const source = typeof record.source === 'string' ? { name: record.source } : record.source;
  return {
    id: record.id,
    url: record.url ?? null,
    canonicalUrl: record.canonicalUrl ?? null,
    headline: record.headline,
    deck: record.deck ?? null,
    byline: record.byline ?? null,
    publishedAt: record.publishedAt ?? null,
    language: record.language ?? null,
    source: { name: source.name, homepage: source.homepage ?? null, paywalled: source.paywalled ?? false },
    paragraphs: record.paragraphs ?? [],
    bodyHtml: record.bodyHtml ?? null,
    related: (record.related ?? []).map((r) => ({
      title: r.title,
      url: r.url ?? null,
      paywalled: r.paywalled ?? false,
    })),
    paywalled: record.paywalled ?? false,
    extraction: { method: record.extraction?.method ?? 'import', version: record.extraction?.version ?? '1' },
    createdAt: record.createdAt ?? undefined,
  };
}

/** Parses one JSON text (a JSONL line or a request body) into a draft, or throws RecordError. */
export function parseRecord(json: string): ArticleDraft {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new RecordError(`not JSON (${(err as Error).message})`);
  }
  return validateRecord(value);
}

export function validateRecord(value: unknown): ArticleDraft {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordError('expected a JSON object with at least headline, source and paragraphs');
  }
  const parsed = ArticleRecordInput.safeParse(value);
  if (!parsed.success) throw new RecordError(describeIssues(parsed.error));
  return recordToDraft(parsed.data);
}
