import { startEmbeddedPostgres } from '../../../src/database/embedded-postgres';
import globalSetup from '../../setup/global-setup';

/** The shared global setup, on an embedded Postgres of its own unless TEST_DATABASE_URL names a server. */
export default async function reliabilityGlobalSetup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) {
    const embedded = await startEmbeddedPostgres({ dataDir: '.data/reliability-postgres', port: 0 });
    (globalThis as { reliabilityPostgres?: { stop(): Promise<void> } }).reliabilityPostgres = embedded;
    process.env.TEST_DATABASE_URL = embedded.url;
  }
  await globalSetup();
}
