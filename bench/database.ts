import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CatalogueLoader } from '../src/catalogue/loader/catalogue-loader.service';
import { dataSourceOptions } from '../src/database/data-source-options';
import { RunningPostgres, runningPostmaster, startEmbeddedPostgres, withDatabase } from '../src/database/embedded-postgres';
import { runMigrationsLocked } from '../src/database/run-migrations';

/**
 * The benchmark's own Postgres: BENCH_DATABASE_URL (a server where it may create and drop databases
 * bench_*), or a fresh embedded cluster in BENCH_PG_DIR (default .data/bench-postgres), removed afterwards
 * unless BENCH_KEEP=1.
 */
export async function startServer(): Promise<RunningPostgres & { embedded: boolean }> {
  if (process.env.BENCH_DATABASE_URL) {
    return { url: withDatabase(process.env.BENCH_DATABASE_URL, 'postgres'), stop: async () => undefined, embedded: false };
  }
  const dataDir = resolve(process.env.BENCH_PG_DIR ?? '.data/bench-postgres');
  const running = await runningPostmaster(dataDir);
  if (running) throw new Error(`A Postgres (pid ${running.pid}) still serves ${dataDir}: is another benchmark running? Stop it first.`);
  await rm(dataDir, { recursive: true, force: true });
  await rm(`${dataDir}.password`, { force: true });
  const server = await startEmbeddedPostgres({ dataDir, port: 0 });
  return {
    url: server.url,
    embedded: true,
    stop: async () => {
      await server.stop();
      if (process.env.BENCH_KEEP !== '1') {
        await rm(dataDir, { recursive: true, force: true });
        await rm(`${dataDir}.password`, { force: true });
      }
    },
  };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'cnt-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new database with every migration and the shipped catalogue, like the tests' template. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await withClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = withDatabase(serverUrl, name);
  const dataSource = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    await runMigrationsLocked(dataSource);
    await new CatalogueLoader(dataSource).loadFolder('catalogue', { quiet: true });
  } finally {
    await dataSource.destroy();
  }
  return url;
}

/** A copy of a database (nobody may be connected to the source while it is copied). */
export async function cloneDatabase(serverUrl: string, source: string, name: string): Promise<string> {
  await withClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${source}"`);
  });
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
