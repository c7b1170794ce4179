// Snippets of search hits, as plain data: the text around the matches in pieces, each matched or not (the web
// renders them). SQLite's index keeps no copy of the text (it is contentless, migration 005), so the words that
// matched are found again here. A word matches a query token as
// the index matched it: case and accents folded, then reduced by the Porter stemmer that FTS5's `porter`
// tokenizer also implements, so "called" in the text lights up for a search for "calls".
import { stemmer } from 'stemmer';
import type { SearchTerm } from './query.js';

/** Private-use characters around matched words while a snippet is made; snippetParts turns them into pieces. */
export const snippetMarks = { open: '\uE000', close: '\uE001' } as const;

/** One piece of a snippet: plain text, or a matched word that the reader's page highlights. */
export interface SnippetPart {
  text: string;
  matched: boolean;
}

/** Words in a snippet, as FTS5's snippet() gave before. */
const snippetWords = 32;
/** Words shown before the first match, so that it reads in context. */
const leadWords = 4;

// Word characters as the index's unicode61 tokenizer sees them: letters, marks and digits.
const wordPattern = /[\p{L}\p{M}\p{N}]+/gu;

/** A word as the index keeps it: folded, then stemmed as FTS5's porter tokenizer does (3 to 64 characters). */
export function indexForm(word: string): string {
  const folded = fold(word);
  return folded.length < 3 || folded.length > 64 || !/^[a-z]+$/.test(folded) ? folded : stemmer(folded);
}

/** Case and accents folded, as unicode61 with remove_diacritics 2 does. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

interface Word {
  start: number;
  end: number;
  /** Index form, computed only for words that could match a wanted form. */
  form: string | null;
}

/**
 * The best window of `text` for the query's terms, with matched words between snippetMarks, or null when no
 * term occurs in it. "Best" holds the most different terms, then the most matches; phrases match only whole.
 */
export function makeSnippet(text: string, terms: SearchTerm[]): string | null {
  const wanted = terms
    .map((term) => term.tokens.map(indexForm))
    .filter((forms) => forms.length > 0 && forms.every((f) => f !== ''));
  if (wanted.length === 0) return null;
  // A stem keeps the first letter of its word (Porter changes only endings), which skips stemming most words.
  const initials = new Set(wanted.flat().map((form) => form.charAt(0)));
  const forms = new Map<string, string>();
  const words: Word[] = [];
  const clean = withoutMarks(text);
  for (const match of clean.matchAll(wordPattern)) {
    const start = match.index;
    const raw = match[0];
    let form: string | null = null;
    if (initials.has(fold(raw.charAt(0)))) {
      form = forms.get(raw) ?? indexForm(raw);
      forms.set(raw, form);
    }
    words.push({ start, end: start + raw.length, form });
  }

  /** Each match: the first word, how many words it spans, and which term it is. */
  const matches: Array<{ at: number; length: number; term: number }> = [];
  for (let at = 0; at < words.length; at++) {
    if (words[at]!.form === null) continue;
    wanted.forEach((forms, term) => {
      if (forms.every((form, k) => words[at + k]?.form === form)) matches.push({ at, length: forms.length, term });
    });
  }
  if (matches.length === 0) return null;

  let best = { start: 0, terms: -1, count: -1 };
  for (const first of matches) {
    const start = Math.max(0, first.at - leadWords);
    const inside = matches.filter((m) => m.at >= start && m.at + m.length <= start + snippetWords);
    const terms = new Set(inside.map((m) => m.term)).size;
    if (terms > best.terms || (terms === best.terms && inside.length > best.count))
      best = { start, terms, count: inside.length };
  }
  const end = Math.min(words.length, best.start + snippetWords);
  const marked = new Set<number>();
  for (const m of matches)
    if (m.at >= best.start && m.at + m.length <= end) for (let k = 0; k < m.length; k++) marked.add(m.at + k);

  let out = best.start > 0 ? '…' : '';
  let cursor = words[best.start]!.start;
  for (let i = best.start; i < end; i++) {
    const word = words[i]!;
    out += clean.slice(cursor, word.start);
    const piece = clean.slice(word.start, word.end);
    out += marked.has(i) ? `${snippetMarks.open}${piece}${snippetMarks.close}` : piece;
    cursor = word.end;
  }
  if (end < words.length) out += '…';
  else out += clean.slice(cursor).trimEnd();
  return out;
}

/** Text with any snippet marks taken out (stored text may hold the private-use characters). */
export function withoutMarks(text: string): string {
  return text.replaceAll(snippetMarks.open, '').replaceAll(snippetMarks.close, '');
}

/** A marked snippet in pieces; a stray or unbalanced mark in stored text cannot open a highlight that never closes. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let matched = false;
  let text = '';
  const push = () => {
    if (text !== '') parts.push({ text, matched });
    text = '';
  };
  for (const char of snippet) {
    if (char === snippetMarks.open || char === snippetMarks.close) {
      const opens = char === snippetMarks.open;
      if (opens !== matched) {
        push();
        matched = opens;
      }
    } else text += char;
  }
  push();
  return parts;
}
