// The article body: find the container that holds the story's paragraphs, then walk it into clean blocks
// (paragraphs, subheadings, list items, quotes, captions) with their text and simple HTML.
import { absoluteUrl, collapse, hintOf, type PageElement, type PageNode, textOf } from './dom.js';

export type BlockKind = 'p' | 'h2' | 'h3' | 'h4' | 'li' | 'blockquote' | 'figcaption' | 'pre';

export interface BodyBlock {
  kind: BlockKind;
  text: string;
  /** Inline HTML of the block: text with a, em, strong, b, i and br only. */
  html: string;
  /** The list (ul/ol) a list item belongs to, so that items of one list stay together. */
  list: PageElement | null;
  listTag: 'ul' | 'ol';
  /** The blockquote a paragraph sits in, so that its paragraphs stay together. */
  quote: PageElement | null;
  linkChars: number;
  /** Class and id of the element the block came from and its ancestors up to the container. */
  hints: string;
}

// Generic names of page furniture, matched against class and id (Readability's list, widened with the
// words that go-/rs-trafilatura use for share bars, newsletter boxes and promotions).
const furnitureHint =
  /(^|[\s_-])(ad|ads|adv|advert\w*|advertisement|banner|breadcrumbs?|combx|comments?|commentlist|community|cookie\w*|consent|disqus|footer|gdpr|masthead|menu|modal|nav|navbar|navigation|newsletter\w*|outbrain|pagination|pager|popup|promo\w*|recirc\w*|related|remark|replies|rss|share\w*|sharing|shoutbox|sidebar|skyscraper|social\w*|sponsor\w*|subscribe|subscription|taboola|tags|toolbar|trending|widget\w*|signup|sign-up|most-?popular|more-?stories|read-?more|jump-?link\w*|byline|author-?bio|dateline|timestamp)($|[\s_-])/;
const contentHint = /article|body|content|entry|main|post|story|text|blog|column/;
const positiveHint = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/;
const negativeHint =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|newsletter|subscribe/;
const furnitureTags = new Set(['nav', 'footer', 'aside', 'header', 'form', 'menu', 'address']);
const furnitureRoles = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'dialog', 'alert', 'menu']);

const blockTags = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'figure',
  'figcaption',
  'pre',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'td',
  'th',
  'hr',
  'center',
  'header',
  'footer',
  'aside',
  'nav',
  'details',
  'summary',
  'caption',
  'picture',
]);
const inlineMarkup = new Set(['em', 'strong', 'b', 'i']);

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

interface Stats {
  chars: number;
  linkChars: number;
  commas: number;
  score: number;
  hasBlockChild: boolean;
}

/** Finds the element holding the article and returns the blocks of it and of the siblings that belong. */
export function extractBody(body: PageElement, pageUrl: string | null): BodyBlock[] {
  const furniture = findFurniture(body);
  const stats = measure(body, furniture);
  const containers = chooseContainers(body, stats);
  const blocks: BodyBlock[] = [];
  for (const container of containers) collectBlocks(container, pageUrl, furniture, blocks);
  return blocks;
}

/** Every element under `root` in document order, skipping the subtrees of `skip`. */
function inOrder(root: PageElement, skip: Set<PageElement> | null): PageElement[] {
  const order: PageElement[] = [];
  const stack: PageElement[] = [root];
  while (stack.length > 0) {
    const element = stack.pop()!;
    order.push(element);
    for (let i = element.children.length - 1; i >= 0; i--) {
      const child = element.children[i]!;
      if (typeof child !== 'string' && !skip?.has(child)) stack.push(child);
    }
  }
  return order;
}

/**
 * The furniture elements to skip. A wrapper that holds most of the page's text is layout, not furniture,
 * whatever its name says (a `<form>` around the whole page, a "page-ad-margins" or "with-sidebar" wrapper).
 */
