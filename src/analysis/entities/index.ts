// The people, places and organisations an article names, each once however it was written: "Mr. Putin",
// "Putin" and "Russian President Vladimir Putin" are one person. Pure: an article in, its entities out.
// Why rules and not a library: see README.md beside this file.
import { type EntityKind, hasEvidence, kindOf, noVotes, type Votes, vote } from './kind.js';
import { demonyms, firstNames, germanWords, legalForms, notNames, placeNames, places } from './lexicon.js';
import { type Candidate, fold, namesOf } from './names.js';
import { bare, sentencesOf, spansOf, wordsOf } from './spans.js';

export type { EntityKind } from './kind.js';

export interface ArticleText {
  headline: string;
  deck: string | null;
  paragraphs: string[];
}

export interface FoundEntity {
  /** The same across articles: folded, without title, possessive or legal form ("vladimir putin", "apple"). */
  key: string;
  /** The fullest form the article wrote it in, accents kept ("Vladimir Putin"). */
  name: string;
  kind: EntityKind;
  /** How often the article names it, short forms ("Putin", "Mr. Putin") included. */
  mentions: number;
  /** The forms it was written in, without title or possessive. */
  names: string[];
}

// Names come early in an article; reading past this many words costs time and finds little.
const maxWords = 2000;

interface Group {
  key: string;
  folded: string[];
  forms: string[];
  mentions: number;
  votes: Votes;
  titled: boolean;
  /** Every mention opened a sentence, where any word is capitalised. */
  onlyOpeners: boolean;
  inBody: boolean;
}

interface Sentence {
  tokens: string[];
  /** Written in title case: its names count only if the article names them elsewhere too. */
  inHeadline: boolean;
}

export function extractEntities(article: ArticleText): FoundEntity[] {
  const sentences = read(article);
  const lowercase = new Set<string>();
  let german = 0;
  let lowerCount = 0;
  for (const { tokens } of sentences)
    for (const token of tokens)
      if (/^\p{Ll}/u.test(token)) {
        const folded = fold(bare(token));
        lowercase.add(folded);
        lowerCount++;
        if (germanWords.has(folded)) german++;
      }
  // German capitalises every noun, so there a lone capitalised word needs more than its capital to be a name.
  const isGerman = german >= 3 && german > lowerCount * 0.08;
  const groups = new Map<string, Group>();
  for (const sentence of sentences)
    for (const span of spansOf(sentence.tokens))
      for (const candidate of namesOf(span, lowercase)) add(groups, candidate, sentence.inHeadline);
  resolveAliases(groups);
  const found: FoundEntity[] = [];
  for (const group of groups.values()) {
    if (!keeps(group, lowercase, isGerman)) continue;
    const name = group.forms.reduce((best, form) => (form.split(' ').length > best.split(' ').length ? form : best));
    found.push({
      key: group.key,
      name,
      kind: kindOf(group.votes, group.folded.length),
      mentions: group.mentions,
      names: group.forms,
    });
  }
  // Most named first; a stable sort keeps ties in the order the article named them.
  return found.sort((a, b) => b.mentions - a.mentions);
}

/** Headline, deck and paragraphs as sentences of words, up to `maxWords` words. */
function read(article: ArticleText): Sentence[] {
  const sentences: Sentence[] = [];
  let budget = maxWords;
  const texts = [article.headline, article.deck ?? '', ...article.paragraphs];
  texts.forEach((text) => {
    for (const sentence of sentencesOf(text)) {
      if (budget <= 0) return;
      const tokens = wordsOf(sentence).slice(0, budget);
      budget -= tokens.length;
      // A headline written in title case, or a line like one ("Obama Administration Restores Species Act"), says nothing by its capitals.
      sentences.push({ tokens, inHeadline: isTitleCase(tokens) });
    }
  });
  return sentences;
}

/** Legal form off, initials run together ("U. S. Fish" and "U.S. Fish" → "us fish"). */
function keyOf(folded: string[]): string {
  const end = folded.length > 1 && legalForms.has(folded.at(-1)!) ? -1 : undefined;
  return folded
    .slice(0, end)
    .join(' ')
    .replace(/\b(\p{L}) (?=\p{L}\b)/gu, '$1');
}

function add(groups: Map<string, Group>, candidate: Candidate, inHeadline: boolean): void {
  const folded = candidate.words.map(fold);
  const key = keyOf(folded);
  // Numbers are not names, nor are contractions ("I'd", "We'll").
  if (key === '' || /\p{N}|['’](?:d|ll|re|ve|m|t)$/u.test(key)) return;
  let group = groups.get(key);
  if (!group) {
    group = { key, folded, forms: [], mentions: 0, votes: noVotes(), titled: false, onlyOpeners: true, inBody: false };
    groups.set(key, group);
  }
  const form = candidate.words.join(' ');
  if (!group.forms.includes(form)) group.forms.push(form);
  group.mentions++;
  group.titled ||= candidate.titled;
  group.onlyOpeners &&= candidate.opener;
  group.inBody ||= !inHeadline;
  vote(group.votes, candidate, folded);
}

/** Folds short forms into the one full name they can stand for: "Putin" and "Mr. Putin" into "Vladimir Putin". */
function resolveAliases(groups: Map<string, Group>): void {
  const people = [...groups.values()].filter(
    (g) => g.folded.length > 1 && kindOf(g.votes, g.folded.length) === 'person',
  );
  // "Bettie Mae Page" and "Bettie Page" are one.
  for (const short of people)
    for (const long of people)
      if (
        long !== short &&
        groups.has(short.key) &&
        long.folded.length > short.folded.length &&
        long.folded[0] === short.folded[0] &&
        long.folded.at(-1) === short.folded.at(-1)
      )
        merge(groups, short, long);
  const full = people.filter((g) => groups.has(g.key));
  for (const group of [...groups.values()]) {
    if (group.folded.length !== 1) continue;
    const word = group.key;
    if (places.has(word) && !group.titled) continue;
    const matches = full.filter((p) => p.folded.at(-1) === word || (p.folded[0] === word && firstNames.has(word)));
    if (matches.length === 1) merge(groups, group, matches[0]!);
  }
}

function merge(groups: Map<string, Group>, from: Group, into: Group): void {
  for (const form of from.forms) if (!into.forms.includes(form)) into.forms.push(form);
  into.mentions += from.mentions;
  into.titled ||= from.titled;
  into.onlyOpeners &&= from.onlyOpeners;
  into.inBody ||= from.inBody;
  for (const kind of ['person', 'place', 'organisation'] as const) into.votes[kind] += from.votes[kind];
  groups.delete(from.key);
}

function keeps(group: Group, lowercase: Set<string>, isGerman: boolean): boolean {
  if (!group.inBody) return false;
  if (group.folded.every((word) => notNames.has(word) || demonyms.has(word))) return false;
  if (group.folded.length > 1) return true;
  const word = group.key;
  if (word.length < 2) return false;
  const known = places.has(word) || placeNames.has(word) || group.titled;
  if (known) return true;
  if (lowercase.has(word)) return false;
  if (isGerman) return firstNames.has(word) || /^\p{Lu}{2,6}$/u.test(group.forms[0]!);
  return !group.onlyOpeners || hasEvidence(group.votes);
}

function isTitleCase(tokens: string[]): boolean {
  let words = 0;
  let capitalised = 0;
  for (const token of tokens)
    if (/^\p{L}/u.test(token)) {
      words++;
      if (/^[\p{Lu}\p{Lt}]/u.test(token)) capitalised++;
    }
  return words >= 4 && capitalised / words >= 0.8;
}
