import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUser, TestUser } from '../helpers/auth';
import { AssessmentSeed, commitmentCodes, groupMembers, insertAssessments, insertCycle, insertLinks, insertMethodology, LinkSeed, publishCycle } from '../helpers/seed-scoring';
import { createTestApp, resetDatabase } from '../helpers/test-app';

// Property: for random assessments, evidence and methodologies, the SQL scoring equals a plain in-memory
// implementation of docs/METHODOLOGY.md written here, independently of the SQL.

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- The methodology in plain TypeScript -------------------------------------------------------------

interface Method {
  levelScores: number[];
  threshold: number;
  tiers: [number, number, number, number]; // advanced, established, developing, initial
  weights: Map<string, number>; // commitment code -> weight
}
interface Commitment {
  code: string;
  category: string;
}
interface Claim {
  stated: number | null;
  reviewed: number | null;
  notApplicable: boolean;
  links: Array<Pick<LinkSeed, 'stance' | 'judgement'>>;
}
interface Expected {
  hasData: boolean;
  statedIndex: number | null;
  verifiedIndex: number | null;
  credibilityGap: number | null;
  completeness: number | null;
  evidenceCoverage: number | null;
  contradictions: number;
  tier: string | null;
  categories: Record<string, { stated: number | null; verified: number | null }>;
  counted: Array<number | null>;
}

function score(method: Method, commitments: Commitment[], claims: Map<string, Claim>): Expected {
  let weights = 0;
  let stated = 0;
  let verified = 0;
  let withLevel = 0;
  let evidenced = 0;
  let applicable = 0;
  let contradictions = 0;
  let hasData = false;
  const perCategory: Record<string, { w: number; s: number; v: number }> = {};
  const counted: Array<number | null> = [];
  for (const c of commitments) {
    const claim = claims.get(c.code);
    const accepted = (stance: string) => claim?.links.filter((l) => l.stance === stance && l.judgement === 'accepted').length ?? 0;
    contradictions += accepted('contradicts');
    if (claim && (claim.notApplicable || claim.stated !== null || claim.reviewed !== null)) hasData = true;
    perCategory[c.category] ??= { w: 0, s: 0, v: 0 };
    if (claim?.notApplicable) {
      counted.push(null);
      continue;
    }
    const w = method.weights.get(c.code) ?? 1;
    const reviewed = claim?.reviewed ?? null;
    const supported = accepted('supports') > 0;
    const level = reviewed === null ? null : reviewed > method.threshold && !supported ? method.threshold : reviewed;
    counted.push(level);
    const s = claim?.stated == null ? 0 : method.levelScores[claim.stated];
    const v = level === null ? 0 : method.levelScores[level];
    applicable += 1;
    weights += w;
    stated += w * s;
    verified += w * v;
    if (claim?.stated != null) withLevel += 1;
    if (supported) evidenced += 1;
    perCategory[c.category].w += w;
    perCategory[c.category].s += w * s;
    perCategory[c.category].v += w * v;
  }
  // No data is not zero: a state that said nothing has no index, no tier and no rank.
  const scored = applicable > 0 && hasData;
  const verifiedIndex = scored ? verified / weights : null;
  const [advanced, established, developing, initial] = method.tiers;
  const tier =
    verifiedIndex === null ? null
    : verifiedIndex >= advanced ? 'Advanced'
    : verifiedIndex >= established ? 'Established'
    : verifiedIndex >= developing ? 'Developing'
    : verifiedIndex >= initial ? 'Initial'
    : 'Minimal';
  return {
    hasData,
    statedIndex: scored ? stated / weights : null,
    verifiedIndex,
    credibilityGap: scored ? stated / weights - verified / weights : null,
    completeness: scored ? (100 * withLevel) / applicable : null,
    evidenceCoverage: scored ? (100 * evidenced) / applicable : null,
    contradictions,
    tier,
    categories: Object.fromEntries(
      Object.entries(perCategory).map(([k, x]) => [k, { stated: x.w && hasData ? x.s / x.w : null, verified: x.w && hasData ? x.v / x.w : null }]),
    ),
    counted,
  };
}

