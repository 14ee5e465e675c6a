import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { MethodologyWeight } from './methodology-weight.entity';

export const TIERS = ['Advanced', 'Established', 'Developing', 'Initial', 'Minimal'] as const;
export type Tier = (typeof TIERS)[number];

export const DEFAULT_METHODOLOGY_VERSION = '2026.1';

/**
 * One version of the scoring methodology (docs/METHODOLOGY.md), stored as data. Immutable once created
 * (database trigger); `2026.1` is seeded by the migration. Categories come from the catalogue.
 */
@Entity('methodology')
@Check('CHK_methodology_version', `"version" ~ '^[0-9]{4}[.][0-9]+$'`)
@Check('CHK_methodology_title', `length(btrim("title")) > 0`)
@Check(
  'CHK_methodology_level_labels',
  `array_ndims("level_labels") = 1 AND array_lower("level_labels", 1) = 1 AND cardinality("level_labels") = 5 AND array_position("level_labels", NULL) IS NULL AND array_position("level_labels", '') IS NULL`,
)
@Check(
  'CHK_methodology_level_scores',
  `array_ndims("level_scores") = 1 AND array_lower("level_scores", 1) = 1 AND cardinality("level_scores") = 5 AND array_position("level_scores", NULL) IS NULL AND 0 <= "level_scores"[1] AND "level_scores"[1] < "level_scores"[2] AND "level_scores"[2] < "level_scores"[3] AND "level_scores"[3] < "level_scores"[4] AND "level_scores"[4] < "level_scores"[5] AND "level_scores"[5] <= 100`,
)
@Check('CHK_methodology_evidence_threshold', `"evidence_threshold" BETWEEN 0 AND 4`)
@Check(
  'CHK_methodology_tiers',
  `0 < "tier_initial_min" AND "tier_initial_min" < "tier_developing_min" AND "tier_developing_min" < "tier_established_min" AND "tier_established_min" < "tier_advanced_min" AND "tier_advanced_min" <= 100`,
)
export class Methodology {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_methodology' })
  version: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Labels of levels 0..4 (index = level). */
  @Column({ name: 'level_labels', type: 'text', array: true })
  levelLabels: string[];

  /** Score (0-100) of levels 0..4, strictly ascending; the default is level / 4 x 100. */
  @Column({ name: 'level_scores', type: 'numeric', array: true })
  levelScores: string[];

  /** A reviewed level above this counts only with accepted supporting evidence; otherwise it counts as this. */
  @Column({ name: 'evidence_threshold', type: 'smallint' })
  evidenceThreshold: number;

  @Column({ name: 'tier_advanced_min', type: 'numeric' })
  tierAdvancedMin: string;

  @Column({ name: 'tier_established_min', type: 'numeric' })
  tierEstablishedMin: string;

  @Column({ name: 'tier_developing_min', type: 'numeric' })
  tierDevelopingMin: string;

  @Column({ name: 'tier_initial_min', type: 'numeric' })
  tierInitialMin: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_methodology_created_by' })
  creator: User | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @OneToMany(() => MethodologyWeight, (weight) => weight.methodology)
  weights: MethodologyWeight[];
}
