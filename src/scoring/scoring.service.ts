import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser, canSeeUnpublished, isStaff } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import {
  ContributionDto,
  GroupStatisticsDto,
  ScorecardDetailDto,
  ScorecardDto,
  ScorecardSort,
} from './dto/scorecard.dto';
import { PublishedScorecardsCache } from './published-scorecards.cache';
import { cycleNotFound, mayKnowUnpublishedCycles } from '../visibility/visibility-policy';
import { ContributionRow, ScoringContext, ScoringRepository, Viewer } from './scoring.repository';

/**
 * Scorecards per docs/METHODOLOGY.md. Visibility, as for assessments: published cycles are public; in an
 * unpublished cycle staff see everything and a state official only their own states' scorecards. Anonymous
 * callers and viewers get 404 for an unpublished cycle; an official asking for another state's unpublished
 * scorecard (or a group's statistics) gets 403. The queries apply the same rules.
 */
@Injectable()
export class ScoringService {
  // Answers about published cycles are frozen: computed once per instance (see the cache for what stamps them).
  private readonly published = new PublishedScorecardsCache();

  constructor(private readonly repository: ScoringRepository) {}

  async list(year: number, framework: string, group: string | undefined, sort: ScorecardSort, user?: AuthUser): Promise<ScorecardDto[]> {
    const viewer = viewerOf(user);
    const context = await this.repository.context(year, framework, group ?? null, null);
    requireCycle(context, year, user);
    requireFramework(context, framework);
    if (group && !context.groupExists) throw ApiError.notFound('Group', group);
    const stamp = PublishedScorecardsCache.stamp(context, group);
    const key = `list|${year}|${framework}|${sort}`;
    const cached = stamp && this.published.get<ScorecardDto[]>(key, stamp);
    if (cached) return cached;
    const scorecards = await this.repository.scorecardsForCycles({ years: [year], framework, group: group ?? null, state: null, viewer });
    scorecards.sort(SORTS[sort]);
    return stamp ? this.published.set(key, stamp, scorecards) : scorecards;
  }

  async get(year: number, iso3: string, framework: string, group: string | undefined, user?: AuthUser): Promise<ScorecardDetailDto> {
    const viewer = viewerOf(user);
    const context = await this.repository.context(year, framework, group ?? null, iso3);
    requireCycle(context, year, user);
    if (context.cycleStatus !== 'published' && !canSeeUnpublished(user, iso3)) {
      throw ApiError.forbidden(`You do not act for ${iso3}; its unpublished scorecard is not yours to see`);
    }
    requireFramework(context, framework);
    if (group && !context.groupExists) throw ApiError.notFound('Group', group);
    if (!context.stateExists) throw ApiError.notFound('State', iso3);
    const stamp = PublishedScorecardsCache.stamp(context, group);
    const key = `detail|${year}|${framework}|${iso3}`;
    const cached = stamp && this.published.get<ScorecardDetailDto>(key, stamp);
    if (cached) return cached;
    const [scorecard] = await this.repository.scorecardsForCycles({ years: [year], framework, group: group ?? null, state: iso3, viewer });
    if (!scorecard) {
      throw new ApiError(
        HttpStatus.NOT_FOUND,
        'NOT_FOUND',
        `${iso3} has no ${framework} scorecard in cycle ${year}${group ? ` within group ${group}` : ''}: it is outside the framework's applicability`,
      );
    }
    const rows = await this.repository.contributionsFor(year, framework, iso3, viewer);
    const detail = { ...scorecard, contributions: rows.map(toContribution) };
    return stamp ? this.published.set(key, stamp, detail) : detail;
  }

  async statistics(year: number, group: string, framework: string, user?: AuthUser): Promise<GroupStatisticsDto> {
    const viewer = viewerOf(user);
    const context = await this.repository.context(year, framework, group, null);
    requireCycle(context, year, user);
    if (context.cycleStatus !== 'published' && !viewer.staff) {
      throw ApiError.forbidden(`Cycle ${year} is not published; only reviewers and admins see its group statistics`);
    }
    requireFramework(context, framework);
    if (!context.groupExists) throw ApiError.notFound('Group', group);
    const statistics = await this.repository.groupStatistics({ years: [year], framework, group, state: null, viewer });
    return {
      cycleYear: year,
      framework,
      frameworkVersion: context.frameworkVersion!,
      group,
      methodologyVersion: context.methodologyVersion!,
      source: sourceOf(context),
      ...statistics,
    };
  }

  /** A state's scorecards across the cycles the caller may see, oldest first. */
  async history(iso3: string, framework: string | undefined, user?: AuthUser): Promise<ScorecardDto[]> {
    const context = await this.repository.historyContext(iso3, framework ?? null);
    if (!context.stateExists) throw ApiError.notFound('State', iso3);
    if (framework && !context.frameworkExists) throw ApiError.notFound('Framework', framework);
    return this.repository.scorecardsForCycles({ years: null, framework: framework ?? null, group: null, state: iso3, viewer: viewerOf(user) });
  }

