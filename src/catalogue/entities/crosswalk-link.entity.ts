import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Commitment } from './commitment.entity';

export const CROSSWALK_RELATIONS = ['equal', 'subset', 'superset', 'related'] as const;
export type CrosswalkRelation = (typeof CROSSWALK_RELATIONS)[number];

/** "Commitment A relates to commitment B" across frameworks; the relation is the project's judgement. */
@Entity('crosswalk_link')
@Index('UQ_crosswalk_link', ['crosswalkCode', 'crosswalkVersion', 'fromCommitmentId', 'toCommitmentId'], { unique: true })
@Index('IDX_crosswalk_link_to', ['toCommitmentId'])
@Check('CHK_crosswalk_link_relation', `"relation" IN ('equal', 'subset', 'superset', 'related')`)
@Check('CHK_crosswalk_link_distinct', `"from_commitment_id" <> "to_commitment_id"`)
export class CrosswalkLink {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'PK_crosswalk_link' })
  id: number;

  @Column({ name: 'crosswalk_code', type: 'text' })
  crosswalkCode: string;

  @Column({ name: 'crosswalk_version', type: 'text' })
  crosswalkVersion: string;

  @Column({ name: 'crosswalk_title', type: 'text' })
  crosswalkTitle: string;

  @Column({ name: 'from_commitment_id', type: 'integer' })
  fromCommitmentId: number;

  @ManyToOne(() => Commitment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_commitment_id', foreignKeyConstraintName: 'FK_crosswalk_link_from' })
  from: Commitment;

  @Column({ name: 'to_commitment_id', type: 'integer' })
  toCommitmentId: number;

  @ManyToOne(() => Commitment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_commitment_id', foreignKeyConstraintName: 'FK_crosswalk_link_to' })
  to: Commitment;

  @Column({ type: 'text' })
  relation: CrosswalkRelation;
}
