// Readout's version, read once from package.json so that the CLI, the API and the User-Agent agree.
import { readFileSync } from 'node:fs';

export const readoutVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
