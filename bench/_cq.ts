import { readFileSync } from 'node:fs';
import { sentencesOf } from '../src/analysis/compare/sentences.js';
import { findQuotations } from '../src/analysis/compare/quotes.js';
const docs = new Map<string, any>();
for (const l of readFileSync('../shared/data/stories/ecbplus-dev.jsonl','utf8').split('\n').filter(Boolean)) { const d = JSON.parse(l); docs.set(d.id, d); }
const gold = readFileSync('../shared/data/compare/ecbplus-dev-compare.jsonl','utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l));
const norm = (s: string) => s.toLowerCase().replace(/^(the|a|an)\s+/, '').replace(/[^\p{L}\p{N} ]/gu,' ').replace(/\s+/g,' ').trim();
const words = (s: string) => new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
const misses: string[] = [];
for (const c of gold) {
  if (Number(c.cluster.split('_')[0]) > 20) continue;
  const preds = new Map<string, any[]>();
  for (const id of c.docs) { const d = docs.get(id); preds.set(id, findQuotations(sentencesOf(d.sentences), d.title)); }
  for (const q of c.quotes) {
    const cands = preds.get(q.doc)!.filter((p) => p.sentence.paragraph === q.sentence);
    const gw = words(q.quote);
    let best: any = null, bestOv = 0;
    for (const p of cands) { const pw = words(p.text); let ov = 0; for (const w of pw) if (gw.has(w)) ov++; const r = ov / Math.min(pw.size, gw.size); if (r > bestOv) { bestOv = r; best = p; } }
    if (!best || bestOv < 0.5) { misses.push(`MISS ${q.direct?'D':'R'} [${q.speaker}|${q.speaker_text}] ${docs.get(q.doc).sentences[q.sentence].slice(0,160)}`); continue; }
    const ok = norm(best.speaker) === norm(q.speaker) || (q.speaker_text && norm(best.speaker) === norm(q.speaker_text));
    if (!ok) misses.push(`SPKR ${q.direct?'D':'R'} got [${best.speaker}] want [${q.speaker}|${q.speaker_text}] ${docs.get(q.doc).sentences[q.sentence].slice(0,150)}`);
  }
}
for (const m of misses) console.log(m);
