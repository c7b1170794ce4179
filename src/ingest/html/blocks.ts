// The article's blocks: a container walked in document order and cut into paragraphs, subheadings, list
// items, quotes and captions, each with its text and simple inline HTML.
import { absoluteUrl, collapse, hintOf, type PageElement, type PageNode } from './dom.js';

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

/** Elements that start and end a block; text inside them never runs on into the next. */
export const blockTags = new Set([
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
export function collectBlocks(
  container: PageElement,
  pageUrl: string | null,
  furniture: Set<PageElement>,
  out: BodyBlock[],
): void {
  let buffer: Buffer | null = null;
  const flush = () => {
    if (buffer) finishBlock(buffer, out);
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

/** Closes the inline elements a block left open and adds it to `out`, unless it holds no text. */
function finishBlock(buffer: Buffer, out: BodyBlock[]): void {
  for (const open of buffer.open.reverse()) buffer.html += `</${open.tag}>`;
  const text = buffer.kind === 'pre' ? buffer.text.trim() : collapse(buffer.text);
  if (!text) return;
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
