import { withDatabase } from '../../src/database/embedded-postgres';
import { withClient } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { embeddedPostgres?: { stop(): Promise<void> } };
  if (holder.embeddedPostgres) {
    await holder.embeddedPostgres.stop();
    return;
  }
  // On an external server, leave nothing behind.
  const serverUrl = process.env.CNT_TEST_SERVER_URL;
  if (!serverUrl) return;
  await withClient(withDatabase(serverUrl, 'postgres'), async (client) => {
    const dbs = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'cnt\\_test\\_%'");
    for (const { datname } of dbs.rows) await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
  });
}
