// `readout export`: every article as JSONL (Readout's own import format) or CSV, to stdout or a file.
import type { Article } from '../model.js';
import type { Command } from './command.js';
import { OutputFile } from './output-file.js';

const formats = ['jsonl', 'csv'] as const;
type Format = (typeof formats)[number];

const csvColumns: [string, (a: Article) => string | null][] = [
  ['id', (a) => a.id],
  ['headline', (a) => a.headline],
  ['deck', (a) => a.deck],
  ['byline', (a) => a.byline],
  ['publishedAt', (a) => a.publishedAt],
  ['source', (a) => a.source.name],
  ['sourceId', (a) => a.source.id],
  ['sourcePaywalled', (a) => String(a.source.paywalled)],
  ['paywalled', (a) => String(a.paywalled)],
  ['url', (a) => a.url],
  ['canonicalUrl', (a) => a.canonicalUrl],
  ['language', (a) => a.language],
  ['body', (a) => a.paragraphs.join('\n\n')],
  ['related', (a) => (a.related.length > 0 ? JSON.stringify(a.related) : '')],
  ['extractionMethod', (a) => a.extraction.method],
  ['createdAt', (a) => a.createdAt],
];

function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const command: Command = {
  name: 'export',
  summary: 'Write every article as JSONL or CSV',
  usage: 'readout export [--format jsonl|csv] [--out FILE]',
  help: `JSONL holds one article record a line, every field, exactly as the API returns it; importing it into
an empty store gives back every article. CSV is for spreadsheets: one row an article, the body's
paragraphs separated by blank lines, related links as JSON.

Options:
  --format jsonl|csv  (default jsonl)
  --out FILE          write to FILE (replaced only when the export is complete); default: standard output`,
  options: { format: { type: 'string', short: 'f', default: 'jsonl' }, out: { type: 'string', short: 'o' } },
  check(args) {
    const format = args.values.format as string;
    if (!(formats as readonly string[]).includes(format)) return `unknown --format "${format}"; use jsonl or csv`;
    if (args.positionals.length > 0)
      return `unexpected argument "${args.positionals[0]}"; use --out FILE to name the file`;
    return null;
  },
  async run(ctx, args) {
    const format = args.values.format as Format;
    const out = args.values.out as string | undefined;
    const file = out ? await OutputFile.create(out) : null;
    const write = file ? (text: string) => file.write(text) : toStdout;
    let count = 0;
    try {
      if (format === 'csv') await write(`${csvColumns.map(([name]) => name).join(',')}\r\n`);
      for await (const article of ctx.store.eachArticle()) {
        if (format === 'jsonl') await write(`${JSON.stringify(article)}\n`);
        else await write(`${csvColumns.map(([, get]) => csvCell(get(article))).join(',')}\r\n`);
        count++;
      }
      await file?.finish();
    } catch (err) {
      await file?.discard();
      throw err;
    }
    process.stderr.write(`exported ${count} article${count === 1 ? '' : 's'} as ${format}${out ? ` to ${out}` : ''}\n`);
    return 0;
  },
};

function toStdout(text: string): Promise<void> {
  return process.stdout.write(text)
    ? Promise.resolve()
    : new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
}

export default command;
