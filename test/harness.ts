// Test harness: a real Readout store in a temporary folder, its Hono app, and the real CLI as a process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { type AppContext, createContext } from '../src/context.js';
import { createApp } from '../src/web/app.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const samples = join(repoRoot, 'samples');

export interface TestStore {
  dir: string;
  dbPath: string;
  env: Record<string, string>;
  ctx: AppContext;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'readout-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh SQLite store in a temporary folder; `close()` removes it. */
export async function openTestStore(settings: Record<string, string> = {}): Promise<TestStore> {
  const dir = tempDir();
  const dbPath = join(dir, 'readout.db');
  const env = { READOUT_DB: dbPath, READOUT_SAMPLES: '0', LOG_LEVEL: 'silent', ...settings };
  const ctx = await createContext(loadConfig(env), { log: pino({ level: 'silent' }) });
  return {
    dir,
    dbPath,
    env,
    ctx,
    app: createApp(ctx),
    async close() {
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `readout <args>` as a real process with the given environment added. */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'silent', READOUT_SAMPLES: '0', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export async function json<T = unknown>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
