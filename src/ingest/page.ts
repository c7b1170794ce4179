// A web page's HTML as an article draft: the extractor (loaded on first use), and the page's canonical URL.
import type { ArticleDraft } from '../model.js';
import { pageCanonicalUrl } from './url.js';

/** The article of a page fetched from (or saved from) `url`; an ExtractionError when the page holds none. */
export async function pageDraft(html: string, url: string | null): Promise<ArticleDraft> {
  // Loaded on first use: linkedom is large, and a server that only serves pages never needs it.
  const { extractArticle } = await import('./html/index.js');
  const { leadImage: _leadImage, ...draft } = extractArticle(html, url ? { url } : {});
  return { ...draft, url: url ?? draft.url, canonicalUrl: pageCanonicalUrl(draft.canonicalUrl, url) };
}
