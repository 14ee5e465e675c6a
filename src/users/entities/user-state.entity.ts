import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { State } from '../../states/entities/state.entity';
import { User } from './user.entity';

/** The states a state official acts for. Only state officials have rows here (enforced by a trigger). */
@Entity('user_state')
@Index('IDX_user_state_state', ['stateIso3'])
export class UserState {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_user_state' })
  userId: string;

  @ManyToOne(() => User, (user) => user.states, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_state_user' })
  user: User;

  @PrimaryColumn({ name: 'state_iso3', type: 'text', primaryKeyConstraintName: 'PK_user_state' })
  stateIso3: string;

  @ManyToOne(() => State, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'state_iso3', foreignKeyConstraintName: 'FK_user_state_state' })
  state: State;
}
