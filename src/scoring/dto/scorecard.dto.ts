import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { TIERS, Tier } from '../entities/methodology.entity';

// Every index below is on 0-100 and keeps full precision: the API never rounds. Clients round for display
// (docs/METHODOLOGY.md: one decimal).

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export const FRAMEWORK_CODE = /^[A-Z][A-Z0-9-]{1,19}$/;
export const GROUP_CODE = /^[A-Z0-9][A-Z0-9_-]{0,39}$/;

export const SCORECARD_SORTS = ['verified', 'stated', 'gap', 'completeness', 'name'] as const;
export type ScorecardSort = (typeof SCORECARD_SORTS)[number];

export class CategorySubIndexDto {
  /** Category code from the catalogue, e.g. restraint. */
  code: string;
  label: string;
  /** Commitments of the category that are applicable (not marked not applicable). */
  applicableCount: number;
  /** Sum of the weights of those commitments. */
  weightTotal: number;
  /** Stated sub-index, full precision (not rounded); null when no commitment of the category is applicable. */
  statedIndex: number | null;
  /** Verified sub-index, full precision (not rounded); null when no commitment of the category is applicable. */
  verifiedIndex: number | null;
}

export class ScorecardDto {
  cycleYear: number;
  /** Framework code, e.g. GGE. */
  framework: string;
  /** The framework version the cycle assesses. */
  frameworkVersion: string;
  stateIso3: string;
  stateName: string;
  /** Methodology version the scores were computed with (the cycle's). */
  methodologyVersion: string;
  /** `snapshot`: frozen when the cycle was published; `live`: computed from the current data. */
  @ApiProperty({ enum: ['snapshot', 'live'] })
  source: 'snapshot' | 'live';
  /** False when the state has no assessment with a level or a not-applicable mark for this framework. */
  hasData: boolean;
  /** Commitments of the framework. */
  commitmentCount: number;
  /** Commitments not marked not applicable (the set A of the methodology). */
  applicableCount: number;
  /** Commitments of A with a stated level. */
  statedCount: number;
  /** Commitments of A with at least one accepted supporting evidence item. */
  evidencedCount: number;
  /** Sum of the weights over A: the denominator of both indices. */
  weightTotal: number;
  /** Stated index (0-100), full precision, not rounded; null when A is empty. */
  statedIndex: number | null;
  /** Verified index (0-100) after the evidence rule, full precision, not rounded; null when A is empty. */
  verifiedIndex: number | null;
  /** Stated index minus verified index, full precision, not rounded. */
  credibilityGap: number | null;
  /** Share of A with a stated level, in percent (0-100), full precision, not rounded. */
  completeness: number | null;
  /** Share of A with accepted supporting evidence, in percent (0-100), full precision, not rounded. */
  evidenceCoverage: number | null;
  /** Accepted contradicting evidence links on the state's assessments of this framework. */
  contradictions: number;
  /** Tier from the verified index and the methodology's thresholds; null when A is empty. */
  @ApiProperty({ enum: TIERS, nullable: true })
  tier: Tier | null;
  /** Latest earlier cycle assessing the same framework code (the trend's baseline), if any. */
  previousCycleYear: number | null;
  /**
   * Verified index minus the state's verified index in the previous cycle, full precision, not rounded. Null
   * when there is no previous cycle, or the state had no data (or no applicable commitment) in it.
   */
  trend: number | null;
  /** Group the rank and percentile are computed in: the requested group, else the framework's applicability group. */
  rankGroup: string;
  /**
   * Dense rank by verified index among the group's states with data (ties share a rank). Null when the
   * state has no data, or for unpublished cycles seen by a non-staff caller.
   */
  rank: number | null;
  /** Percent of the group's ranked states whose verified index is at or below this one (full precision). */
  percentile: number | null;
  /** Number of states ranked in the group. */
  rankedCount: number | null;
  categories: CategorySubIndexDto[];
}

