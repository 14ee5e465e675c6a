import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Commitment } from './commitment.entity';

export const ACTION_KINDS = ['national', 'cooperative'] as const;

/** A checklist item showing what implementing a commitment looks like in practice. */
@Entity('practical_action')
@Index('IDX_practical_action_commitment', ['commitmentId'])
@Check('CHK_practical_action_kind', `"kind" IN ('national', 'cooperative')`)
export class PracticalAction {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'PK_practical_action' })
  id: number;

  @Column({ name: 'commitment_id', type: 'integer' })
  commitmentId: number;

  @ManyToOne(() => Commitment, (commitment) => commitment.practicalActions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id', foreignKeyConstraintName: 'FK_practical_action_commitment' })
  commitment: Commitment;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text' })
  kind: 'national' | 'cooperative';

  @Column({ type: 'text', nullable: true })
  source: string | null;

  @Column({ type: 'integer' })
  position: number;
}
