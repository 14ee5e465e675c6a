import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CatalogueLoader } from '../../src/catalogue/loader/catalogue-loader.service';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { isProcessAlive, runningPostmaster, startEmbeddedPostgres, withDatabase } from '../../src/database/embedded-postgres';
import { runMigrationsLocked } from '../../src/database/run-migrations';
import { TEMPLATE_DATABASE, withClient } from './test-database';

const EMBEDDED_ROOT = '.data/test-postgres';

/**
 * Starts an embedded Postgres of this run's own (or uses TEST_DATABASE_URL), then builds a template database
 * with every migration applied and the shipped catalogue loaded. Each Jest worker clones it (test-database.ts).
 * Database names carry the run's id, so test runs in parallel on one server never touch each other's data.
 */
export default async function globalSetup(): Promise<void> {
  process.env.CNT_TEST_RUN = String(process.pid);
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    await removeAbandonedClusters();
    const dataDir = join(EMBEDDED_ROOT, String(process.pid));
    const embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
    (globalThis as { embeddedPostgres?: { stop(): Promise<void>; dataDir: string } }).embeddedPostgres = { ...embedded, dataDir };
    serverUrl = embedded.url;
  }
  process.env.CNT_TEST_SERVER_URL = serverUrl;
  await withClient(withDatabase(serverUrl, 'postgres'), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE()}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE()}"`);
  });
  const dataSource = await new DataSource(dataSourceOptions(withDatabase(serverUrl, TEMPLATE_DATABASE()), 2)).initialize();
  try {
    await runMigrationsLocked(dataSource);
    await new CatalogueLoader(dataSource).loadFolder('catalogue', { quiet: true });
  } finally {
    await dataSource.destroy();
  }
}

/** Clusters left by runs that were killed: their postmaster is gone, so nobody else uses them. */
async function removeAbandonedClusters(): Promise<void> {
  if (!existsSync(EMBEDDED_ROOT)) return;
  for (const name of await readdir(EMBEDDED_ROOT)) {
    const dir = join(EMBEDDED_ROOT, name);
    if (await runningPostmaster(dir)) continue;
    // Folders are named after the pid of their test run.
    if (/^\d+$/.test(name) && isProcessAlive(Number(name))) continue;
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}.password`, { force: true });
  }
}