/** Dense rank (ties share) and percentile (share at or below) among states with data and an index. */
function rankAll(cards: Map<string, Expected>): Map<string, { rank: number; percentile: number }> {
  const ranked = [...cards].filter(([, c]) => c.hasData && c.verifiedIndex !== null);
  const distinct = [...new Set(ranked.map(([, c]) => c.verifiedIndex as number))].sort((a, b) => b - a);
  return new Map(
    ranked.map(([state, c]) => [
      state,
      {
        rank: distinct.indexOf(c.verifiedIndex as number) + 1,
        percentile: (100 * ranked.filter(([, o]) => (o.verifiedIndex as number) <= (c.verifiedIndex as number)).length) / ranked.length,
      },
    ]),
  );
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, mean: null, median: null, min: null, max: null };
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { count: n, mean: sorted.reduce((a, b) => a + b, 0) / n, median, min: sorted[0], max: sorted[n - 1] };
}

// ---- Random data -------------------------------------------------------------------------------------

function randomMethod(random: () => number, commitments: Commitment[]): Method {
  const steps = [0, 1, 2, 3, 4].map(() => 1 + Math.floor(random() * 20));
  const levelScores = steps.reduce<number[]>((acc, step, i) => [...acc, i === 0 ? 0 : acc[i - 1] + step], []);
  const top = levelScores[4];
  const scaled = levelScores.map((s) => Math.round((s * 100) / top)); // integers, strictly rising, 0..100
  const weights = new Map<string, number>();
  for (const c of commitments) if (random() < 0.3) weights.set(c.code, [0.5, 2, 3][Math.floor(random() * 3)]);
  return { levelScores: scaled, threshold: Math.floor(random() * 4), tiers: [80, 60, 40, 20], weights };
}

function randomClaims(random: () => number, commitments: Commitment[]): Map<string, Claim> {
  const level = () => Math.floor(random() * 5);
  const claims = new Map<string, Claim>();
  const profile = random(); // some states report little, some a lot
  for (const c of commitments) {
    if (random() > profile) continue; // no assessment at all
    const notApplicable = random() < 0.1;
    const links = Array.from({ length: Math.floor(random() * 3) }, () => ({
      stance: random() < 0.75 ? ('supports' as const) : ('contradicts' as const),
      judgement: (['pending', 'accepted', 'accepted', 'rejected'] as const)[Math.floor(random() * 4)],
    }));
    claims.set(c.code, {
      notApplicable,
      stated: notApplicable || random() < 0.15 ? null : level(),
      reviewed: notApplicable || random() < 0.3 ? null : level(),
      links,
    });
  }
  return claims;
}

