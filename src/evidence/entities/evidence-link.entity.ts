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
import { Assessment } from '../../assessments/entities/assessment.entity';
import { User } from '../../users/entities/user.entity';
import { Evidence } from './evidence.entity';

export const STANCES = ['supports', 'contradicts'] as const;
export type Stance = (typeof STANCES)[number];
export const JUDGEMENTS = ['pending', 'accepted', 'rejected'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];

/** Evidence attached to an assessment, with its stance and a reviewer's judgement. */
@Entity('evidence_link')
@Index('UQ_evidence_link', ['assessmentId', 'evidenceId'], { unique: true })
@Index('IDX_evidence_link_evidence', ['evidenceId'])
@Check('CHK_evidence_link_stance', `"stance" IN ('supports', 'contradicts')`)
@Check('CHK_evidence_link_judgement', `"judgement" IN ('pending', 'accepted', 'rejected')`)
@Check(
  'CHK_evidence_link_rejection_reason',
  `"judgement" <> 'rejected' OR length(btrim(coalesce("rejection_reason", ''))) > 0`,
)
@Check('CHK_evidence_link_judged', `("judgement" = 'pending') = ("judged_by" IS NULL)`)
export class EvidenceLink {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_evidence_link' })
  id: string;

  @Column({ name: 'assessment_id', type: 'uuid' })
  assessmentId: string;

  @ManyToOne(() => Assessment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assessment_id', foreignKeyConstraintName: 'FK_evidence_link_assessment' })
  assessment: Assessment;

  @Column({ name: 'evidence_id', type: 'uuid' })
  evidenceId: string;

  @ManyToOne(() => Evidence, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evidence_id', foreignKeyConstraintName: 'FK_evidence_link_evidence' })
  evidence: Evidence;

  @Column({ type: 'text' })
  stance: Stance;

  @Column({ type: 'text', default: 'pending' })
  judgement: Judgement;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'judged_by', type: 'uuid', nullable: true })
  judgedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'judged_by', foreignKeyConstraintName: 'FK_evidence_link_judged_by' })
  judge: User | null;

  @Column({ name: 'judged_at', type: 'timestamptz', nullable: true })
  judgedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_evidence_link_created_by' })
  creator: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}
