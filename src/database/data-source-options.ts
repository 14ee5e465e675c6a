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
      connectionTimeoutMillis: 5000,
      statement_timeout: 60000,
      application_name: 'cyber-norms-tracker',
    },
  };
}
