import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Framework } from '../../catalogue/entities/framework.entity';
import { Cycle } from './cycle.entity';

/** The framework versions a cycle assesses: one version per framework code (enforced by a trigger). */
@Entity('cycle_framework')
@Index('IDX_cycle_framework_framework', ['frameworkId'])
export class CycleFramework {
  @PrimaryColumn({ name: 'cycle_year', type: 'integer', primaryKeyConstraintName: 'PK_cycle_framework' })
  cycleYear: number;

  @ManyToOne(() => Cycle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_year', foreignKeyConstraintName: 'FK_cycle_framework_cycle' })
  cycle: Cycle;

  @PrimaryColumn({ name: 'framework_id', type: 'integer', primaryKeyConstraintName: 'PK_cycle_framework' })
  frameworkId: number;

  @ManyToOne(() => Framework, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'framework_id', foreignKeyConstraintName: 'FK_cycle_framework_framework' })
  framework: Framework;
}
