// Compare accounts: line up what several outlets' accounts of one event state, and show where they agree, where
// they differ, what only one of them says, and who said what. Pure: accounts in, a comparison out; the store keeps
// nothing of it (the web caches it per story, and a story's change makes it anew).
import { extractEntities } from '../entities/index.js';
import { type DetailKind, findDetails, type Mention } from './details.js';
import { isName, namesIn } from './names.js';
import { type Amount, compatible } from './numbers.js';
import { findQuotations, type Quotation } from './quotes.js';
import { type Sentence, sentencesOf } from './sentences.js';

export { findQuotations, type Quotation } from './quotes.js';
export { type Sentence, sentencesOf } from './sentences.js';

export interface Account {
  articleId: string;
  source: string;
  publishedAt: string | null;
  headline: string;
  paragraphs: string[];
}

export interface Statement {
  articleId: string;
  source: string;
  /** The sentence of the stored article, exactly as stored. */
  sentence: string;
  /** Its paragraph in the stored body, to link to it. */
  paragraph: number;
  /** The words of the sentence that state the value. */
  text: string;
}

export interface DetailValue {
  value: string;
  accounts: Statement[];
  /** An earlier report that a later account updated (a toll that rose), not a disagreement. */
  earlier?: boolean;
}

export interface Detail {
  label: string;
  kind: DetailKind;
  conflict: boolean;
  /** The values differ only because later accounts report a newer figure. */
  update: boolean;
  /** A person, place or organisation several accounts name (one value: the name), not a stated figure. */
  named: boolean;
  values: DetailValue[];
}

export interface QuotationGroup {
  speaker: string;
  text: string;
  direct: boolean;
  accounts: (Statement & { wording: string })[];
  /** Two or more outlets word the same quotation differently. */
  reworded: boolean;
}

export interface Comparison {
  accounts: number;
  details: Detail[];
  onlyIn: (Statement & { label: string })[];
  quotes: QuotationGroup[];
}

/** A story is compared from this many accounts at most (its newest), so that a wire story of 500 copies stays cheap. */
export const maxAccounts = 60;

interface Read {
  account: Account;
  sentences: Sentence[];
  mentions: Mention[];
  quotations: Quotation[];
}

function readAccount(account: Account): Read {
  const sentences = sentencesOf(account.paragraphs);
  // Surnames of the people the account names, by each form it writes them in: "Comeaux, 49" is "age of Comeaux".
  const surnames = new Map<string, string>();
  // The names are read once: they give the surnames here and the speakers of the quotations.
  const entities = extractEntities({ headline: account.headline, deck: null, paragraphs: account.paragraphs });
  for (const entity of entities)
    if (entity.kind === 'person') {
      // The surname, not a suffix ("Arcade Joseph Comeaux Jr." is Comeaux).
      const surname = entity.name
        .split(/\s+/)
        .filter((word) => !/^(?:Jr|Sr|II|III|IV)\.?$/.test(word))
        .at(-1)!;
      for (const form of entity.names) for (const word of form.split(/\s+/)) surnames.set(word, surname);
    }
  return {
    account,
    sentences,
    mentions: [...sentences.flatMap((sentence) => findDetails(sentence, surnames)), ...namesIn(sentences, entities)],
    quotations: findQuotations(sentences, account.headline, entities),
  };
}

const statement = (account: Account, sentence: Sentence, text: string): Statement => ({
  articleId: account.articleId,
  source: account.source,
  sentence: sentence.text,
  paragraph: sentence.paragraph,
  text,
});

const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ordinalSuffix = (n: number) =>
  n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';

function show(amount: Amount): string {
  if (amount.unit === 'weekday') return weekdayNames[amount.value]!;
  if (amount.unit === 'ordinal') return `${amount.value}${ordinalSuffix(amount.value)}`;
  if (amount.unit === 'record') {
    const [wins, losses, draws] = [
      Math.floor(amount.value / 10_000),
      Math.floor(amount.value / 100) % 100,
      amount.value % 100,
    ];
    return draws > 0 ? `${wins}-${losses}-${draws}` : `${wins}-${losses}`;
  }
  if (amount.unit === 'clock') {
    const hours = Math.floor(amount.value / 60);
    const clockText = `${hours % 12 === 0 ? 12 : hours % 12}:${String(amount.value % 60).padStart(2, '0')} ${hours < 12 ? 'a.m.' : 'p.m.'}`;
    return amount.bound === 'about' ? `about ${clockText}` : clockText;
  }
  const value =
    amount.value >= 1e6
      ? `${Number((amount.value / 1e6).toFixed(2))} million`
      : Number.isInteger(amount.value)
        ? amount.value.toLocaleString('en')
        : String(Number(amount.value.toFixed(2)));
  const mark = { exact: '', about: 'about ', atLeast: 'at least ', atMost: 'at most ' }[amount.bound];
  const unit = amount.unit?.startsWith('money:')
    ? amount.unit.slice(6)
    : amount.unit === 'length'
      ? ' m'
      : amount.unit === 'time'
        ? ' s'
        : amount.unit === 'mass'
          ? ' kg'
          : '';
  return amount.unit?.startsWith('money:') ? `${mark}${unit}${value}` : `${mark}${value}${unit}`;
}

