import request from 'supertest';
import { bearer } from '../helpers/auth';
import { adminOnly, everyone, MatrixContext, RouteCase } from './route-matrix';

const YEAR = 2027;
const opened = new WeakSet<object>();

/** An open cycle of its own: whole-cycle reports are for staff until publication. */
async function openCycle(ctx: MatrixContext): Promise<void> {
  if (opened.has(ctx.app)) return;
  opened.add(ctx.app);
  await request(ctx.app.getHttpServer()).post('/api/cycles').set(bearer(ctx.actors.admin)).send({ year: YEAR }).expect(201);
}

const unpublishedReport = { anonymous: 404, viewer: 404, reviewer: 200, officialA: 403, officialB: 403, admin: 200 };
const report = (file: string): RouteCase => ({
  method: 'get',
  route: `/api/cycles/{year}/${file}`,
  path: async (ctx) => (await openCycle(ctx), `/api/cycles/${YEAR}/${file}?framework=OSCE&group=EU`),
  expect: unpublishedReport,
});

export const REPORT_ROUTES: RouteCase[] = [
  report('report.html'),
  report('report.pdf'),
  report('report.xlsx'),
  report('export.csv'),
  report('export.json'),
  // Stored artifacts and publication versions exist for published cycles only.
  { method: 'get', route: '/api/cycles/{year}/reports', path: async (ctx) => (await openCycle(ctx), `/api/cycles/${YEAR}/reports`), expect: everyone(404) },
  { method: 'get', route: '/api/cycles/{year}/publications', path: async (ctx) => (await openCycle(ctx), `/api/cycles/${YEAR}/publications`), expect: everyone(404) },
  {
    method: 'post',
    route: '/api/cycles/{year}/errata',
    path: async (ctx) => (await openCycle(ctx), `/api/cycles/${YEAR}/errata`),
    body: () => ({ note: 'A correction that cannot apply before publication.' }),
    expect: adminOnly(409),
  },
  {
    method: 'get',
    route: '/api/cycles/{year}/report-text',
    path: async (ctx) => (await openCycle(ctx), `/api/cycles/${YEAR}/report-text`),
    expect: { ...everyone(200), anonymous: 404, viewer: 404 },
  },
  {
    method: 'put',
    route: '/api/cycles/{year}/report-text',
    path: async (ctx) => (await openCycle(ctx), `/api/cycles/${YEAR}/report-text`),
    body: () => ({ foreword: 'A foreword.', version: 0 }),
    expect: adminOnly(200),
  },
];
