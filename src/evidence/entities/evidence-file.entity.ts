import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Stored bytes of an uploaded file, content-addressed: the same content is stored once. */
@Entity('evidence_file')
@Index('UQ_evidence_file_sha256', ['sha256'], { unique: true })
@Check('CHK_evidence_file_sha256', `"sha256" ~ '^[0-9a-f]{64}$'`)
@Check('CHK_evidence_file_size', `"size_bytes" > 0`)
export class EvidenceFile {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_evidence_file' })
  id: string;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes: string;

  /** Detected from the content, never taken from the client. */
  @Column({ name: 'media_type', type: 'text' })
  mediaType: string;

  /** Name of the first upload of this content, used for downloads. */
  @Column({ name: 'original_name', type: 'text' })
  originalName: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
