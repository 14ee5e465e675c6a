import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Commitment } from '../../catalogue/entities/commitment.entity';
import { Cycle } from '../../cycles/entities/cycle.entity';
import { State } from '../../states/entities/state.entity';
import { User } from '../../users/entities/user.entity';

export const ASSESSMENT_STATUSES = ['draft', 'submitted', 'in_review', 'accepted', 'changes_requested'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const STATEMENT_SOURCES = ['self_assessment', 'un_submission', 'osce_cbm_report', 'public_statement', 'other'] as const;
export type StatementSource = (typeof STATEMENT_SOURCES)[number];

/** Who recorded the stated position: the state itself, or a reviewer from the state's public statements. */
export const STATED_BY = ['state_official', 'reviewer'] as const;
export type StatedBy = (typeof STATED_BY)[number];

/**
 * What one state says about one commitment in one cycle, and what a reviewer concludes.
 * Levels follow docs/METHODOLOGY.md (0-4); "no information" is a null stated level, not 0.
 */
@Entity('assessment')
@Index('UQ_assessment_cycle_state_commitment', ['cycleYear', 'stateIso3', 'commitmentId'], { unique: true })
@Index('IDX_assessment_cycle_status', ['cycleYear', 'status'])
@Index('IDX_assessment_state', ['stateIso3', 'cycleYear'])
@Index('IDX_assessment_commitment', ['commitmentId'])
@Check('CHK_assessment_stated_level', `"stated_level" BETWEEN 0 AND 4`)
@Check('CHK_assessment_reviewed_level', `"reviewed_level" BETWEEN 0 AND 4`)
@Check('CHK_assessment_status', `"status" IN ('draft', 'submitted', 'in_review', 'accepted', 'changes_requested')`)
@Check(
  'CHK_assessment_source',
  `"source" IS NULL OR "source" IN ('self_assessment', 'un_submission', 'osce_cbm_report', 'public_statement', 'other')`,
)
@Check('CHK_assessment_stated_by', `"stated_by" IS NULL OR "stated_by" IN ('state_official', 'reviewer')`)
@Check(
  'CHK_assessment_not_applicable',
  `NOT "not_applicable" OR (length(btrim(coalesce("not_applicable_justification", ''))) > 0 AND "stated_level" IS NULL AND "reviewed_level" IS NULL)`,
)
@Check('CHK_assessment_stated_source', `"stated_level" IS NULL OR ("source" IS NOT NULL AND "stated_by" IS NOT NULL)`)
@Check('CHK_assessment_reviewed_rationale', `"reviewed_level" IS NULL OR length(btrim(coalesce("review_rationale", ''))) > 0`)
@Check('CHK_assessment_accepted_reviewed', `"status" <> 'accepted' OR "reviewed_level" IS NOT NULL OR "not_applicable"`)
export class Assessment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_assessment' })
  id: string;

  @Column({ name: 'cycle_year', type: 'integer' })
  cycleYear: number;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cycle_year', foreignKeyConstraintName: 'FK_assessment_cycle' })
  cycle: Cycle;

  @Column({ name: 'state_iso3', type: 'text' })
  stateIso3: string;

  @ManyToOne(() => State, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'state_iso3', foreignKeyConstraintName: 'FK_assessment_state' })
  state: State;

  @Column({ name: 'commitment_id', type: 'integer' })
  commitmentId: number;

  @ManyToOne(() => Commitment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commitment_id', foreignKeyConstraintName: 'FK_assessment_commitment' })
  commitment: Commitment;

  @Column({ name: 'stated_level', type: 'smallint', nullable: true })
  statedLevel: number | null;

  @Column({ name: 'not_applicable', type: 'boolean', default: false })
  notApplicable: boolean;

  @Column({ name: 'not_applicable_justification', type: 'text', nullable: true })
  notApplicableJustification: string | null;

  @Column({ type: 'text', nullable: true })
  narrative: string | null;

  @Column({ type: 'text', nullable: true })
  source: StatementSource | null;

  @Column({ name: 'source_reference', type: 'text', nullable: true })
  sourceReference: string | null;

  @Column({ name: 'stated_by', type: 'text', nullable: true })
  statedBy: StatedBy | null;

  @Column({ name: 'reviewed_level', type: 'smallint', nullable: true })
  reviewedLevel: number | null;

  @Column({ name: 'review_rationale', type: 'text', nullable: true })
  reviewRationale: string | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewed_by', foreignKeyConstraintName: 'FK_assessment_reviewed_by' })
  reviewer: User | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'text', default: 'draft' })
  status: AssessmentStatus;

  /** Created by copying forward the previous cycle; cleared on the first real edit. */
  @Column({ name: 'carried_over', type: 'boolean', default: false })
  carriedOver: boolean;

  @Column({ name: 'carried_from_id', type: 'uuid', nullable: true })
  carriedFromId: string | null;

  @ManyToOne(() => Assessment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'carried_from_id', foreignKeyConstraintName: 'FK_assessment_carried_from' })
  carriedFrom: Assessment | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'FK_assessment_updated_by' })
  updater: User | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}