const outcomeLabels = new Set([
  'dead',
  'injured',
  'arrested',
  'missing',
  'evacuated',
  'rescued',
  'displaced',
  'homeless',
]);

const positions = /^(?:round|inning|quarter|half|day|week|stage|place)\b/;

/** One detail's mentions across accounts, as values: mentions that can all be true together share a value. */
function lineUp(label: string, mentions: { read: Read; mention: Mention }[]): Detail {
  const values: { amount: Amount; value: DetailValue; times: string[] }[] = [];
  // Exact figures first, then "about", then bounds: a bound ("more than $4 million") joins a figure it fits rather
  // than standing for the figures that fit it.
  const order = { exact: 0, about: 1, atLeast: 2, atMost: 2 };
  const ordered = [...mentions].sort((a, b) => order[a.mention.amount.bound] - order[b.mention.amount.bound]);
  for (const { read, mention } of ordered) {
    const same =
      values.find((v) => v.amount.value === mention.amount.value && v.amount.unit === mention.amount.unit) ??
      values.find((v) => compatible(v.amount, mention.amount));
    const said = statement(read.account, mention.sentence, mention.text);
    if (same) {
      if (!same.value.accounts.some((a) => a.articleId === said.articleId && a.sentence === said.sentence))
        same.value.accounts.push(said);
      if (read.account.publishedAt) same.times.push(read.account.publishedAt);
    } else
      values.push({
        amount: mention.amount,
        value: { value: show(mention.amount), accounts: [said] },
        times: read.account.publishedAt ? [read.account.publishedAt] : [],
      });
  }
  // Two values conflict when different accounts give them and they cannot both be true.
  let conflict = false;
  for (let i = 0; i < values.length && !conflict; i++)
    for (let j = i + 1; j < values.length && !conflict; j++) {
      const a = values[i]!;
      const b = values[j]!;
      if (compatible(a.amount, b.amount)) continue;
      const own = new Set(a.value.accounts.map((s) => s.articleId));
      if (
        b.value.accounts.some((s) => !own.has(s.articleId)) ||
        a.value.accounts.some((s) => !b.value.accounts.some((t) => t.articleId === s.articleId))
      )
        conflict = true;
    }
  // Which round or quarter: accounts name several moments of one event ("knocked down in the sixth, stopped in the
  // seventh"); a distance that says neither from where nor what moved; and three or more counts of a thing, each
  // from one account, are three things counted, not one disputed (a toll or a time given three ways is disputed).
  if (
    (mentions[0]!.mention.amount.unit === 'ordinal' && positions.test(label)) ||
    label === 'distance' ||
    (values.length >= 3 &&
      !outcomeLabels.has(label) &&
      mentions[0]!.mention.amount.unit !== 'clock' &&
      values.every((v) => v.value.accounts.length === 1))
  )
    conflict = false;
  // A toll that only rises as later accounts come in is an update: the newest figure, the rest earlier reports.
  let update = false;
  if (conflict && outcomeLabels.has(label) && values.every((v) => v.times.length === v.value.accounts.length)) {
    const ordered = [...values].sort((a, b) => a.amount.value - b.amount.value);
    const rises = ordered.every(
      (v, i) => i === 0 || v.times.every((t) => ordered.slice(0, i).every((o) => o.times.every((u) => u <= t))),
    );
    if (rises) {
      update = true;
      conflict = false;
      for (const v of ordered.slice(0, -1)) v.value.earlier = true;
      values.sort((a, b) => b.amount.value - a.amount.value);
    }
  }
  if (!update) values.sort((a, b) => b.value.accounts.length - a.value.accounts.length);
  return { label, kind: mentions[0]!.mention.kind, conflict, update, named: false, values: values.map((v) => v.value) };
}

const wordsOf = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}

