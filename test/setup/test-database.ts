import { Client } from 'pg';
import { withDatabase } from '../../src/database/embedded-postgres';

/** Every database of one test run starts with this prefix (the run is the Jest parent process). */
export function runPrefix(): string {
  return `cnt_test_${process.env.CNT_TEST_RUN ?? 'local'}_`;
}

export const TEMPLATE_DATABASE = () => `${runPrefix()}template`;

/** The per-worker database, cloned from the migrated template so suites in parallel never share rows. */
export function workerDatabaseName(): string {
  return `${runPrefix()}w${process.env.JEST_WORKER_ID ?? '1'}`;
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates this worker's database from the template on first use and returns its URL. */
export async function ensureWorkerDatabase(): Promise<string> {
  const serverUrl = process.env.CNT_TEST_SERVER_URL;
  if (!serverUrl) throw new Error('CNT_TEST_SERVER_URL is not set: run the tests through jest (global setup)');
  const name = workerDatabaseName();
  await withClient(withDatabase(serverUrl, 'postgres'), async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE()}"`);
  });
  return withDatabase(serverUrl, name);
}
