import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { ensureWorkerDatabase } from '../setup/test-database';

/** Shipped reference data, loaded once into the template database. */
export const CATALOGUE_TABLES = [
  'state',
  'state_group',
  'group_membership',
  'framework',
  'framework_category',
  'commitment',
  'commitment_guidance',
  'practical_action',
  'crosswalk_link',
  'catalogue_file',
  'catalogue_version',
];

// Everything else is emptied between tests.
const KEPT_TABLES = [...CATALOGUE_TABLES, 'migrations'];

/** Boots the real AppModule (global pipe, filter and guard included) on this worker's database. */
export async function createTestApp(): Promise<INestApplication> {
  await ensureWorkerDatabase();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = configureApp(moduleRef.createNestApplication({ bufferLogs: true }));
  await app.init();
  return app;
}

/** One TRUNCATE of every table that tests write, plus rows that admins added to catalogue tables. */
export async function resetDatabase(app: INestApplication): Promise<void> {
  const dataSource = app.get(DataSource);
  const tables: Array<{ tablename: string }> = await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT (tablename = ANY($1))`,
    [KEPT_TABLES],
  );
  if (tables.length > 0) {
    await dataSource.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
  }
  await dataSource.query(`DELETE FROM group_membership WHERE group_code IN (SELECT code FROM state_group WHERE kind = 'custom')`);
  await dataSource.query(`DELETE FROM state_group WHERE kind = 'custom'`);
  await dataSource.query(`DELETE FROM group_membership WHERE state_iso3 IN (SELECT iso3 FROM state WHERE origin = 'admin')`);
  await dataSource.query(`DELETE FROM state WHERE origin = 'admin'`);
}
