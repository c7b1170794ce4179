// `readout migrate`: brings the database schema up to date (serve does this at start too).
import type { Command } from './command.js';

const command: Command = {
  name: 'migrate',
  summary: 'Create or update the database schema',
  usage: 'readout migrate',
  help: 'Applies the numbered migrations that the database lacks. Every command does this when it opens the\nstore; run it alone to prepare a PostgreSQL database before starting many workers.',
  options: {},
  async run(ctx) {
    const applied = ctx.db.migrated;
    const what = applied.length > 0 ? `applied ${applied.join(', ')}` : 'already up to date';
    process.stdout.write(`${ctx.db.dialect} database ${ctx.db.location}: ${what}\n`);
    return 0;
  },
};

export default command;
