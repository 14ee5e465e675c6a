import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CatalogueLoader } from '../../src/catalogue/loader/catalogue-loader.service';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { withDatabase } from '../../src/database/embedded-postgres';
import { runMigrationsLocked } from '../../src/database/run-migrations';
import { withClient } from '../setup/test-database';
import { reportFigures } from './helpers/figures';
import { IsolatedApp, withIsolatedApp } from './helpers/isolated-app';
import { PostgresProcess, startPostgresProcess } from './helpers/postgres-process';

const DATA_DIR = '.data/reliability-outage-postgres';
const DATABASE = 'cnt_outage';
// Generous bound that only catches a hang; the real latencies are printed, not asserted.
const REQUEST_TIMEOUT_MS = 30_000;

interface Attempt {
  status: number;
  code?: string;
  ms: number;
  id?: string;
  phase: 'before' | 'down' | 'after';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops the app's Postgres while clients write, then starts it again: 503s fast, recovery, nothing lost. */
describe('Database outage', () => {
  let postgres: PostgresProcess;
  let databaseUrl: string;

  beforeAll(async () => {
    postgres = await startPostgresProcess(DATA_DIR);
    await withClient(postgres.url, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${DATABASE}`);
    });
    databaseUrl = withDatabase(postgres.url, DATABASE);
    const dataSource = await new DataSource(dataSourceOptions(databaseUrl, 2)).initialize();
    try {
      await runMigrationsLocked(dataSource);
      await new CatalogueLoader(dataSource).loadFolder('catalogue', { quiet: true });
    } finally {
      await dataSource.destroy();
    }
  });

  afterAll(async () => {
    await postgres?.stop();
  });

  it('answers 503 quickly while Postgres is down, recovers without a restart, and loses no acknowledged write', async () => {
    await withIsolatedApp({ DATABASE_URL: databaseUrl, UPLOAD_DIR: '.data/reliability-files/outage' }, (isolated) => outage(isolated));
  });

  async function outage(isolated: IsolatedApp): Promise<void> {
    const app: INestApplication = isolated.app;
    const reviewer = await isolated.userToken('reviewer');
    await request(app.getHttpServer()).get('/health').expect(200);

    const attempts: Attempt[] = [];
    let phase: Attempt['phase'] = 'before';
    let running = true;
    let sequence = 0;
    const writer = async () => {
      while (running) {
        const n = sequence++;
        const started = performance.now();
        const response = await request(app.getHttpServer())
          .post('/api/evidence')
          .set('Authorization', `Bearer ${reviewer.token}`)
          .timeout(REQUEST_TIMEOUT_MS)
          .send({ title: `Outage write ${n}`, kind: 'official_statement', url: `https://example.org/outage/${n}` });
        const attempt: Attempt = { status: response.status, code: response.body?.code, ms: performance.now() - started, phase };
        if (response.status === 201) attempt.id = response.body.id;
        attempts.push(attempt);
        if (response.status !== 201) await sleep(20);
      }
    };
    const writers = Array.from({ length: 8 }, writer);

    await sleep(1000);
    phase = 'down';
    const stoppedAt = performance.now();
    await postgres.stop();
    const healthStarted = performance.now();
    const healthDown = await request(app.getHttpServer()).get('/health').timeout(REQUEST_TIMEOUT_MS);
    const healthDownMs = performance.now() - healthStarted;
    await sleep(2500);

    postgres = await startPostgresProcess(DATA_DIR, postgres.port);
    phase = 'after';
    const restartedAt = performance.now();
    let healthUp = 0;
    let recoveredMs = -1;
    for (let i = 0; i < 300; i++) {
      const response = await request(app.getHttpServer()).get('/health').timeout(REQUEST_TIMEOUT_MS);
      healthUp = response.status;
      if (healthUp === 200) {
        recoveredMs = performance.now() - restartedAt;
        break;
      }
      await sleep(100);
    }
    // Keep writing after the recovery, so the figures show writes succeeding again.
    const acknowledgedBefore = attempts.filter((a) => a.status === 201).length;
    await sleep(1000);
    running = false;
    await Promise.all(writers);

    expect(healthDown.status).toBe(503);
    expect(healthUp).toBe(200);

    const down = attempts.filter((a) => a.phase === 'down');
    const failed = attempts.filter((a) => a.status !== 201);
    // Every failure is the documented 503, never a 500 or a hang.
    expect(failed.length).toBeGreaterThan(0);
    expect([...new Set(failed.map((a) => `${a.status} ${a.code}`))]).toEqual(['503 DATABASE_UNAVAILABLE']);
    const afterRecovery = attempts.filter((a) => a.phase === 'after' && a.status === 201).length;
    expect(attempts.filter((a) => a.status === 201).length).toBeGreaterThan(acknowledgedBefore);
    expect(afterRecovery).toBeGreaterThan(0);

    const acknowledged = attempts.filter((a) => a.status === 201).map((a) => a.id!);
    const stored = await withClient(databaseUrl, async (client: Client) => {
      const result = await client.query<{ id: string }>('SELECT id::text FROM evidence WHERE id = ANY($1::uuid[])', [acknowledged]);
      return new Set(result.rows.map((row) => row.id));
    });
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);

    const unavailable = failed.map((a) => a.ms).sort((a, b) => a - b);
    reportFigures('outage', {
      writesAttempted: attempts.length,
      writesAcknowledged: acknowledged.length,
      writesDuringOutage: down.length,
      answered503: failed.length,
      answered5xxOther: attempts.filter((a) => a.status >= 500 && a.status !== 503).length,
      writesLost: lost.length,
      median503Ms: Math.round(unavailable[Math.floor(unavailable.length / 2)]),
      max503Ms: Math.round(unavailable[unavailable.length - 1]),
      healthWhileDown: `${healthDown.status} in ${Math.round(healthDownMs)} ms`,
      outageMs: Math.round(restartedAt - stoppedAt),
      recoveredAfterRestartMs: Math.round(recoveredMs),
    });
  }
});
