// The page's JSON-LD: the article object among its items, and its values read as text, names and image URLs.
import { collapse } from './dom.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const articleTypes =
  /^(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|SocialMediaPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle|WebPage)$/;

/** The article object of the page's JSON-LD: a news type wins over a generic one, @graph is searched. */
export function articleObject(jsonLd: string[]): JsonObject | null {
  let best: JsonObject | null = null;
  let bestRank = 0;
  for (const text of jsonLd) {
    let data: Json;
    try {
      data = JSON.parse(text.trim().replace(/^<!\[CDATA\[|\]\]>$/g, ''));
    } catch {
      continue;
    }
    const stack: Json[] = [data];
    let visited = 0;
    while (stack.length > 0 && visited++ < 1000) {
      const item = stack.pop();
      if (Array.isArray(item)) {
        stack.push(...item);
        continue;
      }
      if (!item || typeof item !== 'object') continue;
      if (Array.isArray(item['@graph'])) stack.push(...item['@graph']);
      if (item.mainEntity && typeof item.mainEntity === 'object') stack.push(item.mainEntity);
      const types = ([] as Json[]).concat(item['@type'] ?? []).filter((t): t is string => typeof t === 'string');
      for (const type of types) {
        if (!articleTypes.test(type)) continue;
        const rank = type === 'WebPage' ? 1 : /News|Reportage/.test(type) ? 3 : 2;
        if (rank > bestRank) {
          best = item;
          bestRank = rank;
        }
      }
    }
  }
  return best;
}

export function jsonText(value: Json | undefined): string | null {
  if (typeof value === 'string') return collapse(decodeEntities(value)) || null;
  if (Array.isArray(value)) return jsonText(value[0]);
  if (value && typeof value === 'object' && typeof value['@value'] === 'string') return jsonText(value['@value']);
  return null;
}

export function jsonName(value: Json | undefined): string | null {
  if (typeof value === 'string') return collapse(value) || null;
  if (Array.isArray(value)) return jsonName(value[0]);
  if (value && typeof value === 'object') return jsonText(value.name);
  return null;
}

export function jsonAuthors(value: Json | undefined): string | null {
  const names = ([] as Json[])
    .concat(value ?? [])
    .map((author) => jsonName(author))
    .filter((name): name is string => !!name && !/^https?:/.test(name));
  return names.length > 0 ? joinNames(names) : null;
}

export function jsonImage(value: Json | undefined): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return jsonImage(value[0]);
  if (value && typeof value === 'object') return jsonImage(value.url ?? value.contentUrl ?? null);
  return null;
}

function joinNames(names: string[]): string {
  const unique = [...new Set(names)];
  if (unique.length <= 2) return unique.join(' and ');
  return `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
}

/** The few entities that JSON-LD and bylines carry undecoded. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, code: string) => {
    const lower = code.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16) || 32);
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10) || 32);
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }[lower] ?? '';
  });
}
