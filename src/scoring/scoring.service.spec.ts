import { AuthUser } from '../auth/auth-user';
import { ScorecardDto } from './dto/scorecard.dto';
import { ContributionRow, ScorecardFilter, ScoringContext, ScoringRepository } from './scoring.repository';
import { ScoringService } from './scoring.service';

// The service's own logic with a fake repository: access rules, sorting and the explanation texts.
// The scoring itself is SQL and is tested on the real database (test/scoring).

const context = (overrides: Partial<ScoringContext> = {}): ScoringContext => ({
  cycleYear: 2030,
  cycleStatus: 'published',
  methodologyVersion: '2026.1',
  snapshotTakenAt: new Date(),
  frameworkCode: 'GGE',
  frameworkVersion: '2015.1',
  applicabilityGroup: 'UN',
  groupExists: true,
  stateExists: true,
  ...overrides,
});

const card = (stateIso3: string, stateName: string, values: Partial<ScorecardDto>): ScorecardDto =>
  ({ stateIso3, stateName, hasData: true, verifiedIndex: 0, statedIndex: 0, credibilityGap: 0, completeness: 0, ...values }) as ScorecardDto;

const row = (values: Partial<ContributionRow>): ContributionRow => ({
  stateIso3: 'FRA',
  commitmentCode: '13(a)',
  commitmentLabel: 'Label',
  categoryCode: 'cooperation',
  categoryLabel: 'Cooperation',
  assessmentId: 'a',
  statedLevel: 3,
  reviewedLevel: 3,
  countedLevel: 3,
  notApplicable: false,
  evidenceRuleApplied: false,
  supportingCount: 1,
  contradictingCount: 0,
  weight: 1,
  statedScore: 75,
  verifiedScore: 75,
  statedPoints: 75,
  verifiedPoints: 75,
  evidenceThreshold: 1,
  ...values,
});

class FakeRepository {
  ctx = context();
  cards: ScorecardDto[] = [];
  rows: ContributionRow[] = [];
  filters: ScorecardFilter[] = [];
  async context(): Promise<ScoringContext> {
    return this.ctx;
  }
  async scorecardsForCycles(filter: ScorecardFilter): Promise<ScorecardDto[]> {
    this.filters.push(filter);
    return [...this.cards];
  }
  async contributionsFor(): Promise<ContributionRow[]> {
    return this.rows;
  }
}

const official = { id: 'u', email: 'o@example.org', name: 'O', role: 'state_official', stateIsos: ['FRA'], via: 'access-token' } as AuthUser;

describe('ScoringService', () => {
  let repository: FakeRepository;
  let service: ScoringService;

  beforeEach(() => {
    repository = new FakeRepository();
    service = new ScoringService(repository as unknown as ScoringRepository);
  });

  it('sorts highest first with states without data last and ties by name', async () => {
    repository.cards = [
      card('ESP', 'Spain', { verifiedIndex: 50, credibilityGap: 5 }),
      card('AUT', 'Austria', { hasData: false, verifiedIndex: 0, credibilityGap: 0 }),
      card('ITA', 'Italy', { verifiedIndex: 50, credibilityGap: 20 }),
      card('BEL', 'Belgium', { verifiedIndex: null, credibilityGap: null }),
      card('FRA', 'France', { verifiedIndex: 10, credibilityGap: 30 }),
    ];
    const order = async (sort: 'verified' | 'gap' | 'name') => (await service.list(2030, 'GGE', undefined, sort)).map((c) => c.stateIso3);
    expect(await order('verified')).toEqual(['ITA', 'ESP', 'FRA', 'AUT', 'BEL']);
    expect(await order('gap')).toEqual(['FRA', 'ITA', 'ESP', 'AUT', 'BEL']);
    expect(await order('name')).toEqual(['AUT', 'BEL', 'FRA', 'ITA', 'ESP']);
  });

  it('passes who is asking to the query', async () => {
    await service.list(2030, 'GGE', 'EU', 'verified', official);
    expect(repository.filters[0]).toEqual({ years: [2030], framework: 'GGE', group: 'EU', state: null, viewer: { staff: false, ownStates: ['FRA'] } });
  });

  it('hides an unpublished cycle from anonymous callers (404) and other states from officials (403)', async () => {
    repository.ctx = context({ cycleStatus: 'open' });
    await expect(service.list(2030, 'GGE', undefined, 'verified')).rejects.toMatchObject({ status: 404 });
    await expect(service.get(2030, 'DEU', 'GGE', undefined, official)).rejects.toMatchObject({ status: 403 });
    await expect(service.statistics(2030, 'EU', 'GGE', official)).rejects.toMatchObject({ status: 403 });
  });

  it('explains how each commitment counted', async () => {
    repository.cards = [card('FRA', 'France', {})];
    repository.rows = [
      row({ notApplicable: true, statedLevel: null, reviewedLevel: null, countedLevel: null, statedScore: null, verifiedScore: null }),
      row({ statedLevel: null, statedScore: 0, reviewedLevel: null, countedLevel: null, verifiedScore: 0 }),
      row({ reviewedLevel: 4, countedLevel: 1, verifiedScore: 25, evidenceRuleApplied: true, supportingCount: 0, contradictingCount: 2 }),
    ];
    const { contributions } = await service.get(2030, 'FRA', 'GGE', undefined);
    expect(contributions.map((c) => [c.noInformation, c.explanation])).toEqual([
      [false, 'Not applicable: left out of both indices, completeness and coverage.'],
      [true, 'No information: counts 0 in the stated index and lowers completeness. Not reviewed yet: counts 0 in the verified index.'],
      [
        false,
        'Stated level 3 scores 75. Evidence rule: reviewed level 4 counts as 1 (score 25) because no accepted evidence supports it; ' +
          'levels above 1 need at least one. 2 accepted contradicting evidence item(s), shown beside the claim; they never raise a score.',
      ],
    ]);
  });

  it('groups a whole cycle of contributions by state', async () => {
    repository.rows = [row({ stateIso3: 'DEU' }), row({ stateIso3: 'FRA', commitmentCode: '13(a)' }), row({ stateIso3: 'FRA', commitmentCode: '13(b)' })];
    const byState = await service.contributionsForCycle(2030, 'GGE');
    expect([...byState].map(([state, rows]) => [state, rows.map((r) => r.commitment)])).toEqual([
      ['DEU', ['13(a)']],
      ['FRA', ['13(a)', '13(b)']],
    ]);
  });
});
