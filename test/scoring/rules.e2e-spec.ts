import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { AssessmentSeed, commitmentCodes, insertAssessments, insertCycle, insertLinks, insertMethodology, LinkSeed, publishCycle } from '../helpers/seed-scoring';
import { createTestApp, resetDatabase } from '../helpers/test-app';

// Each rule of docs/METHODOLOGY.md on its own, on the shipped GGE norms (11 commitments, UN + added
// entities) and OSCE CBMs (OSCE participating States).
const YEAR = 2030;

describe('Scoring rules, one at a time', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let reviewer: TestUser;
  let gge: Array<{ code: string; category: string }>;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    gge = await commitmentCodes(dataSource, 'GGE');
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    await resetDatabase(app);
    reviewer = await createUser(app, 'reviewer');
  });

  const http = () => request(app.getHttpServer());
  const codes = () => gge.map((c) => c.code);
  /** One assessment per GGE commitment for a state, built by `f(code, index)`. */
  const allOf = (state: string, f: (code: string, i: number) => Partial<AssessmentSeed> | null): AssessmentSeed[] =>
    codes().flatMap((commitment, i) => {
      const fields = f(commitment, i);
      return fields ? [{ state, framework: 'GGE', commitment, ...fields }] : [];
    });
  const supported = (ids: string[]): LinkSeed[] => ids.map((assessmentId) => ({ assessmentId, stance: 'supports', judgement: 'accepted' }));

  async function card(iso3: string, framework = 'GGE', year = YEAR, query = '') {
    const response = await http().get(`/api/cycles/${year}/states/${iso3}/scorecard?framework=${framework}${query}`).set(bearer(reviewer));
    expect(response.status).toBe(200);
    return response.body;
  }
  async function list(framework = 'GGE', query = '', year = YEAR) {
    const response = await http().get(`/api/cycles/${year}/scorecards?framework=${framework}${query}`).set(bearer(reviewer));
    expect(response.status).toBe(200);
    return response.body as Array<Record<string, unknown>>;
  }

  describe('not applicable', () => {
    it('leaves both the numerator and the denominator', async () => {
      await insertCycle(dataSource, YEAR, ['GGE']);
      const ids = await insertAssessments(dataSource, YEAR, reviewer.id, allOf('FRA', (_c, i) => (i === 0 ? { notApplicable: true } : { stated: 4, reviewed: 4 })));
      await insertLinks(dataSource, reviewer.id, supported(ids.slice(1)));
      const fra = await card('FRA');
      expect(fra).toMatchObject({ commitmentCount: 11, applicableCount: 10, weightTotal: 10, statedIndex: 100, verifiedIndex: 100, completeness: 100, evidenceCoverage: 100, tier: 'Advanced' });
      expect(fra.contributions[0]).toMatchObject({ notApplicable: true, statedPoints: 0, verifiedPoints: 0, statedScore: null });
    });

    it('with every commitment not applicable there is no index, tier or rank, but the state has data', async () => {
      await insertCycle(dataSource, YEAR, ['GGE']);
      await insertAssessments(dataSource, YEAR, reviewer.id, allOf('FRA', () => ({ notApplicable: true })));
      const fra = await card('FRA');
      expect(fra).toMatchObject({ hasData: true, applicableCount: 0, weightTotal: 0, statedIndex: null, verifiedIndex: null, credibilityGap: null, completeness: null, evidenceCoverage: null, tier: null, rank: null });
      expect(fra.categories.every((c: { verifiedIndex: number | null }) => c.verifiedIndex === null)).toBe(true);
    });
  });

  describe('no information', () => {
    it('scores 0 like level 0 but lowers completeness, with or without an assessment row', async () => {
      await insertCycle(dataSource, YEAR, ['GGE']);
      await insertAssessments(dataSource, YEAR, reviewer.id, [
        ...allOf('DEU', () => ({ stated: 0 })),
        { state: 'FRA', framework: 'GGE', commitment: '13(a)', stated: 4 },
        { state: 'FRA', framework: 'GGE', commitment: '13(b)', stated: null }, // a row without a level
      ]);
      const deu = await card('DEU');
      expect(deu).toMatchObject({ statedIndex: 0, completeness: 100, statedCount: 11 });
      const fra = await card('FRA');
      expect(fra.statedIndex).toBeCloseTo(100 / 11, 12);
      expect(fra.completeness).toBeCloseTo(100 / 11, 12);
      expect(fra.contributions[1]).toMatchObject({ commitment: '13(b)', noInformation: true, statedScore: 0 });
      expect(fra.contributions[1].assessmentId).toEqual(expect.any(String));
      expect(fra.contributions[2]).toMatchObject({ commitment: '13(c)', noInformation: true, assessmentId: null, statedScore: 0 });
      expect(fra.contributions[2].explanation).toContain('No information');
    });
  });

  describe('evidence rule', () => {
    it('counts a reviewed level above 1 only with accepted supporting evidence', async () => {
      await insertCycle(dataSource, YEAR, ['GGE']);
      const [a, b, c, d, e, f, g, h] = await insertAssessments(dataSource, YEAR, reviewer.id, [
        { state: 'FRA', framework: 'GGE', commitment: '13(a)', reviewed: 4 }, // accepted support: counts 4
        { state: 'FRA', framework: 'GGE', commitment: '13(b)', reviewed: 4 }, // no evidence: counts 1
        { state: 'FRA', framework: 'GGE', commitment: '13(c)', reviewed: 4 }, // pending support only: counts 1
        { state: 'FRA', framework: 'GGE', commitment: '13(d)', reviewed: 4 }, // rejected support only: counts 1
        { state: 'FRA', framework: 'GGE', commitment: '13(e)', reviewed: 4 }, // accepted contradiction only: counts 1
        { state: 'FRA', framework: 'GGE', commitment: '13(f)', reviewed: 1 }, // level 1 needs no evidence
        { state: 'FRA', framework: 'GGE', commitment: '13(g)', reviewed: 2 }, // accepted + rejected: counts 2
        { state: 'FRA', framework: 'GGE', commitment: '13(h)', stated: 3 }, // not reviewed: counts 0
      ]);
      await insertLinks(dataSource, reviewer.id, [
        { assessmentId: a, stance: 'supports', judgement: 'accepted' },
        { assessmentId: c, stance: 'supports', judgement: 'pending' },
        { assessmentId: d, stance: 'supports', judgement: 'rejected' },
        { assessmentId: e, stance: 'contradicts', judgement: 'accepted' },
        { assessmentId: g, stance: 'supports', judgement: 'accepted' },
        { assessmentId: g, stance: 'supports', judgement: 'rejected' },
      ]);
      void b;
      void f;
      void h;
      const fra = await card('FRA');
      const counted = fra.contributions.slice(0, 8).map((r: { countedLevel: number | null; evidenceRuleApplied: boolean }) => [r.countedLevel, r.evidenceRuleApplied]);
      expect(counted).toEqual([[4, false], [1, true], [1, true], [1, true], [1, true], [1, false], [2, false], [null, false]]);
      expect(fra.contributions[1].explanation).toContain('because no accepted evidence supports it');
      expect(fra.contributions[7].explanation).toContain('Not reviewed yet');
      expect(fra.evidencedCount).toBe(2);
      // (100 + 25 * 5 + 50 + 0 * 4) / 11
      expect(fra.verifiedIndex).toBeCloseTo(275 / 11, 12);
      expect(fra.evidenceCoverage).toBeCloseTo(200 / 11, 12);
    });

    it('uses the threshold of the cycle methodology', async () => {
      await insertMethodology(dataSource, '2090.1', [], { evidenceThreshold: 3 });
      await insertCycle(dataSource, YEAR, ['GGE'], { methodology: '2090.1' });
      await insertAssessments(dataSource, YEAR, reviewer.id, [
        { state: 'FRA', framework: 'GGE', commitment: '13(a)', reviewed: 3 },
        { state: 'FRA', framework: 'GGE', commitment: '13(b)', reviewed: 4 },
      ]);
      const fra = await card('FRA');
      expect(fra.contributions.slice(0, 2).map((r: { countedLevel: number }) => r.countedLevel)).toEqual([3, 3]);
    });
  });

  describe('contradicting evidence', () => {
    it('counts accepted contradicting links and never raises (or lowers) a score', async () => {
      await insertCycle(dataSource, YEAR, ['GGE']);
      const [a, b] = await insertAssessments(dataSource, YEAR, reviewer.id, [
        { state: 'FRA', framework: 'GGE', commitment: '13(a)', stated: 3, reviewed: 3 },
        { state: 'FRA', framework: 'GGE', commitment: '13(b)', stated: 2, reviewed: 1 },
      ]);
      await insertLinks(dataSource, reviewer.id, [
        { assessmentId: a, stance: 'supports', judgement: 'accepted' },
        { assessmentId: a, stance: 'contradicts', judgement: 'accepted' },
        { assessmentId: b, stance: 'contradicts', judgement: 'accepted' },
        { assessmentId: b, stance: 'contradicts', judgement: 'pending' },
        { assessmentId: b, stance: 'contradicts', judgement: 'rejected' },
      ]);
      const fra = await card('FRA');
      expect(fra.contradictions).toBe(2);
      expect(fra.contributions[0]).toMatchObject({ countedLevel: 3, contradictingEvidence: 1, supportingEvidence: 1 });
      expect(fra.contributions[1]).toMatchObject({ countedLevel: 1, contradictingEvidence: 1, evidenceRuleApplied: false });
      expect(fra.contributions[1].explanation).toContain('never raise a score');
      expect(fra.verifiedIndex).toBeCloseTo((75 + 25) / 11, 12);
      expect(fra.evidencedCount).toBe(1);
    });
  });

  describe('weights', () => {
    it('weigh commitments as the cycle methodology says, default 1', async () => {
      await insertMethodology(dataSource, '2091.1', [
        { framework: 'GGE', commitment: '13(a)', weight: 3 },
        { framework: 'GGE', commitment: '13(d)', weight: 0.5 },
      ]);
      await insertCycle(dataSource, YEAR, ['GGE'], { methodology: '2091.1' });
      const ids = await insertAssessments(dataSource, YEAR, reviewer.id, [
        { state: 'FRA', framework: 'GGE', commitment: '13(a)', stated: 4, reviewed: 4 },
        { state: 'FRA', framework: 'GGE', commitment: '13(d)', stated: 2, reviewed: 2 },
      ]);
      await insertLinks(dataSource, reviewer.id, supported(ids));
      const fra = await card('FRA');
      const total = 3 + 0.5 + 9;
      expect(fra).toMatchObject({ methodologyVersion: '2091.1', weightTotal: total });
      expect(fra.statedIndex).toBeCloseTo((3 * 100 + 0.5 * 50) / total, 12);
      expect(fra.contributions[0]).toMatchObject({ weight: 3 });
      expect(fra.contributions[0].statedPoints).toBeCloseTo((3 * 100) / total, 12);
      expect(fra.contributions[3]).toMatchObject({ weight: 0.5 });
      const cooperation = fra.categories.find((c: { code: string }) => c.code === 'cooperation');
      // cooperation = 13(a) (w 3), 13(d) (w 0.5), 13(h) (w 1)
      expect(cooperation.weightTotal).toBe(4.5);
      expect(cooperation.verifiedIndex).toBeCloseTo((300 + 25) / 4.5, 12);

      // The same data under the default methodology weighs everything 1.
      await dataSource.query(`UPDATE cycle SET methodology_version = '2026.1' WHERE year = $1`, [YEAR]);
      const unweighted = await card('FRA');
      expect(unweighted.statedIndex).toBeCloseTo(150 / 11, 12);
    });
  });

  describe('categories', () => {
    it('give the two indices per category of the catalogue, null when nothing in it applies', async () => {
      await insertCycle(dataSource, YEAR, ['GGE']);
      const byCategory = (category: string) => gge.filter((c) => c.category === category).map((c) => c.code);
      const ids = await insertAssessments(dataSource, YEAR, reviewer.id, [
        ...byCategory('cooperation').map((commitment) => ({ state: 'FRA', framework: 'GGE', commitment, stated: 4, reviewed: 4 })),
        ...byCategory('restraint').map((commitment) => ({ state: 'FRA', framework: 'GGE', commitment, stated: 2, reviewed: 2 })),
        ...byCategory('protection').map((commitment) => ({ state: 'FRA', framework: 'GGE', commitment, notApplicable: true })),
      ]);
      await insertLinks(dataSource, reviewer.id, supported(ids.slice(0, byCategory('cooperation').length)));
      const fra = await card('FRA');
      expect(fra.categories).toEqual([
        { code: 'restraint', label: 'Restraint', applicableCount: 4, weightTotal: 4, statedIndex: 50, verifiedIndex: 25 },
        { code: 'cooperation', label: 'Cooperation', applicableCount: 3, weightTotal: 3, statedIndex: 100, verifiedIndex: 100 },
        { code: 'protection', label: 'Protection', applicableCount: 0, weightTotal: 0, statedIndex: null, verifiedIndex: null },
      ]);
    });
  });

  describe('ranks', () => {
    it('are dense: ties share a rank and the next rank follows; states without data are not ranked', async () => {
      await insertCycle(dataSource, YEAR, ['OSCE']);
      const rows = ['FRA', 'DEU', 'ITA', 'ESP'].flatMap((state, i) => [
        { state, framework: 'OSCE', commitment: '1', stated: 4, reviewed: [2, 2, 1, 0][i] },
      ]);
      const ids = await insertAssessments(dataSource, YEAR, reviewer.id, rows);
      await insertLinks(dataSource, reviewer.id, supported(ids));
      const cards = await list('OSCE');
      expect(cards).toHaveLength(57);
      const top = cards.slice(0, 4).map((c) => [c.stateIso3, c.rank, c.percentile, c.rankedCount]);
      expect(top).toEqual([
        ['FRA', 1, 100, 4],
        ['DEU', 1, 100, 4],
        ['ITA', 2, 50, 4],
        ['ESP', 3, 25, 4],
      ]);
      expect(cards.slice(4).every((c) => c.rank === null && c.percentile === null && c.hasData === false)).toBe(true);
    });

    it('are computed within the chosen group, which also filters the list', async () => {
      await insertCycle(dataSource, YEAR, ['GGE']);
      const ids = await insertAssessments(dataSource, YEAR, reviewer.id, [
        { state: 'USA', framework: 'GGE', commitment: '13(a)', reviewed: 4 },
        { state: 'FRA', framework: 'GGE', commitment: '13(a)', reviewed: 3 },
        { state: 'RUS', framework: 'GGE', commitment: '13(a)', reviewed: 2 },
      ]);
      await insertLinks(dataSource, reviewer.id, supported(ids));
      const un = await list('GGE');
      expect(un.find((c) => c.stateIso3 === 'FRA')).toMatchObject({ rank: 2, rankGroup: 'UN' });
      const eu = await list('GGE', '&group=EU');
      expect(eu).toHaveLength(27);
      expect(eu[0]).toMatchObject({ stateIso3: 'FRA', rank: 1, rankedCount: 1, rankGroup: 'EU' });
      expect((await card('FRA', 'GGE', YEAR, '&group=EU')).rank).toBe(1);
    });
  });

  describe('trend', () => {
    it('is null without a previous cycle', async () => {
      await insertCycle(dataSource, YEAR, ['GGE']);
      await insertAssessments(dataSource, YEAR, reviewer.id, [{ state: 'FRA', framework: 'GGE', commitment: '13(a)', reviewed: 1 }]);
      expect(await card('FRA')).toMatchObject({ previousCycleYear: null, trend: null });
    });

    it('compares with the latest earlier cycle that assessed the same framework, published or not', async () => {
      await insertCycle(dataSource, 2028, ['GGE']);
      await insertCycle(dataSource, 2029, ['OSCE']);
      await insertCycle(dataSource, YEAR, ['GGE', 'OSCE']);
      await insertAssessments(dataSource, 2028, reviewer.id, [
        { state: 'FRA', framework: 'GGE', commitment: '13(a)', reviewed: 1 },
        ...allOf('DEU', () => ({ notApplicable: true })),
      ]);
      await insertAssessments(dataSource, YEAR, reviewer.id, [
        { state: 'FRA', framework: 'GGE', commitment: '13(a)', reviewed: 1 },
        { state: 'FRA', framework: 'GGE', commitment: '13(b)', reviewed: 1 },
        { state: 'DEU', framework: 'GGE', commitment: '13(a)', reviewed: 1 },
        { state: 'ITA', framework: 'GGE', commitment: '13(a)', reviewed: 1 },
        { state: 'FRA', framework: 'OSCE', commitment: '1', reviewed: 1 },
      ]);
      const fra = await card('FRA');
      expect(fra.previousCycleYear).toBe(2028);
      expect(fra.trend).toBeCloseTo(50 / 11 - 25 / 11, 12);
      // DEU in 2028 had data but no applicable commitment; ITA had no data: no baseline either way.
      expect(await card('DEU')).toMatchObject({ previousCycleYear: 2028, trend: null });
      expect(await card('ITA')).toMatchObject({ previousCycleYear: 2028, trend: null });
      // OSCE's previous cycle is 2029, where France had no data.
      expect(await card('FRA', 'OSCE')).toMatchObject({ previousCycleYear: 2029, trend: null });

      // Once 2028 is published its snapshot is the baseline, with the same result.
      await publishCycle(app, 2028);
      expect((await card('FRA')).trend).toBeCloseTo(25 / 11, 12);
    });
  });

  describe('applicability', () => {
    it('gives no scorecard to a state outside the framework applicability group', async () => {
      await insertCycle(dataSource, YEAR, ['GGE', 'OSCE']);
      const osce = await list('OSCE');
      expect(osce).toHaveLength(57);
      expect(osce.some((c) => c.stateIso3 === 'BRA')).toBe(false);
      const response = await http().get(`/api/cycles/${YEAR}/states/BRA/scorecard?framework=OSCE`).set(bearer(reviewer)).expect(404);
      expect(response.body).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('outside') });
      expect((await card('BRA', 'GGE')).stateIso3).toBe('BRA');
    });

    it('includes entities added by admins in frameworks that include them (GGE), not in others (OSCE)', async () => {
      const admin = await createUser(app, 'admin');
      await http().post('/api/states').set(bearer(admin)).send({ iso3: 'XKX', name: 'Kosovo' }).expect(201);
      await insertCycle(dataSource, YEAR, ['GGE', 'OSCE']);
      const gge = await list('GGE');
      expect(gge.some((c) => c.stateIso3 === 'XKX')).toBe(true);
      expect(gge.length).toBe(194);
      expect((await list('OSCE')).some((c) => c.stateIso3 === 'XKX')).toBe(false);
    });
  });
});
