import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { Methodology } from '../../scoring/entities/methodology.entity';

export const CYCLE_STATUSES = ['open', 'in_review', 'published'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

/** One yearly reporting cycle: open -> in review -> published. A published cycle is frozen (database triggers). */
@Entity('cycle')
@Check('CHK_cycle_year', `"year" BETWEEN 2000 AND 2100`)
@Check('CHK_cycle_status', `"status" IN ('open', 'in_review', 'published')`)
@Check('CHK_cycle_published_at', `("status" = 'published') = ("published_at" IS NOT NULL)`)
@Check('CHK_cycle_copied_from', `"copied_from_year" IS NULL OR "copied_from_year" < "year"`)
export class Cycle {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_cycle' })
  year: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: 'open' })
  status: CycleStatus;

  @Column({ name: 'copied_from_year', type: 'integer', nullable: true })
  copiedFromYear: number | null;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'copied_from_year', foreignKeyConstraintName: 'FK_cycle_copied_from' })
  copiedFrom: Cycle | null;

  /** Demonstration data made by `demo:seed`: shown everywhere as synthetic, never as real findings. */
  @Column({ type: 'boolean', default: false })
  synthetic: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_cycle_created_by' })
  creator: User | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'review_started_at', type: 'timestamptz', nullable: true })
  reviewStartedAt: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @VersionColumn({ type: 'integer' })
  version: number;

  /** The scoring methodology version this cycle is scored with (frozen with the cycle once published). */
  @Column({ name: 'methodology_version', type: 'text', default: '2026.1' })
  methodologyVersion: string;

  @ManyToOne(() => Methodology, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'methodology_version', foreignKeyConstraintName: 'FK_cycle_methodology' })
  methodology: Methodology;
}
