import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface PostgresProcess {
  url: string;
  port: number;
  /** Stops the server (fast shutdown: open connections are cut, committed data is kept). */
  stop(): Promise<void>;
}

/** Starts an embedded Postgres of its own in a child process (see postgres-child.ts); port 0 picks a free one. */
export async function startPostgresProcess(dataDir: string, port = 0): Promise<PostgresProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', `${__dirname}/postgres-child.ts`, dataDir, String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' },
  });
  let stderr = '';
  child.stderr!.on('data', (data) => (stderr += String(data)));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`embedded Postgres did not start (exit ${code}): ${stderr}`)));
  });
  const { url } = JSON.parse(firstLine) as { url: string };
  return { url, port: Number(new URL(url).port), stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin!.write('stop\n');
  await exited;
}
