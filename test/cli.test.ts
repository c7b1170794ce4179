// The `readout` command line: help for every command, exit codes, and `serve` over real HTTP on loopback.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { commands } from '../src/commands/index.js';
import { repoRoot, runCli, tempDir } from './harness.js';

describe('readout CLI', () => {
  it('lists every command in --help', async () => {
    const result = await runCli(['--help']);
    assert.equal(result.code, 0);
    for (const command of commands) assert.match(result.stdout, new RegExp(`^  ${command.name}\\s+\\S`, 'm'));
  });

  it("prints each command's own help with --help", async () => {
    for (const command of commands) {
      const result = await runCli([command.name, '--help']);
      assert.equal(result.code, 0, command.name);
      assert.match(result.stdout, new RegExp(`^Usage: readout ${command.name}`), command.name);
    }
  });

  it('refuses an unknown command or option with exit code 2 and one reason', async () => {
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const badOption = await runCli(['export', '--colour']);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /^readout export: Unknown option '--colour'/);
  });

  it('serves the pages over HTTP, loads the samples into an empty store, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), 'serve'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', READOUT_DB: join(dir, 'readout.db'), READOUT_SAMPLES: '1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d) => {
        stdout += d;
        const match = /Readout is serving (http:\/\/127\.0\.0\.1:\d+\/) \((\d+) articles/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    try {
      assert.match(stdout, /\((1[0-9]|[2-9]\d) articles in SQLite/);
      const home = await fetch(url);
      assert.equal(home.status, 200);
      assert.match(await home.text(), /<h1[^>]*>Latest<\/h1>/);
      const api = await fetch(`${url}api/sources`);
      const body = (await api.json()) as { items: { paywalled: boolean }[] };
      assert.ok(body.items.length >= 3);
      assert.ok(body.items.some((s) => s.paywalled));
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, stderr);
  });

  it('explains a port that is taken', async () => {
    const dir = tempDir();
    const blocker = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['serve'], { PORT: String(port), READOUT_DB: join(dir, 'r.db') });
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        new RegExp(`^readout serve: cannot listen on 127\\.0\\.0\\.1:${port}: port ${port} is in use`),
      );
      assert.equal(result.stderr.trim().split('\n').length, 1);
    } finally {
      blocker.close();
    }
  });
});
