// `readout extract <file|folder>...`: the article record of saved pages, printed, nothing stored.
import { stat } from 'node:fs/promises';
import { InputError, isBadInput } from '../errors.js';
import { collectFiles, inputKind, readHtmlFile } from '../ingest/files.js';
import type { Command } from './command.js';

const command: Command = {
  name: 'extract',
  summary: 'Print the article record extracted from saved pages (.html, .html.gz); stores nothing',
  usage: 'readout extract [--url URL] [--format json|jsonl] <file|folder>...',
  help: `Reads each .html, .htm, .xhtml or .html.gz file named, and those in the folders named, and prints the
article record Readout would store (without an id). One file prints one JSON document; several files
(or --format jsonl) print one JSON line per file with an added "file" field.

Options:
  --url URL             the address the page was saved from (resolves relative links; one file only)
  --format json|jsonl   output format (default: json for one file, jsonl for several)

Exit code: 0 when every page gave an article, 1 when any did not (its line holds an "error").`,
  options: { url: { type: 'string' }, format: { type: 'string', short: 'f' } },
  check(args) {
    const format = args.values.format as string | undefined;
    if (format !== undefined && format !== 'json' && format !== 'jsonl')
      return `unknown --format "${format}"; use json or jsonl`;
    if (args.positionals.length === 0) return 'name at least one saved page (.html or .html.gz) or folder';
    return null;
  },
  run: () => Promise.reject(new Error('extract runs without the store')),
  async withoutStore(_config, args) {
    const files = (await collectFiles(args.positionals)).filter((f) => inputKind(f) === 'html');
    if (files.length === 0) throw new InputError('no .html, .htm, .xhtml or .html.gz files among the paths given');
    const url = args.values.url as string | undefined;
    if (url && files.length > 1) throw new InputError('--url names the address of one page; give one file with it');
    const lines = args.values.format === 'jsonl' || files.length > 1;
    let failed = 0;
    for (const file of files) {
      try {
        const draft = await readHtmlFile(file, (await stat(file)).size, { url });
        const record = lines ? { file, ...draft } : draft;
        process.stdout.write(lines ? `${JSON.stringify(record)}\n` : `${JSON.stringify(record, null, 2)}\n`);
      } catch (err) {
        if (!isBadInput(err)) throw err;
        failed++;
        if (lines) process.stdout.write(`${JSON.stringify({ file, error: err.message })}\n`);
        else process.stderr.write(`readout extract: ${file}: ${err.message}\n`);
      }
    }
    return failed > 0 ? 1 : 0;
  },
};

export default command;
