// Page furniture: navigation, share bars, comments and the like, told by tag, role, class and id, and found
// once per page so that the body's later walks skip it.
import { hintOf, inOrder, type PageElement } from './dom.js';

// Generic names of page furniture, matched against class and id (Readability's list, widened with the
// words that go-/rs-trafilatura use for share bars, newsletter boxes and promotions).
const furnitureHint =
  /(^|[\s_-])(ad|ads|adv|advert\w*|advertisement|banner|breadcrumbs?|combx|comments?|commentlist|community|cookie\w*|consent|disqus|footer|gdpr|masthead|menu|modal|nav|navbar|navigation|newsletter\w*|outbrain|pagination|pager|popup|promo\w*|recirc\w*|related|remark|replies|rss|share\w*|sharing|shoutbox|sidebar|skyscraper|social\w*|sponsor\w*|subscribe|subscription|taboola|tags|toolbar|trending|widget\w*|signup|sign-up|most-?popular|more-?stories|read-?more|jump-?link\w*|byline|author-?bio|dateline|timestamp)($|[\s_-])/;
const contentHint = /article|body|content|entry|main|post|story|text|blog|column/;
const furnitureTags = new Set(['nav', 'footer', 'aside', 'header', 'form', 'menu', 'address']);
const furnitureRoles = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'dialog', 'alert', 'menu']);

/** Whether an element's tag, role, class or id names page furniture (navigation, share bars, comments...). */
export function looksLikeFurniture(element: PageElement): boolean {
  if (furnitureTags.has(element.tag)) return true;
  const role = element.attrs.role;
  if (role && furnitureRoles.has(role)) return true;
  if (element.tag === 'body' || element.tag === 'article' || element.tag === 'main') return false;
  const hint = hintOf(element);
  if (hint.length < 2) return false;
  return furnitureHint.test(hint) && !contentHint.test(hint.replace(furnitureHint, ' '));
}

/**
 * The furniture elements to skip. A wrapper that holds most of the page's text is layout, not furniture,
 * whatever its name says (a `<form>` around the whole page, a "page-ad-margins" or "with-sidebar" wrapper).
 */
export function findFurniture(body: PageElement): Set<PageElement> {
  const order = inOrder(body, null);
  const chars = new Map<PageElement, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const element = order[i]!;
    let own = chars.get(element) ?? 0;
    for (const child of element.children) if (typeof child === 'string') own += child.trim().length;
    chars.set(element, own);
    if (element.parent && element !== body) chars.set(element.parent, (chars.get(element.parent) ?? 0) + own);
  }
  const total = chars.get(body) ?? 0;
  const furniture = new Set<PageElement>();
  const stack: PageElement[] = [body];
  while (stack.length > 0) {
    const element = stack.pop()!;
    const big = total > 0 && (chars.get(element) ?? 0) > total * 0.4;
    if (element !== body && !big && looksLikeFurniture(element)) {
      furniture.add(element);
      continue;
    }
    for (const child of element.children) if (typeof child !== 'string') stack.push(child);
  }
  return furniture;
}
