import { Check, Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Cycle } from '../../cycles/entities/cycle.entity';
import { User } from '../../users/entities/user.entity';

/** Longest foreword or key findings accepted: a few printed pages, no more. */
export const REPORT_TEXT_MAX = 20000;

/**
 * What the report author writes for a cycle's annual report: a foreword and the key findings (one per line).
 * Frozen with the cycle once published (database trigger, like the cycle's other rows).
 */
@Entity('cycle_report_text')
@Check('CHK_cycle_report_text_length', `length(coalesce("foreword", '')) <= ${REPORT_TEXT_MAX} AND length(coalesce("key_findings", '')) <= ${REPORT_TEXT_MAX}`)
export class CycleReportText {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_cycle_report_text' })
  cycleYear: number;

  @OneToOne(() => Cycle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_year', foreignKeyConstraintName: 'FK_cycle_report_text_cycle' })
  cycle?: Cycle;

  @Column({ type: 'text', nullable: true })
  foreword: string | null;

  @Column({ name: 'key_findings', type: 'text', nullable: true })
  keyFindings: string | null;

  @Column({ name: 'updated_by', type: 'uuid' })
  updatedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'FK_cycle_report_text_updated_by' })
  updater?: User;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}
