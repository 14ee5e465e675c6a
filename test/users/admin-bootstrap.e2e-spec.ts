import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';

const ADMIN = { ADMIN_EMAIL: 'first-admin@example.org', ADMIN_PASSWORD: 'a long enough admin password' };

describe('The first admin from ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  let app: INestApplication;
  let bootstrap: { onApplicationBootstrap(): Promise<void> };
  let dataSource: DataSource;

  beforeAll(async () => {
    // Configuration is read when the app's modules are first imported: set it, then import them.
    Object.assign(process.env, ADMIN);
    const { createTestApp, resetDatabase } = require('../helpers/test-app') as typeof import('../helpers/test-app');
    const { AdminBootstrap } = require('../../src/users/admin-bootstrap.service') as typeof import('../../src/users/admin-bootstrap.service');
    app = await createTestApp();
    await resetDatabase(app);
    bootstrap = app.get(AdminBootstrap);
    dataSource = app.get(DataSource);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    for (const key of Object.keys(ADMIN)) delete process.env[key];
  });

  const admins = async () =>
    (await dataSource.query(`SELECT email FROM app_user WHERE role = 'admin'`)) as Array<{ email: string }>;

  it('is created exactly once when several instances start at the same moment', async () => {
    await dataSource.query('TRUNCATE app_user, audit_entry RESTART IDENTITY CASCADE');
    // Each call is what one instance runs at start; they used to check, then insert, and all but one crashed.
    const starts = await Promise.allSettled(Array.from({ length: 4 }, () => bootstrap.onApplicationBootstrap()));
    expect(starts.map((start) => start.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await admins()).toEqual([{ email: ADMIN.ADMIN_EMAIL }]);
    const created = await dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'user.created'`);
    expect(created).toEqual([{ n: 1 }]);
    // A restart leaves it alone.
    await bootstrap.onApplicationBootstrap();
    expect(await admins()).toHaveLength(1);
  });

  it('is never created by the CLI, so that restore finds the new database empty', async () => {
    await dataSource.query('TRUNCATE app_user, audit_entry RESTART IDENTITY CASCADE');
    const { CliModule } = require('../../src/cli/cli.module') as typeof import('../../src/cli/cli.module');
    const cli: INestApplicationContext = await (await Test.createTestingModule({ imports: [CliModule] }).compile()).init();
    try {
      expect(await cli.get(DataSource).query('SELECT count(*)::int AS n FROM app_user')).toEqual([{ n: 0 }]);
    } finally {
      await cli.close();
    }
  });
});
