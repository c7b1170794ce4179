// bench:compare: how well Readout lines up several outlets' accounts of one event, against a hand-made gold set.
//
//   npm run bench:compare [-- --gold FILE --data FILE]
//
// Reads ../shared/data/compare/ecbplus-dev-compare.jsonl (16 events of ECB+, every detail two or more accounts
// state, which of them conflict, and 757 quotations with their speakers) and the events' documents from
// ../shared/data/stories/ecbplus-dev.jsonl, compares each event's accounts (one sentence a paragraph, no
// publication dates) with the code the story page uses (src/analysis/compare), and scores it as
// ../shared/data/compare/README.md says: conflict precision and recall over (document, sentence) pairs, how much of
// each detail one group holds and how pure the groups are, the share of quotations found and of those the share
// given to the right speaker. The rules were written looking at the events of topics 1–20 only (the development
// events); topics 21–35 were held out, never looked at, and are the headline row.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Comparison, compareAccounts } from '../src/analysis/compare/index.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const heldOutFrom = 21;

interface GoldMention {
  doc: string;
  sentence: number;
  value: string;
  text: string;
}

interface GoldEvent {
  cluster: string;
  docs: string[];
  slots: { slot: string; kind: string; mentions: GoldMention[]; conflict: boolean }[];
  quotes: { doc: string; sentence: number; speaker: string; speaker_text: string; quote: string; direct: boolean }[];
}

interface Counts {
  conflictTp: number;
  conflictFp: number;
  conflictFn: number;
  slotRecall: number[];
  groupPurity: number[];
  quotes: { direct: [number, number, number]; reported: [number, number, number] };
  events: number;
  ms: number;
}

const empty = (): Counts => ({
  conflictTp: 0,
  conflictFp: 0,
  conflictFn: 0,
  slotRecall: [],
  groupPurity: [],
  quotes: { direct: [0, 0, 0], reported: [0, 0, 0] },
  events: 0,
  ms: 0,
});

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
const overlaps = (a: string, b: string) => {
  const x = words(a);
  const y = words(b);
  let shared = 0;
  for (const word of x) if (y.has(word)) shared++;
  return shared / Math.max(1, Math.min(x.size, y.size));
};
const speakerKey = (text: string) =>
  text
    .toLowerCase()
    .replace(/^(?:the|a|an)\s+/, '')
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function score(event: GoldEvent, comparison: Comparison, counts: Counts): void {
  const key = (doc: string, paragraph: number) => `${doc}\u0000${paragraph}`;
  // Conflicts: (document, sentence) pairs that state a value of a conflicting detail.
  const gold = new Set<string>();
  for (const slot of event.slots) if (slot.conflict) for (const m of slot.mentions) gold.add(key(m.doc, m.sentence));
  const predicted = new Set<string>();
  for (const detail of comparison.details)
    if (detail.conflict)
      for (const value of detail.values) for (const s of value.accounts) predicted.add(key(s.articleId, s.paragraph));
  for (const pair of predicted) gold.has(pair) ? counts.conflictTp++ : counts.conflictFp++;
  for (const pair of gold) if (!predicted.has(pair)) counts.conflictFn++;

  // Agreement: each gold detail's mentions, found in the predicted groups (same document and sentence, overlapping text).
  const groups = comparison.details.map((detail) => detail.values.flatMap((value) => value.accounts));
  const slotOf = new Map<string, string>();
  for (const slot of event.slots) {
    const inGroup = new Map<number, number>();
    for (const m of slot.mentions)
      groups.forEach((statements, index) => {
        const hit = statements.find(
          (s) => s.articleId === m.doc && s.paragraph === m.sentence && overlaps(s.text, m.text) > 0,
        );
        if (hit) {
          inGroup.set(index, (inGroup.get(index) ?? 0) + 1);
          slotOf.set(`${index}\u0000${key(m.doc, m.sentence)}\u0000${hit.text}`, slot.slot);
        }
      });
    counts.slotRecall.push(Math.max(0, ...inGroup.values()) / slot.mentions.length);
  }
  groups.forEach((statements, index) => {
    const slots = statements.flatMap((s) => {
      const found = slotOf.get(`${index}\u0000${key(s.articleId, s.paragraph)}\u0000${s.text}`);
      return found ? [found] : [];
    });
    if (slots.length === 0) return;
    const tally = new Map<string, number>();
    for (const slot of slots) tally.set(slot, (tally.get(slot) ?? 0) + 1);
    counts.groupPurity.push(Math.max(...tally.values()) / slots.length);
  });

  // Quotations: found when a quotation of that document and sentence overlaps the gold one; right when its speaker
  // is the gold speaker or the speaker's words as written (a pronoun never is: the gold speaker is never one).
  const said = comparison.quotes.flatMap((group) =>
    group.accounts.map((a) => ({ ...a, speaker: group.speaker, direct: group.direct })),
  );
  for (const quote of event.quotes) {
    const tally = quote.direct ? counts.quotes.direct : counts.quotes.reported;
    tally[0]++;
    const candidates = said.filter((s) => s.articleId === quote.doc && s.paragraph === quote.sentence);
    let best: (typeof said)[number] | null = null;
    let bestOverlap = 0;
    for (const candidate of candidates) {
      const value = overlaps(candidate.wording, quote.quote);
      if (value > bestOverlap) [best, bestOverlap] = [candidate, value];
    }
    if (!best || bestOverlap < 0.5) continue;
    tally[1]++;
    const speaker = speakerKey(best.speaker);
    if (
      speaker === speakerKey(quote.speaker) ||
      (quote.speaker_text !== '' && speaker === speakerKey(quote.speaker_text))
    )
      tally[2]++;
  }
}

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
const ratio = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(3));

