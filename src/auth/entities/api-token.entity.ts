import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';

/** A long-lived personal API token for scripts. Only its SHA-256 is stored; the token is shown once. */
@Entity('api_token')
@Index('UQ_api_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_api_token_user', ['userId'])
@Check('CHK_api_token_name', `length(btrim("name")) > 0`)
export class ApiToken {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_api_token' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_api_token_user' })
  user: User;

  @Column({ type: 'text' })
  name: string;

  /** First characters of the token, so a user can tell tokens apart without the secret. */
  @Column({ type: 'text' })
  prefix: string;

  @Column({ name: 'token_hash', type: 'text', select: false })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
