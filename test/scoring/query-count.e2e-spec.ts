import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { commitmentCodes, groupMembers, insertAssessments, insertCycle, insertLinks, publishCycle } from '../helpers/seed-scoring';
import { createTestApp, resetDatabase } from '../helpers/test-app';

// The number of SQL statements per request must not depend on the number of states (no loop per state or
// per commitment). Statements are counted where TypeORM sends them: its logger sees every query.
const YEAR = 2032;

describe('Scoring: SQL statements per request do not grow with the number of states', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let reviewer: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
  });
  afterAll(async () => {
    await app.close();
  });

  async function seed(stateCount: number): Promise<void> {
    await resetDatabase(app);
    reviewer = await createUser(app, 'reviewer');
    await insertCycle(dataSource, YEAR - 1, ['GGE']);
    await insertCycle(dataSource, YEAR, ['GGE']);
    const states = (await groupMembers(dataSource, 'UN')).slice(0, stateCount);
    const commitments = await commitmentCodes(dataSource, 'GGE');
    for (const year of [YEAR - 1, YEAR]) {
      const ids = await insertAssessments(
        dataSource,
        year,
        reviewer.id,
        states.flatMap((state, s) => commitments.map((c, i) => ({ state, framework: 'GGE', commitment: c.code, stated: (s + i) % 5, reviewed: (s * i) % 5 }))),
      );
      await insertLinks(dataSource, reviewer.id, ids.filter((_, i) => i % 3 === 0).map((assessmentId) => ({ assessmentId, stance: 'supports', judgement: 'accepted' })));
    }
  }

  /** Statements sent while answering one request (including the auth guard's user lookup). */
  async function statements(path: string, user?: TestUser): Promise<{ count: number; body: unknown[] }> {
    const spy = jest.spyOn(dataSource.logger, 'logQuery');
    try {
      const response = await request(app.getHttpServer()).get(path).set(bearer(user)).expect(200);
      return { count: spy.mock.calls.length, body: response.body };
    } finally {
      spy.mockRestore();
    }
  }

  async function measure(stateCount: number): Promise<Record<string, number>> {
    await seed(stateCount);
    const list = await statements(`/api/cycles/${YEAR}/scorecards?framework=GGE`, reviewer);
    expect(list.body.filter((c) => (c as { hasData: boolean }).hasData)).toHaveLength(stateCount);
    const detail = await statements(`/api/cycles/${YEAR}/states/AFG/scorecard?framework=GGE`, reviewer);
    const stats = await statements(`/api/cycles/${YEAR}/groups/UN/statistics?framework=GGE`, reviewer);
    const history = await statements('/api/states/AFG/scorecards', reviewer);
    await publishCycle(app, YEAR - 1);
    await publishCycle(app, YEAR);
    const published = await statements(`/api/cycles/${YEAR}/scorecards?framework=GGE`);
    return { list: list.count, detail: detail.count, stats: stats.count, history: history.count, published: published.count };
  }

  it('is the same at 5 and at 50 states, and small', async () => {
    const few = await measure(5);
    const many = await measure(50);
    expect(many).toEqual(few);
    // user lookup + context + scorecards (+ contributions for one state); anonymous reads skip the lookup.
    expect(few).toEqual({ list: 3, detail: 4, stats: 3, history: 3, published: 2 });
  });
});
