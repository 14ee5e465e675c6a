import { DataSource } from 'typeorm';
import { insertAssessments, insertCycle, publishCycle } from '../helpers/seed-scoring';
import { adminOnly, everyone, MatrixContext, RouteCase } from './route-matrix';

// A published cycle is public. In the open cycle, anonymous callers and viewers get 404, staff see all,
// France's official sees France (Germany's official only Germany: 403 for France, and for group statistics).
const PUBLISHED = 2088;
const OPEN = 2089;
const ownStateOnly = { anonymous: 404, viewer: 404, reviewer: 200, officialA: 200, officialB: 403, admin: 200 };
const staffStatistics = { anonymous: 404, viewer: 404, reviewer: 200, officialA: 403, officialB: 403, admin: 200 };
const officialsSeeOwn = { anonymous: 404, viewer: 404, reviewer: 200, officialA: 200, officialB: 200, admin: 200 };

const fixtures = new WeakMap<object, Promise<void>>();

/** A published and an open GGE cycle with France's and Germany's assessments. */
function cycles(ctx: MatrixContext): Promise<void> {
  if (!fixtures.has(ctx.app)) {
    fixtures.set(
      ctx.app,
      (async () => {
        const dataSource = ctx.app.get(DataSource);
        for (const year of [PUBLISHED, OPEN]) {
          await insertCycle(dataSource, year, ['GGE']);
          await insertAssessments(dataSource, year, ctx.actors.reviewer!.id, [
            { state: 'FRA', framework: 'GGE', commitment: '13(a)', stated: 3, reviewed: 1 },
            { state: 'DEU', framework: 'GGE', commitment: '13(a)', stated: 2 },
          ]);
        }
        await publishCycle(ctx.app, PUBLISHED);
      })(),
    );
  }
  return fixtures.get(ctx.app)!;
}

const at = (path: (ctx: MatrixContext) => string) => async (ctx: MatrixContext) => {
  await cycles(ctx);
  return path(ctx);
};

let nextVersion = 1;

export const SCORING_ROUTES: RouteCase[] = [
  {
    method: 'get',
    route: '/api/cycles/{year}/scorecards',
    path: at(() => `/api/cycles/${PUBLISHED}/scorecards?framework=GGE`),
    expect: everyone(200),
  },
  {
    method: 'get',
    route: '/api/cycles/{year}/scorecards',
    path: at(() => `/api/cycles/${OPEN}/scorecards?framework=GGE`),
    expect: officialsSeeOwn,
  },
  {
    method: 'get',
    route: '/api/cycles/{year}/states/{iso3}/scorecard',
    path: at(() => `/api/cycles/${PUBLISHED}/states/FRA/scorecard?framework=GGE`),
    expect: everyone(200),
  },
  {
    method: 'get',
    route: '/api/cycles/{year}/states/{iso3}/scorecard',
    path: at(() => `/api/cycles/${OPEN}/states/FRA/scorecard?framework=GGE`),
    expect: ownStateOnly,
  },
  {
    method: 'get',
    route: '/api/cycles/{year}/groups/{group}/statistics',
    path: at(() => `/api/cycles/${PUBLISHED}/groups/EU/statistics?framework=GGE`),
    expect: everyone(200),
  },
  {
    method: 'get',
    route: '/api/cycles/{year}/groups/{group}/statistics',
    path: at(() => `/api/cycles/${OPEN}/groups/EU/statistics?framework=GGE`),
    expect: staffStatistics,
  },
  {
    method: 'get',
    route: '/api/states/{iso3}/scorecards',
    path: at(() => '/api/states/FRA/scorecards?framework=GGE'),
    expect: everyone(200),
  },
  { method: 'get', route: '/api/methodologies', expect: everyone(200) },
  { method: 'get', route: '/api/methodologies/{version}', path: () => '/api/methodologies/2026.1', expect: everyone(200) },
  {
    method: 'post',
    route: '/api/methodologies',
    body: () => ({ version: `2087.${nextVersion++}`, title: 'Matrix methodology' }),
    expect: adminOnly(201),
  },
  {
    method: 'put',
    route: '/api/cycles/{year}/methodology',
    path: at(() => `/api/cycles/${OPEN}/methodology`),
    body: () => ({ version: '2026.1' }),
    expect: adminOnly(200),
  },
];
