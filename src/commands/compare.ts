import { type Comparison, compareArticles, compareStory, maxCompared } from '../pipeline/compare.js';
import { type Command, CommandError } from './command.js';

const command: Command = {
  name: 'compare',
  summary: 'Compare the accounts of a story, or of any articles: conflicts, agreement, who said what',
  usage: 'readout compare <story-id> [--json]\n       readout compare <article-id> <article-id> ... [--json]',
  help: `With one id, the story's accounts (its newest 60); with two or more, those articles. Prints where the
accounts differ (each value with the outlets that give it and the sentence), what they agree on, what only
one account says, and every quotation by speaker.

Options:
  --json   the comparison as GET /api/stories/{id}/compare and POST /api/compare answer it

Exit code: 0; 1 when an id names nothing (the reason is printed); 2 for a wrong argument.`,
  options: { json: { type: 'boolean' } },
  check(args) {
    if (args.positionals.length === 0) return 'name a story id, or two or more article ids';
    if (args.positionals.length > maxCompared)
      return `at most ${maxCompared} articles can be compared at once, not ${args.positionals.length}`;
    return null;
  },
  async run(ctx, args) {
    const ids = args.positionals;
    let comparison: Comparison;
    let title: string;
    if (ids.length === 1) {
      const found = await compareStory(ctx, ids[0]!);
      if (!found) throw new CommandError(`no story with id "${ids[0]}"; readout stories lists them`);
      const story = 'redirect' in found ? await compareStory(ctx, found.redirect) : found;
      if (!story || 'redirect' in story) throw new CommandError(`no story with id "${ids[0]}"`);
      comparison = story.comparison;
      title = `${story.headline} (story ${story.storyId})`;
    } else {
      comparison = await compareArticles(ctx, ids);
      title = `${ids.length} articles`;
    }
    process.stdout.write(args.values.json ? `${JSON.stringify(comparison)}\n` : render(title, comparison));
    return 0;
  },
};

const quoted = (text: string) => `“${text}”`;

/** The comparison as plain text: conflicts first, as the story page shows it. */
export function render(title: string, comparison: Comparison): string {
  const lines = [title, ''];
  if (comparison.accounts < 2) {
    lines.push('Only one account: there is nothing to compare it with yet.', '');
    return lines.join('\n');
  }
  const conflicts = comparison.details.filter((detail) => detail.conflict);
  const updates = comparison.details.filter((detail) => detail.update);
  const agreed = comparison.details.filter((detail) => !detail.conflict && !detail.update && !detail.named);
  const named = comparison.details.filter((detail) => detail.named);
  lines.push(
    `${comparison.accounts} accounts: ${conflicts.length} ${conflicts.length === 1 ? 'detail differs' : 'details differ'}, ${agreed.length} agreed, ${comparison.onlyIn.length} only in one account, ${comparison.quotes.length} quotations`,
    '',
  );
  const section = (heading: string, details: typeof conflicts) => {
    if (details.length === 0) return;
    lines.push(heading);
    for (const detail of details) {
      lines.push(`  ${detail.label}`);
      for (const value of detail.values) {
        const sources = [...new Set(value.accounts.map((a) => a.source))].join(', ');
        lines.push(`    ${value.value}${value.earlier ? ' (earlier report)' : ''}: ${sources}`);
        for (const account of value.accounts.slice(0, 3))
          lines.push(`      ${account.source}: ${quoted(account.sentence)}`);
      }
    }
    lines.push('');
  };
  section('Where accounts differ', conflicts);
  section('Updated as the story went on', updates);
  section('Agreed', agreed);
  if (named.length > 0) {
    const accounts = (detail: (typeof named)[number]) =>
      new Set(detail.values[0]!.accounts.map((a) => a.articleId)).size;
    lines.push(
      'Named by several accounts',
      `  ${named.map((detail) => `${detail.label} (${accounts(detail)})`).join(', ')}`,
      '',
    );
  }
  if (comparison.onlyIn.length > 0) {
    lines.push('Only in one account');
    for (const item of comparison.onlyIn) lines.push(`  ${item.source} (${item.label}): ${quoted(item.sentence)}`);
    lines.push('');
  }
  if (comparison.quotes.length > 0) {
    lines.push('Who said what');
    const bySpeaker = new Map<string, typeof comparison.quotes>();
    for (const quote of comparison.quotes)
      bySpeaker.set(quote.speaker, [...(bySpeaker.get(quote.speaker) ?? []), quote]);
    for (const [speaker, quotes] of bySpeaker) {
      lines.push(`  ${speaker}`);
      for (const quote of quotes) {
        const sources = [...new Set(quote.accounts.map((a) => a.source))].join(', ');
        lines.push(
          `    ${quote.direct ? quoted(quote.text) : quote.text} (${sources}${quote.reworded ? '; worded differently' : ''})`,
        );
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

export default command;
