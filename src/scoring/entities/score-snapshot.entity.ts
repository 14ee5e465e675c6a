import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Assessment } from '../../assessments/entities/assessment.entity';
import { Commitment } from '../../catalogue/entities/commitment.entity';
import { FrameworkCategory } from '../../catalogue/entities/framework-category.entity';
import { Framework } from '../../catalogue/entities/framework.entity';
import { Cycle } from '../../cycles/entities/cycle.entity';
import { State } from '../../states/entities/state.entity';
import { Methodology } from './methodology.entity';

// The frozen scores of a published cycle, written by ScoringService.snapshotCycle inside the publish transaction.
// Numerics keep full precision; database triggers refuse any change once the cycle is published.

/** One per snapshotted cycle: when it was taken and with which methodology. */
@Entity('score_snapshot')
export class ScoreSnapshot {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_score_snapshot' })
  cycleYear: number;

  @ManyToOne(() => Cycle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_year', foreignKeyConstraintName: 'FK_score_snapshot_cycle' })
  cycle: Cycle;

  @Column({ name: 'methodology_version', type: 'text' })
  methodologyVersion: string;

  @ManyToOne(() => Methodology, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'methodology_version', foreignKeyConstraintName: 'FK_score_snapshot_methodology' })
  methodology: Methodology;

  @CreateDateColumn({ name: 'taken_at', type: 'timestamptz' })
  takenAt: Date;
}

/** The scorecard of one state for one framework in a snapshotted cycle. */
@Entity('scorecard_snapshot')
@Index('IDX_scorecard_snapshot_state', ['stateIso3'])
@Check(
  'CHK_scorecard_snapshot_counts',
  `0 <= "stated_count" AND "stated_count" <= "applicable_count" AND 0 <= "evidenced_count" AND "evidenced_count" <= "applicable_count" AND "applicable_count" <= "commitment_count" AND "contradictions" >= 0 AND "weight_total" >= 0`,
)
@Check(
  'CHK_scorecard_snapshot_indices',
  `((("applicable_count" = 0) OR NOT "has_data") = ("verified_index" IS NULL)) AND ("stated_index" IS NULL) = ("verified_index" IS NULL) AND ("credibility_gap" IS NULL) = ("verified_index" IS NULL) AND ("completeness" IS NULL) = ("verified_index" IS NULL) AND ("evidence_coverage" IS NULL) = ("verified_index" IS NULL) AND ("tier" IS NULL) = ("verified_index" IS NULL) AND "stated_index" BETWEEN 0 AND 100 AND "verified_index" BETWEEN 0 AND 100 AND "completeness" BETWEEN 0 AND 100 AND "evidence_coverage" BETWEEN 0 AND 100`,
)
@Check('CHK_scorecard_snapshot_tier', `"tier" IN ('Advanced', 'Established', 'Developing', 'Initial', 'Minimal')`)
@Check(
  'CHK_scorecard_snapshot_trend',
  `("previous_cycle_year" IS NULL OR "previous_cycle_year" < "cycle_year") AND ("trend" IS NULL OR "previous_cycle_year" IS NOT NULL)`,
)
export class ScorecardSnapshot {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_scorecard_snapshot' })
  cycleYear: number;

  @ManyToOne(() => ScoreSnapshot, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_year', foreignKeyConstraintName: 'FK_scorecard_snapshot_snapshot' })
  snapshot: ScoreSnapshot;

  @PrimaryColumn({ name: 'framework_id', type: 'integer', primaryKeyConstraintName: 'PK_scorecard_snapshot' })
  frameworkId: number;

  @ManyToOne(() => Framework, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'framework_id', foreignKeyConstraintName: 'FK_scorecard_snapshot_framework' })
  framework: Framework;

  @PrimaryColumn({ name: 'state_iso3', type: 'text', primaryKeyConstraintName: 'PK_scorecard_snapshot' })
  stateIso3: string;

  @ManyToOne(() => State, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'state_iso3', foreignKeyConstraintName: 'FK_scorecard_snapshot_state' })
  state: State;

  @Column({ name: 'commitment_count', type: 'integer' })
  commitmentCount: number;

  @Column({ name: 'applicable_count', type: 'integer' })
  applicableCount: number;

  @Column({ name: 'stated_count', type: 'integer' })
  statedCount: number;

  @Column({ name: 'evidenced_count', type: 'integer' })
  evidencedCount: number;

  @Column({ name: 'weight_total', type: 'numeric' })
  weightTotal: string;

  @Column({ name: 'stated_index', type: 'numeric', nullable: true })
  statedIndex: string | null;

  @Column({ name: 'verified_index', type: 'numeric', nullable: true })
  verifiedIndex: string | null;

  @Column({ name: 'credibility_gap', type: 'numeric', nullable: true })
  credibilityGap: string | null;

  @Column({ type: 'numeric', nullable: true })
  completeness: string | null;

  @Column({ name: 'evidence_coverage', type: 'numeric', nullable: true })
  evidenceCoverage: string | null;

  @Column({ type: 'integer' })
  contradictions: number;

  @Column({ type: 'text', nullable: true })
  tier: string | null;

  @Column({ name: 'has_data', type: 'boolean' })
  hasData: boolean;

  @Column({ name: 'previous_cycle_year', type: 'integer', nullable: true })
  previousCycleYear: number | null;

  @Column({ type: 'numeric', nullable: true })
  trend: string | null;
}

const SCORECARD_KEY = (constraint: string) => [
  { name: 'cycle_year', referencedColumnName: 'cycleYear', foreignKeyConstraintName: constraint },
  { name: 'framework_id', referencedColumnName: 'frameworkId', foreignKeyConstraintName: constraint },
  { name: 'state_iso3', referencedColumnName: 'stateIso3', foreignKeyConstraintName: constraint },
];

