import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { UserState } from './user-state.entity';

export const ROLES = ['admin', 'reviewer', 'state_official', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

@Entity('app_user')
@Index('UQ_app_user_email', ['email'], { unique: true })
@Check('CHK_app_user_role', `"role" IN ('admin', 'reviewer', 'state_official', 'viewer')`)
@Check('CHK_app_user_email', `"email" = lower("email") AND "email" ~ '^[^@[:space:]]+@[^@[:space:]]+$'`)
@Check('CHK_app_user_name', `length(btrim("name")) > 0`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_app_user' })
  id: string;

  /** Stored lower-cased; unique. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash: string;

  /** Bumped when the password changes or the user is disabled: every access token issued before is refused. */
  @Column({ name: 'token_generation', type: 'integer', default: 0 })
  tokenGeneration: number;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;

  @OneToMany(() => UserState, (userState) => userState.user)
  states: UserState[];
}
