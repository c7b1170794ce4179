// A web page's HTML as an article draft: the extractor (loaded on first use), and the page's canonical URL.
import { InputError } from '../errors.js';
import type { ArticleDraft } from '../model.js';
import { pageCanonicalUrl } from './url.js';

/** The article of a page fetched from (or saved from) `url`; InputError when the page holds none. */
export async function pageDraft(html: string, url: string | null): Promise<ArticleDraft> {
  // Loaded on first use: linkedom is large, and a server that only serves pages never needs it.
  const { ExtractionError, extractArticle } = await import('./html/index.js');
  let extracted: ReturnType<typeof extractArticle>;
  try {
    extracted = extractArticle(html, url ? { url } : {});
  } catch (err) {
    if (err instanceof ExtractionError) throw new InputError(err.message);
    throw err;
  }
  const { leadImage: _leadImage, ...draft } = extracted;
  return { ...draft, url: url ?? draft.url, canonicalUrl: pageCanonicalUrl(draft.canonicalUrl, url) };
}