/** Stated and verified sub-index of one category within a snapshotted scorecard. */
@Entity('scorecard_category_snapshot')
@Index('IDX_scorecard_category_snapshot_category', ['categoryId'])
@Check(
  'CHK_scorecard_category_snapshot_indices',
  `"applicable_count" >= 0 AND "weight_total" >= 0 AND ("applicable_count" > 0 OR "verified_index" IS NULL) AND ("stated_index" IS NULL) = ("verified_index" IS NULL) AND "stated_index" BETWEEN 0 AND 100 AND "verified_index" BETWEEN 0 AND 100`,
)
export class ScorecardCategorySnapshot {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_scorecard_category_snapshot' })
  cycleYear: number;

  @PrimaryColumn({ name: 'framework_id', type: 'integer', primaryKeyConstraintName: 'PK_scorecard_category_snapshot' })
  frameworkId: number;

  @PrimaryColumn({ name: 'state_iso3', type: 'text', primaryKeyConstraintName: 'PK_scorecard_category_snapshot' })
  stateIso3: string;

  @ManyToOne(() => ScorecardSnapshot, { onDelete: 'CASCADE' })
  @JoinColumn(SCORECARD_KEY('FK_scorecard_category_snapshot_scorecard'))
  scorecard: ScorecardSnapshot;

  @PrimaryColumn({ name: 'category_id', type: 'integer', primaryKeyConstraintName: 'PK_scorecard_category_snapshot' })
  categoryId: number;

  @ManyToOne(() => FrameworkCategory, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'FK_scorecard_category_snapshot_category' })
  category: FrameworkCategory;

  @Column({ name: 'applicable_count', type: 'integer' })
  applicableCount: number;

  @Column({ name: 'weight_total', type: 'numeric' })
  weightTotal: string;

  @Column({ name: 'stated_index', type: 'numeric', nullable: true })
  statedIndex: string | null;

  @Column({ name: 'verified_index', type: 'numeric', nullable: true })
  verifiedIndex: string | null;
}

/** One row of a snapshotted scorecard's explanation: how one commitment counted. */
@Entity('contribution_snapshot')
@Index('IDX_contribution_snapshot_commitment', ['commitmentId'])
@Index('IDX_contribution_snapshot_assessment', ['assessmentId'])
@Check(
  'CHK_contribution_snapshot_levels',
  `"stated_level" BETWEEN 0 AND 4 AND "reviewed_level" BETWEEN 0 AND 4 AND "counted_level" BETWEEN 0 AND 4 AND ("counted_level" IS NULL OR "counted_level" <= "reviewed_level")`,
)
@Check(
  'CHK_contribution_snapshot_not_applicable',
  `NOT "not_applicable" OR ("stated_level" IS NULL AND "reviewed_level" IS NULL AND "counted_level" IS NULL AND "stated_score" IS NULL AND "verified_score" IS NULL AND "stated_points" = 0 AND "verified_points" = 0 AND NOT "evidence_rule_applied")`,
)
@Check(
  'CHK_contribution_snapshot_counts',
  `"supporting_count" >= 0 AND "contradicting_count" >= 0 AND "weight" > 0 AND "stated_points" >= 0 AND "verified_points" >= 0`,
)
export class ContributionSnapshot {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_contribution_snapshot' })
  cycleYear: number;

  @PrimaryColumn({ name: 'framework_id', type: 'integer', primaryKeyConstraintName: 'PK_contribution_snapshot' })
  frameworkId: number;

  @PrimaryColumn({ name: 'state_iso3', type: 'text', primaryKeyConstraintName: 'PK_contribution_snapshot' })
  stateIso3: string;

  @ManyToOne(() => ScorecardSnapshot, { onDelete: 'CASCADE' })
  @JoinColumn(SCORECARD_KEY('FK_contribution_snapshot_scorecard'))
  scorecard: ScorecardSnapshot;

  @PrimaryColumn({ name: 'commitment_id', type: 'integer', primaryKeyConstraintName: 'PK_contribution_snapshot' })
  commitmentId: number;

  @ManyToOne(() => Commitment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commitment_id', foreignKeyConstraintName: 'FK_contribution_snapshot_commitment' })
  commitment: Commitment;

  @Column({ name: 'assessment_id', type: 'uuid', nullable: true })
  assessmentId: string | null;

  @ManyToOne(() => Assessment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assessment_id', foreignKeyConstraintName: 'FK_contribution_snapshot_assessment' })
  assessment: Assessment | null;

  @Column({ name: 'stated_level', type: 'smallint', nullable: true })
  statedLevel: number | null;

  @Column({ name: 'reviewed_level', type: 'smallint', nullable: true })
  reviewedLevel: number | null;

  @Column({ name: 'counted_level', type: 'smallint', nullable: true })
  countedLevel: number | null;

  @Column({ name: 'not_applicable', type: 'boolean' })
  notApplicable: boolean;

  @Column({ name: 'evidence_rule_applied', type: 'boolean' })
  evidenceRuleApplied: boolean;

  @Column({ name: 'supporting_count', type: 'integer' })
  supportingCount: number;

  @Column({ name: 'contradicting_count', type: 'integer' })
  contradictingCount: number;

  @Column({ type: 'numeric' })
  weight: string;

  @Column({ name: 'stated_score', type: 'numeric', nullable: true })
  statedScore: string | null;

  @Column({ name: 'verified_score', type: 'numeric', nullable: true })
  verifiedScore: string | null;

  @Column({ name: 'stated_points', type: 'numeric' })
  statedPoints: string;

  @Column({ name: 'verified_points', type: 'numeric' })
  verifiedPoints: string;
}
