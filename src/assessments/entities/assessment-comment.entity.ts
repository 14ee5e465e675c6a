import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { Assessment } from './assessment.entity';

/** The thread between reviewers and the state's officials on one assessment. Never public. */
@Entity('assessment_comment')
@Index('IDX_assessment_comment_assessment', ['assessmentId', 'createdAt'])
@Check('CHK_assessment_comment_body', `length(btrim("body")) BETWEEN 1 AND 10000`)
export class AssessmentComment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_assessment_comment' })
  id: string;

  @Column({ name: 'assessment_id', type: 'uuid' })
  assessmentId: string;

  @ManyToOne(() => Assessment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assessment_id', foreignKeyConstraintName: 'FK_assessment_comment_assessment' })
  assessment: Assessment;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'FK_assessment_comment_author' })
  author: User;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
