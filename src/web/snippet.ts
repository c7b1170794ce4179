// A search hit's snippet as HTML: the store gives it as pieces of text, the matched ones to highlight.
import { escapeToBuffer } from 'hono/utils/html';
import type { SnippetPart } from '../store/index.js';

/** Every piece escaped as hono/jsx escapes text, the matched ones in <mark>: the same markup in pages and the API. */
export function snippetHtml(parts: SnippetPart[]): string {
  const html: [string] = [''];
  for (const part of parts) {
    if (part.matched) html[0] += '<mark>';
    escapeToBuffer(part.text, html);
    if (part.matched) html[0] += '</mark>';
  }
  return html[0];
}
