import { readdir } from 'node:fs/promises';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';

const METRICS_TOKEN = 'metrics-token-for-the-tests';
const YEAR = 2097;

/** Health, drain and metrics of one instance, in process (the multi-process runs are in test/reliability). */
describe('Operating an instance: health, drain, metrics', () => {
  let app: INestApplication;
  let lifecycle: import('../src/lifecycle/lifecycle.service').Lifecycle;
  let tempDir: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    // Configuration is read when the app's modules are first imported: set it, then import them.
    process.env.METRICS_TOKEN = METRICS_TOKEN;
    const { createTestApp, resetDatabase } = require('./helpers/test-app') as typeof import('./helpers/test-app');
    const { Lifecycle } = require('../src/lifecycle/lifecycle.service') as typeof import('../src/lifecycle/lifecycle.service');
    const { DemoService } = require('../src/demo/demo.service') as typeof import('../src/demo/demo.service');
    const { ReportTempFiles } = require('../src/reports/output/report-temp-files') as typeof import('../src/reports/output/report-temp-files');
    app = await createTestApp();
    await resetDatabase(app);
    const eu: string[] = (await app.get(DataSource).query(`SELECT state_iso3 FROM group_membership WHERE group_code = 'EU' ORDER BY state_iso3 LIMIT 6`)).map(
      (r: { state_iso3: string }) => r.state_iso3,
    );
    await app.get(DemoService).seed({ year: YEAR, publish: true, states: eu, linksPerAssessment: 2 });
    lifecycle = app.get(Lifecycle);
    tempDir = app.get(ReportTempFiles).dir;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    delete process.env.METRICS_TOKEN;
  });

  it('answers liveness without dependencies, and readiness with the database, the file store and the migrations', async () => {
    expect((await http().get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body.info).toEqual({
      lifecycle: { status: 'up' },
      database: { status: 'up' },
      storage: { status: 'up' },
      migrations: { status: 'up' },
    });
    expect((await http().get('/health').expect(200)).body.info).toEqual(ready.body.info);
  });

  it('serves Prometheus metrics only with the token, and the counters move', async () => {
    await http().get('/metrics').expect(401);
    await http().get('/metrics').set('Authorization', 'Bearer wrong-token-of-the-same-size!!').expect(401);
    const scrape = async () => (await http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;
    const count = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
    const FRAMEWORKS = /^http_request_duration_seconds_count\{method="GET",route="\/api\/frameworks",status_code="200"\} (\d+)$/m;
    const before = await scrape();
    await http().get('/api/frameworks').expect(200);
    await http().get('/api/frameworks').expect(200);
    const after = await scrape();
    expect(count(after, FRAMEWORKS) - count(before, FRAMEWORKS)).toBe(2);
    // Labels are route patterns, never raw paths, so a scan of random URLs cannot blow up the series.
    await http().get('/api/no-such-thing/12345').expect(404);
    await http().get('/no-such-page-67890').expect(404);
    const scanned = await scrape();
    expect(scanned).not.toMatch(/12345|67890/);
    expect(scanned).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/api\/\{\*path\}",status_code="404"\} 1$/m);
    expect(after).toMatch(/^db_pool_connections\{state="max"\} 10$/m);
    expect(after).toMatch(/^report_render_queue_length 0$/m);
    expect(after).toMatch(/^report_artifact_hash_mismatches_total 0$/m);
    expect(after).toMatch(/^app_draining 0$/m);
    const chain = count(after, /^audit_chain_length (\d+)$/m);
    expect(chain).toBeGreaterThan(0);
    await http().get(`/api/cycles/${YEAR}/report.html?framework=GGE`).expect(200);
    const rendered = await scrape();
    expect(count(rendered, /^report_render_duration_seconds_count\{format="html",outcome="ok"\} (\d+)$/m)).toBe(1);
    // The first drawing also compiles the render worker (ts-node), which on a busy machine takes a while.
  }, 180_000);

  it('answers a report still drawing when the drain ends with 503 and Retry-After, never a 500', async () => {
    const drawing = http().get(`/api/cycles/${YEAR}/report.pdf`).then((response) => response);
    // The worker has begun once its file exists (the model is built first, from the database).
    for (let i = 0; i < 2000 && (await readdir(tempDir)).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await readdir(tempDir)).length).toBe(1);
    lifecycle.stopRenders();
    const response = await drawing;
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toMatchObject({ statusCode: 503, code: 'SHUTTING_DOWN' });
  });

  it('turns readiness 503 once draining, keeps liveness, closes connections and draws no new report', async () => {
    lifecycle.beginDrain();
    const ready = await http().get('/health/ready').expect(503);
    expect(ready.headers.connection).toBe('close');
    await http().get('/health/live').expect(200);
    const report = await http().get(`/api/cycles/${YEAR}/report.html`).expect(503);
    expect(report.headers['retry-after']).toBe('5');
    expect(report.body.code).toBe('SHUTTING_DOWN');
    // Quick answers are still given while requests drain.
    await http().get('/api/frameworks').expect(200);
    expect((await http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).text).toMatch(/^app_draining 1$/m);
  });
});
