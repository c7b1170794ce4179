// The checkable details one sentence states: counts of the dead, injured, arrested or anything else counted,
// ages, magnitudes, distances, sums of money. Each has a label (what it counts, in words a reader knows: "injured",
// "age of Comeaux", "villages") so that the same detail in two accounts can be lined up, and an amount.
import { type Amount, figure, scales, units } from './numbers.js';
import type { Sentence } from './sentences.js';

export type DetailKind = 'number' | 'date' | 'time' | 'place' | 'person' | 'organisation' | 'other';

export interface Mention {
  kind: DetailKind;
  /** What the detail is, in words: the same for every account that states it. */
  label: string;
  amount: Amount;
  /** The words of the sentence that state it ("14 people were injured"). */
  text: string;
  sentence: Sentence;
}

// Outcomes that news copy counts, and the one word each is shown under.
const outcomes: Record<string, string> = {
  killed: 'dead',
  kill: 'dead',
  killing: 'dead',
  dead: 'dead',
  died: 'dead',
  die: 'dead',
  deaths: 'dead',
  death: 'dead',
  fatalities: 'dead',
  lives: 'dead',
  perished: 'dead',
  bodies: 'dead',
  injured: 'injured',
  injuring: 'injured',
  injure: 'injured',
  injuries: 'injured',
  hurt: 'injured',
  hurting: 'injured',
  wounded: 'injured',
  wounding: 'injured',
  hospitalised: 'injured',
  hospitalized: 'injured',
  arrested: 'arrested',
  arresting: 'arrested',
  detained: 'arrested',
  captured: 'captured',
  capturing: 'captured',
  missing: 'missing',
  evacuated: 'evacuated',
  rescued: 'rescued',
  displaced: 'displaced',
  homeless: 'homeless',
};
// Words for people that carry no label of their own ("14 people were injured": the outcome is the label).
const peopleWords = new Set(
  'people persons others civilians residents victims passengers men women children individuals adults students workers'.split(
    ' ',
  ),
);
const bounds: [RegExp, Amount['bound']][] = [
  [
    /\b(?:about|around|approximately|roughly|nearly|almost|some|an estimated|estimated|close to|up to about)\s*$/i,
    'about',
  ],
  [/\b(?:more than|over|at least|upwards of|no fewer than|in excess of)\s*$/i, 'atLeast'],
  [/\b(?:up to|fewer than|less than|under|no more than|as many as)\s*$/i, 'atMost'],
];
const skipAfter =
  /^\s*(?:[-–]\s*(?:\d|year|yard|month|day|hour)|:|\/|\.\s?\d|%|th\b|st\b|nd\b|rd\b|a\.|p\.|am\b|pm\b)/i;
