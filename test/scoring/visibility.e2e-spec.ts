import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Actor, bearer, createActors, TestUser } from '../helpers/auth';
import { insertAssessments, insertCycle, insertLinks, publishCycle } from '../helpers/seed-scoring';
import { createTestApp, resetDatabase } from '../helpers/test-app';

// Who sees which scorecards, the error contract of the scoring routes, and sorting.
const PUBLISHED = 2035;
const OPEN = 2036;

describe('Scorecards: visibility, errors and sorting', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let actors: Record<Actor, TestUser | undefined>;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    await resetDatabase(app);
    actors = await createActors(app);
    const reviewer = actors.reviewer!;
    for (const year of [PUBLISHED, OPEN]) {
      await insertCycle(dataSource, year, ['GGE', 'OSCE']);
      const ids = await insertAssessments(dataSource, year, reviewer.id, [
        { state: 'FRA', framework: 'GGE', commitment: '13(a)', stated: 4, reviewed: 3 },
        { state: 'FRA', framework: 'GGE', commitment: '13(b)', stated: 4, reviewed: 3 },
        { state: 'DEU', framework: 'GGE', commitment: '13(a)', stated: 2, reviewed: 2 },
        { state: 'ITA', framework: 'GGE', commitment: '13(a)', stated: 4, reviewed: 1 },
        { state: 'ESP', framework: 'GGE', commitment: '13(a)', stated: 1, reviewed: 1 },
        { state: 'ESP', framework: 'GGE', commitment: '13(b)', stated: 1 },
      ]);
      await insertLinks(dataSource, reviewer.id, ids.slice(0, 3).map((assessmentId) => ({ assessmentId, stance: 'supports', judgement: 'accepted' })));
    }
    await publishCycle(app, PUBLISHED);
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (path: string, actor: Actor) => request(app.getHttpServer()).get(path).set(bearer(actors[actor]));

  describe('a published cycle', () => {
    it.each(['anonymous', 'viewer', 'officialB', 'reviewer'] as Actor[])('is visible in full to %s', async (actor) => {
      const list = await get(`/api/cycles/${PUBLISHED}/scorecards?framework=GGE`, actor).expect(200);
      expect(list.body).toHaveLength(193);
      expect(list.body.slice(0, 4).map((c: { stateIso3: string; rank: number }) => [c.stateIso3, c.rank])).toEqual([
        ['FRA', 1],
        ['DEU', 2],
        ['ITA', 3],
        ['ESP', 3],
      ]);
      await get(`/api/cycles/${PUBLISHED}/states/FRA/scorecard?framework=GGE`, actor).expect(200);
      const stats = await get(`/api/cycles/${PUBLISHED}/groups/EU/statistics?framework=GGE`, actor).expect(200);
      expect(stats.body).toMatchObject({ stateCount: 27, statesWithData: 4, source: 'snapshot' });
    });
  });

  describe('an unpublished cycle', () => {
    it.each(['anonymous', 'viewer'] as Actor[])('does not exist for %s (404)', async (actor) => {
      for (const path of [
        `/api/cycles/${OPEN}/scorecards?framework=GGE`,
        `/api/cycles/${OPEN}/states/FRA/scorecard?framework=GGE`,
        `/api/cycles/${OPEN}/groups/EU/statistics?framework=GGE`,
      ]) {
        const { body } = await get(path, actor).expect(404);
        expect(body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: `Cycle ${OPEN} not found` });
      }
      const history = await get('/api/states/FRA/scorecards?framework=GGE', actor).expect(200);
      expect(history.body.map((c: { cycleYear: number }) => c.cycleYear)).toEqual([PUBLISHED]);
    });

    it("shows a state official only their own states' scorecards, without rank", async () => {
      const list = await get(`/api/cycles/${OPEN}/scorecards?framework=GGE`, 'officialA').expect(200);
      expect(list.body).toHaveLength(1);
      expect(list.body[0]).toMatchObject({ stateIso3: 'FRA', source: 'live', rank: null, percentile: null, rankedCount: null, trend: 0 });
      const fra = await get(`/api/cycles/${OPEN}/states/FRA/scorecard?framework=GGE`, 'officialA').expect(200);
      expect(fra.body).toMatchObject({ stateIso3: 'FRA', rank: null, percentile: null });
      expect(fra.body.contributions).toHaveLength(11);
      const deu = await get(`/api/cycles/${OPEN}/states/DEU/scorecard?framework=GGE`, 'officialA').expect(403);
      expect(deu.body.code).toBe('FORBIDDEN');
      await get(`/api/cycles/${OPEN}/groups/EU/statistics?framework=GGE`, 'officialA').expect(403);
      const own = await get('/api/states/FRA/scorecards', 'officialA').expect(200);
      expect(own.body.map((c: { cycleYear: number; framework: string }) => `${c.cycleYear} ${c.framework}`)).toEqual([
        `${PUBLISHED} GGE`,
        `${PUBLISHED} OSCE`,
        `${OPEN} GGE`,
        `${OPEN} OSCE`,
      ]);
      expect(own.body[2].rank).toBeNull();
      expect(own.body[0].rank).toBe(1);
      const other = await get('/api/states/DEU/scorecards?framework=GGE', 'officialA').expect(200);
      expect(other.body.map((c: { cycleYear: number }) => c.cycleYear)).toEqual([PUBLISHED]);
    });

    it.each(['reviewer', 'admin'] as Actor[])('is visible in full to %s, with ranks', async (actor) => {
      const list = await get(`/api/cycles/${OPEN}/scorecards?framework=GGE`, actor).expect(200);
      expect(list.body).toHaveLength(193);
      expect(list.body[0]).toMatchObject({ stateIso3: 'FRA', rank: 1, source: 'live', rankedCount: 4 });
      const stats = await get(`/api/cycles/${OPEN}/groups/EU/statistics?framework=GGE`, actor).expect(200);
      expect(stats.body).toMatchObject({ source: 'live', statesWithData: 4 });
      expect(stats.body.tiers).toEqual([
        { tier: 'Advanced', count: 0 },
        { tier: 'Established', count: 0 },
        { tier: 'Developing', count: 0 },
        { tier: 'Initial', count: 0 },
        { tier: 'Minimal', count: 4 },
      ]);
      expect(stats.body.verifiedIndex.max).toBeCloseTo(150 / 11, 12);
      expect(stats.body.verifiedIndex.median).toBeCloseTo((50 / 11 + 25 / 11) / 2, 12);
    });
  });

  describe('errors', () => {
    it.each([
      [`/api/cycles/2099/scorecards?framework=GGE`, 'Cycle 2099 not found'],
      [`/api/cycles/${PUBLISHED}/scorecards?framework=OAS`, 'Framework "OAS" is not assessed in cycle 2035'],
      [`/api/cycles/${PUBLISHED}/scorecards?framework=GGE&group=NOPE`, 'Group "NOPE" not found'],
      [`/api/cycles/${PUBLISHED}/states/QQQ/scorecard?framework=GGE`, 'State "QQQ" not found'],
      [`/api/cycles/${PUBLISHED}/groups/NOPE/statistics?framework=GGE`, 'Group "NOPE" not found'],
      ['/api/states/QQQ/scorecards', 'State "QQQ" not found'],
      ['/api/states/FRA/scorecards?framework=NOPE', 'Framework "NOPE" not found'],
      ['/api/methodologies/1999.1', 'Methodology "1999.1" not found'],
    ])('GET %s answers 404', async (path, message) => {
      const { body } = await get(path, 'reviewer').expect(404);
      expect(body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message });
    });

    it.each([
      [`/api/cycles/abc/scorecards?framework=GGE`, ['year']],
      [`/api/cycles/1999/scorecards?framework=GGE`, ['year']],
      [`/api/cycles/${PUBLISHED}/scorecards`, ['framework']],
      [`/api/cycles/${PUBLISHED}/scorecards?framework=GGE&sort=best`, ['sort']],
      [`/api/cycles/${PUBLISHED}/scorecards?framework=GGE&group=no%20spaces`, ['group']],
      [`/api/cycles/${PUBLISHED}/scorecards?framework=GGE&page=2`, ['page']],
      [`/api/cycles/${PUBLISHED}/states/FRANCE/scorecard?framework=GGE`, ['iso3']],
      [`/api/cycles/${PUBLISHED}/groups/EU/statistics`, ['framework']],
      ['/api/states/FR/scorecards', ['iso3']],
      ['/api/methodologies/latest', ['version']],
    ])('GET %s answers 400 with the field', async (path, fields) => {
      const { body } = await get(path, 'reviewer').expect(400);
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    });
  });

  describe('sorting', () => {
    const order = async (sort: string) => {
      const { body } = await get(`/api/cycles/${PUBLISHED}/scorecards?framework=gge&group=eu&sort=${sort}`, 'anonymous').expect(200);
      return body.slice(0, 4).map((c: { stateIso3: string }) => c.stateIso3);
    };
    it('sorts by verified index by default, highest first, ties by name', async () => {
      expect(await order('verified')).toEqual(['FRA', 'DEU', 'ITA', 'ESP']);
    });
    it('sorts by stated index, credibility gap, completeness or name', async () => {
      expect(await order('stated')).toEqual(['FRA', 'ITA', 'DEU', 'ESP']);
      expect(await order('gap')).toEqual(['ITA', 'FRA', 'ESP', 'DEU']);
      expect(await order('completeness')).toEqual(['FRA', 'ESP', 'DEU', 'ITA']);
      expect(await order('name')).toEqual(['AUT', 'BEL', 'BGR', 'HRV']);
    });
  });
});
