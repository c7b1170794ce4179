// An article body: paragraphs (stored as the lines of body_text), sanitised HTML where it says more, and plain text.
import sanitizeHtml from 'sanitize-html';

const allowed: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'ul',
    'ol',
    'li',
    'blockquote',
    'figure',
    'figcaption',
    'em',
    'strong',
    'b',
    'i',
    'a',
    'br',
    'q',
    'cite',
    'sub',
    'sup',
    'pre',
    'code',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'caption',
    'dl',
    'dt',
    'dd',
    'hr',
    'small',
    'mark',
  ],
  // rel is allowed only because transformTags sets it: the attribute filter runs after the transform, and would
  // strip the rel it adds. The link's own rel (and target, never allowed) is replaced.
  allowedAttributes: { a: ['href', 'title', 'rel'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener' }) },
  disallowedTagsMode: 'discard',
};

const textEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes text for an element's content, the way the sanitiser writes it, so that stored HTML round-trips. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (ch) => textEntities[ch]!);
}

export function sanitizeBodyHtml(html: string): string {
  return sanitizeHtml(html, allowed).trim();
}

export function paragraphsToHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
}

const blockEnd = /<\/(p|h[1-6]|li|blockquote|figcaption|pre|tr|dd|dt)>|<br\s*\/?>/gi;

/** Text of each block of already-sanitised HTML: used when a record carries HTML but no paragraphs. */
export function htmlToParagraphs(html: string): string[] {
  const marked = html.replace(blockEnd, '$&\n\n');
  const text = sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {} });
  return text
    .split(/\n\s*\n/)
    .map((p) => decodeEntities(p).replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}
