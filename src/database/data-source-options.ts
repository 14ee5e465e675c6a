import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

/** Options shared by the app, the CLI, the tests and the benchmark. Migrations are never implicit. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    // gen_random_uuid() is built into Postgres 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    poolSize,
    extra: {
      // Fail fast instead of hanging when the database is unreachable or a query is stuck.
      // Also bounds the wait for a free pooled connection, so a saturated pool answers 503 rather than queueing forever.
      connectionTimeoutMillis: 3000,
      statement_timeout: 60000,
      // Client-side bound for a server that stops answering without closing the socket (statement_timeout cannot fire).
      query_timeout: 65000,
      keepAlive: true,
      application_name: 'cyber-norms-tracker',
    },
  };
}
