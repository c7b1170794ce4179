// `readout <command>`: parses arguments, builds the context, runs one command, exits with its code.
import { parseArgs } from 'node:util';
import { type Command, commands, UsageError } from './commands/index.js';
import { loadConfig } from './config.js';
import { createContext } from './context.js';
import { userError } from './errors.js';
import { readoutVersion } from './version.js';

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Readout: a self-hosted news clipping service.',
    '',
    'Usage: readout <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "readout <command> --help" for the options of one command.',
    'Settings come from environment variables (READOUT_DB, DATABASE_URL, PORT, HOST, ...); see the README.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [`Usage: ${command.usage}`, '', command.summary, '', command.help.trimEnd()].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write(`${topic ? commandHelp(topic) : mainHelp()}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`readout ${readoutVersion}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`readout: unknown command "${name}"; run "readout --help" for the list\n`);
    return 2;
  }

  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    process.stderr.write(`readout ${name}: ${(err as Error).message.split('\n')[0]}\nUsage: ${command.usage}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  const problem = command.check?.(args);
  if (problem) {
    process.stderr.write(`readout ${name}: ${problem}\nUsage: ${command.usage}\n`);
    return 2;
  }

  let ctx: Awaited<ReturnType<typeof createContext>> | undefined;
  try {
    const config = loadConfig();
    if (command.withoutStore) return await command.withoutStore(config, args);
    ctx = await createContext(config);
    return await command.run(ctx, args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`readout ${name}: ${err.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    // Every user error, whatever its kind, is one line and exit code 1: the message says what to do.
    const problem = userError(err);
    if (problem) {
      process.stderr.write(`readout ${name}: ${problem.message}\n`);
      return 1;
    }
    process.stderr.write(`readout ${name}: unexpected failure: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  } finally {
    await ctx?.close();
  }
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
