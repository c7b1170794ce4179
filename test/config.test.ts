// Settings: one table in config.ts, validated at start, and documented in the README from the same table.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, settingsTable } from '../src/config.js';
import { repoRoot, runCli, tempDir } from './harness.js';

describe('configuration', () => {
  it('has defaults for every setting', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dbPath, './data/readout.db');
    assert.equal(config.samples, true);
    assert.equal(config.databaseUrl, '');
  });

  it('names every bad setting in one message', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', READOUT_SAMPLES: 'maybe', DATABASE_URL: 'mysql://x' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /PORT="eighty"/.test(err.message) &&
        /READOUT_SAMPLES="maybe": use 1 or 0/.test(err.message) &&
        /DATABASE_URL="mysql:\/\/x": must start with postgres/.test(err.message),
    );
  });

  it('is documented in the README by the table made from config.ts', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    assert.ok(
      readme.includes(settingsTable()),
      `README.md's configuration table is out of date; replace it with:\n${settingsTable()}`,
    );
  });

  it('stops the CLI with a one-line reason and exit code 1 on a bad setting', async () => {
    const dir = tempDir();
    const result = await runCli(['export'], { READOUT_DB: join(dir, 'r.db'), READOUT_PAGE_SIZE: '-3' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^readout export: Invalid setting READOUT_PAGE_SIZE="-3"/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });
});
