import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const UN_STATUSES = ['member', 'observer', 'non-member'] as const;
export type UnStatus = (typeof UN_STATUSES)[number];

export const UN_REGIONAL_GROUPS = ['AFR', 'APG', 'EEG', 'GRULAC', 'WEOG'] as const;
export type UnRegionalGroup = (typeof UN_REGIONAL_GROUPS)[number];

/** A state or other entity that can be assessed. Catalogue rows come from catalogue/states.yaml; admins add others. */
@Entity('state')
@Index('UQ_state_iso2', ['iso2'], { unique: true })
@Check('CHK_state_iso3', `"iso3" ~ '^[A-Z]{3}$'`)
@Check('CHK_state_iso2', `"iso2" IS NULL OR "iso2" ~ '^[A-Z]{2}$'`)
@Check('CHK_state_numeric', `"numeric_code" IS NULL OR "numeric_code" ~ '^[0-9]{3}$'`)
@Check('CHK_state_un_status', `"un_status" IN ('member', 'observer', 'non-member')`)
@Check(
  'CHK_state_regional_group',
  `("un_status" = 'member') = ("un_regional_group" IS NOT NULL) AND ("un_regional_group" IS NULL OR "un_regional_group" IN ('AFR', 'APG', 'EEG', 'GRULAC', 'WEOG'))`,
)
@Check('CHK_state_origin', `"origin" IN ('catalogue', 'admin')`)
@Check('CHK_state_name', `length(btrim("name")) > 0`)
export class State {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_state' })
  iso3: string;

  @Column({ type: 'text', nullable: true })
  iso2: string | null;

  @Column({ name: 'numeric_code', type: 'text', nullable: true })
  numericCode: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'un_status', type: 'text' })
  unStatus: UnStatus;

  @Column({ name: 'un_regional_group', type: 'text', nullable: true })
  unRegionalGroup: UnRegionalGroup | null;

  /** Where the row came from: the shipped catalogue, or an admin (entities such as Kosovo). */
  @Column({ type: 'text', default: 'catalogue' })
  origin: 'catalogue' | 'admin';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
