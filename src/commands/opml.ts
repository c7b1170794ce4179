// `readout opml import <file|url>` and `readout opml export`: bring a feed reader's subscriptions in, or take them out.
import { readFile } from 'node:fs/promises';
import type { AppContext } from '../context.js';
import { userError } from '../errors.js';
import { formatBytes } from '../format.js';
import { exportOpml, importOpml } from '../pipeline/opml.js';
import { type Command, CommandError } from './command.js';
import { checkNow } from './feeds.js';
import { writeOutputFile } from './output-file.js';
import { StatusLine } from './status-line.js';

const command: Command = {
  name: 'opml',
  summary: 'Import feeds from an OPML file (or URL), or export them as OPML',
  usage: 'readout opml import <file|url> [--no-check] | export [--output FILE]',
  help: `import <file|url>   Follow every feed in an OPML subscription list, keeping its folders, then check
                    each new feed once and report the ones that failed and why.
export              Write the followed feeds as OPML 2.0 (to standard output, or --output FILE).

Options:
  --no-check          add the feeds without checking them (the poller checks them soon)
  --output FILE       where export writes

Exit code: 0 on success, 1 when the list cannot be read or some feeds failed (each is listed with its reason).`,
  options: { 'no-check': { type: 'boolean' }, output: { type: 'string', short: 'o' } },
  check(args) {
    const [action, ...rest] = args.positionals;
    if (action !== 'import' && action !== 'export') return 'say "import <file|url>" or "export"';
    if (action === 'import' && rest.length !== 1) return 'give one OPML file or URL to import';
    if (action === 'export' && rest.length > 0) return `unexpected argument "${rest[0]}"`;
    return null;
  },
  async run(ctx, args) {
    const [action, from] = args.positionals;
    if (action === 'export') {
      const opml = await exportOpml(ctx);
      const output = args.values.output as string | undefined;
      if (output) {
        await writeOutputFile(output, opml);
        process.stderr.write(`wrote ${(await ctx.store.listFeeds()).length} feeds to ${output}\n`);
      } else process.stdout.write(opml);
      return 0;
    }
    return importList(ctx, from as string, !args.values['no-check']);
  },
};

async function importList(ctx: AppContext, from: string, check: boolean): Promise<number> {
  const text = await readList(ctx, from);
  const status = new StatusLine();
  let report: Awaited<ReturnType<typeof importOpml>>;
  try {
    report = await importOpml(ctx, text, (done, total) => status.show(`adding feeds: ${done}/${total}`));
  } catch (err) {
    const problem = userError(err);
    if (problem) throw new CommandError(`${from}: ${problem.message}`, { cause: err });
    throw err;
  } finally {
    status.clear();
  }
  const failed = [...report.failed];
  if (check && report.added.length > 0) {
    process.stderr.write(`checking ${report.added.length} new feeds...\n`);
    await checkNow(
      ctx,
      report.added.map((f) => f.id),
      true,
    );
    for (const added of report.added) {
      const feed = await ctx.store.getFeed(added.id);
      if (feed?.lastError) failed.push({ url: feed.url, title: feed.title, reason: feed.lastError });
    }
  }
  process.stdout.write(
    `${report.added.length} added, ${report.existing.length} already followed, ${failed.length} failed${report.title ? ` (from "${report.title}")` : ''}\n`,
  );
  for (const f of failed)
    process.stdout.write(
      `  failed: ${f.title ?? f.url ?? '(untitled)'}${f.url && f.title ? ` <${f.url}>` : ''}: ${f.reason}\n`,
    );
  return failed.length > 0 ? 1 : 0;
}

/** The list from a file, or from a URL through the guarded fetcher. */
async function readList(ctx: AppContext, from: string): Promise<string> {
  if (/^https?:\/\//i.test(from)) {
    const fetched = await ctx.http.fetchFeed(from);
    return Buffer.from(fetched.body).toString('utf8');
  }
  const { maxOpmlBytes } = await import('../ingest/feeds/opml.js');
  try {
    const bytes = await readFile(from);
    if (bytes.byteLength > maxOpmlBytes)
      throw new CommandError(`${from} is larger than ${formatBytes(maxOpmlBytes)}; no subscription list is that big`);
    return bytes.toString('utf8');
  } catch (err) {
    if (err instanceof CommandError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CommandError(code === 'ENOENT' ? `${from}: no such file` : `${from}: ${(err as Error).message}`);
  }
}

export default command;
