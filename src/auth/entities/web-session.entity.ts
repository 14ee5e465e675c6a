import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';

/**
 * A signed-in browser session. Its id travels in the session token (claim `sid`) and the guard checks the row
 * on every request, so signing out ends the session on the server, not only in the browser that held it.
 */
@Entity('web_session')
@Index('IDX_web_session_user', ['userId'])
@Check('CHK_web_session_expiry', `"expires_at" > "created_at"`)
export class WebSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_web_session' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_web_session_user' })
  user: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Set when the user signs out; the session's token is refused from then on. */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
