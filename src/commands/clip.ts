// `readout clip <url>`: fetch one article page, extract it, store it, and say where to read it.

import { userError } from '../errors.js';
import { clipUrl } from '../pipeline/clip.js';
import type { Command } from './command.js';

const command: Command = {
  name: 'clip',
  summary: 'Fetch an article page by its link, extract the article and store it',
  usage: 'readout clip [--json] <url>...',
  help: `Fetches each link (only public http and https addresses: private, loopback and link-local ones are
refused unless READOUT_ALLOW_PRIVATE_ADDRESSES=1), extracts headline, deck, byline, date, body, related
links and paywall mark, and stores the article. A link Readout already holds, tracking parameters such
as utm_* or fbclid aside, gives back the stored article without fetching.

Options:
  --json   print the stored article record of each link as one JSON line

Exit code: 0 when every link was clipped, 1 when any failed (each failure says why).`,
  options: { json: { type: 'boolean' } },
  check: (args) => (args.positionals.length === 0 ? 'give the link of an article page to clip' : null),
  async run(ctx, args) {
    let failed = 0;
    for (const link of args.positionals) {
      try {
        const result = await clipUrl(ctx, link);
        if (args.values.json) {
          process.stdout.write(
            `${JSON.stringify({ outcome: result.outcome, article: await ctx.store.getArticle(result.id) })}\n`,
          );
        } else {
          const where = `http://${ctx.config.host}:${ctx.config.port}/articles/${result.id}`;
          process.stdout.write(`${result.outcome.padEnd(9)}  ${result.headline}  (${result.id})  ${where}\n`);
        }
      } catch (err) {
        const problem = userError(err);
        if (!problem) throw err;
        process.stderr.write(`readout clip: ${link}: ${problem.message}\n`);
        failed++;
      }
    }
    return failed > 0 ? 1 : 0;
  },
};

export default command;
