import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Commitment } from './commitment.entity';

/** Implementation guidance for a commitment, e.g. the GGE 2021 report (A/76/135). */
@Entity('commitment_guidance')
@Index('IDX_commitment_guidance_commitment', ['commitmentId'])
export class CommitmentGuidance {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'PK_commitment_guidance' })
  id: number;

  @Column({ name: 'commitment_id', type: 'integer' })
  commitmentId: number;

  @ManyToOne(() => Commitment, (commitment) => commitment.guidance, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id', foreignKeyConstraintName: 'FK_commitment_guidance_commitment' })
  commitment: Commitment;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'integer' })
  position: number;
}
