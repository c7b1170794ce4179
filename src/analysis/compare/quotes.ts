// Who said what in one account: every quotation in quotation marks ("direct") and every claim attributed with a
// verb of saying ("reported": "X said that …", "…, officials said"), each with its speaker. A pronoun or a
// description ("he", "the governor") is resolved to the person the account names, where the account makes it
// clear; "according to X" attributes a quotation, not a claim of its own.
import type { FoundEntity } from '../entities/index.js';
import type { Sentence } from './sentences.js';
import {
  asSpeaker,
  type Context,
  fold,
  modifiers,
  peopleOf,
  personNouns,
  pronouns,
  resolve,
  speakerNouns,
} from './speakers.js';

export interface Quotation {
  /** The person or body, as fully as the account names them ("Gregg Hastings", "Surrey Police", "officials"). */
  speaker: string;
  /** The speaker's words in this sentence as written ("Lt. Hastings", "he"); empty where a quotation goes on. */
  speakerText: string;
  /** The words quoted, without the quotation marks. */
  text: string;
  direct: boolean;
  sentence: Sentence;
}

const verbs =
  'said|says|say|told|tells|added|adds|reported|reports|confirmed|confirms|testified|announced|announces|stated|' +
  'states|explained|explains|declared|warned|warns|claimed|claims|insisted|noted|wrote|writes|recalled|admitted|' +
  'acknowledged|argued|replied|estimated|predicted|believes|believed|stressed|emphasised|emphasized|conceded|' +
  'revealed|disclosed|cautioned|indicated|suggested|tweeted|posted|wrote';

/** Quoted stretches of a sentence: [start, end) of the words inside, and whether the quote stays open. */
function quoteSpans(text: string, open: boolean): { start: number; end: number; closed: boolean }[] {
  const spans: { start: number; end: number; closed: boolean }[] = [];
  let at = open ? 0 : -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const single = c === '‘' || c === "'";
    const opening = c === '“' || (c === '"' && at < 0) || (single && at < 0 && isSingleOpen(text, i));
    const closing =
      c === '”' ||
      (c === '"' && at >= 0) ||
      ((c === '’' || c === "'") && at >= 0 && quoteOpenedBySingle(text, at) && !/\p{L}/u.test(text[i + 1] ?? ''));
    if (at < 0 && opening) at = i + 1;
    else if (at >= 0 && closing) {
      spans.push({ start: at, end: i, closed: true });
      at = -1;
    }
  }
  if (at >= 0) spans.push({ start: at, end: text.length, closed: false });
  return spans;
}

