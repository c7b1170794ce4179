// What a command of `readout` is, and the errors a command reports: shared by every command and by cli.ts.
import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { UserError } from '../errors.js';

export interface CommandArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  /** Shown by `readout <command> --help`, after the usage line. */
  help: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Checks the arguments before anything is opened; returns a one-line reason when they are wrong. */
  check?(args: CommandArgs): string | null;
  run(ctx: AppContext, args: CommandArgs): Promise<number>;
  /** Set for commands that read files only: they run without opening the store. */
  withoutStore?(config: Config, args: CommandArgs): Promise<number>;
}

/** A mistake in how the command was called: exit code 2 and the usage line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A command that could not do its work for a reason the user can act on: exit code 1 and that reason. */
export class CommandError extends UserError {
  override name = 'CommandError';

  constructor(message: string, options?: ErrorOptions) {
    super('invalid', message, options);
  }
}
