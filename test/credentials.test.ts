// Credentials in settings never reach a log line or a message: DATABASE_URL's password, in its user part or in
// its query string, is masked wherever Readout names the database.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPostgresDatabase, repoRoot, runCli } from './harness.js';

const secrets = ['userinfo-secret-1', 'query-secret-2', 'ssl-secret-3', 'token-secret-4', 'key-secret-5'];

/** The database URL with a password in the user part and credentials in the query (trust auth ignores them). */
function withCredentials(url: string): string {
  const withUser = new URL(url);
  withUser.password = secrets[0]!;
  return `${withUser.href}?password=${secrets[1]}&sslpassword=${secrets[2]}&api_token=${secrets[3]}&PrivateKey=${secrets[4]}&application_name=readout-credentials-test`;
}

function assertNoSecret(output: string): void {
  for (const secret of secrets) assert.ok(!output.includes(secret), `"${secret}" was printed:\n${output}`);
}

describe('credentials in DATABASE_URL', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  before(async () => {
    database = await createPostgresDatabase('readout_credentials_test');
  });
  after(() => database?.drop());

  it('never prints the password or credential parameters while the server starts, answers and stops', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), 'serve'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: '0',
        DATABASE_URL: withCredentials(database.url),
        READOUT_SAMPLES: '1',
        LOG_LEVEL: 'trace',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.setEncoding('utf8').on('data', (d) => {
      output += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d) => {
        output += d;
        const match = /Readout is serving (http:\/\/\S+\/) /.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
    try {
      assert.equal((await fetch(url)).status, 200);
      assert.equal((await fetch(`${url}api/articles`)).status, 200);
      assert.equal((await fetch(`${url}no-such-page`)).status, 404);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, output);
    assert.match(
      output,
      /PostgreSQL postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/readout_credentials_test_\d+_\d+\?password=\*\*\*/,
    );
    assertNoSecret(output);
  });

  it('masks them in the message when the database cannot be reached or the URL is refused', async () => {
    const unreachable = new URL(database.url);
    unreachable.port = '1';
    const refused = await runCli(['serve'], { DATABASE_URL: withCredentials(unreachable.href), LOG_LEVEL: 'trace' });
    assert.equal(refused.code, 1);
    assertNoSecret(refused.stdout + refused.stderr);
    const invalid = await runCli(['serve'], {
      DATABASE_URL: `mysql://readout:${secrets[0]}@127.0.0.1/readout?password=${secrets[1]}`,
    });
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /DATABASE_URL="mysql:\/\/readout:\*\*\*@127\.0\.0\.1\/readout\?password=\*\*\*"/);
    assertNoSecret(invalid.stdout + invalid.stderr);
  });
});
