import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs src/cli/main.ts as `npm run cli` would (under ts-node here), with no DATABASE_URL. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env, TS_NODE_PROJECT: 'tsconfig.json' };
  delete childEnv.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args], { env: childEnv, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('CLI help', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cnt-cli-help-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the help of a command and of the CLI without starting a database or checking the configuration', async () => {
    // Without DATABASE_URL the CLI would start an embedded Postgres in this folder; with a bad variable it would stop.
    const env = { EMBEDDED_PG_DIR: join(dir, 'pg'), PORT: 'not-a-port' };
    const command = await cli(['backup', '--help'], env);
    expect(command).toMatchObject({ code: 0, stderr: '' });
    expect(command.stdout).toContain('Usage: main backup [options] <file>');
    const all = await cli(['--help'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/restore <file>/);
    expect(all.stdout).toMatch(/files:check/);
    expect(existsSync(join(dir, 'pg'))).toBe(false);
  }, 240_000);
});
