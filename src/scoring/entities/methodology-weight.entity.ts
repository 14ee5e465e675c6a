import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Methodology } from './methodology.entity';

/**
 * A commitment weight other than the default 1, keyed by framework code and commitment code so that it
 * applies to every version of the framework that has the commitment.
 */
@Entity('methodology_weight')
@Check('CHK_methodology_weight_framework', `"framework_code" ~ '^[A-Z][A-Z0-9-]{1,19}$'`)
@Check('CHK_methodology_weight_commitment', `length(btrim("commitment_code")) > 0`)
@Check('CHK_methodology_weight_weight', `"weight" > 0 AND "weight" <= 1000`)
export class MethodologyWeight {
  @PrimaryColumn({ name: 'methodology_version', type: 'text', primaryKeyConstraintName: 'PK_methodology_weight' })
  methodologyVersion: string;

  @ManyToOne(() => Methodology, (methodology) => methodology.weights, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'methodology_version', foreignKeyConstraintName: 'FK_methodology_weight_methodology' })
  methodology: Methodology;

  @PrimaryColumn({ name: 'framework_code', type: 'text', primaryKeyConstraintName: 'PK_methodology_weight' })
  frameworkCode: string;

  @PrimaryColumn({ name: 'commitment_code', type: 'text', primaryKeyConstraintName: 'PK_methodology_weight' })
  commitmentCode: string;

  @Column({ type: 'numeric' })
  weight: string;
}
