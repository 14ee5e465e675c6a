import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
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

  /** A published cycle's publication version (1, then one more per erratum); default the latest. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a publication version such as 1' })
  @Min(1)
  @Max(1000)
  version?: number;
}

export class ExportQueryDto extends ReportQueryDto {
  /** Which table the CSV holds. */
  @ApiPropertyOptional({ enum: DATASETS, default: 'scorecards' })
  @IsOptional()
  @IsIn(DATASETS)
  dataset?: Dataset;
}

/** A file stored when a publication version was published, served as is. */
export class ReportArtifactDto {
  cycleYear: number;
  version: number;
  scope: string;
  format: string;
  sha256: string;
  sizeBytes: number;
  firstGeneratedAt: Date;
}
