import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DATASETS, Dataset } from '../open-data';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class ReportQueryDto {
  /** Only the members of this group (e.g. EU, AFR, a custom group). */
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, { message: 'group must be a group code such as OSCE' })
  group?: string;

  /** Only this framework (GGE, OSCE, OAS). */
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z][A-Z0-9-]{1,19}$/, { message: 'framework must be a framework code such as GGE' })
  framework?: string;

  /** A one-state report, e.g. for a government's own use. */
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z]{3}$/, { message: 'state must be an ISO alpha-3 code' })
  state?: string;
}

export class ExportQueryDto extends ReportQueryDto {
  /** Which table the CSV holds. */
  @ApiPropertyOptional({ enum: DATASETS, default: 'scorecards' })
  @IsOptional()
  @IsIn(DATASETS)
  dataset?: Dataset;
}

export class ReportArtifactDto {
  cycleYear: number;
  scope: string;
  format: string;
  sha256: string;
  sizeBytes: number;
  firstGeneratedAt: Date;
}
