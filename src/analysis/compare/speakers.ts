// Who is speaking: a speaker's phrase as written ("Lt. Hastings", "a Surrey Police spokeswoman", "he") and the
// person or body it names, from the people the account itself names and the words that describe them.
import { extractEntities, type FoundEntity } from '../entities/index.js';
import { titles } from '../entities/lexicon.js';
import type { Sentence } from './sentences.js';

// The last word of a speaker that is not a name: people and bodies who speak in news copy.
export const speakerNouns = new Set(
  (
    'police officials official authorities authority spokesman spokeswoman spokesperson spokesmen witnesses witness ' +
    'investigators investigator prosecutors prosecutor residents resident neighbours neighbors neighbour neighbor ' +
    'media agency statement report reports sources source experts expert officers officer governor sheriff mayor ' +
    'chief minister ministry president coroner navy army military department company firm lawyer lawyers attorney ' +
    'doctors doctor hospital family friends friend relatives analysts organisers organizers fans man woman teacher ' +
    'survivors survivor rescuers firefighters paramedics troopers trooper deputies deputy detectives detective ' +
    'commander captain lieutenant sergeant inspector superintendent director manager owner publicist agent coach ' +
    'representative rep government council court judge officials. he she they i we it you who'
  ).split(' '),
);
export const pronouns = new Set(['he', 'she', 'they', 'i', 'we', 'it', 'you', 'who', 'him', 'her']);
const leadingWords = /^(?:but|and|so|yet|however|meanwhile|also|earlier|later|then|while|as|although)\s+/i;

