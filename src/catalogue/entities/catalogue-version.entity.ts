import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Each catalogue version loaded (catalogue/catalogue.yaml), so that loading moves forward only. */
@Entity('catalogue_version')
@Check('CHK_catalogue_version_format', `"version" ~ '^[0-9]+(\\.[0-9]+)*$'`)
@Check('CHK_catalogue_version_sha256', `"content_sha256" ~ '^[0-9a-f]{64}$'`)
export class CatalogueVersion {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_catalogue_version' })
  version: string;

  /** SHA-256 over the folder's files: the same version must always come with the same content. */
  @Column({ name: 'content_sha256', type: 'text' })
  contentSha256: string;

  @CreateDateColumn({ name: 'loaded_at', type: 'timestamptz' })
  loadedAt: Date;
}