/** Quotations grouped by speaker and by what was said: one group per thing said, with each outlet's wording. */
function groupQuotations(reads: Read[]): QuotationGroup[] {
  const groups: (QuotationGroup & { words: Set<string> })[] = [];
  for (const read of reads)
    for (const quotation of read.quotations) {
      if (quotation.speaker === '') continue;
      const words = wordsOf(quotation.text);
      const said = { ...statement(read.account, quotation.sentence, quotation.text), wording: quotation.text };
      const same = groups.find(
        (group) =>
          group.speaker.toLowerCase() === quotation.speaker.toLowerCase() && overlap(group.words, words) >= 0.6,
      );
      if (same) {
        if (same.accounts.some((a) => a.articleId === said.articleId && a.wording === said.wording)) continue;
        same.accounts.push(said);
        if (same.accounts.some((a) => a.wording !== said.wording && a.articleId !== said.articleId))
          same.reworded = true;
        if (quotation.direct && !same.direct) same.direct = true;
      } else
        groups.push({
          speaker: quotation.speaker,
          text: quotation.text,
          direct: quotation.direct,
          accounts: [said],
          reworded: false,
          words,
        });
    }
  return groups.map(({ words: _, ...group }) => group);
}

// Values of one label this far apart are most likely two details (the quake's toll and an earlier quake's; the time
// it struck and the time a page was posted), not two accounts of one: 14 and 17 injured are one detail, 5 and 40 two (and 12 dead rising to 31 by evening still one).
const sameDetailRatio = 3;
const sameDetailMinutes = 180;

/** A label's mentions in groups of values near enough to be one detail (single linkage over the sorted values). */
function nearby(mentions: { read: Read; mention: Mention }[]): { read: Read; mention: Mention }[][] {
  const sorted = [...mentions].sort((a, b) => a.mention.amount.value - b.mention.amount.value);
  const groups: { read: Read; mention: Mention }[][] = [];
  for (const item of sorted) {
    const last = groups.at(-1)?.at(-1);
    const near =
      last !== undefined &&
      last.mention.amount.unit === item.mention.amount.unit &&
      (item.mention.amount.unit === 'weekday' ||
        item.mention.amount.unit === 'ordinal' ||
        (item.mention.amount.unit === 'clock'
          ? item.mention.amount.value - last.mention.amount.value <= sameDetailMinutes
          : item.mention.amount.value <= sameDetailRatio * Math.max(last.mention.amount.value, Number.MIN_VALUE)));
    if (near) groups.at(-1)!.push(item);
    else groups.push([item]);
  }
  // Times of day wrap at midnight: 11:55 p.m. and 12:15 a.m. are twenty minutes apart.
  if (groups.length > 1 && groups[0]![0]!.mention.amount.unit === 'clock') {
    const first = groups[0]![0]!.mention.amount.value;
    const last = groups.at(-1)!.at(-1)!.mention.amount.value;
    if (first + 1440 - last <= sameDetailMinutes) groups[0]!.push(...groups.pop()!);
  }
  return groups;
}

/** A name several accounts give: shown in its fullest form, with each account's sentences naming it. */
function named(mentions: { read: Read; mention: Mention }[]): Detail {
  const name = mentions
    .map((m) => m.mention.text)
    .reduce((best, text) => (text.split(' ').length > best.split(' ').length ? text : best));
  const accounts: Statement[] = [];
  for (const { read, mention } of mentions)
    if (!accounts.some((a) => a.articleId === read.account.articleId && a.sentence === mention.sentence.text))
      accounts.push(statement(read.account, mention.sentence, mention.text));
  return {
    label: name,
    kind: mentions[0]!.mention.kind,
    conflict: false,
    update: false,
    named: true,
    values: [{ value: name, accounts }],
  };
}

/** Compares several accounts of one event. */
export function compareAccounts(given: Account[]): Comparison {
  const accounts = given.slice(0, maxAccounts);
  const reads = accounts.map(readAccount);
  const byLabel = new Map<string, { read: Read; mention: Mention }[]>();
  for (const read of reads)
    for (const mention of read.mentions) {
      const same = byLabel.get(mention.label);
      if (same) same.push({ read, mention });
      else byLabel.set(mention.label, [{ read, mention }]);
    }
  const details: Detail[] = [];
  const onlyIn: (Statement & { label: string })[] = [];
  for (const [label, all] of byLabel)
    for (const mentions of nearby(all)) {
      const articles = new Set(mentions.map((m) => m.read.account.articleId));
      if (articles.size >= 2) details.push(isName(label) ? named(mentions) : lineUp(label, mentions));
      else if (accounts.length >= 2 && !isName(label))
        for (const { read, mention } of mentions)
          if (!onlyIn.some((o) => o.articleId === read.account.articleId && o.sentence === mention.sentence.text))
            onlyIn.push({ ...statement(read.account, mention.sentence, mention.text), label });
    }
  // Conflicts first, then what most accounts state.
  details.sort(
    (a, b) => Number(b.conflict) - Number(a.conflict) || count(b) - count(a) || (a.label < b.label ? -1 : 1),
  );
  return { accounts: accounts.length, details, onlyIn, quotes: groupQuotations(reads) };
}

const count = (detail: Detail) => new Set(detail.values.flatMap((v) => v.accounts.map((a) => a.articleId))).size;
