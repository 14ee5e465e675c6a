import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createTestApp } from './helpers/test-app';

describe('Migrations', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('leave the schema exactly as the entities describe it (no drift)', async () => {
    const pending = await app.get(DataSource).driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('are all applied, and running them again does nothing', async () => {
    const dataSource = app.get(DataSource);
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
