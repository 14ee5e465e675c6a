import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { State } from '../../states/entities/state.entity';
import { EvidenceFile } from './evidence-file.entity';
import { Evidence } from './evidence.entity';

/**
 * A frozen copy of an evidence item's content. Written by the database (function evidence_revision_of) when
 * an item linked to a submitted or published assessment is edited, and at publication; never changed.
 */
@Entity('evidence_revision')
export class EvidenceRevision {
  @PrimaryColumn({ name: 'evidence_id', type: 'uuid', primaryKeyConstraintName: 'PK_evidence_revision' })
  evidenceId: string;

  @ManyToOne(() => Evidence, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evidence_id', foreignKeyConstraintName: 'FK_evidence_revision_evidence' })
  evidence: Evidence;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_evidence_revision' })
  revision: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text', nullable: true })
  publisher: string | null;

  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn: string | null;

  @Column({ name: 'effective_on', type: 'date', nullable: true })
  effectiveOn: string | null;

  @Column({ type: 'text', nullable: true })
  language: string | null;

  /** As the item's visibility then (src/visibility/visibility-policy.ts). */
  @Column({ type: 'text' })
  visibility: string;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ name: 'link_last_seen_on', type: 'date', nullable: true })
  linkLastSeenOn: string | null;

  @Column({ name: 'file_id', type: 'uuid', nullable: true })
  fileId: string | null;

  @ManyToOne(() => EvidenceFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id', foreignKeyConstraintName: 'FK_evidence_revision_file' })
  file: EvidenceFile | null;

  @Column({ name: 'state_iso3', type: 'text', nullable: true })
  stateIso3: string | null;

  @ManyToOne(() => State, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'state_iso3', foreignKeyConstraintName: 'FK_evidence_revision_state' })
  state: State | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