const numberToken =
  /(?<![\p{L}\d.,:/-])(\d{1,3}(?:,\s?\d{3})+|\d+(?:\.\s?\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen)(?![\p{L}\d])/giu;
const months = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$/i;

/** The details each number in a sentence states; `surname` maps a name as written to the person's surname. */
export function findDetails(sentence: Sentence, surnames: Map<string, string>): Mention[] {
  const text = sentence.text;
  // A page's own furniture ("Posted 11 / 27 / 2005 7: 21 AM") states nothing about the event.
  if (/^\s*(?:posted|updated|published|last updated|first published)\b/i.test(text) || isTimestamp(text)) return [];
  const found: Mention[] = [
    ...timesOf(sentence),
    ...ordinalsOf(sentence),
    ...daysOf(sentence),
    ...recordsOf(sentence, surnames),
  ];
  for (const match of text.matchAll(numberToken)) {
    const at = match.index ?? 0;
    const written = match[1]!;
    const before = text.slice(Math.max(0, at - 40), at);
    const after = text.slice(at + written.length, at + written.length + 60);
    // Times, dates, scores, records, fractions, percentages, ordinals, model numbers: not counts.
    // A range, score or record ("20 - 13", "52-3"), a date ("Dec. 13"), or the tail of a spaced decimal ("5. 9").
    if (skipAfter.test(after) || /\d\s*[-–:/]\s*$|\d\.\s$/.test(before) || months.test(before)) continue;
    // "two more victims" adds to a count; "two of the three victims died" counts the two, not the three; a
    // "1,500-square-kilometre island" is an area.
    if (/^\s*(?:more|additional|further|square|sq)\b|^\s*-\s*square\b/i.test(after) || /\bof\s+the\s+$/i.test(before))
      continue;
    if (/^\d/.test(written) && /\b(?:No|AK|Flight|Route|Highway|Interstate|I|Precinct)\.?\s*-?\s*$/i.test(before))
      continue;
    let value = figure(written);
    if (value === null) continue;
    if (/^\d{4}$/.test(written) && value >= 1800 && value <= 2100) continue; // a year
    // "more than $4 million": the bound stands before the currency sign.
    const bound = bounds.find(([pattern]) => pattern.test(before.replace(/[$£€]\s*$/, '')))?.[1] ?? 'exact';
    // The words after the number, hyphens read as spaces ("38 - year - old", "6.1-magnitude").
    const rest = after.match(
      /^\s*(?:-\s*)?([\p{L}]+)(?:\s*[\s-]\s*([\p{L}]+))?(?:\s*[\s-]\s*([\p{L}]+))?(?:\s*[\s-]\s*([\p{L}]+))?(?:\s+([\p{L}]+))?/u,
    );
    const written4 = (rest?.slice(1) ?? []).filter((word): word is string => Boolean(word));
    const next = written4.map((word) => word.toLowerCase());
    let scale = 1;
    if (next[0] && next[0] in scales) {
      scale = scales[next[0]]!;
      next.shift();
    }
    value *= scale;
    const money =
      before.match(/([$£€])\s*$/) ??
      (next[0]?.match(/^(euros?|pounds|dollars|rupees|yuan|yen)$/) ? [null, next[0]] : null);
    const detail = labelOf(written, before, after, next, written4, money?.[1] ?? null, surnames);
    if (!detail) continue;
    const unit = next[0] ? units[next[0]] : undefined;
    const amount: Amount = {
      value: unit && !money ? value * unit[1] : value,
      bound,
      unit: money ? `money:${money[1]!.replace(/s$/, '')}` : unit ? unit[0] : null,
      written: money ? null : unit ? next[0]! : null,
    };
    // The statement starts a word or two before the number ("injuring 14 people", "about 300 yards").
    const lead = Math.max(0, before.search(/\S+\s+\S*\s*$/));
    const spanStart = Math.max(0, at - (before.length - lead));
    found.push({
      kind: detail.kind,
      label: detail.label,
      amount,
      text: text.slice(spanStart, Math.min(text.length, at + written.length + (rest?.[0].length ?? 0))).trim(),
      sentence,
    });
  }
  const context = contextOf(text);
  return context ? found.map((mention) => ({ ...mention, label: `${mention.label} (${context})` })) : found;
}

const dateWords =
  /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|am|pm|a|p|m|et|edt|est|pt|pdt|pst|gmt|utc|bst|cet|ist|at|on|updated|posted|published|last|hours?|hrs|st|nd|rd|th)$/i;

/** A dateline or a page's time stamp ("THURSDAY, DECEMBER 3, 2009, 9: 36 AM", "06 / 06 / 13 07: 05 PM ET"). */
function isTimestamp(text: string): boolean {
  const words = text.match(/\p{L}+/gu) ?? [];
  return /\d/.test(text) && words.filter((word) => !dateWords.test(word)).length < 2;
}

const months_ = 'January|February|March|April|May|June|July|August|September|October|November|December';
const earlier = new RegExp(
  `^\\s*(?:(?:back\\s+)?in\\s+(?:(?:early|late|mid-?)\\s*)?(?:${months_}|(?:19|20)\\d\\d)\\b|last\\s+(?:year|month|spring|summer|autumn|fall|winter)\\b|earlier\\s+this\\s+(?:year|month)\\b)|\\b(?:years?\\s+ago|a\\s+year\\s+earlier|the\\s+previous\\s+year)\\b`,
  'i',
);
const cumulative =
  /\b(?:so far|thus far|to date|up to now|this year|since (?:the start|then|\p{Lu}\p{Ll}+ \d|(?:19|20)\d\d))\b/iu;

/**
 * What sets a sentence's figures apart from the event's own: an earlier event the account recalls ("In February, a
 * gunman killed five people"), or a running total ("has seized 31 magazines so far"). Their figures line up with
 * other accounts' figures of the same kind, never with the event's.
 */
function contextOf(text: string): string | null {
  if (earlier.test(text)) return 'earlier event';
  if (cumulative.test(text)) return 'in all, so far';
  return null;
}