export class ContributionDto {
  /** Commitment code, e.g. 13(a). */
  commitment: string;
  label: string;
  /** Category code of the commitment. */
  category: string;
  categoryLabel: string;
  /** The assessment the row comes from; null when there is none (no information). */
  assessmentId: string | null;
  notApplicable: boolean;
  /** No stated level: counts 0 in the stated index and lowers completeness. */
  noInformation: boolean;
  statedLevel: number | null;
  /** Null: not reviewed yet, counts 0 in the verified index. */
  reviewedLevel: number | null;
  /** The reviewed level that counted after the evidence rule. */
  countedLevel: number | null;
  /** True when the reviewed level was capped because no accepted evidence supports it. */
  evidenceRuleApplied: boolean;
  /** How this commitment counted, in words (including why the evidence rule applied). */
  explanation: string;
  /** Accepted supporting evidence links. */
  supportingEvidence: number;
  /** Accepted contradicting evidence links; they never raise a score. */
  contradictingEvidence: number;
  /** w(c), default 1. */
  weight: number;
  /** s(c) of the stated level on 0-100 (0 for no information); null when not applicable. */
  statedScore: number | null;
  /** s(c) of the counted level on 0-100 (0 when not reviewed); null when not applicable. */
  verifiedScore: number | null;
  /** Points added to the stated index: weight x statedScore / weightTotal (full precision). The index is their sum. */
  statedPoints: number;
  /** Points added to the verified index: weight x verifiedScore / weightTotal (full precision). The index is their sum. */
  verifiedPoints: number;
}

export class ScorecardDetailDto extends ScorecardDto {
  /** One row per commitment, from which every number above can be recomputed by hand. */
  contributions: ContributionDto[];
}

export class IndexStatisticsDto {
  /** States with data and a value for this index. */
  count: number;
  /** Full precision, not rounded; null when count is 0 (likewise below). */
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
}

export class TierCountDto {
  @ApiProperty({ enum: TIERS })
  tier: Tier;
  count: number;
}

export class GroupStatisticsDto {
  cycleYear: number;
  framework: string;
  frameworkVersion: string;
  group: string;
  methodologyVersion: string;
  @ApiProperty({ enum: ['snapshot', 'live'] })
  source: 'snapshot' | 'live';
  /** States of the group that get a scorecard for this framework. */
  stateCount: number;
  /** Of those, states with any data; all statistics below are over these states. */
  statesWithData: number;
  statedIndex: IndexStatisticsDto;
  verifiedIndex: IndexStatisticsDto;
  credibilityGap: IndexStatisticsDto;
  completeness: IndexStatisticsDto;
  evidenceCoverage: IndexStatisticsDto;
  contradictions: IndexStatisticsDto;
  /** Every tier, in order from Advanced to Minimal, with the number of states in it. */
  tiers: TierCountDto[];
}

export class CycleParamsDto {
  @Type(() => Number)
  @IsInt({ message: 'year must be an integer' })
  @Min(2000)
  @Max(2100)
  year: number;
}

export class CycleStateParamsDto extends CycleParamsDto {
  @Transform(upper)
  @Matches(/^[A-Z]{3}$/, { message: 'iso3 must be an ISO 3166-1 alpha-3 code' })
  iso3: string;
}

export class CycleGroupParamsDto extends CycleParamsDto {
  @Transform(upper)
  @Matches(GROUP_CODE, { message: 'group must be a group code such as OSCE' })
  group: string;
}

export class StateParamsDto {
  @Transform(upper)
  @Matches(/^[A-Z]{3}$/, { message: 'iso3 must be an ISO 3166-1 alpha-3 code' })
  iso3: string;
}

export class FrameworkQueryDto {
  /** Framework code, e.g. GGE or OSCE. */
  @Transform(upper)
  @Matches(FRAMEWORK_CODE, { message: 'framework must be a framework code such as GGE' })
  framework: string;
}

export class ScorecardQueryDto extends FrameworkQueryDto {
  /** Group to rank within; default the framework's applicability group. */
  @IsOptional()
  @Transform(upper)
  @Matches(GROUP_CODE, { message: 'group must be a group code such as OSCE' })
  group?: string;
}

export class ScorecardListQueryDto extends ScorecardQueryDto {
  /** verified (default, highest first), stated, gap (largest first), completeness (highest first) or name. */
  @IsOptional()
  @IsIn(SCORECARD_SORTS)
  @ApiProperty({ enum: SCORECARD_SORTS, required: false })
  sort?: ScorecardSort;
}

export class HistoryQueryDto {
  /** Only this framework code; default every framework. */
  @IsOptional()
  @Transform(upper)
  @Matches(FRAMEWORK_CODE, { message: 'framework must be a framework code such as GGE' })
  framework?: string;
}
