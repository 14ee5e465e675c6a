import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Framework } from './framework.entity';

/** Grouping of a framework's commitments for sub-indices (e.g. restraint / cooperation / protection). */
@Entity('framework_category')
@Index('UQ_framework_category_code', ['frameworkId', 'code'], { unique: true })
export class FrameworkCategory {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'PK_framework_category' })
  id: number;

  @Column({ name: 'framework_id', type: 'integer' })
  frameworkId: number;

  @ManyToOne(() => Framework, (framework) => framework.categories, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'framework_id', foreignKeyConstraintName: 'FK_framework_category_framework' })
  framework: Framework;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'integer' })
  position: number;
}