/** A speaker as written, if it can be one: at most eight words ending in a name, a speaker noun or a pronoun. */
export function asSpeaker(text: string): string | null {
  let phrase = text
    .trim()
    .replace(leadingWords, '')
    .replace(/[,;:]+$/, '')
    .trim();
  phrase = phrase.replace(/\s+(?:also|again|later|earlier|previously|then|had|has|have)$/i, '').trim();
  if (phrase === '') return null;
  const words = phrase.split(/\s+/);
  if (words.length > 8) return null;
  // "X of the Y": the head is before "of" ("Lt. Gregg Hastings of the Oregon State Police").
  const ofAt = words.findIndex((word, index) => index > 0 && /^(?:of|from|at|for|with)$/i.test(word));
  const head = (ofAt > 0 ? words[ofAt - 1]! : words.at(-1)!).replace(/['’]s$|[.,]$/g, '');
  if (/^[\p{Lu}]/u.test(head) || speakerNouns.has(head.toLowerCase())) return phrase;
  return null;
}

/** Titles, honorifics and possessives around a name, for matching a speaker to the account's people. */
export const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export interface Person {
  name: string;
  isPerson: boolean;
  forms: string[];
  /** Lower-case words written just before a mention ("governor", "spokesman", "lt"). */
  described: Set<string>;
}

/** The people and bodies the account names, with the words that describe each. */
export function peopleOf(sentences: Sentence[], headline: string, found?: readonly FoundEntity[]): Person[] {
  const text = sentences.map((s) => s.text).join(' ');
  const entities = found ?? extractEntities({ headline, deck: null, paragraphs: sentences.map((s) => s.text) });
  return entities
    .filter((entity) => entity.kind !== 'place')
    .map((entity) => {
      const described = new Set<string>();
      if (entity.kind === 'person')
        for (const form of entity.names)
          for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + form.length)) {
            if (/\p{L}/u.test(text[at - 1] ?? '') || /\p{L}/u.test(text[at + form.length] ?? '')) continue;
            // "Qeshm Governor Mehdi Irannejad": only the title written right before the name, not a verb's object
            // ("the officer said that INS Sukanya").
            const words = text
              .slice(Math.max(0, at - 60), at)
              .trimEnd()
              .split(/\s+/)
              .slice(-3);
            for (let i = words.length - 1; i >= 0; i--) {
              const word = fold(words[i]!);
              if (!/^[\p{L}.'’-]+$/u.test(words[i]!)) break;
              if (!(titleWord(words[i]!) || modifiers.has(word) || /^\p{Lu}/u.test(words[i]!))) break;
              described.add(word);
            }
            // "Captain Manohar Nambiar, Chief Public Relations Officer, Defence".
            const apposition = text.slice(at + form.length, at + form.length + 62).match(/^,\s+([^,.;"“”]{1,60})/);
            if (apposition) for (const word of apposition[1]!.split(/\s+/)) described.add(fold(word));
          }
      return { name: entity.name, isPerson: entity.kind === 'person', forms: entity.names, described };
    });
}

/** A capitalised title before a name ("Governor", "Captain", "Lt."). */
const titleWord = (word: string) =>
  speakerNouns.has(fold(word)) || /^(?:Lt|Sgt|Capt|Gen|Col|Det|Insp|Supt)\.?$/.test(word);

/** A name without the titles and offices written before it ("Police Chief Charles Craft" → "Charles Craft"). */
function withoutTitles(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  while (
    words.length > 1 &&
    (titles.has(fold(words[0]!)) || modifiers.has(fold(words[0]!)) || speakerNouns.has(fold(words[0]!)))
  )
    words.shift();
  return words.join(' ');
}

/** The person or body a speaker phrase names, as fully as the account gives it. */
export function resolve(phrase: string, people: Person[], context: Context): string {
  const folded = ` ${fold(phrase)} `;
  const words = folded.trim().split(' ');
  if (words.length === 1 && pronouns.has(words[0]!)) {
    // "he", "she": the person speaking last, else the last person named; "they", "it": the body speaking last.
    const plural = /^(?:they|it|we)$/.test(words[0]!);
    return (plural ? context.lastBody : (context.lastSpeaker ?? context.lastPerson)) ?? phrase;
  }
  let best: { name: string; length: number } | null = null;
  for (const person of people)
    for (const form of person.forms) {
      const key = fold(form);
      if (!key || !folded.includes(` ${key} `)) continue;
      // A person named inside a phrase is the speaker ("Department of Corrections spokeswoman Michelle Lyons"); a
      // body only when the phrase ends with it ("a Surrey Police spokeswoman" is a spokeswoman, not Surrey Police).
      if (!person.isPerson && folded.trim().replace(/^(?:the|a|an) /, '') !== key) continue;
      const length = key.length + (person.isPerson ? 1000 : 0);
      if (!best || length > best.length) best = { name: person.name, length };
    }
  if (best) {
    // A surname alone ("Hastings") is the person the account names in full with it ("Gregg Hastings").
    const full = people.find((person) => person.isPerson && person.name.endsWith(` ${best!.name}`));
    if (full) return full.name;
    // The phrase may name them more fully than the account's other mentions do ("said Jan Olson").
    // The phrase may name them more fully than the account's other mentions do ("said Jan Olson" where the rest
    // of the account says "Olson"): a first name before a surname, not a title ("Harbor Master Renata Osei").
    const named = withoutTitles(phrase.match(/(?:^|\s)((?:\p{Lu}[\p{L}'’.-]*\s+){1,3}\p{Lu}[\p{L}'’-]+)$/u)?.[1] ?? '');
    const extra = named.slice(0, Math.max(0, named.length - best.name.length)).trim();
    if (!best.name.includes(' ') && named.endsWith(` ${best.name}`) && /^\p{Lu}[\p{L}'’-]+$/u.test(extra)) return named;
    return best.name;
  }
  // "the governor", "his spokesman": the one person the account describes with that word.
  const head = words.at(-1)!;
  if (words.length <= 3 && speakerNouns.has(head) && /^(?:the|his|her|their|a|an)$/.test(words[0] ?? '')) {
    const described = people.filter((person) => person.described.has(head));
    if (described.length === 1) return described[0]!.name;
  }
  return phrase.replace(/^(?:The|A|An)\s+/, (article) => article.toLowerCase());
}

/** What a pronoun may mean at a point in the account. */
export interface Context {
  lastSpeaker: string | null;
  lastBody: string | null;
  lastPerson: string | null;
}

// Singular people who speak: a pronoun "he" or "she" after one of these means them.
export const personNouns = new Set(
  (
    'spokesman spokeswoman spokesperson officer official governor sheriff mayor chief minister president coroner ' +
    'lawyer attorney doctor witness resident neighbour neighbor man woman teacher survivor trooper deputy detective ' +
    'commander captain lieutenant sergeant inspector superintendent director manager owner publicist agent coach ' +
    'representative judge friend'
  ).split(' '),
);

// Lower-case words a speaker's phrase may hold before its head ("a senior administration official").
export const modifiers = new Set(
  (
    'of the a an for from at de du la le von van his her their its our state news local federal senior ' +
    'administration foreign government military medical hospital company fire security health other two three ' +
    'several many some rescue airport prison defence defense interior naval navy police city county district ' +
    'regional national top chief deputy former family public press'
  ).split(' '),
);
