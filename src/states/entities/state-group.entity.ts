import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { State } from './state.entity';

export const GROUP_KINDS = ['un', 'un-regional', 'organisation', 'custom'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/**
 * A named set of states. `un` and `un-regional` groups are derived from the states catalogue,
 * `organisation` groups come from catalogue/groups.yaml, `custom` groups are made by users.
 */
@Entity('state_group')
@Check('CHK_state_group_code', `"code" ~ '^[A-Z0-9][A-Z0-9_-]{0,39}$'`)
@Check('CHK_state_group_kind', `"kind" IN ('un', 'un-regional', 'organisation', 'custom')`)
@Check('CHK_state_group_name', `length(btrim("name")) > 0`)
export class StateGroup {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_state_group' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: GroupKind;

  @Column({ type: 'text', nullable: true })
  source: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('group_membership')
@Index('IDX_group_membership_state', ['stateIso3'])
export class GroupMembership {
  @PrimaryColumn({ name: 'group_code', type: 'text', primaryKeyConstraintName: 'PK_group_membership' })
  groupCode: string;

  @ManyToOne(() => StateGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_code', foreignKeyConstraintName: 'FK_group_membership_group' })
  group: StateGroup;

  @PrimaryColumn({ name: 'state_iso3', type: 'text', primaryKeyConstraintName: 'PK_group_membership' })
  stateIso3: string;

  @ManyToOne(() => State, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'state_iso3', foreignKeyConstraintName: 'FK_group_membership_state' })
  state: State;
}