  /** Every visible state's contributions in a cycle and framework (one statement), by state: for reports. */
  async contributionsForCycle(year: number, framework: string, user?: AuthUser): Promise<Map<string, ContributionDto[]>> {
    const rows = await this.repository.contributionsFor(year, framework, null, viewerOf(user));
    const byState = new Map<string, ContributionDto[]>();
    for (const row of rows) {
      const list = byState.get(row.stateIso3) ?? [];
      list.push(toContribution(row));
      byState.set(row.stateIso3, list);
    }
    return byState;
  }

  /** Every visible scorecard of a framework code across cycles (or the given ones), or one state's (one statement): for reports. */
  historyForFramework(framework: string, user?: AuthUser, state: string | null = null, years: number[] | null = null): Promise<ScorecardDto[]> {
    return this.repository.scorecardsForCycles({ years, framework, group: null, state, viewer: viewerOf(user) });
  }

  /**
   * Stores every scorecard (with category sub-indices and contributions) of the cycle, computed with the
   * cycle's methodology, as its frozen snapshot. Call inside the publish transaction, before the status
   * becomes 'published'; afterwards the snapshot tables refuse changes for this cycle.
   */
  async snapshotCycle(manager: EntityManager, year: number): Promise<void> {
    const { snapshots } = await this.repository.snapshotCycle(manager, year);
    if (snapshots === 0) throw ApiError.notFound('Cycle', year);
  }
}

function viewerOf(user?: AuthUser): Viewer {
  return { staff: isStaff(user), ownStates: user?.role === 'state_official' ? user.stateIsos : [] };
}

/** 404 for an unknown cycle, and the same for an unpublished one asked for by whoever may not know of it. */
function requireCycle(context: ScoringContext, year: number, user: AuthUser | undefined): void {
  if (context.cycleYear === null || (context.cycleStatus !== 'published' && !mayKnowUnpublishedCycles(user))) {
    throw cycleNotFound(year);
  }
}

function requireFramework(context: ScoringContext, framework: string): void {
  if (context.frameworkCode === null) {
    throw new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `Framework "${framework}" is not assessed in cycle ${context.cycleYear}`);
  }
}

function sourceOf(context: ScoringContext): 'snapshot' | 'live' {
  return context.cycleStatus === 'published' && context.snapshotTakenAt !== null ? 'snapshot' : 'live';
}

const byName = (a: ScorecardDto, b: ScorecardDto) => a.stateName.localeCompare(b.stateName, 'en') || a.stateIso3.localeCompare(b.stateIso3);

/** Highest first; states without data or without a value last; ties by name. */
function descending(key: (s: ScorecardDto) => number | null) {
  return (a: ScorecardDto, b: ScorecardDto) => {
    const x = a.hasData ? key(a) : null;
    const y = b.hasData ? key(b) : null;
    if (x === y) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return y - x || byName(a, b);
  };
}

const SORTS: Record<ScorecardSort, (a: ScorecardDto, b: ScorecardDto) => number> = {
  verified: descending((s) => s.verifiedIndex),
  stated: descending((s) => s.statedIndex),
  gap: descending((s) => s.credibilityGap),
  completeness: descending((s) => s.completeness),
  name: byName,
};

function toContribution(row: ContributionRow): ContributionDto {
  const noInformation = !row.notApplicable && row.statedLevel === null;
  return {
    commitment: row.commitmentCode,
    label: row.commitmentLabel,
    category: row.categoryCode,
    categoryLabel: row.categoryLabel,
    assessmentId: row.assessmentId,
    notApplicable: row.notApplicable,
    noInformation,
    statedLevel: row.statedLevel,
    reviewedLevel: row.reviewedLevel,
    countedLevel: row.countedLevel,
    evidenceRuleApplied: row.evidenceRuleApplied,
    explanation: explain(row, noInformation),
    supportingEvidence: row.supportingCount,
    contradictingEvidence: row.contradictingCount,
    weight: row.weight,
    statedScore: row.statedScore,
    verifiedScore: row.verifiedScore,
    statedPoints: row.statedPoints,
    verifiedPoints: row.verifiedPoints,
  };
}

function explain(row: ContributionRow, noInformation: boolean): string {
  if (row.notApplicable) return 'Not applicable: left out of both indices, completeness and coverage.';
  const parts = [
    noInformation
      ? 'No information: counts 0 in the stated index and lowers completeness.'
      : `Stated level ${row.statedLevel} scores ${row.statedScore}.`,
  ];
  if (row.reviewedLevel === null) {
    parts.push('Not reviewed yet: counts 0 in the verified index.');
  } else if (row.evidenceRuleApplied) {
    parts.push(
      `Evidence rule: reviewed level ${row.reviewedLevel} counts as ${row.countedLevel} (score ${row.verifiedScore}) ` +
        `because no accepted evidence supports it; levels above ${row.evidenceThreshold} need at least one.`,
    );
  } else {
    parts.push(`Reviewed level ${row.reviewedLevel} counts as is (score ${row.verifiedScore}).`);
  }
  if (row.contradictingCount > 0) {
    parts.push(`${row.contradictingCount} accepted contradicting evidence item(s), shown beside the claim; they never raise a score.`);
  }
  return parts.join(' ');
}
