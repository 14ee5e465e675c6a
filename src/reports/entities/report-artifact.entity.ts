import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Cycle } from '../../cycles/entities/cycle.entity';

/**
 * The SHA-256 of each report of a published cycle, recorded the first time it is generated. Generating it
 * again must give the same hash; the row is never changed (database trigger).
 */
@Entity('report_artifact')
@Check('CHK_report_artifact_format', `"format" IN ('html', 'pdf', 'xlsx', 'csv', 'json')`)
@Check('CHK_report_artifact_sha256', `"sha256" ~ '^[0-9a-f]{64}$'`)
export class ReportArtifact {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_report_artifact' })
  cycleYear: number;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cycle_year', foreignKeyConstraintName: 'FK_report_artifact_cycle' })
  cycle: Cycle;

  /** What the report covers, e.g. "all", "group=EU", "state=FRA;framework=GGE", "dataset=scorecards". */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_report_artifact' })
  scope: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_report_artifact' })
  format: string;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes: string;

  @CreateDateColumn({ name: 'first_generated_at', type: 'timestamptz' })
  firstGeneratedAt: Date;
}
