// A link clipped: the stored article when Readout has it, else fetched, extracted and saved.
import type { AppContext } from '../context.js';
import { InputError, isBadInput } from '../errors.js';
import { pageDraft } from '../ingest/page.js';
import { canonicaliseUrl, parseArticleUrl } from '../ingest/url.js';
import type { SaveResult } from '../model.js';
import { placeSaved } from './stories.js';

export interface ClipResult extends SaveResult {
  headline: string;
  /** False when Readout already had the article under that URL and fetched nothing. */
  fetched: boolean;
}

/**
 * Clips one link: the stored article when Readout has it under that URL (tracking parameters aside),
 * else fetch (through the guarded HTTP module), extract and store. Its UserErrors: InvalidUrl for text that is
 * no http(s) link, FetchRefused or FetchFailed from the HTTP module, and an unprocessable one for a page
 * without an article the store can keep.
 */
export async function clipUrl(ctx: AppContext, link: string): Promise<ClipResult> {
  const url = parseArticleUrl(link);
  const known = await ctx.store.findArticleByUrl(canonicaliseUrl(url));
  if (known) return { outcome: 'duplicate', id: known.id, headline: known.headline, fetched: false };
  const page = await ctx.http.fetchPage(url.href);
  const draft = await pageDraft(page.html, page.url);
  try {
    const result = await ctx.store.saveArticle(draft);
    await placeSaved(ctx, [result.id]);
    return { ...result, headline: draft.headline, fetched: true };
  } catch (err) {
    // The page, not the link the user gave, holds what the store refused.
    if (isBadInput(err)) throw new InputError(err.message, 'unprocessable', { cause: err });
    throw err;
  }
}
