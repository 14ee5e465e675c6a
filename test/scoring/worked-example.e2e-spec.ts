import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { insertAssessments, insertLinks, publishCycle } from '../helpers/seed-scoring';
import { createTestApp, resetDatabase } from '../helpers/test-app';

// The worked example of docs/METHODOLOGY.md on a four-commitment framework built for it (categories X and Y),
// applying to ASEAN. The framework is removed again afterwards so other suites see the shipped catalogue only.
const YEAR = 2031;

describe('Scoring: the worked example of METHODOLOGY.md', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let frameworkId: number;
  let reviewer: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    await resetDatabase(app);
    [{ id: frameworkId }] = await dataSource.query(
      `INSERT INTO framework (code, version, title, short_title, source, applicability_group, content_sha256)
       VALUES ('WEX', '2026.1', 'Worked example', 'Example', 'docs/METHODOLOGY.md', 'ASEAN', repeat('0', 64)) RETURNING id`,
    );
    await dataSource.query(
      `WITH cat AS (
         INSERT INTO framework_category (framework_id, code, label, position) VALUES ($1, 'X', 'Category X', 1), ($1, 'Y', 'Category Y', 2)
         RETURNING id, code
       )
       INSERT INTO commitment (framework_id, code, label, text, text_kind, category_id, source_document, position)
       SELECT $1, c.code, 'Commitment ' || c.code, 'Text of ' || c.code, 'substance', cat.id, 'example', c.position
       FROM (VALUES ('c1', 'X', 1), ('c2', 'X', 2), ('c3', 'Y', 3), ('c4', 'Y', 4)) AS c(code, category, position)
       JOIN cat ON cat.code = c.category`,
      [frameworkId],
    );
  });

  afterAll(async () => {
    await resetDatabase(app);
    await dataSource.query('DELETE FROM commitment WHERE framework_id = $1', [frameworkId]);
    await dataSource.query('DELETE FROM framework WHERE id = $1', [frameworkId]);
    await app.close();
  });

  beforeEach(async () => {
    await resetDatabase(app);
    reviewer = await createUser(app, 'reviewer');
    await dataSource.query(`INSERT INTO cycle (year, title, version) VALUES ($1, 'Example', 1)`, [YEAR]);
    await dataSource.query('INSERT INTO cycle_framework (cycle_year, framework_id) VALUES ($1, $2)', [YEAR, frameworkId]);
    const [c1] = await insertAssessments(dataSource, YEAR, reviewer.id, [
      { state: 'SGP', framework: 'WEX', commitment: 'c1', stated: 4, reviewed: 3 },
      { state: 'SGP', framework: 'WEX', commitment: 'c2', stated: 3, reviewed: 3 },
      { state: 'SGP', framework: 'WEX', commitment: 'c3', notApplicable: true },
      // c4: no assessment at all = no information
    ]);
    await insertLinks(dataSource, reviewer.id, [{ assessmentId: c1, stance: 'supports', judgement: 'accepted' }]);
  });

  async function scorecard() {
    const response = await request(app.getHttpServer()).get(`/api/cycles/${YEAR}/states/SGP/scorecard?framework=WEX`).set(bearer(reviewer)).expect(200);
    return response.body;
  }

  function expectWorkedExample(card: Record<string, unknown>): void {
    expect(card).toMatchObject({
      framework: 'WEX',
      stateIso3: 'SGP',
      methodologyVersion: '2026.1',
      commitmentCount: 4,
      applicableCount: 3,
      statedCount: 2,
      evidencedCount: 1,
      weightTotal: 3,
      contradictions: 0,
      tier: 'Initial',
      hasData: true,
      previousCycleYear: null,
      trend: null,
      rank: 1,
      rankGroup: 'ASEAN',
    });
    expect(card.statedIndex).toBeCloseTo(175 / 3, 12); // (100 + 75 + 0) / 3 = 58.33
    expect(card.verifiedIndex).toBeCloseTo(100 / 3, 12); // (75 + 25 + 0) / 3 = 33.33
    expect(card.credibilityGap).toBeCloseTo(25, 12);
    expect(card.completeness).toBeCloseTo(200 / 3, 12); // 2/3 = 66.7 %
    expect(card.evidenceCoverage).toBeCloseTo(100 / 3, 12); // 1/3 = 33.3 %
    const [x, y] = card.categories as Array<Record<string, number | string>>;
    expect(x).toMatchObject({ code: 'X', applicableCount: 2, weightTotal: 2 });
    expect(x.verifiedIndex).toBeCloseTo(50, 12); // (75 + 25) / 2
    expect(x.statedIndex).toBeCloseTo(87.5, 12);
    expect(y).toMatchObject({ code: 'Y', applicableCount: 1, weightTotal: 1, statedIndex: 0, verifiedIndex: 0 });
  }

  it('computes every number of the example live, without rounding', async () => {
    const card = await scorecard();
    expect(card.source).toBe('live');
    expectWorkedExample(card);
    // Full precision reaches the client: 58.333..., not 58.3.
    expect(String(card.statedIndex)).toMatch(/^58\.3333333333333/);
  });

  it('explains each commitment so that every number can be recomputed by hand', async () => {
    const card = await scorecard();
    const rows = card.contributions as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.commitment)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(rows[0]).toMatchObject({ statedLevel: 4, reviewedLevel: 3, countedLevel: 3, evidenceRuleApplied: false, supportingEvidence: 1, weight: 1, statedScore: 100, verifiedScore: 75 });
    expect(rows[1]).toMatchObject({ statedLevel: 3, reviewedLevel: 3, countedLevel: 1, evidenceRuleApplied: true, supportingEvidence: 0, statedScore: 75, verifiedScore: 25 });
    expect(rows[1].explanation).toContain('Evidence rule: reviewed level 3 counts as 1');
    expect(rows[2]).toMatchObject({ notApplicable: true, statedScore: null, verifiedScore: null, statedPoints: 0, verifiedPoints: 0 });
    expect(rows[3]).toMatchObject({ noInformation: true, assessmentId: null, statedLevel: null, reviewedLevel: null, countedLevel: null, statedScore: 0, verifiedScore: 0 });

    // Recompute from the table alone: index = sum of weight x score over applicable rows / sum of weights.
    const applicable = rows.filter((r) => !r.notApplicable);
    const weights = applicable.reduce((sum, r) => sum + (r.weight as number), 0);
    const stated = applicable.reduce((sum, r) => sum + (r.weight as number) * (r.statedScore as number), 0) / weights;
    const verified = applicable.reduce((sum, r) => sum + (r.weight as number) * (r.verifiedScore as number), 0) / weights;
    expect(stated).toBeCloseTo(card.statedIndex, 12);
    expect(verified).toBeCloseTo(card.verifiedIndex, 12);
    // The points are each commitment's share of the index.
    expect(rows.reduce((sum, r) => sum + (r.statedPoints as number), 0)).toBeCloseTo(card.statedIndex, 12);
    expect(rows.reduce((sum, r) => sum + (r.verifiedPoints as number), 0)).toBeCloseTo(card.verifiedIndex, 12);
    expect(rows[0].verifiedPoints).toBeCloseTo(25, 12);
  });

  it('gives the same numbers from the snapshot once the cycle is published', async () => {
    const live = await scorecard();
    await publishCycle(app, YEAR);
    const frozen = await scorecard();
    expect(frozen.source).toBe('snapshot');
    expectWorkedExample(frozen);
    expect({ ...frozen, source: 'live' }).toEqual(live);
  });

  it('lists only ASEAN states, the one with data ranked first, the others without data, rank, tier or indices (no data is not zero)', async () => {
    const { body } = await request(app.getHttpServer()).get(`/api/cycles/${YEAR}/scorecards?framework=WEX`).set(bearer(reviewer)).expect(200);
    expect(body).toHaveLength(11);
    expect(body[0]).toMatchObject({ stateIso3: 'SGP', rank: 1, percentile: 100, rankedCount: 1 });
    for (const card of body.slice(1)) {
      expect(card).toMatchObject({ hasData: false, rank: null, percentile: null, tier: null, statedIndex: null, verifiedIndex: null, credibilityGap: null, completeness: null, evidenceCoverage: null, trend: null });
      expect(card.categories.every((c: { statedIndex: number | null; verifiedIndex: number | null }) => c.statedIndex === null && c.verifiedIndex === null)).toBe(true);
    }
  });
});
