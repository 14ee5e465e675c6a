import { DataSource } from 'typeorm';
import { CatalogueLoader } from '../../src/catalogue/loader/catalogue-loader.service';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedPostgres, withDatabase } from '../../src/database/embedded-postgres';
import { runMigrationsLocked } from '../../src/database/run-migrations';
import { TEMPLATE_DATABASE, withClient } from './test-database';

/**
 * Starts an embedded Postgres (or uses TEST_DATABASE_URL), then builds a template database with every
 * migration applied and the shipped catalogue loaded. Each Jest worker clones it (see test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: '.data/test-postgres', port: 0 });
    (globalThis as { embeddedPostgres?: { stop(): Promise<void> } }).embeddedPostgres = embedded;
    serverUrl = embedded.url;
  }
  process.env.CNT_TEST_SERVER_URL = serverUrl;
  await withClient(withDatabase(serverUrl, 'postgres'), async (client) => {
    const old = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'cnt\\_test\\_%'",
    );
    for (const { datname } of old.rows) await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  });
  const dataSource = await new DataSource(dataSourceOptions(withDatabase(serverUrl, TEMPLATE_DATABASE), 2)).initialize();
  try {
    await runMigrationsLocked(dataSource);
    await new CatalogueLoader(dataSource).loadFolder('catalogue', { quiet: true });
  } finally {
    await dataSource.destroy();
  }
}
