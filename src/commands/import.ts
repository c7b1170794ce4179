// `readout import <file|folder>...`: text clippings, JSONL exports and JSON records into the store.
import { relative } from 'node:path';
import type { AppContext } from '../context.js';
import { collectFiles } from '../ingest/files.js';
import { type FileReport, importFile } from '../pipeline/files.js';
import { placeAllWaiting } from '../pipeline/stories.js';
import type { Command } from './command.js';
import { StatusLine } from './status-line.js';

const command: Command = {
  name: 'import',
  summary: 'Import text clippings, JSONL exports and JSON article records',
  usage: 'readout import [--source NAME] [--wait] [--quiet] [--json] <file|folder>...',
  help: `Reads each file named, and every .txt, .text, .clip, .jsonl, .ndjson and .json file in the folders
named (recursively). Text clippings are in the format of the clipping sites (headline, "< < Go Back",
"from <Source>,", deck, body, "More From <Source> (subscription required):"), in UTF-8, UTF-16 with a
BOM, Latin-1 or Windows-1252, with LF or CRLF line ends. JSONL is Readout's own export format.

For each file it reports imported, duplicate (same source, headline and body), updated or error, with
the line. Each article is saved in its own transaction (JSONL: 5,000 lines a transaction, a bad line
reported on its own); a bad file or line never stops the others and leaves nothing half-saved.
Importing the same files again imports nothing new. A date that is not on the calendar (2026-02-30,
0000-01-01) is left out with a warning, and the article is imported without it.

Imported articles wait to be placed in stories (each event with every outlet's account of it): a
running readout serve or readout poll places them within seconds. With --wait the import places them
itself before it returns, with its progress on a terminal.

Options:
  --source NAME  outlet to use for clippings that have no "from <Source>," line
  --wait         place the imported articles in stories before returning
  --quiet        print only errors, warnings and the summary
  --json         print one JSON report per file instead of text lines

Exit code: 0 when every file imported cleanly, 1 when any file or article had an error.`,
  options: {
    source: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    json: { type: 'boolean' },
    wait: { type: 'boolean' },
  },
  check: (args) => (args.positionals.length === 0 ? 'name at least one file or folder to import' : null),
  async run(ctx, args) {
    const started = performance.now();
    const files = await collectFiles(args.positionals);
    const quiet = Boolean(args.values.quiet);
    const json = Boolean(args.values.json);
    const progress = new Progress(files.length);
    const totals = { imported: 0, duplicate: 0, updated: 0, error: 0 };
    let warnings = 0;
    for (const [i, file] of files.entries()) {
      progress.show(i, file);
      const report = await importFile(ctx, file, {
        source: args.values.source as string | undefined,
        onArticle: (r) => progress.show(i, file, r),
      });
      progress.clear();
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += report.counts[key];
      warnings += report.warnings.length;
      if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else printReport(report, quiet);
    }
    progress.clear();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const summary =
      `${totals.imported} imported, ${totals.duplicate} duplicate, ${totals.updated} updated, ` +
      `${totals.error} error${totals.error === 1 ? '' : 's'}${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''} ` +
      `in ${files.length} file${files.length === 1 ? '' : 's'} (${seconds} s)`;
    process.stderr.write(`${summary}\n`);
    if (files.length === 0)
      process.stderr.write('No files to import: the folders hold no .txt, .jsonl or .json files.\n');
    else await placeInStories(ctx, Boolean(args.values.wait));
    return totals.error > 0 || files.length === 0 ? 1 : 0;
  },
};

/** With --wait, places what waits in stories, with progress; without, says how many wait and who places them. */
async function placeInStories(ctx: AppContext, wait: boolean): Promise<void> {
  if (!wait) {
    const waiting = await ctx.store.countUnplaced();
    if (waiting > 0)
      process.stderr.write(
        `${waiting} article${waiting === 1 ? '' : 's'} wait to be placed in stories: a running readout serve or ` +
          'readout poll places them (or import with --wait, or run readout stories rebuild)\n',
      );
    return;
  }
  const started = performance.now();
  const line = new StatusLine();
  const outcome = await placeAllWaiting(ctx, (done, left) =>
    line.show(`placing in stories: ${done} placed, ${left} to go`),
  );
  line.clear();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `placed ${outcome.placed} article${outcome.placed === 1 ? '' : 's'} in stories ` +
      `(${outcome.stories.size} stor${outcome.stories.size === 1 ? 'y' : 'ies'} new or grown) in ${seconds} s\n`,
  );
}

function printReport(report: FileReport, quiet: boolean): void {
  const name = displayPath(report.file);
  const where = (line: number | null) => (line === null ? name : `${name}:${line}`);
  if (!quiet) {
    if (report.kind === 'clipping' && report.items.length <= 3) {
      for (const item of report.items) {
        process.stdout.write(`${item.outcome.padEnd(9)}  ${where(item.line)}  ${item.headline}  (${item.id})\n`);
      }
    } else if (report.items.length > 0) {
      const { imported, duplicate, updated } = report.counts;
      process.stdout.write(
        `${'imported'.padEnd(9)}  ${name}  ${imported} imported, ${duplicate} duplicate, ${updated} updated\n`,
      );
    }
  }
  for (const problem of report.errors) {
    process.stdout.write(`${'error'.padEnd(9)}  ${where(problem.line)}  ${problem.message}\n`);
  }
  for (const warning of report.warnings) {
    process.stdout.write(`${'warning'.padEnd(9)}  ${where(warning.line)}  ${warning.message}\n`);
  }
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** Which file of how many, and how many articles of a large one so far. */
class Progress {
  readonly #line = new StatusLine();
  constructor(private readonly total: number) {}

  show(index: number, file: string, report?: FileReport): void {
    if (this.total < 2 && !report) return;
    const counts = report
      ? ` ${report.counts.imported + report.counts.duplicate + report.counts.updated + report.counts.error} articles`
      : '';
    this.#line.show(`[${index + 1}/${this.total}] ${displayPath(file)}${counts}`);
  }

  clear(): void {
    this.#line.clear();
  }
}

export default command;
