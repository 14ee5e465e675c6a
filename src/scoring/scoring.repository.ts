import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CycleStatus } from '../cycles/entities/cycle.entity';
import { TIERS, Tier } from './entities/methodology.entity';
import { CategorySubIndexDto, GroupStatisticsDto, IndexStatisticsDto, ScorecardDto } from './dto/scorecard.dto';
import { CONTRIBUTIONS_SQL } from './sql/contributions.sql';
import { CONTEXT_SQL, HISTORY_CONTEXT_SQL } from './sql/context.sql';
import { SCORECARDS_SQL, STATISTICS_SQL } from './sql/scorecards.sql';
import { DELETE_SNAPSHOT_SQL, INSERT_SNAPSHOT_SQL } from './sql/snapshot.sql';

/** Who is asking, as far as scores are concerned. */
export interface Viewer {
  /** Reviewers and admins see every unpublished scorecard. */
  staff: boolean;
  /** States a state official acts for: their unpublished scorecards are visible to them. */
  ownStates: string[];
}

export interface ScorecardFilter {
  /** Null: every cycle. */
  years: number[] | null;
  framework: string | null;
  /** Keep and rank within this group; null: the framework's whole scope. */
  group: string | null;
  state: string | null;
  viewer: Viewer;
}

export interface ScoringContext {
  cycleYear: number | null;
  cycleStatus: CycleStatus | null;
  methodologyVersion: string | null;
  snapshotTakenAt: Date | null;
  /** When the catalogue (state names, labels) was last loaded: part of a cached published answer's stamp. */
  catalogueLoadedAt?: Date | null;
  frameworkCode: string | null;
  frameworkVersion: string | null;
  applicabilityGroup: string | null;
  groupExists: boolean;
  stateExists: boolean;
}

export interface ContributionRow {
  stateIso3: string;
  commitmentCode: string;
  commitmentLabel: string;
  categoryCode: string;
  categoryLabel: string;
  assessmentId: string | null;
  statedLevel: number | null;
  reviewedLevel: number | null;
  countedLevel: number | null;
  notApplicable: boolean;
  evidenceRuleApplied: boolean;
  supportingCount: number;
  contradictingCount: number;
  weight: number;
  statedScore: number | null;
  verifiedScore: number | null;
  statedPoints: number;
  verifiedPoints: number;
  evidenceThreshold: number;
}

type Numeric = string | number | null;

interface ContextRow {
  cycle_year: number | null;
  cycle_status: CycleStatus | null;
  methodology_version: string | null;
  snapshot_taken_at: Date | null;
  catalogue_loaded_at: Date | null;
  framework_code: string | null;
  framework_version: string | null;
  applicability_group: string | null;
  group_exists: boolean;
  state_exists: boolean;
}

interface ScorecardRow {
  cycle_year: number;
  methodology_version: string;
  framework_code: string;
  framework_version: string;
  rank_group: string;
  state_iso3: string;
  state_name: string;
  from_snapshot: boolean;
  commitment_count: number;
  applicable_count: number;
  stated_count: number;
  evidenced_count: number;
  weight_total: string;
  stated_index: Numeric;
  verified_index: Numeric;
  credibility_gap: Numeric;
  completeness: Numeric;
  evidence_coverage: Numeric;
  contradictions: number;
  tier: Tier | null;
  has_data: boolean;
  previous_cycle_year: number | null;
  trend: Numeric;
  categories: Array<Omit<CategorySubIndexDto, 'weightTotal'> & { weightTotal: Numeric }>;
  rank: Numeric;
  percentile: Numeric;
  ranked_count: number | null;
}

interface ContributionSqlRow {
  state_iso3: string;
  commitment_code: string;
  commitment_label: string;
  category_code: string;
  category_label: string;
  assessment_id: string | null;
  stated_level: number | null;
  reviewed_level: number | null;
  counted_level: number | null;
  not_applicable: boolean;
  evidence_rule_applied: boolean;
  supporting_count: number;
  contradicting_count: number;
  weight: string;
  stated_score: Numeric;
  verified_score: Numeric;
  stated_points: string;
  verified_points: string;
  evidence_threshold: number;
}

type MetricName = 'statedIndex' | 'verifiedIndex' | 'credibilityGap' | 'completeness' | 'evidenceCoverage' | 'contradictions';

interface StatisticsRow {
  state_count: number;
  data_count: number;
  metrics: Partial<Record<MetricName, { count: number; mean: Numeric; median: Numeric; min: Numeric; max: Numeric }>>;
  tiers: Partial<Record<Tier, number>>;
}

export type GroupStatistics = Pick<
  GroupStatisticsDto,
  'stateCount' | 'statesWithData' | 'tiers' | MetricName
>;

/** Every scoring query; the SQL itself lives in ./sql so that changes to it show up in review. */
@Injectable()
export class ScoringRepository {
  constructor(private readonly dataSource: DataSource) {}

  async context(year: number, framework: string | null, group: string | null, state: string | null): Promise<ScoringContext> {
    const [row]: ContextRow[] = await this.dataSource.query(CONTEXT_SQL, [year, framework, group, state]);
    return {
      cycleYear: row.cycle_year,
      cycleStatus: row.cycle_status,
      methodologyVersion: row.methodology_version,
      snapshotTakenAt: row.snapshot_taken_at,
      catalogueLoadedAt: row.catalogue_loaded_at,
      frameworkCode: row.framework_code,
      frameworkVersion: row.framework_version,
      applicabilityGroup: row.applicability_group,
      groupExists: row.group_exists,
      stateExists: row.state_exists,
    };
  }

