// "More from", "Related", "Read more" blocks: links to other articles, kept as related entries, never as body.
import type { RelatedLink } from '../../model.js';
import { absoluteUrl, collapse, descendants, hintOf, type PageElement, textOf } from './dom.js';

const relatedHint =
  /related|more-?from|read-?more|recirc|see-?also|also-?read|recommend|more-?stories|more-?news|further-?reading|more-?articles|morelinks/;
const relatedHeading =
  /^(more from|more on|more in|related|read more|read also|read next|see also|also read|recommended|more stories|more news|you may also like|you might also like|further reading|more articles|also on|up next)\b/i;
const maxRelated = 20;

/** Links to other articles in the page's related blocks, by title and absolute URL, without repeats. */
export function findRelatedLinks(root: PageElement, pageUrl: string | null, paywalled: boolean): RelatedLink[] {
  const blocks: PageElement[] = [];
  const stack: PageElement[] = [root];
  while (stack.length > 0) {
    const element = stack.pop()!;
    const isBlock = element.tag !== 'a' && element.tag !== 'body' && element.tag !== 'html';
    if (isBlock && (relatedHint.test(hintOf(element)) || hasRelatedHeading(element))) {
      blocks.push(element);
      continue;
    }
    for (let i = element.children.length - 1; i >= 0; i--) {
      const child = element.children[i]!;
      if (typeof child !== 'string') stack.push(child);
    }
  }
  const seen = new Set<string>(pageUrl ? [withoutHash(pageUrl)] : []);
  const links: RelatedLink[] = [];
  for (const block of blocks) {
    for (const element of descendants(block)) {
      if (element.tag !== 'a' || links.length >= maxRelated) continue;
      const url = absoluteUrl(element.attrs.href, pageUrl);
      const title = collapse(textOf(element));
      if (!url || !looksLikeHeadline(title) || !looksLikeArticleUrl(url, pageUrl)) continue;
      const key = withoutHash(url);
      if (seen.has(key)) continue;
      seen.add(key);
      links.push({ title, url, paywalled });
    }
  }
  return links;
}

function hasRelatedHeading(element: PageElement): boolean {
  // The block's heading is its first element child: an h2-h4, or a short label.
  const first = element.children.find((child): child is PageElement => typeof child !== 'string');
  if (!first || !/^(h[2-6]|div|span|p|strong|header)$/.test(first.tag)) return false;
  if (!element.children.some((child) => typeof child !== 'string' && child !== first)) return false;
  const text = textOf(first, 60);
  return text.length > 0 && text.length < 60 && relatedHeading.test(text);
}

function looksLikeHeadline(title: string): boolean {
  const words = title.split(/\s+/).length;
  return title.length >= 15 && title.length <= 300 && words >= 3;
}

/** An article on the same site, not its home page, a section front or a tag page. */
function looksLikeArticleUrl(url: string, pageUrl: string | null): boolean {
  try {
    const target = new URL(url);
    if (target.pathname.split('/').filter(Boolean).length === 0) return false;
    if (/\/(tags?|topics?|category|author|authors|section)\//.test(target.pathname)) return false;
    if (!pageUrl) return true;
    const page = new URL(pageUrl);
    return registrable(target.hostname) === registrable(page.hostname);
  } catch {
    return false;
  }
}

function registrable(hostname: string): string {
  return hostname.split('.').slice(-2).join('.');
}

function withoutHash(url: string): string {
  return url.replace(/#.*$/, '');
}
