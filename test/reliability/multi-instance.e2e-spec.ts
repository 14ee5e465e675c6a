import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDatabase } from '../../src/database/embedded-postgres';
import { startS3Server, S3TestServer } from '../helpers/s3-server';
import { TEMPLATE_DATABASE, withClient } from '../setup/test-database';
import { reportFigures } from './helpers/figures';
import { AppProcess, runCli, startAppProcess, waitUntilReady } from './helpers/app-process';

const ADMIN = { email: 'ops-admin@example.org', password: 'a long enough admin password' };
const METRICS_TOKEN = randomBytes(24).toString('hex');
const YEAR = 2096;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Two app processes on one database and one S3 server, as behind a load balancer: started at the same moment
 * with ADMIN_* set, files uploaded through one and read through the other, backup and restore from the CLI,
 * metrics, and a SIGTERM while reports are drawing.
 */
describe('Two instances on one database and one object store', () => {
  const worker = process.env.JEST_WORKER_ID ?? '1';
  const database = `cnt_test_multi_w${worker}`;
  const restored = `cnt_test_multi_restored_w${worker}`;
  const serverUrl = () => process.env.CNT_TEST_SERVER_URL!;
  let s3: S3TestServer;
  let work: string;
  let a: AppProcess;
  let b: AppProcess;
  let token: string;
  const measured: Record<string, string | number> = {};

  const env = (name: string, db = database): Record<string, string> => ({
    NODE_ENV: 'production',
    DATABASE_URL: withDatabase(serverUrl(), db),
    JWT_SECRET: 'multi-instance-secret-shared-by-both-instances',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    BCRYPT_COST: '4',
    LOAD_CATALOGUE_ON_START: 'false',
    LOG_LEVEL: 'info',
    UPLOAD_DIR: join(work, name),
    METRICS_TOKEN,
    REPORT_RENDER_CONCURRENCY: '1',
    SHUTDOWN_DRAIN_SECONDS: '4',
    SHUTDOWN_UNREADY_SECONDS: '1',
    ...s3.env(db === database ? 'shared/' : 'restored/'),
  });

  async function dropDatabases(): Promise<void> {
    await withClient(withDatabase(serverUrl(), 'postgres'), async (client) => {
      for (const name of [database, restored]) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  }

  beforeAll(async () => {
    s3 = await startS3Server();
    work = await mkdtemp(join(tmpdir(), 'cnt-multi-'));
    await dropDatabases();
    // Migrated, with the catalogue: the instances start on it as on any existing deployment.
    await withClient(withDatabase(serverUrl(), 'postgres'), async (client) => {
      await client.query(`CREATE DATABASE "${database}" TEMPLATE "${TEMPLATE_DATABASE()}"`);
      await client.query(`CREATE DATABASE "${restored}"`);
    });
  });
  afterAll(async () => {
    for (const app of [a, b]) app?.signal('SIGKILL');
    await Promise.all([a?.exited, b?.exited]);
    await dropDatabases();
    await s3?.close();
    await rm(work, { recursive: true, force: true });
    reportFigures('multi-instance', measured);
  });

  const api = (app: AppProcess, path: string, init: RequestInit = {}) =>
    fetch(`${app.url}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });

  it('both start at the same moment with ADMIN_* set, and exactly one admin exists', async () => {
    const started = Date.now();
    [a, b] = await Promise.all([startAppProcess(env('a')), startAppProcess(env('b'))]);
    await Promise.all([waitUntilReady(a), waitUntilReady(b)]);
    measured.bothReadyAfter = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    const admins = await withClient(withDatabase(serverUrl(), database), (client) => client.query(`SELECT email FROM app_user WHERE role = 'admin'`));
    expect(admins.rows).toEqual([{ email: ADMIN.email }]);
    const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    token = ((await login.json()) as { accessToken: string }).accessToken;
    expect((await api(b, '/api/auth/me')).status).toBe(200);
  });

  it('serves through one instance a file uploaded through the other', async () => {
    const content = Buffer.from(`%PDF-1.4\n% evidence uploaded through A ${randomBytes(8).toString('hex')}\n`);
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'application/pdf' }), 'decree.pdf');
    const upload = await api(a, '/api/evidence/files', { method: 'POST', body: form });
    expect(upload.status).toBe(201);
    const file = (await upload.json()) as { id: string; sha256: string };
    expect(file.sha256).toBe(sha256(content));
    const item = await api(a, '/api/evidence', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Decree', kind: 'legislation', fileId: file.id }),
    });
    expect(item.status).toBe(201);
    const { id } = (await item.json()) as { id: string };
    for (const app of [b, a]) {
      const download = await api(app, `/api/evidence/${id}/file`);
      expect(download.status).toBe(200);
      expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(content));
    }
  });

  it('moves the /metrics counters, behind the token', async () => {
    expect((await fetch(`${b.url}/metrics`)).status).toBe(401);
    const scrape = async () => (await fetch(`${b.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const states = (text: string) => Number(/^http_request_duration_seconds_count\{method="GET",route="\/api\/states",status_code="200"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await fetch(`${b.url}/api/states`)).status).toBe(200);
    const after = await scrape();
    expect(states(after) - states(before)).toBe(3);
    expect(Number(/^audit_chain_length (\d+)$/m.exec(after)?.[1])).toBeGreaterThan(0);
    expect(after).toMatch(/^db_pool_connections\{state="in_use"\} \d+$/m);
  });

  it('backs up from the CLI with the files in the bucket, and restores with ADMIN_* set into a new database', async () => {
    const seeded = await runCli(['demo:seed', '-y', String(YEAR)], env('cli'));
    expect(seeded).toMatchObject({ code: 0 });
    const archive = join(work, 'backup.gz');
    const backup = await runCli(['backup', archive], env('cli'));
    expect(backup.output).toMatch(/1 files/);
    expect(backup.code).toBe(0);
    // The CLI never creates the admin first, so the new database is still empty when the restore begins.
    const restore = await runCli(['restore', archive], env('cli-restore', restored));
    expect(restore.output).toContain('Every table matches the archive');
    expect(restore.code).toBe(0);
    const check = await runCli(['files:check'], env('cli-restore', restored));
    expect(check).toMatchObject({ code: 0 });
    expect(check.output).toContain('1 file rows checked, 1 stored objects seen');
  });

  it('answers reports still drawing at SIGTERM with 503 and Retry-After, never a 500; readiness turns 503 before it exits', async () => {
    const path = `/api/cycles/${YEAR}/report.pdf?framework=GGE`;
    const reports = Array.from({ length: 3 }, () => fetch(`${b.url}${path}`).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.text() })));
    // Wait until the first drawing has begun.
    for (let i = 0; i < 600; i++) {
      const text = await (await fetch(`${b.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      if (/^report_renders_in_progress 1$/m.test(text)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const signalled = Date.now();
    b.signal('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ready = await fetch(`${b.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect((await fetch(`${b.url}/health/live`)).status).toBe(200);
    const answers = await Promise.all(reports);
    const code = await b.exited;
    measured.shutdownSeconds = Number(((Date.now() - signalled) / 1000).toFixed(1));
    measured.reportAnswers = answers.map((answer) => answer.status).join(', ');
    expect(answers.filter((answer) => answer.status >= 500 && answer.status !== 503)).toEqual([]);
    const refused = answers.filter((answer) => answer.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.retryAfter).toBe('5');
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'SHUTTING_DOWN' });
    }
    expect(code).toBe(0);
    // Drain deadline 4 s, then the pool closes: well within a 10 s stop timeout.
    expect(measured.shutdownSeconds).toBeLessThan(10);
    expect(b.output()).toMatch(/Shutdown started \(SIGTERM\)/);
    expect(b.output()).toMatch(/Shutdown complete in \d+ ms/);
    // The other instance goes on serving.
    expect((await fetch(`${a.url}/health/ready`)).status).toBe(200);
  });
});
