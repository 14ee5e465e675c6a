import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Provenance: which catalogue file was loaded, with what content, and when. */
@Entity('catalogue_file')
export class CatalogueFile {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_catalogue_file' })
  path: string;

  @Column({ name: 'content_sha256', type: 'text' })
  contentSha256: string;

  @CreateDateColumn({ name: 'first_loaded_at', type: 'timestamptz' })
  firstLoadedAt: Date;

  @Column({ name: 'last_loaded_at', type: 'timestamptz' })
  lastLoadedAt: Date;
}
