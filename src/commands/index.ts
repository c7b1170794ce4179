// The commands of `readout`, in the order `readout --help` lists them.
import clip from './clip.js';
import type { Command } from './command.js';
import compare from './compare.js';
import exportCommand from './export.js';
import extract from './extract.js';
import feeds from './feeds.js';
import importCommand from './import.js';
import migrate from './migrate.js';
import opml from './opml.js';
import poll from './poll.js';
import search from './search.js';
import serve from './serve.js';
import stories from './stories.js';

export { type Command, type CommandArgs, CommandError, UsageError } from './command.js';

export const commands: Command[] = [
  serve,
  importCommand,
  clip,
  feeds,
  opml,
  poll,
  extract,
  exportCommand,
  search,
  stories,
  compare,
  migrate,
];