function row(label: string, c: Counts): string {
  const { direct, reported } = c.quotes;
  const found = direct[1] + reported[1];
  const all = direct[0] + reported[0];
  return `| ${label} | ${ratio(c.conflictTp, c.conflictTp + c.conflictFp)} | ${ratio(c.conflictTp, c.conflictTp + c.conflictFn)} | ${mean(c.slotRecall).toFixed(3)} | ${mean(c.groupPurity).toFixed(3)} | ${ratio(found, all)} | ${ratio(direct[2] + reported[2], found)} | ${ratio(direct[2], direct[1])} | ${ratio(reported[2], reported[1])} | ${(c.events / (c.ms / 1000)).toFixed(1)} |`;
}

function add(into: Counts, from: Counts): void {
  into.conflictTp += from.conflictTp;
  into.conflictFp += from.conflictFp;
  into.conflictFn += from.conflictFn;
  into.slotRecall.push(...from.slotRecall);
  into.groupPurity.push(...from.groupPurity);
  for (const kind of ['direct', 'reported'] as const)
    for (let i = 0; i < 3; i++) into.quotes[kind][i]! += from.quotes[kind][i]!;
  into.events += from.events;
  into.ms += from.ms;
}

function main(): void {
  const { values } = parseArgs({ options: { gold: { type: 'string' }, data: { type: 'string' } } });
  const goldPath = resolve(values.gold ?? resolve(repoRoot, '../shared/data/compare/ecbplus-dev-compare.jsonl'));
  const dataPath = resolve(values.data ?? resolve(repoRoot, '../shared/data/stories/ecbplus-dev.jsonl'));
  for (const path of [goldPath, dataPath])
    if (!existsSync(path)) {
      process.stderr.write(`bench:compare: the reference data is missing: ${path} does not exist.\n`);
      process.exit(1);
    }
  const documents = new Map<string, { title: string; sentences: string[] }>();
  for (const line of readFileSync(dataPath, 'utf8').split('\n'))
    if (line.trim() !== '') {
      const record = JSON.parse(line) as { id: string; title: string; sentences: string[] };
      documents.set(record.id, record);
    }
  const events = readFileSync(goldPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as GoldEvent);
  const rows: string[] = [];
  const development = empty();
  const heldOut = empty();
  for (const event of events) {
    const accounts = event.docs.flatMap((id) => {
      const document = documents.get(id);
      return document
        ? [{ articleId: id, source: id, publishedAt: null, headline: document.title, paragraphs: document.sentences }]
        : [];
    });
    const started = performance.now();
    const comparison = compareAccounts(accounts);
    const counts = empty();
    counts.ms = performance.now() - started;
    counts.events = 1;
    score(event, comparison, counts);
    const held = Number(event.cluster.split('_')[0]) >= heldOutFrom;
    add(held ? heldOut : development, counts);
    rows.push(row(`${event.cluster}${held ? ' (held out)' : ''}`, counts));
  }
  const all = empty();
  add(all, development);
  add(all, heldOut);
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  process.stdout.write(
    [
      `${new Date().toISOString().slice(0, 10)}, ${cpu} (${os.cpus().length} cores), Node ${process.version}, \`npm run bench:compare\``,
      '',
      `${events.length} events; rules written on topics 1–${heldOutFrom - 1} (development), topics ${heldOutFrom}–35 held out`,
      '',
      '| events | conflict P | conflict R | detail recall | group purity | quotes found | speaker right | direct | reported | events/s |',
      '|---|---|---|---|---|---|---|---|---|---|',
      row('**held out (topics 21–35), pooled**', heldOut),
      row('development (topics 1–20), pooled', development),
      row('all 16, pooled', all),
      ...rows,
      '',
    ].join('\n'),
  );
}

main();
