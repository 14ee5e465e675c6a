import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { StateGroup } from '../../states/entities/state-group.entity';
import { Commitment } from './commitment.entity';
import { FrameworkCategory } from './framework-category.entity';

/** One version of a set of commitments (GGE norms, OSCE CBMs...). Versions live side by side. */
@Entity('framework')
@Index('UQ_framework_code_version', ['code', 'version'], { unique: true })
@Check('CHK_framework_code', `"code" ~ '^[A-Z][A-Z0-9-]{1,19}$'`)
@Check('CHK_framework_version', `"version" ~ '^[0-9]{4}[.][0-9]+$'`)
export class Framework {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'PK_framework' })
  id: number;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  version: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'short_title', type: 'text' })
  shortTitle: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'applicability_group', type: 'text' })
  applicabilityGroup: string;

  @ManyToOne(() => StateGroup, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'applicability_group', foreignKeyConstraintName: 'FK_framework_applicability_group' })
  applicability: StateGroup;

  /** Entities added by admins (not in any shipped group) are in scope too, e.g. Kosovo for the GGE norms. */
  @Column({ name: 'includes_added_entities', type: 'boolean', default: false })
  includesAddedEntities: boolean;

  /** SHA-256 of the file this version was loaded from; reloading different content under the same version is refused. */
  @Column({ name: 'content_sha256', type: 'text' })
  contentSha256: string;

  @CreateDateColumn({ name: 'loaded_at', type: 'timestamptz' })
  loadedAt: Date;

  @OneToMany(() => FrameworkCategory, (category) => category.framework)
  categories: FrameworkCategory[];

  @OneToMany(() => Commitment, (commitment) => commitment.framework)
  commitments: Commitment[];
}
