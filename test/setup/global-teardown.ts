import { rm } from 'node:fs/promises';
import { withDatabase } from '../../src/database/embedded-postgres';
import { runPrefix, withClient } from './test-database';

export default async function globalTeardown(): Promise<void> {
  await rm(`.data/test-files/${process.env.CNT_TEST_RUN}`, { recursive: true, force: true });
  const holder = globalThis as { embeddedPostgres?: { stop(): Promise<void>; dataDir: string } };
  if (holder.embeddedPostgres) {
    await holder.embeddedPostgres.stop();
    await rm(holder.embeddedPostgres.dataDir, { recursive: true, force: true });
    await rm(`${holder.embeddedPostgres.dataDir}.password`, { force: true });
    return;
  }
  // On an external server, leave nothing of this run behind.
  const serverUrl = process.env.CNT_TEST_SERVER_URL;
  if (!serverUrl) return;
  await withClient(withDatabase(serverUrl, 'postgres'), async (client) => {
    const dbs = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [runPrefix()]);
    for (const { datname } of dbs.rows) await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
  });
}
