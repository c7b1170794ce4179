// Article URLs in one canonical form, so that the same article reached by different links is stored once.

/** Query parameters that only track where a reader came from; they never change the article. */
const trackingParameter =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|twclid|li_fat_id|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|ref_src|ref_url|cmpid|cmp|ocid|ncid|sr_share|smid|s_cid|ito|at_medium|at_campaign|at_custom\d|__twitter_impression|_ga|_gl)$/i;

export class InvalidUrl extends Error {
  override name = 'InvalidUrl';
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
