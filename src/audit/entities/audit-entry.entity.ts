import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { State } from '../../states/entities/state.entity';
import { User } from '../../users/entities/user.entity';

/**
 * One recorded change or security event. Written in the same transaction as the change it records;
 * the API never updates or deletes entries (the database refuses too: see the migration's trigger).
 */
@Entity('audit_entry')
@Index('IDX_audit_entry_entity', ['entityType', 'entityId', 'id'])
@Index('IDX_audit_entry_state', ['stateIso3', 'id'])
@Index('IDX_audit_entry_actor', ['actorUserId', 'id'])
@Index('UQ_audit_entry_chain_seq', ['chainSeq'], { unique: true })
// Expression index for an assessment's history (migration 1763860000000); TypeORM cannot declare it, only leave it be.
@Index('IDX_audit_entry_assessment', { synchronize: false })
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_audit_entry' })
  id: string;

  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  /** Null for anonymous events (e.g. a failed sign-in) and for system actions. */
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_user_id', foreignKeyConstraintName: 'FK_audit_entry_actor' })
  actor: User | null;

  /** e.g. user.created, auth.sign_in, assessment.updated */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId: string | null;

  /** The state the change concerns, so an official's audit view can be scoped to their own states. */
  @Column({ name: 'state_iso3', type: 'text', nullable: true })
  stateIso3: string | null;

  @ManyToOne(() => State, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'state_iso3', foreignKeyConstraintName: 'FK_audit_entry_state' })
  state: State | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  /** Hash chain, filled by the TRG_audit_entry_chain trigger (see migrations/1763820000000-audit-chain.ts). */
  @Column({ name: 'chain_seq', type: 'bigint' })
  chainSeq: string;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  @Column({ name: 'entry_hash', type: 'text' })
  entryHash: string;
}