// A ‘ opens a quote at a word's start, not inside one (an apostrophe); ’ closes it only if ‘ opened it.
function isSingleOpen(text: string, i: number): boolean {
  return (i === 0 || /\s|[([]/.test(text[i - 1]!)) && /\S/.test(text[i + 1] ?? '');
}
function quoteOpenedBySingle(text: string, start: number): boolean {
  return text[start - 1] === '‘' || text[start - 1] === "'";
}

const clean = (text: string) =>
  text
    .replace(/^[\s,.;:–—-]+/, '')
    .replace(/[\s,;:–—-]+$/, '')
    .trim();

interface Attribution {
  speaker: string;
  claim: string | null;
  /** Found inside quotation marks: the quotation itself stays without this speaker. */
  inner?: boolean;
}

const verbPattern = new RegExp(`\\b(${verbs})\\b`, 'gu');
const dayWord =
  /^\s*(?:on\s+)?(?:(?:\p{L}+day|today|yesterday)(?:\s+(?:morning|afternoon|evening|night))?|tonight|this\s+(?:morning|afternoon|evening|week)|last\s+(?:night|week))\b/u;
const quotedAs = /\bquoted\s+(.{1,80}?)\s+as\s+saying\s+(?:that\s+)?(.+)$/u;
const confirmedBy = /\b(?:confirmed|announced|reported|learned|told)\s+(?:by|from)\s+(.{1,80}?)\s+that\s+(.+)$/u;
// "treated by police as "potentially suspicious"", "Police are treating the fire as "…"", "X described it as "…"".
const treatedAs =
  /\b(?:treated|described|called|labelled|labeled|branded)\s+by\s+(.{1,60}?)\s+as\s+["“‘]|^(.{1,60}?)\s+(?:are|is|were|was|have been|has been|had been)?\s*(?:treating|describing|calling|described|called)\s+.{1,120}?\s+as\s+(?:an?\s+)?["“‘]/u;
const accordingTo = /\baccording\s+to\s+(.{1,80}?)\s*[.,]?$/u;

/** The speaker's phrase that ends just before a verb of saying: the longest run of words a speaker is made of. */
function speakerBefore(before: string): string | null {
  const words = before.trimEnd().split(/\s+/);
  const kept: string[] = [];
  for (let i = words.length - 1; i >= 0 && kept.length < 8; i--) {
    const word = words[i]!;
    if (word === '' || /[,;:"“”]$/.test(word) || /^["“”]/.test(word)) break;
    const bare = word.replace(/['’]s$/, '').replace(/[.]$/, '');
    const lower = bare.toLowerCase();
    const fits =
      /^[\p{Lu}\p{N}]/u.test(bare) || speakerNouns.has(lower) || modifiers.has(lower) || /^[\p{Lu}]\.$/u.test(word);
    if (!fits) break;
    kept.unshift(word);
  }
  // A phrase cannot open with "of" or "from" (the rest of it lies before a word that cannot be a speaker's).
  while (kept.length > 0 && /^(?:of|from|at|for|de|du|von|van)$/i.test(kept[0]!)) kept.shift();
  return kept.length > 0 ? asSpeaker(kept.join(' ')) : null;
}

/** Who a sentence attributes its claim to, and the claim, with quoted words masked so their verbs are not read. */
function attribution(masked: string, original: string): Attribution | null {
  const slice = (from: number, to: number) => clean(original.slice(from, to).replace(/^that\s+/, ''));
  let match = masked.match(quotedAs) ?? masked.match(confirmedBy);
  if (match) {
    const speaker = asSpeaker(match[1]!);
    if (speaker) {
      const at = (match.index ?? 0) + match[0].lastIndexOf(match[2]!);
      return { speaker, claim: slice(at, original.length) };
    }
  }
  // "Bob Currie, 66, a resident of Panor Senior Condominiums, said that …": the name that opens the sentence.
  const appositive = masked.match(
    new RegExp(
      `^((?:\\p{Lu}[\\p{L}'’.-]*\\s+){1,3}\\p{Lu}[\\p{L}'’-]+),\\s[^"“”]{1,140}?,\\s+(?:${verbs})\\b(?:\\s+that)?\\s+(.+)$`,
      'u',
    ),
  );
  if (appositive) {
    const at = masked.length - appositive[2]!.length;
    return { speaker: appositive[1]!, claim: slice(at, original.length) };
  }
  // Every verb of saying is a possible attribution; one that closes the sentence ("…, officials said.") wins over
  // one inside it ("which he claimed he needed"), and otherwise the first one does.
  let first: Attribution | null = null;
  for (const found of masked.matchAll(verbPattern)) {
    const at = found.index ?? 0;
    const afterAt = at + found[0].length;
    const after = masked.slice(afterAt);
    const rest = after.replace(dayWord, '');
    // "…," one woman told AFP. closes the sentence as "…," she said. does.
    const closes =
      /^[\s.!"”]*$/.test(rest) || (/^(?:told|tells)$/.test(found[1]!) && /^\s*(?:\S+\s+){0,6}?\S+[\s.!]*$/.test(rest));
    const speaker = speakerBefore(masked.slice(0, at));
    if (speaker) {
      const speakerAt = masked.lastIndexOf(speaker, at);
      // "…, Lyons said (Thursday)." closes the sentence: the claim is what came before.
      if (closes) return { speaker, claim: slice(0, speakerAt) };
      if (first) continue;
      // "Police say she was struck …", "The governor told Iranian media that …".
      let claimAt = afterAt + (after.length - rest.length);
      const tail = masked.slice(claimAt);
      if (/^(?:told|tells)$/.test(found[1]!)) {
        const that = tail.match(/^.{0,50}?\s+that\s+/);
        const listener = tail.match(
          /^\s*(?:reporters|journalists|the\s+\w+|\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)*)\s+/u,
        );
        claimAt += that ? that[0].length : listener ? listener[0].length : 0;
      }
      first = { speaker, claim: slice(claimAt, original.length) };
      continue;
    }
    // "…," said Lt. Gregg Hastings of the Oregon State Police. / "…, said Alfredo Perez, a spokesman for …"
    const before = masked.slice(0, at).trimEnd();
    if (/[,"”]$/.test(before)) {
      const named = asSpeaker(
        after
          .replace(dayWord, '')
          .split(',')[0]!
          .replace(/[\s.!]+$/, ''),
      );
      if (named) return { speaker: named, claim: slice(0, before.length) };
    }
  }
  if (first) return first;
  match = masked.match(accordingTo);
  if (match) {
    const speaker = asSpeaker(match[1]!);
    if (speaker) return { speaker, claim: null };
  }
  return null;
}

/** An attribution found inside quotation marks speaks for its claim only, never for the quotation around it. */
const inner = (found: Attribution | null): Attribution | null => (found?.claim ? { ...found, inner: true } : null);

interface Reading {
  sentence: Sentence;
  /** Direct quotations in the sentence, without their marks. */
  quotes: string[];
  attributed: Attribution | null;
  /** Sentences joined by one quotation left open across them share a run. */
  run: number;
}

/** Each sentence's quotations and attribution, before any speaker is resolved. */
function read(sentences: Sentence[]): Reading[] {
  let open = false;
  let run = 0;
  return sentences.map((sentence) => {
    const text = sentence.text;
    // A sentence that opens with a quotation mark opens a quotation, even when the one before was left open (as a
    // quoted paragraph running on into the next one is written).
    if (/^\s*["“‘]/.test(text)) open = false;
    if (!open) run++;
    const spans = quoteSpans(text, open);
    open = spans.length > 0 && !spans.at(-1)!.closed;
    // Quoted words are masked so that a "said" inside a quotation is not read as the attribution.
    let masked = text;
    for (const span of spans)
      masked = masked.slice(0, span.start) + ' '.repeat(span.end - span.start) + masked.slice(span.end);
    // A passage quoted whole (a blog quoting a news report) carries attributions of its own inside the marks:
    // "…, police said." within a quotation is still what the police said.
    const attributed =
      attribution(masked, text) ?? (spans.length > 0 ? inner(attribution(text.replace(/[“”"]/g, ' '), text)) : null);
    const quotes = spans
      .map((span) => clean(text.slice(span.start, span.end)))
      .filter((quote) => quote !== '')
      // A title or nickname in quotation marks ("The Rock", "American Pie") is no quotation.
      .filter(
        (quote) =>
          !(quote.split(/\s+/).length <= 3 && /^[\p{Lu}]/u.test(quote) && !/[.!?,]$/.test(quote) && !attributed),
      );
    let claim = attributed?.claim ?? null;
    if (claim) {
      // A quotation at the claim's start or end is a quotation of its own; one inside it stays part of the claim
      // (cutting it out would leave "visibility was and that the barge").
      if (!attributed?.inner)
        for (const span of spans) {
          const quoted = text.slice(span.start, span.end);
          const at = claim.indexOf(quoted);
          if (at < 0) continue;
          const before: string = claim.slice(0, at).replace(/[\s“”"‘’',:—–-]+$/, '');
          const after: string = claim.slice(at + quoted.length).replace(/^[\s“”"‘’',.:—–-]+/, '');
          if (before === '' || after === '') claim = `${before} ${after}`;
        }
      claim = clean(
        claim
          .replace(
            /^(?:in|on)\s+(?:a|an|its|their|his|her)\s+(?:statement|news release|release|interview|post|email|letter)\s+(?:that\s+)?/i,
            '',
          )
          .replace(/\s+/g, ' '),
      ).replace(/\.$/, '');
      // Quotation marks a cut left unpaired are no quotation.
      if ((claim.match(/[“”"]/g)?.length ?? 0) % 2 === 1) claim = claim.replace(/[“”"]/g, '');
    }
    return { sentence, quotes, attributed: attributed && { ...attributed, claim }, run };
  });
}

/** Every quotation in one account, in reading order. */
/** `entities`: what `extractEntities` found in the account, when the caller has read it already. */
export function findQuotations(sentences: Sentence[], headline = '', entities?: readonly FoundEntity[]): Quotation[] {
  const people = peopleOf(sentences, headline, entities);
  const readings = read(sentences);
  const found: Quotation[] = [];
  const isPerson = (name: string) => people.some((person) => person.isPerson && person.name === name);
  const context: Context = { lastSpeaker: null, lastBody: null, lastPerson: null };
  let previous: { speaker: string; run: number } | null = null;
  const resolved = new Map<number, string>();
  readings.forEach((reading, index) => {
    const { sentence, quotes, attributed, run } = reading;
    const outer = attributed && !attributed.inner ? attributed : null;
    let speaker = '';
    let speakerText = '';
    if (outer) {
      speakerText = outer.speaker;
      speaker = resolve(outer.speaker, people, context);
    } else if (quotes.length > 0) {
      // A quotation with no attribution of its own: the run's attribution, the sentence before's, or the next one's.
      const inRun = readings.find(
        (other) => other.run === run && other.attributed && !other.attributed.inner && other !== reading,
      );
      const next = readings[index + 1];
      const agent = sentence.text.match(treatedAs);
      if (agent && asSpeaker(agent[1] ?? agent[2]!)) {
        speakerText = asSpeaker(agent[1] ?? agent[2]!)!;
        speaker = resolve(speakerText, people, context);
      } else if (inRun)
        speaker = resolved.get(inRun.sentence.index) ?? resolve(inRun.attributed!.speaker, people, context);
      else if (previous && (previous.run === run || previous.run === run - 1)) speaker = previous.speaker;
      else if (next?.attributed && !next.attributed.inner && next.quotes.length > 0)
        speaker = resolve(next.attributed.speaker, people, context);
      else speaker = 'unattributed';
    }
    if (speaker) resolved.set(sentence.index, speaker);
    for (const quote of quotes) found.push({ speaker, speakerText, text: quote, direct: true, sentence });
    const claim = attributed?.claim;
    if (attributed && claim && claim.split(/\s+/).length >= 3) {
      const [claimSpeaker, claimText] = attributed.inner
        ? [resolve(attributed.speaker, people, context), attributed.speaker]
        : [speaker, speakerText];
      found.push({ speaker: claimSpeaker, speakerText: claimText, text: claim, direct: false, sentence });
    }
    previous = speaker && speaker !== 'unattributed' ? { speaker, run } : quotes.length > 0 ? previous : null;
    if (speaker && speaker !== 'unattributed') {
      const head = fold(speaker).split(' ').at(-1)!;
      if (isPerson(speaker) || personNouns.has(head)) context.lastSpeaker = speaker;
      else if (!pronouns.has(head)) context.lastBody = speaker;
    }
    // Whom a following "he" or "she" may mean when nobody has spoken yet: the last person named.
    if (isPerson(speaker)) context.lastPerson = speaker;
    else
      for (const person of people)
        if (person.isPerson && person.forms.some((form) => sentence.text.includes(form)))
          context.lastPerson = person.name;
  });
  return found;
}