function findFurniture(body: PageElement): Set<PageElement> {
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

/** Text and link lengths of every element that is not furniture, bottom up, in one pass. */
function measure(body: PageElement, furniture: Set<PageElement>): Map<PageElement, Stats> {
  const order = inOrder(body, furniture);
  const stats = new Map<PageElement, Stats>();
  for (const element of order)
    stats.set(element, { chars: 0, linkChars: 0, commas: 0, score: 0, hasBlockChild: false });
  for (let i = order.length - 1; i >= 0; i--) {
    const element = order[i]!;
    const own = stats.get(element)!;
    for (const child of element.children) {
      if (typeof child === 'string') {
        own.chars += child.trim().length;
        own.commas += countCommas(child);
      }
    }
    if (element.tag === 'a') own.linkChars = own.chars;
    const parent = element.parent ? stats.get(element.parent) : undefined;
    if (parent && element !== body) {
      parent.chars += own.chars;
      parent.linkChars += own.linkChars;
      parent.commas += own.commas;
      if (blockTags.has(element.tag)) parent.hasBlockChild = true;
    }
  }
  return stats;
}

const scoredTags = new Set(['p', 'pre', 'td']);
const looseTextTags = new Set(['div', 'section', 'article', 'main', 'span', 'font', 'center']);

/** Readability-style scoring: each paragraph gives points to its parent and, less, to older ancestors. */
function chooseContainers(body: PageElement, stats: Map<PageElement, Stats>): PageElement[] {
  const candidates = new Map<PageElement, number>();
  for (const [element, stat] of stats) {
    const scoreable =
      scoredTags.has(element.tag) || (looseTextTags.has(element.tag) && !stat.hasBlockChild && stat.chars > 0);
    if (!scoreable || stat.chars < 25) continue;
    const points = 1 + stat.commas + Math.min(3, Math.floor(stat.chars / 100));
    let ancestor = element.parent;
    for (let level = 0; ancestor && level < 5; level++, ancestor = ancestor.parent) {
      if (!stats.has(ancestor)) break;
      if (!candidates.has(ancestor)) candidates.set(ancestor, initialScore(ancestor));
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      candidates.set(ancestor, candidates.get(ancestor)! + points / divider);
    }
  }
  let top: PageElement | null = null;
  let topScore = 0;
  for (const [element, score] of candidates) {
    const stat = stats.get(element)!;
    const final = score * (1 - linkDensity(stat));
    stat.score = final;
    if (final > topScore) {
      top = element;
      topScore = final;
    }
  }
  if (!top) return [body];
  top = climb(top, stats);
  top = commonContainer(top, topScore, candidates, stats, body);
  return withSiblings(top, stats);
}

/**
 * Stories cut into chunks (a chunk per ad slot) score as several strong candidates in different parents:
 * the article is their nearest common ancestor, short of the page body itself.
 */
function commonContainer(
  top: PageElement,
  topScore: number,
  candidates: Map<PageElement, number>,
  stats: Map<PageElement, Stats>,
  body: PageElement,
): PageElement {
  let container = top;
  const strong = [...candidates.keys()]
    .filter((candidate) => stats.get(candidate)!.score >= topScore * strongShare)
    .sort((a, b) => stats.get(b)!.score - stats.get(a)!.score)
    .slice(0, 10);
  for (const candidate of strong) {
    if (contains(container, candidate) || contains(candidate, container)) continue;
    const ancestor = nearestCommonAncestor(container, candidate);
    if (!ancestor || ancestor === body || ancestor.tag === 'html') continue;
    container = ancestor;
  }
  return container;
}

const strongShare = 0.6;

function contains(ancestor: PageElement, element: PageElement): boolean {
  for (let node: PageElement | null = element; node; node = node.parent) if (node === ancestor) return true;
  return false;
}

function nearestCommonAncestor(a: PageElement, b: PageElement): PageElement | null {
  const path = new Set<PageElement>();
  for (let node: PageElement | null = a; node; node = node.parent) path.add(node);
  for (let node: PageElement | null = b; node; node = node.parent) if (path.has(node)) return node;
  return null;
}

/** A parent that scores nearly as well holds the story too (the paragraphs are split across children). */
function climb(top: PageElement, stats: Map<PageElement, Stats>): PageElement {
  let current = top;
  const topScore = stats.get(top)!.score;
  let parent = current.parent;
  while (parent && parent.tag !== 'body' && stats.has(parent)) {
    const parentScore = stats.get(parent)!.score;
    if (parentScore < topScore * 0.75) break;
    current = parent;
    parent = current.parent;
  }
  return current;
}

/** Siblings of the chosen container that also carry article text (Readability's sibling rule). */
function withSiblings(top: PageElement, stats: Map<PageElement, Stats>): PageElement[] {
  const parent = top.parent;
  if (!parent) return [top];
  const topScore = stats.get(top)!.score;
  const threshold = Math.max(10, topScore * 0.2);
  const topClass = top.attrs.class ?? '';
  const chosen: PageElement[] = [];
  for (const sibling of parent.children) {
    if (typeof sibling === 'string') continue;
    if (sibling === top) {
      chosen.push(sibling);
      continue;
    }
    const stat = stats.get(sibling);
    if (!stat) continue;
    let score = stat.score;
    if (topClass && sibling.attrs.class === topClass) score += topScore * 0.2;
    if (score >= threshold) {
      chosen.push(sibling);
      continue;
    }
    if (sibling.tag === 'p') {
      const density = linkDensity(stat);
      const text = textOf(sibling, 2000);
      if ((stat.chars > 80 && density < 0.25) || (stat.chars > 0 && density === 0 && /\.( |$)/.test(text))) {
        chosen.push(sibling);
      }
    }
  }
  return chosen;
}

function initialScore(element: PageElement): number {
  let score = 0;
  switch (element.tag) {
    case 'div':
    case 'article':
    case 'main':
      score += 5;
      break;
    case 'pre':
    case 'td':
    case 'blockquote':
      score += 3;
      break;
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
      score -= 3;
      break;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      score -= 5;
      break;
  }
  return score + classWeight(element);
}

function classWeight(element: PageElement): number {
  let weight = 0;
  for (const name of [element.attrs.class, element.attrs.id]) {
    if (!name) continue;
    const lower = name.toLowerCase();
    if (negativeHint.test(lower)) weight -= 25;
    if (positiveHint.test(lower)) weight += 25;
  }
  return weight;
}

function linkDensity(stat: Stats): number {
  return stat.chars === 0 ? 0 : stat.linkChars / stat.chars;
}

function countCommas(text: string): number {
  let count = 0;
  for (const char of text) if (char === ',' || char === '，' || char === '、' || char === '،') count++;
  return count;
}

interface Buffer {
  kind: BlockKind;
  text: string;
  html: string;
  linkChars: number;
  list: PageElement | null;
  listTag: 'ul' | 'ol';
  quote: PageElement | null;
  hints: string;
  /** Inline elements opened in this block's HTML and not yet closed. */
  open: PageElement[];
}

type Step = { node: PageNode; parent: PageElement; exit: false } | { node: PageElement; exit: true };

/** Walks a container in document order, cutting its text into blocks at block-level elements. */
function collectBlocks(
  container: PageElement,
  pageUrl: string | null,
  furniture: Set<PageElement>,
  out: BodyBlock[],
): void {
  let buffer: Buffer | null = null;
  const flush = () => {
    if (!buffer) return;
    for (const open of buffer.open.reverse()) buffer.html += `</${open.tag}>`;
    const text = buffer.kind === 'pre' ? buffer.text.trim() : collapse(buffer.text);
    if (text) {
      out.push({
        kind: buffer.kind,
        text,
        html: buffer.html.trim().replace(/^(<br>\s*)+|(<br>\s*)+$/g, ''),
        list: buffer.list,
        listTag: buffer.listTag,
        quote: buffer.quote,
        linkChars: buffer.linkChars,
        hints: buffer.hints,
      });
    }
    buffer = null;
  };
  let linkDepth = 0;
  const stack: Step[] = [{ node: container, parent: container, exit: false }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const node = step.node;
    if (typeof node === 'string') {
      if (!node || step.exit) continue;
      if (!buffer) {
        if (!node.trim()) continue;
        buffer = openBuffer(step.parent, container);
      }
      buffer.text += node;
      buffer.html += escapeHtml(buffer.kind === 'pre' ? node : node.replace(/\s+/g, ' '));
      if (linkDepth > 0) buffer.linkChars += node.trim().length;
      continue;
    }
    if (step.exit) {
      if (node.tag === 'a') linkDepth--;
      if (node.tag === 'a' || inlineMarkup.has(node.tag)) {
        // Close only what this block opened; a block boundary inside an inline element already closed it.
        const index = buffer ? buffer.open.lastIndexOf(node) : -1;
        if (buffer && index !== -1) {
          for (const open of buffer.open.splice(index).reverse()) buffer.html += `</${open.tag}>`;
        }
      } else if (blockTags.has(node.tag)) {
        flush();
      }
      continue;
    }
    if (furniture.has(node)) continue;
    if (node.tag === 'br') {
      if (buffer) {
        buffer.text += '\n';
        buffer.html += '<br>';
      }
      continue;
    }
    if (node.tag === 'img' || node.tag === 'head' || node.tag === 'title') continue;
    if (blockTags.has(node.tag)) flush();
    else if (node.tag === 'a') {
      linkDepth++;
      const href = absoluteUrl(node.attrs.href, pageUrl);
      if (href) {
        buffer ??= openBuffer(step.parent, container);
        buffer.html += `<a href="${escapeHtml(href)}">`;
        buffer.open.push(node);
      }
    } else if (inlineMarkup.has(node.tag)) {
      buffer ??= openBuffer(step.parent, container);
      buffer.html += `<${node.tag}>`;
      buffer.open.push(node);
    }
    stack.push({ node, exit: true });
    for (let i = node.children.length - 1; i >= 0; i--)
      stack.push({ node: node.children[i]!, parent: node, exit: false });
  }
  flush();
}

/** A new block, its kind taken from the nearest block-level ancestor of where its text starts. */
function openBuffer(start: PageElement, container: PageElement): Buffer {
  const buffer: Buffer = {
    kind: 'p',
    text: '',
    html: '',
    linkChars: 0,
    list: null,
    listTag: 'ul',
    quote: null,
    hints: '',
    open: [],
  };
  let kindFound = false;
  let level = 0;
  // A dozen levels is enough to find the block's kind and quote; hostile nesting can be thousands deep.
  for (let element: PageElement | null = start; element && level < 12; element = element.parent, level++) {
    const hint = hintOf(element);
    if (hint.trim()) buffer.hints += ` ${hint}`;
    if (!kindFound) {
      const kind = kindOf(element);
      if (kind) {
        buffer.kind = kind;
        kindFound = true;
        if (kind === 'li' && element.parent) {
          buffer.list = element.parent;
          buffer.listTag = element.parent.tag === 'ol' ? 'ol' : 'ul';
        }
      }
    }
    if (element.tag === 'blockquote' && !buffer.quote) buffer.quote = element;
    if (element === container) break;
  }
  return buffer;
}

function kindOf(element: PageElement): BlockKind | null {
  switch (element.tag) {
    case 'h1':
    case 'h2':
      return 'h2';
    case 'h3':
      return 'h3';
    case 'h4':
    case 'h5':
    case 'h6':
      return 'h4';
    case 'li':
      return 'li';
    case 'figcaption':
      return 'figcaption';
    case 'pre':
      return 'pre';
    case 'p':
    case 'div':
    case 'td':
    case 'dd':
    case 'section':
      return 'p';
    case 'blockquote':
      return 'blockquote';
    default:
      return null;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

// Short lines that are page furniture wherever they appear.
const furnitureLine =
  /^(this (web)?site uses cookies|we use cookies|advertisement|advertising|anzeige|sponsored( content)?|story continues below|continue reading|read more|read next|see also|related( stories| articles| coverage| content)?:?|share (this|on|via)|share$|tweet$|email$|print$|follow us|sign up|subscribe|newsletter|click here|download (the|our) app|copyright|©|\(c\) \d{4}|all rights reserved|image( source)?:|photo:|getty images|skip to|back to top|comments?$|\d+ comments?|leave a (comment|reply)|view comments|recommended|trending|most (read|popular)|you may also like|more from)/i;

export interface BlockContext {
  headline: string | null;
  deck: string | null;
}

/** Drops the blocks that are furniture inside the article container: link lists, labels, repeats of the headline. */
export function cleanBlocks(blocks: BodyBlock[], context: BlockContext): BodyBlock[] {
  const headline = comparable(context.headline);
  const deck = comparable(context.deck);
  const kept: BodyBlock[] = [];
  for (const block of blocks) {
    const { text } = block;
    const density = block.linkChars / Math.max(1, text.length);
    if (density > 0.5 && block.kind !== 'pre') continue;
    if (text.length < 120 && furnitureLine.test(text)) continue;
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    const key = comparable(text);
    if (headline && key === headline) continue;
    if (kept.length === 0 && deck && key === deck) continue;
    if (kept.length < 5 && text.length < 80 && /^by\s+\p{Lu}/u.test(text)) continue;
    kept.push(block);
  }
  return kept;
}

function comparable(text: string | null): string {
  return text
    ? text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim()
    : '';
}
