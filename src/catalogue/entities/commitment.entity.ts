import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { CommitmentGuidance } from './commitment-guidance.entity';
import { FrameworkCategory } from './framework-category.entity';
import { Framework } from './framework.entity';
import { PracticalAction } from './practical-action.entity';

export const TEXT_KINDS = ['verbatim', 'substance'] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

/** One norm or CBM within one framework version. Rows are never deleted once loaded. */
@Entity('commitment')
@Index('UQ_commitment_code', ['frameworkId', 'code'], { unique: true })
@Index('IDX_commitment_category', ['categoryId'])
@Check('CHK_commitment_text_kind', `"text_kind" IN ('verbatim', 'substance')`)
@Check('CHK_commitment_text', `length(btrim("text")) > 0 AND length(btrim("label")) > 0`)
export class Commitment {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'PK_commitment' })
  id: number;

  @Column({ name: 'framework_id', type: 'integer' })
  frameworkId: number;

  @ManyToOne(() => Framework, (framework) => framework.commitments, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'framework_id', foreignKeyConstraintName: 'FK_commitment_framework' })
  framework: Framework;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'text' })
  text: string;

  /** `verbatim` quotes the source; `substance` is a faithful summary, not official text. */
  @Column({ name: 'text_kind', type: 'text' })
  textKind: TextKind;

  @Column({ name: 'category_id', type: 'integer' })
  categoryId: number;

  @ManyToOne(() => FrameworkCategory, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'FK_commitment_category' })
  category: FrameworkCategory;

  @Column({ name: 'source_document', type: 'text' })
  sourceDocument: string;

  @Column({ name: 'source_paragraph', type: 'text', nullable: true })
  sourceParagraph: string | null;

  @Column({ type: 'integer' })
  position: number;

  @OneToMany(() => CommitmentGuidance, (guidance) => guidance.commitment)
  guidance: CommitmentGuidance[];

  @OneToMany(() => PracticalAction, (action) => action.commitment)
  practicalActions: PracticalAction[];
}
