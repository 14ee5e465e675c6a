import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Cycle } from '../../cycles/entities/cycle.entity';
import { Methodology } from '../../scoring/entities/methodology.entity';
import { User } from '../../users/entities/user.entity';

/**
 * One publication of a cycle: version 1 when it is published, one more per erratum. Rows are never changed
 * (database trigger); what a version shows is frozen in the publication_* tables and its stored artifacts.
 */
@Entity('publication')
@Check('CHK_publication_version', `"version" >= 1`)
@Check('CHK_publication_note', `("version" = 1) = ("note" IS NULL) AND ("note" IS NULL OR length(btrim("note")) > 0)`)
export class Publication {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_publication' })
  cycleYear: number;

  @ManyToOne(() => Cycle, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cycle_year', foreignKeyConstraintName: 'FK_publication_cycle' })
  cycle: Cycle;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_publication' })
  version: number;

  @Column({ name: 'methodology_version', type: 'text' })
  methodologyVersion: string;

  @ManyToOne(() => Methodology, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'methodology_version', foreignKeyConstraintName: 'FK_publication_methodology' })
  methodology: Methodology;

  /** The newest catalogue version loaded when the cycle was published (null if none was recorded). */
  @Column({ name: 'catalogue_version', type: 'text', nullable: true })
  catalogueVersion: string | null;

  /** The public note of an erratum (null for version 1). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'published_by', foreignKeyConstraintName: 'FK_publication_published_by' })
  publisher: User | null;

  /** The pg-boss job that renders and stores this version's artifacts. */
  @Column({ name: 'artifact_job_id', type: 'uuid', nullable: true })
  artifactJobId: string | null;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}

/** A file rendered once for a publication version and kept in the file store under its SHA-256. */
@Entity('publication_artifact')
@Check('CHK_publication_artifact_format', `"format" IN ('html', 'pdf', 'xlsx', 'csv', 'json')`)
@Check('CHK_publication_artifact_sha256', `"sha256" ~ '^[0-9a-f]{64}$'`)
@Check('CHK_publication_artifact_size', `"size_bytes" > 0`)
export class PublicationArtifact {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_publication_artifact' })
  cycleYear: number;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_publication_artifact' })
  version: number;

  @ManyToOne(() => Publication, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'cycle_year', referencedColumnName: 'cycleYear', foreignKeyConstraintName: 'FK_publication_artifact_publication' },
    { name: 'version', referencedColumnName: 'version' },
  ])
  publication: Publication;

  /** What it covers: "all", "framework=GGE", "dataset=evidence", "framework=GGE;dataset=evidence". */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_publication_artifact' })
  scope: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_publication_artifact' })
  format: string;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @CreateDateColumn({ name: 'stored_at', type: 'timestamptz' })
  storedAt: Date;
}
