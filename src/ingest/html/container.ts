// Which element holds the article: text and link lengths measured bottom up, paragraphs scored Readability's
// way, and the winner widened to the parent, common ancestor and siblings that share the story.
import { blockTags } from './blocks.js';
import { inOrder, type PageElement, textOf } from './dom.js';

const positiveHint = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/;
const negativeHint =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|newsletter|subscribe/;

interface Stats {
  chars: number;
  linkChars: number;
  commas: number;
  score: number;
  hasBlockChild: boolean;
}

/** The containers of the article, in document order; the page body itself when nothing scores. */
export function findContainers(body: PageElement, furniture: Set<PageElement>): PageElement[] {
  return chooseContainers(body, measure(body, furniture));
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
