// `readout search "<query>"`: the stored articles that match, best first, with a snippet each.
import { querySyntax, type SearchResults } from '../store/index.js';
import type { Command } from './command.js';

const sorts = ['relevance', 'date'];

const command: Command = {
  name: 'search',
  summary: 'Search the stored articles',
  usage: 'readout search [--sort relevance|date] [--limit N] [--json] "<query>"',
  help: `Prints the articles that match, best first (or newest first with --sort date): headline, source,
date, id, and the text around the matches. The query is one argument; quote it for your shell.

Query syntax: ${querySyntax}

Options:
  --sort relevance|date  (default relevance)
  --limit N              results to print, 1 to 100 (default 20)
  --cursor CURSOR        the next page, as the nextCursor of a --json answer
  --json                 print the answer as GET /api/search gives it

Exit code: 0 with results or none, 1 when the query cannot be searched (the reason is printed).`,
  options: {
    sort: { type: 'string', default: 'relevance' },
    limit: { type: 'string', default: '20' },
    cursor: { type: 'string' },
    json: { type: 'boolean' },
  },
  check(args) {
    if (args.positionals.length === 0) return 'give the query to search for, e.g. readout search "harbor ferry"';
    if (args.positionals.length > 1)
      return 'give the query as one argument: quote it, e.g. readout search "harbor ferry"';
    if (!sorts.includes(args.values.sort as string))
      return `unknown --sort "${args.values.sort}"; use relevance or date`;
    const limit = args.values.limit as string;
    if (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > 100) {
      return `--limit must be a whole number from 1 to 100, not "${limit}"`;
    }
    return null;
  },
  async run(ctx, args) {
    const q = args.positionals[0]!;
    // A query that cannot run is a UserError: cli.ts prints its reason in one line.
    const found: SearchResults = await ctx.store.search(q, {
      sort: args.values.sort as 'relevance' | 'date',
      limit: Number(args.values.limit),
      cursor: (args.values.cursor as string | undefined) ?? null,
    });
    if (args.values.json) {
      const results = found.results.map((r) => ({
        article: r.article,
        snippet: r.snippet.map((p) => p.text).join(''),
      }));
      process.stdout.write(`${JSON.stringify({ ...found, results })}\n`);
      return 0;
    }
    const bold = process.stdout.isTTY ? (text: string) => `\x1b[1m${text}\x1b[22m` : (text: string) => `[${text}]`;
    for (const { article, snippet } of found.results) {
      const date = (article.publishedAt ?? article.createdAt).slice(0, 10);
      const text = snippet.map((part) => (part.matched ? bold(part.text) : part.text)).join('');
      process.stdout.write(`${article.headline}\n  ${article.source.name} · ${date} · ${article.id}\n  ${text}\n\n`);
    }
    const count = found.totalExact ? String(found.total) : `more than ${found.total}`;
    process.stderr.write(
      `${count} article${found.total === 1 ? '' : 's'} match; ${found.results.length} shown` +
        (found.nextCursor ? `; next page: --cursor ${found.nextCursor}` : '') +
        '\n',
    );
    return 0;
  },
};

export default command;