/** What a number counts, from the words around it; null when nothing says (a bare number is not a detail). */
function labelOf(
  written: string,
  before: string,
  after: string,
  next: string[],
  asWritten: string[],
  currency: string | null,
  surnames: Map<string, string>,
): { kind: DetailKind; label: string } | null {
  // "Comeaux, 49," / "49-year-old Comeaux": an age.
  const named = before.match(/([\p{Lu}][\p{L}'’-]+),\s*$/u);
  if (named && /^\s*(?:[,)]|$)/.test(after)) {
    const surname = surnames.get(named[1]!);
    if (surname && /^\d{1,3}$/.test(written)) return { kind: 'number', label: `age of ${surname}` };
  }
  if (next[0] === 'year' && next[1] === 'old') {
    const name = asWritten.slice(2).find((word) => surnames.has(word));
    if (name) return { kind: 'number', label: `age of ${surnames.get(name)}` };
    return null;
  }
  // "died at 91", "dies at the age of 91", "aged 95".
  if (
    /\b(?:died|dies|dead)\s+(?:\p{L}+\s+)?(?:at|aged)\s+(?:the\s+age\s+of\s+)?$|\bat\s+the\s+age\s+of\s+$|\baged\s+$/iu.test(
      before,
    )
  )
    return /^\d{1,3}$/.test(written) ? { kind: 'number', label: 'age' } : null;
  if (/\bmagnitude\s*-?\s*$/i.test(before) || next[0] === 'magnitude') return { kind: 'number', label: 'magnitude' };
  if (currency) return { kind: 'number', label: `amount (${currency})` };
  // "killing 10", "injuring at least 80", "death toll rose to 12".
  const verb = before.match(
    /\b([\p{L}]+)\s+(?:at least |more than |about |some |nearly |almost |up to |over )?$/iu,
  )?.[1];
  if (verb && outcomes[verb.toLowerCase()] && /ing$|^killed$|^injured$/i.test(verb))
    return { kind: 'number', label: outcomes[verb.toLowerCase()]! };
  if (/\btoll\b[^.]{0,30}$/i.test(before)) return { kind: 'number', label: 'dead' };
  const [first, second, third, fourth] = next;
  if (!first) return null;
  if (outcomes[first]) return { kind: 'number', label: outcomes[first]! };
  if (first in units) return { kind: 'number', label: unitLabel(before, after, units[first]![0]) };
  // "14 people were injured", "five others hurt".
  if (peopleWords.has(first) || (second && peopleWords.has(second) && !outcomes[first])) {
    const words = [second, third, fourth].filter((word): word is string => Boolean(word));
    const outcome = words.find((word) => outcomes[word]);
    if (outcome) return { kind: 'number', label: outcomes[outcome]! };
    // "212 passengers" counts passengers; "14 people" alone says nothing of what happened to them.
    return /^(?:people|persons|others|individuals)$/.test(first) ? null : { kind: 'number', label: first };
  }
  // "26 Somali pirates", "five villages", "three aftershocks": the noun it counts.
  const noun = /^[\p{Lu}]/u.test(first) && second ? second : first;
  if (
    !/^[\p{L}]{3,}s$/u.test(noun) ||
    /^(?:years|times|days|weeks|months|hours|minutes|seconds|percent|points|yards)$/.test(noun)
  )
    return null;
  return { kind: 'number', label: noun };
}

/**
 * "falling about 150 metres" is a distance fallen: the verb before a measure says what was measured; "940 miles south
 * of Tehran" a distance from Tehran. A distance that says neither is only "distance" (and never disputed: a chase
 * of 30 miles and a town 50 miles away are not one thing measured twice).
 */
function unitLabel(before: string, after: string, family: string): string {
  const word = before
    .match(/\b([\p{L}]{3,})\s+(?:about |some |around |roughly |nearly |almost |more than |at least )?$/iu)?.[1]
    ?.toLowerCase();
  const what = family === 'length' ? 'distance' : family === 'time' ? 'duration' : 'weight';
  if (family === 'length') {
    const from = after.match(
      /^\s*[\p{L}]+\s+(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west|away)\s+)?(?:of|from)\s+(?:the\s+)?((?:[\p{Lu}][\p{L}]+)(?:\s+[\p{Lu}][\p{L}]+)?)/u,
    );
    if (from) return `distance from ${from[1]}`;
  }
  if (word && /(?:ing|ed)$/.test(word)) return `${what} ${word}`;
  return what;
}

// "11:40 p.m.", "at about 4: 30 a. m.", "12:15 a.m.": a time of day, in minutes after midnight.
const clock =
  /\b(?:(about|around|approximately|roughly|shortly after|just after|just before)\s+)?(\d{1,2})\s?:\s?(\d{2})\s*(a\.?\s?m\.?|p\.?\s?m\.?)?/giu;

function timesOf(sentence: Sentence): Mention[] {
  const found: Mention[] = [];
  for (const match of sentence.text.matchAll(clock)) {
    let hours = Number(match[2]);
    const minutes = Number(match[3]);
    const half = match[4]?.toLowerCase().replace(/[\s.]/g, '');
    // Without a.m. or p.m. a clock reading may be a score or a ratio: only times a reader cannot misread count.
    if (!half || hours > 12 || minutes > 59) continue;
    if (half === 'pm' && hours < 12) hours += 12;
    if (half === 'am' && hours === 12) hours = 0;
    found.push({
      kind: 'time',
      label: 'time of day',
      amount: { value: hours * 60 + minutes, bound: match[1] ? 'about' : 'exact', unit: 'clock', written: null },
      text: match[0].trim(),
      sentence,
    });
  }
  return found;
}

const ordinals: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
};
// What an ordinal counts when news copy gives it: a round of a fight, a term, a title defence, a time.
const ordinalNouns =
  /^(?:round|defen[cs]e|term|time|title|straight|consecutive|successful|attempt|day|week|quarter|inning|half|stage|place|victory|win|loss|defeat|operation|anniversary)$/;

