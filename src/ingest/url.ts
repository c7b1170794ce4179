// Article URLs in one canonical form, so that the same article reached by different links is stored once.
import { UserError } from '../errors.js';

/** Query parameters that only track where a reader came from; they never change the article. */
const trackingParameter =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|twclid|li_fat_id|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|ref_src|ref_url|cmpid|cmp|ocid|ncid|sr_share|smid|s_cid|ito|at_medium|at_campaign|at_custom\d|__twitter_impression|_ga|_gl)$/i;

export class InvalidUrl extends UserError {
  override name = 'InvalidUrl';

  constructor(message: string, options?: ErrorOptions) {
    super('invalid', message, options);
  }
}

/** Parses a URL a user typed; only absolute http(s) URLs are articles. */
export function parseArticleUrl(text: string): URL {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new InvalidUrl(`"${trimmed.slice(0, 100)}" is not a URL; give a link such as https://example.com/news/story`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidUrl(`only http and https links can be clipped, not ${url.protocol.replace(':', '')}`);
  }
  if (!url.hostname) throw new InvalidUrl(`"${trimmed.slice(0, 100)}" has no host name`);
  return url;
}

/**
 * The canonical form: lower-case host without a default port, no fragment, no tracking parameters, the
 * remaining parameters sorted, no trailing "?" or "index.html".
 */
export function canonicaliseUrl(input: string | URL): string {
  const url = new URL(input.toString());
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams.entries()].filter(([name]) => !trackingParameter.test(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  url.pathname = url.pathname.replace(/\/index\.html?$/i, '/');
  return url.href;
}

function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  // "news.bbc.co.uk" → "bbc.co.uk": a short second-level label under a country code is part of the suffix.
  const keep = labels.length > 2 && labels.at(-1)!.length === 2 && labels.at(-2)!.length <= 3 ? 3 : 2;
  return labels.slice(-keep).join('.');
}

function sameSite(a: string, b: string): boolean {
  try {
    return registrableDomain(new URL(a).hostname) === registrableDomain(new URL(b).hostname);
  } catch {
    return false;
  }
}

/**
 * The canonical URL of a page fetched from (or saved from) `url`: the one it claims, when that stays on the same
 * site, so that a page cannot claim to be (and overwrite) another site's article; else its own.
 */
export function pageCanonicalUrl(claimed: string | null, url: string | null): string | null {
  const canonical = claimed && (!url || sameSite(claimed, url)) ? claimed : url;
  return canonical ? canonicaliseUrl(canonical) : null;
}
