// A page's markup parsed once (linkedom) into a small plain tree that every extraction step walks.
// Walks are iterative: hostile pages nest elements thousands deep, and recursion would overflow the stack.
import { parseHTML } from 'linkedom';

export interface PageElement {
  tag: string;
  attrs: Record<string, string>;
  parent: PageElement | null;
  /** Text nodes are plain strings, with entities decoded and whitespace as written. */
  children: PageNode[];
}

export type PageNode = PageElement | string;

export interface ParsedPage {
  root: PageElement;
  /** The text of each `<script type="application/ld+json">`, read before scripts are dropped. */
  jsonLd: string[];
}

/**
 * linkedom's parser slows down more than linearly with nesting depth and element count (100,000 nested divs
 * take seconds). Real article pages stay under 10,000 tags once scripts and styles are gone, and nest a few
 * dozen levels deep: markup is cut at the tag that passes either limit.
 */
export const maxTags = 20_000;
export const maxDepth = 1_000;

// Elements that never nest: void elements, and those the parser closes implicitly when a sibling opens.
const uncounted = new Set(
  'area base br col embed hr img input link meta source track wbr param keygen p li dt dd tr td th option optgroup thead tbody tfoot colgroup caption rb rt rp'.split(
    ' ',
  ),
);

// Never part of an article's text, and dropping them before parsing makes parsing faster.
const unparsed = /<(script|style|noscript|template|svg|math|textarea)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?(?:-->|$)/gi;
const jsonLdScript = /<script\b[^>]*type\s*=\s*["']?application\/ld\+json[^>]*>([\s\S]*?)<\/script\s*>/gi;

// Elements whose content is never article text.
const skippedTags = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'canvas',
  'iframe',
  'object',
  'embed',
  'input',
  'select',
  'textarea',
  'button',
  'option',
  'dialog',
]);

export function parsePage(html: string): ParsedPage {
  const jsonLd = Array.from(html.matchAll(jsonLdScript), (m) => m[1] ?? '');
  const markup = capTags(html.replace(unparsed, ''));
  const { document } = parseHTML(markup);
  return { root: toPageTree(document.documentElement), jsonLd };
}

function capTags(markup: string): string {
  const tag = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;
  let count = 0;
  let depth = 0;
  for (let m = tag.exec(markup); m; m = tag.exec(markup)) {
    if (++count > maxTags) return markup.slice(0, m.index);
    const name = m[2]!.toLowerCase();
    if (uncounted.has(name) || m[3]) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > maxDepth) return markup.slice(0, m.index);
  }
  return markup;
}

// The DOM types linkedom returns are loose; only these members are used.
interface DomNode {
  nodeType: number;
  nodeValue: string | null;
  localName?: string;
  childNodes: ArrayLike<DomNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

function toPageTree(documentElement: unknown): PageElement {
  const root: PageElement = { tag: 'html', attrs: {}, parent: null, children: [] };
  if (!documentElement) return root;
  const top = documentElement as DomNode;
  copyAttributes(top, root);
  const stack: Array<[DomNode, PageElement]> = [];
  pushChildren(top, root, stack);
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    if (node.nodeType === 3) {
      parent.children.push(node.nodeValue ?? '');
      continue;
    }
    if (node.nodeType !== 1) continue;
    const tag = (node.localName ?? '').toLowerCase();
    if (skippedTags.has(tag)) continue;
    const element: PageElement = { tag, attrs: {}, parent, children: [] };
    copyAttributes(node, element);
    if (isHidden(element)) continue;
    parent.children.push(element);
    pushChildren(node, element, stack);
  }
  return root;
}

function pushChildren(node: DomNode, parent: PageElement, stack: Array<[DomNode, PageElement]>): void {
  const children = node.childNodes;
  for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, parent]);
}

function copyAttributes(node: DomNode, element: PageElement): void {
  const attributes = node.attributes;
  if (!attributes) return;
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i]!;
    element.attrs[attribute.name.toLowerCase()] = attribute.value;
  }
}

const hiddenStyle = /display\s*:\s*none|visibility\s*:\s*hidden/i;

function isHidden(element: PageElement): boolean {
  const { attrs } = element;
  if ('hidden' in attrs) return true;
  if (attrs.style && hiddenStyle.test(attrs.style)) return true;
  return false;
}

/** Class and id, lowercased: what the generic boilerplate and content patterns are matched against. */
export function hintOf(element: PageElement): string {
  const { attrs } = element;
  return `${attrs.class ?? ''} ${attrs.id ?? ''}`.toLowerCase();
}

/** Every element under `root` (itself included) in document order, without recursion. */
export function* descendants(root: PageElement): Generator<PageElement> {
  const stack: PageElement[] = [root];
  while (stack.length > 0) {
    const element = stack.pop()!;
    yield element;
    for (let i = element.children.length - 1; i >= 0; i--) {
      const child = element.children[i]!;
      if (typeof child !== 'string') stack.push(child);
    }
  }
}

/** Every element under `root` in document order, skipping the subtrees of `skip`. */
export function inOrder(root: PageElement, skip: Set<PageElement> | null): PageElement[] {
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

export function findFirst(root: PageElement, tag: string): PageElement | null {
  for (const element of descendants(root)) if (element.tag === tag) return element;
  return null;
}

/**
 * The text under an element, whitespace collapsed. With `maxChars`, reading stops soon after that many
 * characters, so that asking whether an element is short costs little on a huge one.
 */
export function textOf(root: PageElement, maxChars = Number.POSITIVE_INFINITY): string {
  const parts: string[] = [];
  let length = 0;
  // Nesting without text costs visits too: a bounded read also bounds the elements it enters.
  let visits = Number.isFinite(maxChars) ? maxChars * 10 + 100 : Number.POSITIVE_INFINITY;
  const stack: PageNode[] = [root];
  while (stack.length > 0 && visits-- > 0) {
    const node = stack.pop()!;
    if (typeof node === 'string') {
      parts.push(node);
      length += node.length;
      if (length > maxChars * 4 + 200) break;
      continue;
    }
    if (node.tag === 'br') parts.push(' ');
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return collapse(parts.join(''));
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** An absolute http(s) URL for `href` on a page at `base`, or null. */
export function absoluteUrl(href: string | undefined, base: string | null): string | null {
  if (!href) return null;
  const trimmed = href.trim();
  if (!trimmed || trimmed.startsWith('#') || /^(javascript|mailto|tel|data):/i.test(trimmed)) return null;
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
