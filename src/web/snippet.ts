// A search hit's snippet as HTML: the store gives it as pieces of text, the matched ones to highlight.
import type { SnippetPart } from '../store/index.js';

/** Every piece escaped (as hono/jsx escapes text), the matched ones in <mark>. */
export function snippetHtml(parts: SnippetPart[]): string {
  return parts.map((part) => (part.matched ? `<mark>${escapeHtml(part.text)}</mark>` : escapeHtml(part.text))).join('');
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