  async historyContext(state: string, framework: string | null): Promise<{ stateExists: boolean; frameworkExists: boolean }> {
    const [row]: Array<{ state_exists: boolean; framework_exists: boolean }> = await this.dataSource.query(HISTORY_CONTEXT_SQL, [
      state,
      framework,
    ]);
    return { stateExists: row.state_exists, frameworkExists: row.framework_exists };
  }

  /** Scorecards of whole cycles in one statement, whatever the number of states. */
  async scorecardsForCycles(filter: ScorecardFilter): Promise<ScorecardDto[]> {
    const rows: ScorecardRow[] = await this.dataSource.query(SCORECARDS_SQL, scorecardParams(filter));
    return rows.map(toScorecard);
  }

  async groupStatistics(filter: ScorecardFilter): Promise<GroupStatistics> {
    const [row]: StatisticsRow[] = await this.dataSource.query(STATISTICS_SQL, scorecardParams(filter));
    const metric = (name: MetricName): IndexStatisticsDto => {
      const m = row.metrics[name];
      return {
        count: m?.count ?? 0,
        mean: num(m?.mean ?? null),
        median: num(m?.median ?? null),
        min: num(m?.min ?? null),
        max: num(m?.max ?? null),
      };
    };
    return {
      stateCount: row.state_count,
      statesWithData: row.data_count,
      statedIndex: metric('statedIndex'),
      verifiedIndex: metric('verifiedIndex'),
      credibilityGap: metric('credibilityGap'),
      completeness: metric('completeness'),
      evidenceCoverage: metric('evidenceCoverage'),
      contradictions: metric('contradictions'),
      tiers: TIERS.map((tier) => ({ tier, count: row.tiers[tier] ?? 0 })),
    };
  }

  /**
   * The per-commitment explanation of one state's scorecard, or of every state's (state null) in one
   * statement; only the rows the viewer may see.
   */
  async contributionsFor(year: number, framework: string, state: string | null, viewer: Viewer): Promise<ContributionRow[]> {
    const rows: ContributionSqlRow[] = await this.dataSource.query(CONTRIBUTIONS_SQL, [
      year,
      framework,
      state,
      viewer.staff,
      viewer.ownStates,
    ]);
    return rows.map((row) => ({
      stateIso3: row.state_iso3,
      commitmentCode: row.commitment_code,
      commitmentLabel: row.commitment_label,
      categoryCode: row.category_code,
      categoryLabel: row.category_label,
      assessmentId: row.assessment_id,
      statedLevel: row.stated_level,
      reviewedLevel: row.reviewed_level,
      countedLevel: row.counted_level,
      notApplicable: row.not_applicable,
      evidenceRuleApplied: row.evidence_rule_applied,
      supportingCount: row.supporting_count,
      contradictingCount: row.contradicting_count,
      weight: Number(row.weight),
      statedScore: num(row.stated_score),
      verifiedScore: num(row.verified_score),
      statedPoints: Number(row.stated_points),
      verifiedPoints: Number(row.verified_points),
      evidenceThreshold: row.evidence_threshold,
    }));
  }

  /** Replaces the cycle's snapshot with freshly computed scores, in the caller's transaction (two statements). */
  async snapshotCycle(manager: EntityManager, year: number): Promise<{ snapshots: number; scorecards: number }> {
    await manager.query(DELETE_SNAPSHOT_SQL, [year]);
    // As staff, for the whole cycle: no framework, group or state filter.
    const [row]: Array<{ snapshots: number; scorecards: number }> = await manager.query(INSERT_SNAPSHOT_SQL, [
      [year],
      null,
      null,
      null,
      true,
      [],
    ]);
    return { snapshots: row.snapshots, scorecards: row.scorecards };
  }
}

function scorecardParams(filter: ScorecardFilter): unknown[] {
  return [filter.years, filter.framework, filter.group, filter.state, filter.viewer.staff, filter.viewer.ownStates];
}

function num(value: Numeric): number | null {
  return value === null ? null : Number(value);
}

function toScorecard(row: ScorecardRow): ScorecardDto {
  return {
    cycleYear: row.cycle_year,
    framework: row.framework_code,
    frameworkVersion: row.framework_version,
    stateIso3: row.state_iso3,
    stateName: row.state_name,
    methodologyVersion: row.methodology_version,
    source: row.from_snapshot ? 'snapshot' : 'live',
    hasData: row.has_data,
    commitmentCount: row.commitment_count,
    applicableCount: row.applicable_count,
    statedCount: row.stated_count,
    evidencedCount: row.evidenced_count,
    weightTotal: Number(row.weight_total),
    statedIndex: num(row.stated_index),
    verifiedIndex: num(row.verified_index),
    credibilityGap: num(row.credibility_gap),
    completeness: num(row.completeness),
    evidenceCoverage: num(row.evidence_coverage),
    contradictions: row.contradictions,
    tier: row.tier,
    previousCycleYear: row.previous_cycle_year,
    trend: num(row.trend),
    rankGroup: row.rank_group,
    rank: num(row.rank),
    percentile: num(row.percentile),
    rankedCount: row.ranked_count,
    categories: row.categories.map((category) => ({
      code: category.code,
      label: category.label,
      applicableCount: category.applicableCount,
      weightTotal: Number(category.weightTotal),
      statedIndex: num(category.statedIndex),
      verifiedIndex: num(category.verifiedIndex),
    })),
  };
}
