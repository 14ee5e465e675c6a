import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ScoringService } from '../../src/scoring/scoring.service';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { commitmentCodes, groupMembers, insertAssessments, insertCycle, insertLinks, publishCycle } from '../helpers/seed-scoring';
import { createTestApp, resetDatabase } from '../helpers/test-app';
import { changeCycleStatus } from '../helpers/workflow';

// Publishing stores the scores as a frozen snapshot; a published cycle's scorecards never change afterwards.
const PREVIOUS = 2033;
const YEAR = 2034;

describe('Scoring snapshot of a published cycle', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let reviewer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    await resetDatabase(app);
    reviewer = await createUser(app, 'reviewer');
    admin = await createUser(app, 'admin');
  });

  const http = () => request(app.getHttpServer());

  /** Two GGE cycles with data for twelve states; the later one is published. */
  async function seedPublished(): Promise<void> {
    const states = (await groupMembers(dataSource, 'EU')).slice(0, 12);
    const codes = (await commitmentCodes(dataSource, 'GGE')).map((c) => c.code);
    for (const year of [PREVIOUS, YEAR]) {
      await insertCycle(dataSource, year, ['GGE']);
      const ids = await insertAssessments(
        dataSource,
        year,
        reviewer.id,
        states.flatMap((state, s) => codes.map((commitment, i) => ({ state, framework: 'GGE', commitment, stated: (s + i + year) % 5, reviewed: (s * i + year) % 5 }))),
      );
      await insertLinks(dataSource, reviewer.id, ids.filter((_, i) => i % 2 === 0).map((assessmentId) => ({ assessmentId, stance: 'supports', judgement: 'accepted' })));
    }
    await publishCycle(app, YEAR);
  }

  /** Everything a reader can get about the published cycle. */
  async function everything() {
    const list = (await http().get(`/api/cycles/${YEAR}/scorecards?framework=GGE`).expect(200)).body;
    const eu = (await http().get(`/api/cycles/${YEAR}/scorecards?framework=GGE&group=EU`).expect(200)).body;
    const details = [];
    for (const iso3 of ['AUT', 'BEL', 'FRA']) {
      details.push((await http().get(`/api/cycles/${YEAR}/states/${iso3}/scorecard?framework=GGE`).expect(200)).body);
    }
    const statistics = (await http().get(`/api/cycles/${YEAR}/groups/EU/statistics?framework=GGE`).expect(200)).body;
    return { list, eu, details, statistics };
  }

  it('is read from the snapshot and stays identical after later changes to methodologies and other cycles', async () => {
    await seedPublished();
    const before = await everything();
    expect(before.list.every((c: { source: string }) => c.source === 'snapshot')).toBe(true);
    expect(before.statistics.source).toBe('snapshot');
    expect(before.details[0].trend).toEqual(expect.any(Number));

    // A new methodology version with other weights, thresholds and level scores...
    await http()
      .post('/api/methodologies')
      .set(bearer(admin))
      .send({
        version: '2034.2',
        title: 'Heavier restraint',
        levels: [0, 10, 20, 30, 100].map((score, level) => ({ level, label: `L${level}`, score })),
        evidenceThreshold: 0,
        tierThresholds: { advanced: 90, established: 70, developing: 50, initial: 30 },
        weights: [{ framework: 'GGE', commitment: '13(f)', weight: 5 }],
      })
      .expect(201);
    // ...cannot be applied to the published cycle,
    const refused = await http().put(`/api/cycles/${YEAR}/methodology`).set(bearer(admin)).send({ version: '2034.2' }).expect(409);
    expect(refused.body.code).toBe('CYCLE_FROZEN');
    // the previous (open) cycle changes and uses it, which would move a live trend,
    await dataSource.query('UPDATE assessment SET reviewed_level = 4, review_rationale = $2 WHERE cycle_year = $1', [PREVIOUS, 'Changed']);
    await http().put(`/api/cycles/${PREVIOUS}/methodology`).set(bearer(admin)).send({ version: '2034.2' }).expect(200);
    // a later cycle gets data, and a new entity joins the GGE's scope.
    await insertCycle(dataSource, YEAR + 1, ['GGE']);
    await insertAssessments(dataSource, YEAR + 1, reviewer.id, [{ state: 'FRA', framework: 'GGE', commitment: '13(a)', stated: 4 }]);
    await http().post('/api/states').set(bearer(admin)).send({ iso3: 'XKX', name: 'Kosovo' }).expect(201);

    expect(await everything()).toEqual(before);
  });

  it('is frozen in the database once the cycle is published', async () => {
    await seedPublished();
    for (const sql of [
      `UPDATE scorecard_snapshot SET verified_index = 100 WHERE cycle_year = ${YEAR}`,
      `DELETE FROM contribution_snapshot WHERE cycle_year = ${YEAR}`,
      `UPDATE scorecard_category_snapshot SET verified_index = 0 WHERE cycle_year = ${YEAR}`,
      `DELETE FROM score_snapshot WHERE cycle_year = ${YEAR}`,
    ]) {
      await expect(dataSource.query(sql)).rejects.toMatchObject({ driverError: { code: 'CN409' } });
    }
    await expect(dataSource.transaction((manager) => app.get(ScoringService).snapshotCycle(manager, YEAR))).rejects.toMatchObject({
      driverError: { code: 'CN409' },
    });
  });

  it('is taken by the cycle publishing route, in its transaction', async () => {
    await insertCycle(dataSource, YEAR, ['GGE', 'OSCE']);
    await insertAssessments(dataSource, YEAR, reviewer.id, [{ state: 'FRA', framework: 'OSCE', commitment: '1', stated: 3, reviewed: 1 }]);
    await changeCycleStatus(app, admin, YEAR, 'in_review');
    await changeCycleStatus(app, admin, YEAR, 'published');
    const [counts] = await dataSource.query(
      `SELECT (SELECT count(*) FROM scorecard_snapshot WHERE cycle_year = $1)::int AS scorecards,
              (SELECT count(*) FROM contribution_snapshot WHERE cycle_year = $1)::int AS contributions`,
      [YEAR],
    );
    const [{ gge, osce }] = await dataSource.query(
      `SELECT (SELECT count(*) FROM group_membership WHERE group_code = 'UN')::int AS gge,
              (SELECT count(*) FROM group_membership WHERE group_code = 'OSCE')::int AS osce`,
    );
    expect(counts.scorecards).toBe(gge + osce);
    const fra = (await http().get(`/api/cycles/${YEAR}/states/FRA/scorecard?framework=OSCE`).expect(200)).body;
    expect(fra).toMatchObject({ source: 'snapshot', statedCount: 1 });
    expect(fra.verifiedIndex).toBeCloseTo(25 / fra.commitmentCount, 12);
  });

  it('can be retaken before publishing: the latest computation replaces the earlier one', async () => {
    await insertCycle(dataSource, YEAR, ['OSCE']);
    const scoring = app.get(ScoringService);
    await dataSource.transaction((manager) => scoring.snapshotCycle(manager, YEAR));
    await insertAssessments(dataSource, YEAR, reviewer.id, [{ state: 'FRA', framework: 'OSCE', commitment: '1', stated: 4 }]);
    await publishCycle(app, YEAR);
    const fra = (await http().get(`/api/cycles/${YEAR}/states/FRA/scorecard?framework=OSCE`).expect(200)).body;
    expect(fra).toMatchObject({ source: 'snapshot', statedCount: 1 });
  });

  it('refuses an unknown cycle', async () => {
    await expect(dataSource.transaction((manager) => app.get(ScoringService).snapshotCycle(manager, 2099))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
