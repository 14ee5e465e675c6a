import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Cycle } from '../../cycles/entities/cycle.entity';
import { EvidenceRevision } from '../../evidence/entities/evidence-revision.entity';
import { State } from '../../states/entities/state.entity';
import { Publication } from './publication.entity';

// What a published cycle's outputs depend on besides its assessments and scores, copied at publication so
// that later catalogue loads, renamed states, and edited or deleted groups change nothing published.

/** State names as published. */
@Entity('publication_state')
export class PublicationState {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_publication_state' })
  cycleYear: number;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cycle_year', foreignKeyConstraintName: 'FK_publication_state_cycle' })
  cycle: Cycle;

  @PrimaryColumn({ name: 'state_iso3', type: 'text', primaryKeyConstraintName: 'PK_publication_state' })
  stateIso3: string;

  @ManyToOne(() => State, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'state_iso3', foreignKeyConstraintName: 'FK_publication_state_state' })
  state: State;

  @Column({ type: 'text' })
  name: string;
}

/** Every group (catalogue and custom) as published; no foreign key to state_group, which may be deleted. */
@Entity('publication_group')
export class PublicationGroup {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_publication_group' })
  cycleYear: number;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cycle_year', foreignKeyConstraintName: 'FK_publication_group_cycle' })
  cycle: Cycle;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_publication_group' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: string;
}

/** Group memberships as published: ranks and statistics of a published cycle are computed from these. */
@Entity('publication_group_member')
export class PublicationGroupMember {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_publication_group_member' })
  cycleYear: number;

  @PrimaryColumn({ name: 'group_code', type: 'text', primaryKeyConstraintName: 'PK_publication_group_member' })
  groupCode: string;

  @ManyToOne(() => PublicationGroup, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'cycle_year', referencedColumnName: 'cycleYear', foreignKeyConstraintName: 'FK_publication_group_member_group' },
    { name: 'group_code', referencedColumnName: 'code' },
  ])
  group: PublicationGroup;

  @PrimaryColumn({ name: 'state_iso3', type: 'text', primaryKeyConstraintName: 'PK_publication_group_member' })
  stateIso3: string;

  @ManyToOne(() => State, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'state_iso3', foreignKeyConstraintName: 'FK_publication_group_member_state' })
  state: State;
}

/** The catalogue files (and their hashes) the cycle was published with: the reports' provenance annex. */
@Entity('publication_catalogue_file')
export class PublicationCatalogueFile {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_publication_catalogue_file' })
  cycleYear: number;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cycle_year', foreignKeyConstraintName: 'FK_publication_catalogue_file_cycle' })
  cycle: Cycle;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_publication_catalogue_file' })
  path: string;

  @Column({ name: 'content_sha256', type: 'text' })
  contentSha256: string;
}

/** The revision of each evidence item that a publication version shows (the evidence as judged). */
@Entity('publication_evidence')
@Index('IDX_publication_evidence_revision', ['evidenceId', 'revision'])
export class PublicationEvidence {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_publication_evidence' })
  cycleYear: number;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_publication_evidence' })
  version: number;

  @ManyToOne(() => Publication, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'cycle_year', referencedColumnName: 'cycleYear', foreignKeyConstraintName: 'FK_publication_evidence_publication' },
    { name: 'version', referencedColumnName: 'version' },
  ])
  publication: Publication;

  @PrimaryColumn({ name: 'evidence_id', type: 'uuid', primaryKeyConstraintName: 'PK_publication_evidence' })
  evidenceId: string;

  @Column({ type: 'integer' })
  revision: number;

  @ManyToOne(() => EvidenceRevision, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'evidence_id', referencedColumnName: 'evidenceId', foreignKeyConstraintName: 'FK_publication_evidence_revision' },
    { name: 'revision', referencedColumnName: 'revision' },
  ])
  evidenceRevision: EvidenceRevision;
}
