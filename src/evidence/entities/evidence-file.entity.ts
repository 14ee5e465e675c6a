import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One uploader's upload. The bytes are content-addressed (stored once however many upload them), but each
 * uploader gets a row of their own, so an upload never reveals another uploader's file id or name.
 */
@Entity('evidence_file')
@Index('UQ_evidence_file_sha256_uploader', ['sha256', 'uploadedBy'], { unique: true })
@Index('IDX_evidence_file_sha256', ['sha256'])
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

  /** The name this uploader gave the file, used for downloads. */
  @Column({ name: 'original_name', type: 'text' })
  originalName: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
