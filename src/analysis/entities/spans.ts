// Reading an article into sentences, words and runs of capitalised words (spans): the raw material of names,
// with what stood around each run, since "said", "in" or "Mr." before it tells what kind of name it is.
import { connectors, secondConnectors } from './lexicon.js';

export interface Word {
  text: string;
  capitalised: boolean;
}

/** A run of capitalised words (and the connectors between them) as written, with its surroundings. */
export interface Span {
  words: string[];
  /** It opens its sentence (or a quote, or follows a colon), where any word is capitalised. */
  opensSentence: boolean;
  possessive: boolean;
  /** The lower-cased words just before and after it. */
  before: string;
  after: string;
}

// A full stop after a title or an initial ("Mr. Obama", "U.S. Fish") does not end a sentence.
const sentenceEnd =
  /(?<=[.!?])(?<!\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Capt|Prof|Rev|Corp|Inc|Co|Ltd|No|Mt|\p{Lu})\.)\s+|\n+/u;

// Words with inner apostrophes, hyphens and initials' dots ("O'Connor", "SAP-Arena", "U.S."); anything else is one mark.
const token = /\p{L}[\p{L}\p{M}\p{N}]*(?:['’.-]\p{L}[\p{L}\p{M}\p{N}]*)*\.?|\S/gu;
const capital = /^[\p{Lu}\p{Lt}]/u;
const possessiveEnd = /['’]s$/;
// Marks after which the next word opens a sentence of its own: a colon, an opening quote or bracket, a dash.
const openers = new Set([':', '"', '“', '‘', '(', '[', '—', '–', '-']);

export function sentencesOf(text: string): string[] {
  return text.split(sentenceEnd).filter((sentence) => sentence.length > 0);
}

export function wordsOf(sentence: string): string[] {
  return sentence.match(token) ?? [];
}

/** A word's own form: its sentence-final stop or possessive gone ("Russia's" → "Russia", "Moscow." → "Moscow"). */
export function bare(word: string): string {
  if (possessiveEnd.test(word)) return word.slice(0, -2);
  // A final stop stays on initials ("U.S.", "W."); on a word it ends the sentence or an abbreviation.
  return word.endsWith('.') && !/^(?:\p{L}\.)+$/u.test(word) ? word.slice(0, -1) : word;
}

/** The capitalised runs of one sentence's words. */
export function spansOf(tokens: string[]): Span[] {
  const spans: Span[] = [];
  let words: string[] = [];
  let pending: string[] = [];
  let start = 0;
  const close = (index: number, possessive: boolean) => {
    if (words.length > 0) {
      const before = tokens[start - 1] ?? '';
      spans.push({
        words,
        opensSentence: start === 0 || openers.has(before),
        possessive,
        before: before.toLowerCase(),
        after: (tokens[index] ?? '').toLowerCase(),
      });
    }
    words = [];
    pending = [];
  };
  for (let index = 0; index < tokens.length; index++) {
    const word = tokens[index]!;
    if (capital.test(word) && /\p{L}/u.test(word)) {
      if (words.length === 0) start = index;
      words.push(...pending, word);
      pending = [];
      // A spaced possessive ("Lohan ’ s attorney"), as some sources print it.
      const spaced = (tokens[index + 1] === '’' || tokens[index + 1] === "'") && tokens[index + 2] === 's';
      if (possessiveEnd.test(word) || spaced) {
        close(index + (spaced ? 3 : 1), true);
        if (spaced) index += 2;
      }
    } else if (words.length > 0 && isConnector(word, pending)) pending.push(word);
    else close(index, false);
  }
  close(tokens.length, false);
  return spans;
}

function isConnector(word: string, pending: string[]): boolean {
  if (pending.length >= 2) return false;
  if (connectors.has(word)) return true;
  return pending.length === 1 && secondConnectors.has(word);
}
