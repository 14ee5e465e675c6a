import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CYCLE_STATUSES, CycleStatus } from '../entities/cycle.entity';

export class CycleFrameworkDto {
  code: string;
  version: string;
  title: string;
}

export class CycleDto {
  year: number;
  title: string;
  @ApiProperty({ enum: CYCLE_STATUSES })
  status: CycleStatus;
  copiedFromYear: number | null;
  /** Synthetic demonstration data (from `npm run cli -- demo:seed`), not findings about real states. */
  synthetic: boolean;
  /** The scoring methodology version the cycle is scored with. */
  methodologyVersion: string;
  frameworks: CycleFrameworkDto[];
  createdAt: Date;
  updatedAt: Date;
  reviewStartedAt: Date | null;
  publishedAt: Date | null;
  /** Send back with status changes: a stale version is refused with 409. */
  version: number;
}

export class CreateCycleDto {
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  /** Copy forward this earlier cycle: stated positions become drafts marked as carried over, evidence links are kept. */
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  copyFromYear?: number;

  /** Framework codes to assess (latest loaded version of each); default: every framework in the catalogue. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @Matches(/^[A-Z][A-Z0-9-]{1,19}$/, { each: true, message: 'each framework must be a framework code such as GGE' })
  frameworks?: string[];
}

export class CycleStatusChangeDto {
  @ApiProperty({ enum: CYCLE_STATUSES })
  @IsIn(CYCLE_STATUSES)
  status: CycleStatus;

  @IsInt()
  @Min(1)
  version: number;
}

export class CycleCreatedDto extends CycleDto {
  /** Assessments carried over from `copiedFromYear`. */
  @ApiPropertyOptional()
  carriedAssessments?: number;
  /** Evidence links carried over with them. */
  @ApiPropertyOptional()
  carriedEvidenceLinks?: number;
}
