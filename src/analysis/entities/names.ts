// From a capitalised span to the names it holds: titles and honorifics taken off (and kept as a cue), function
// words and sentence openers trimmed, lists split ("Woodward and Bernstein"), possessives gone.
import {
  conjunctions,
  connectors,
  demonyms,
  firstNames,
  notNames,
  offices,
  officeTitles,
  organisationHeads,
  organisationWords,
  places,
  titles,
} from './lexicon.js';
import { bare, type Span } from './spans.js';

/** One name as read from a span, before the article's mentions of it are grouped. */
export interface Candidate {
  /** The words as written, without title or possessive ("Vladimir", "Putin"). */
  words: string[];
  /** A title or honorific stood before it: a person. */
  titled: boolean;
  /** It is one word that opened its sentence, where any word is capitalised. */
  opener: boolean;
  span: Span;
}

/** Folded for comparing: lower case, accents and dots gone ("São" → "sao", "U.S." → "us"). */
export function fold(word: string): string {
  // Most words are plain ASCII, and Unicode normalisation is the costliest step of reading an article.
  if (/^[\x20-\x7e]*$/.test(word)) return (word.includes('.') ? word.replaceAll('.', '') : word).toLowerCase();
  return word
    .normalize('NFKD')
    .replace(/[\p{M}.]/gu, '')
    .toLowerCase();
}

const isOrganisational = (folded: string[]) =>
  organisationWords.has(folded.at(-1)!) || organisationHeads.has(folded[0]!);

/**
 * The names in one span. `lowercase` holds the words the article also writes in lower case, which are
 * ordinary words ("Police" opening a sentence, "police" elsewhere).
 */
export function namesOf(span: Span, lowercase: Set<string>): Candidate[] {
  let words = span.words.map(bare).filter((word) => word.length > 0);
  // "The", "In": after one, the next word is capitalised for itself, not for opening the sentence.
  const start = words.findIndex((word) => !notNames.has(fold(word)));
  if (start < 0) return [];
  words = words.slice(start);
  return splitList(words, words.map(fold)).flatMap((part, index) =>
    nameIn(part, span, lowercase, span.opensSentence && start === 0 && index === 0),
  );
}

/** The name in one part of a span, if any, with whether a title stood before it. */
function nameIn(written: string[], span: Span, lowercase: Set<string>, opensSentence: boolean): Candidate[] {
  let words = written;
  let folded = words.map(fold);
  const drop = (count: number) => {
    words = words.slice(count);
    folded = folded.slice(count);
  };
  const cut = afterTitle(folded);
  const titled = cut > 0 && cut < words.length;
  drop(cut);
  // An opening word the article also writes in lower case, or a verb or adverb, is not part of the name.
  let opens = opensSentence && cut === 0;
  while (
    words.length > 0 &&
    (notNames.has(folded[0]!) || (opens && words.length > 1 && isOrdinary(folded[0]!, lowercase)))
  ) {
    drop(1);
    opens = false;
  }
  if (words.length > 1 && demonyms.has(folded[0]!) && !isOrganisational(folded)) drop(1);
  while (words.length > 0 && !/^[\p{Lu}\p{Lt}]/u.test(words.at(-1)!)) {
    words = words.slice(0, -1);
    folded = folded.slice(0, -1);
  }
  // "Information Technology Tareq Kamel", "России Владимир Путин": a person's name starts at the first name.
  const first = isOrganisational(folded)
    ? -1
    : folded.findIndex((word, i) => i > 0 && firstNames.has(word) && !firstNames.has(folded[i - 1]!));
  const before: Candidate[] = [];
  if (first > 0 && !connectors.has(folded[first - 1]!)) {
    if (first === 1 && places.has(folded[0]!))
      before.push({ words: words.slice(0, 1), titled: false, opener: opens, span });
    drop(first);
    opens = false;
  }
  if (words.length === 0) return before;
  return [...before, { words, titled, opener: opens && words.length === 1, span }];
}

function isOrdinary(folded: string, lowercase: Set<string>): boolean {
  return lowercase.has(folded) || /(?:ing|ly|ed)$/.test(folded);
}

/** Where the name starts after the last title in a span: "Russian President Vladimir Putin" → 2; 0 without one. */
function afterTitle(folded: string[]): number {
  let cut = 0;
  for (let index = 0; index < folded.length; index++) {
    const word = folded[index]!;
    if (!titles.has(word)) continue;
    const next = folded[index + 1];
    // "General Motors", "Justice Department": the title word names an organisation here, unless a later title
    // shows it is part of an office ("Chief Cabinet Secretary Hiroshi Tanabe").
    if (next && organisationWords.has(next) && !folded.slice(index + 2).some((later) => titles.has(later))) return 0;
    cut = index + 1;
    if (next === 'of' && officeTitles.has(word)) cut = afterOffice(folded, index + 2);
  }
  return cut;
}

/** The end of an office ("Secretary of State", "Minister of Communications and Information Technology"). */
function afterOffice(folded: string[], from: number): number {
  const first = folded.findIndex((word, index) => index >= from && firstNames.has(word));
  if (first >= 0) return first;
  let index = from;
  while (index < folded.length && (offices.has(folded[index]!) || conjunctions.has(folded[index]!))) index++;
  return index;
}

/** "IBO and WBO" and "Ministry of Defence and Microsoft Corp." are two names; "Fish and Wildlife Service" is one. */
function splitList(words: string[], folded: string[]): string[][] {
  const at = folded.findIndex((word) => conjunctions.has(word));
  if (at < 0 || (isOrganisational(folded) && !isOrganisational(folded.slice(0, at)))) return [words];
  const parts: string[][] = [[]];
  words.forEach((word, index) => {
    if (conjunctions.has(folded[index]!)) parts.push([]);
    else parts.at(-1)!.push(word);
  });
  return parts.filter((part) => part.length > 0);
}
