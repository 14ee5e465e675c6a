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
import { State } from '../../states/entities/state.entity';
import { User } from '../../users/entities/user.entity';
import { EvidenceFile } from './evidence-file.entity';

export const EVIDENCE_KINDS = [
  'legislation',
  'strategy',
  'official_statement',
  'report_to_un_or_osce',
  'third_party_report',
  'media',
  'incident_attribution',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * private: its creator, reviewers and admins. shared: also the officials of the state it concerns.
 * public: as shared until a published cycle accepts it; then everyone.
 */
export const EVIDENCE_VISIBILITIES = ['private', 'shared', 'public'] as const;
export type EvidenceVisibility = (typeof EVIDENCE_VISIBILITIES)[number];

/** A reusable source (one national strategy can support many commitments): a URL, a file, or both. */
@Entity('evidence')
@Index('IDX_evidence_state', ['stateIso3'])
@Index('IDX_evidence_file', ['fileId'])
// The importer finds existing items by URL (migrations/1763840000000-performance.ts).
@Index('IDX_evidence_url', ['url'])
@Check(
  'CHK_evidence_kind',
  `"kind" IN ('legislation', 'strategy', 'official_statement', 'report_to_un_or_osce', 'third_party_report', 'media', 'incident_attribution', 'other')`,
)
@Check('CHK_evidence_url', `"url" IS NULL OR "url" ~* '^https?://[^[:space:]]+$'`)
@Check('CHK_evidence_has_content', `"url" IS NOT NULL OR "file_id" IS NOT NULL`)
@Check('CHK_evidence_visibility', `"visibility" IN ('private', 'shared', 'public')`)
@Check('CHK_evidence_title', `length(btrim("title")) > 0`)
export class Evidence {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_evidence' })
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  kind: EvidenceKind;

  @Column({ type: 'text', nullable: true })
  publisher: string | null;

  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn: string | null;

  @Column({ name: 'effective_on', type: 'date', nullable: true })
  effectiveOn: string | null;

  /** BCP 47 language tag, e.g. en, fr, es-419. */
  @Column({ type: 'text', nullable: true })
  language: string | null;

  /** Who may see the item before and after publication: see src/visibility/visibility-policy.ts. */
  @Column({ type: 'text', default: 'shared' })
  visibility: EvidenceVisibility;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ name: 'link_last_seen_on', type: 'date', nullable: true })
  linkLastSeenOn: string | null;

  @Column({ name: 'file_id', type: 'uuid', nullable: true })
  fileId: string | null;

  @ManyToOne(() => EvidenceFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id', foreignKeyConstraintName: 'FK_evidence_file' })
  file: EvidenceFile | null;

  /** The state the evidence is about, when it concerns one state. */
  @Column({ name: 'state_iso3', type: 'text', nullable: true })
  stateIso3: string | null;

  @ManyToOne(() => State, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'state_iso3', foreignKeyConstraintName: 'FK_evidence_state' })
  state: State | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_evidence_created_by' })
  creator: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}