describe('Scoring property: SQL equals the in-memory methodology on random data', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let reviewer: TestUser;
  let commitments: Commitment[];
  let osce: string[];
  let eu: Set<string>;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    commitments = await commitmentCodes(dataSource, 'OSCE');
    osce = await groupMembers(dataSource, 'OSCE');
    eu = new Set(await groupMembers(dataSource, 'EU'));
  });
  afterAll(async () => {
    await app.close();
  });

  async function seedCycle(random: () => number, year: number, method: Method, version: string): Promise<Map<string, Map<string, Claim>>> {
    await insertMethodology(
      dataSource,
      version,
      [...method.weights].map(([commitment, weight]) => ({ framework: 'OSCE', commitment, weight })),
      { levelScores: method.levelScores, evidenceThreshold: method.threshold },
    );
    await insertCycle(dataSource, year, ['OSCE'], { methodology: version });
    const byState = new Map(osce.map((state) => [state, random() < 0.8 ? randomClaims(random, commitments) : new Map<string, Claim>()]));
    const seeds: AssessmentSeed[] = [];
    const links: Array<Pick<LinkSeed, 'stance' | 'judgement'>[]> = [];
    for (const [state, claims] of byState) {
      for (const [commitment, claim] of claims) {
        seeds.push({ state, framework: 'OSCE', commitment, stated: claim.stated, reviewed: claim.reviewed, notApplicable: claim.notApplicable });
        links.push(claim.links);
      }
    }
    const ids = await insertAssessments(dataSource, year, reviewer.id, seeds);
    await insertLinks(dataSource, reviewer.id, ids.flatMap((assessmentId, i) => links[i].map((l) => ({ assessmentId, ...l }))));
    return byState;
  }

  it.each([1, 2, 3, 4, 5, 6])('seed %i', async (seed) => {
    await resetDatabase(app);
    reviewer = await createUser(app, 'reviewer');
    const random = prng(seed);
    const before = randomMethod(random, commitments);
    const method = randomMethod(random, commitments);
    const previous = await seedCycle(random, 2040, before, `2040.${seed}`);
    const current = await seedCycle(random, 2041, method, `2041.${seed}`);
    if (random() < 0.5) await publishCycle(app, 2040);

    const expectedBefore = new Map([...previous].map(([state, claims]) => [state, score(before, commitments, claims)]));
    const expected = new Map([...current].map(([state, claims]) => [state, score(method, commitments, claims)]));
    const ranks = rankAll(expected);
    const euRanks = rankAll(new Map([...expected].filter(([state]) => eu.has(state))));

    const check = async (source: 'live' | 'snapshot') => {
      const { body } = await request(app.getHttpServer()).get('/api/cycles/2041/scorecards?framework=OSCE').set(bearer(reviewer)).expect(200);
      expect(body).toHaveLength(osce.length);
      for (const card of body) {
        const want = expected.get(card.stateIso3)!;
        const prev = expectedBefore.get(card.stateIso3)!;
        const context = `seed ${seed}, ${source}, ${card.stateIso3}`;
        expect({ context, source: card.source, hasData: card.hasData, tier: card.tier, contradictions: card.contradictions, rank: card.rank }).toEqual({
          context,
          source,
          hasData: want.hasData,
          tier: want.tier,
          contradictions: want.contradictions,
          rank: ranks.get(card.stateIso3)?.rank ?? null,
        });
        for (const key of ['statedIndex', 'verifiedIndex', 'credibilityGap', 'completeness', 'evidenceCoverage'] as const) {
          expectClose(card[key], want[key], `${context} ${key}`);
        }
        expectClose(card.percentile, ranks.get(card.stateIso3)?.percentile ?? null, `${context} percentile`);
        const trend = prev.hasData && prev.verifiedIndex !== null && want.verifiedIndex !== null ? want.verifiedIndex - prev.verifiedIndex : null;
        expectClose(card.trend, trend, `${context} trend`);
        for (const category of card.categories) {
          expectClose(category.statedIndex, want.categories[category.code].stated, `${context} ${category.code} stated`);
          expectClose(category.verifiedIndex, want.categories[category.code].verified, `${context} ${category.code} verified`);
        }
      }
      // The explanation of a few states: the counted level of every commitment.
      // EU members are ranked within the EU, the others within the OSCE.
      for (const state of [...osce.slice(seed, seed + 2), ...[...eu].filter((s) => osce.includes(s)).slice(seed, seed + 2)]) {
        const group = eu.has(state) ? '&group=EU' : '';
        const { body: detail } = await request(app.getHttpServer())
          .get(`/api/cycles/2041/states/${state}/scorecard?framework=OSCE${group}`)
          .set(bearer(reviewer))
          .expect(200);
        expect({ state, counted: detail.contributions.map((c: { countedLevel: number | null }) => c.countedLevel) }).toEqual({
          state,
          counted: expected.get(state)!.counted,
        });
        expect({ state, rank: detail.rank }).toEqual({ state, rank: (eu.has(state) ? euRanks : ranks).get(state)?.rank ?? null });
      }
      // Statistics of the EU members among the OSCE participating States.
      const { body: statistics } = await request(app.getHttpServer())
        .get('/api/cycles/2041/groups/EU/statistics?framework=OSCE')
        .set(bearer(reviewer))
        .expect(200);
      const withData = [...expected].filter(([state, c]) => eu.has(state) && c.hasData).map(([, c]) => c);
      expect(statistics.stateCount).toBe([...expected.keys()].filter((s) => eu.has(s)).length);
      expect(statistics.statesWithData).toBe(withData.length);
      for (const key of ['statedIndex', 'verifiedIndex', 'credibilityGap', 'completeness', 'evidenceCoverage'] as const) {
        const want = stats(withData.map((c) => c[key]).filter((v): v is number => v !== null));
        expect(statistics[key].count).toBe(want.count);
        for (const m of ['mean', 'median', 'min', 'max'] as const) expectClose(statistics[key][m], want[m], `seed ${seed} ${key} ${m}`);
      }
      const tiers = Object.fromEntries(statistics.tiers.map((t: { tier: string; count: number }) => [t.tier, t.count]));
      for (const tier of ['Advanced', 'Established', 'Developing', 'Initial', 'Minimal']) {
        expect([tier, tiers[tier]]).toEqual([tier, withData.filter((c) => c.tier === tier).length]);
      }
    };

    await check('live');
    await publishCycle(app, 2041);
    await check('snapshot');
  });
});

function expectClose(actual: number | null, expected: number | null, context: string): void {
  if (expected === null || actual === null) {
    expect({ context, actual }).toEqual({ context, actual: expected });
  } else {
    expect({ context, diff: Math.abs(actual - expected) < 1e-9 }).toEqual({ context, diff: true });
  }
}