/** "the seventh round", "his fifth defence", "the 3rd time": what is counted, and which one. */
function ordinalsOf(sentence: Sentence): Mention[] {
  const found: Mention[] = [];
  const pattern =
    /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))\s*-?\s*([\p{L}]+)(?:\s+([\p{L}]+))?/giu;
  for (const match of sentence.text.matchAll(pattern)) {
    const word = match[1]!.toLowerCase();
    const value = ordinals[word] ?? Number.parseInt(word, 10);
    // "the first time", "second half": too common to tell one account from another; an ordinal of two words
    // counts the second ("fifth successful operation").
    const noun =
      ordinalNouns.test(match[2]!.toLowerCase()) && match[3] && /^(?:straight|consecutive|successful)$/i.test(match[2]!)
        ? match[3]!.toLowerCase()
        : match[2]!.toLowerCase();
    if (!ordinalNouns.test(noun) || /^(?:straight|consecutive|successful|time|half)$/.test(noun)) continue;
    found.push({
      kind: 'number',
      label: noun === 'defense' ? 'defence' : noun,
      amount: { value, bound: 'exact', unit: 'ordinal', written: null },
      text: match[0].trim(),
      sentence,
    });
  }
  return found;
}

const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
// Past tenses that say what happened, as news copy writes them; verbs of saying date a statement, not the event.
const irregular = new Set(
  'struck hit fell fled died began broke caught found shot stole won lost beat met took made held sank ran rode came went left drove swept spread'.split(
    ' ',
  ),
);

/** "struck on Tuesday", "died Thursday": the day something happened, labelled by what happened. */
function daysOf(sentence: Sentence): Mention[] {
  const found: Mention[] = [];
  const pattern =
    /\b([\p{L}]+)\s+(?:(?:early|late|on|last)\s+)?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/giu;
  for (const match of sentence.text.matchAll(pattern)) {
    const verb = match[1]!.toLowerCase();
    const isEvent =
      (verb.endsWith('ed') || irregular.has(verb)) &&
      !/^(?:said|reported|announced|confirmed|stated|added|noted|explained|claimed|told)$/.test(verb);
    if (!isEvent) continue;
    found.push({
      kind: 'date',
      label: `day ${outcomes[verb] ?? verb}`,
      amount: { value: weekdays.indexOf(match[2]!.toLowerCase()), bound: 'exact', unit: 'weekday', written: null },
      text: match[0].trim(),
      sentence,
    });
  }
  return found;
}

/**
 * A fighter's or a team's record as the copy gives it beside the name ("Klitschko (52-3, 46 KOs)", "Rahman,
 * 45-7-2,"): wins, losses and draws, read as one value (wins × 10,000 + losses × 100 + draws).
 */
function recordsOf(sentence: Sentence, surnames: Map<string, string>): Mention[] {
  const found: Mention[] = [];
  const pattern = /\b([\p{Lu}][\p{L}'’-]+)\s*(?:,|\()\s*(\d{1,3})\s?-\s?(\d{1,3})(?:\s?-\s?(\d{1,2}))?(?![\d:])/gu;
  for (const match of sentence.text.matchAll(pattern)) {
    const surname = surnames.get(match[1]!);
    if (!surname) continue;
    const [wins, losses, draws] = [match[2], match[3], match[4]].map((n) => Number(n ?? 0)) as [number, number, number];
    found.push({
      kind: 'number',
      label: `record of ${surname}`,
      amount: { value: wins * 10_000 + losses * 100 + draws, bound: 'exact', unit: 'record', written: null },
      text: match[0].replace(/^[^,(]*[,(]\s*/, '').trim(),
      sentence,
    });
  }
  return found;
}
